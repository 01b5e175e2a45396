import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MunicipalitiesModule } from '../municipalities/index.js';
import { PlatformModule } from '../platform/index.js';
import { SolutionsModule } from '../solutions/index.js';
import { Need } from './need.entity.js';
import { NeedsController } from './needs.controller.js';
import { NeedsService } from './needs.service.js';
import { NeedFits } from './suggestions/need-fits.js';
import { SolutionSuggestionsService } from './suggestions/solution-suggestions.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Need]), PlatformModule, MunicipalitiesModule, SolutionsModule],
  controllers: [NeedsController],
  providers: [NeedsService, SolutionSuggestionsService, NeedFits],
  exports: [NeedsService, SolutionSuggestionsService, NeedFits],
})
export class NeedsModule {}
