import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MunicipalitiesModule } from '../municipalities/index.js';
import { NeedsModule } from '../needs/index.js';
import { PlatformModule } from '../platform/index.js';
import { SolutionsModule } from '../solutions/index.js';
import { UsersModule } from '../users/index.js';
import { CaseAffiliations } from './case-affiliations.js';
import { CaseOutcomes } from './case-outcomes.js';
import { CaseCandidate } from './case-candidate.entity.js';
import { CaseCandidatesController } from './case-candidates.controller.js';
import { CaseCandidatesService } from './case-candidates.service.js';
import { CaseEvent } from './case-event.entity.js';
import { CaseTimelineController } from './case-timeline.controller.js';
import { CaseTimelineService } from './case-timeline.service.js';
import { TransferCase } from './transfer-case.entity.js';
import { TransferCasesController } from './transfer-cases.controller.js';
import { TransferCasesService } from './transfer-cases.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([TransferCase, CaseCandidate, CaseEvent]),
    PlatformModule,
    MunicipalitiesModule,
    SolutionsModule,
    NeedsModule,
    UsersModule,
  ],
  controllers: [TransferCasesController, CaseCandidatesController, CaseTimelineController],
  providers: [
    TransferCasesService,
    CaseCandidatesService,
    CaseTimelineService,
    CaseAffiliations,
    CaseOutcomes,
  ],
  exports: [TransferCasesService, CaseCandidatesService, CaseAffiliations, CaseOutcomes],
})
export class TransferCasesModule {}
