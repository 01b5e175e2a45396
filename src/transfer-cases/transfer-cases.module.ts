import { Module } from '@nestjs/common';
import { NeedsModule } from '../needs/needs.module.js';
import { CaseCandidatesController } from './case-candidates.controller.js';
import { CaseCandidatesService } from './case-candidates.service.js';
import { CaseTimelineController } from './case-timeline.controller.js';
import { CaseTimelineService } from './case-timeline.service.js';
import { TransferCasesController } from './transfer-cases.controller.js';
import { TransferCasesService } from './transfer-cases.service.js';

@Module({
  imports: [NeedsModule],
  controllers: [TransferCasesController, CaseCandidatesController, CaseTimelineController],
  providers: [TransferCasesService, CaseCandidatesService, CaseTimelineService],
})
export class TransferCasesModule {}
