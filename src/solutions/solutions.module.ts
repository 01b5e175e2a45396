import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MunicipalitiesModule } from '../municipalities/index.js';
import { PlatformModule } from '../platform/index.js';
import { NominationsController } from './nominations.controller.js';
import { SolutionCatalog } from './solution-catalog.js';
import { SolutionMatcher } from './solution-matcher.js';
import { Solution } from './solution.entity.js';
import { SolutionsController } from './solutions.controller.js';
import { SolutionsService } from './solutions.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Solution]), PlatformModule, MunicipalitiesModule],
  controllers: [SolutionsController, NominationsController],
  providers: [SolutionsService, SolutionCatalog, SolutionMatcher],
  exports: [SolutionCatalog, SolutionMatcher],
})
export class SolutionsModule {}
