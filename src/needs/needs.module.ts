import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MunicipalitiesModule } from '../municipalities/index.js';
import { PlatformModule } from '../platform/index.js';
import { SolutionsModule } from '../solutions/index.js';
import { Need } from './need.entity.js';
import { NeedsController } from './needs.controller.js';
import { NeedsService } from './needs.service.js';
import { SolutionSuggestionsService } from './suggestions/solution-suggestions.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Need]), PlatformModule, MunicipalitiesModule, SolutionsModule],
  controllers: [NeedsController],
  providers: [NeedsService, SolutionSuggestionsService],
  exports: [NeedsService, SolutionSuggestionsService],
})
export class NeedsModule {}
