import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CohortsModule } from '../cohorts/index.js';
import { Clock } from '../common/clock.js';
import type { PracticeConfig } from '../config/app-config.js';
import { MunicipalitiesModule } from '../municipalities/index.js';
import { NeedsModule } from '../needs/index.js';
import { PlatformModule } from '../platform/index.js';
import { SolutionsModule } from '../solutions/index.js';
import { TransferCasesModule } from '../transfer-cases/index.js';
import { Adoption, FollowUp, FollowUpResult } from './adoption.entity.js';
import { AdoptionsController, FollowUpsController } from './adoptions.controller.js';
import { Adoptions } from './adoptions.service.js';
import { AlertsController } from './alerts.controller.js';
import { Lesson } from './lesson.entity.js';
import { LessonsController } from './lessons.controller.js';
import { Lessons } from './lessons.service.js';
import { MatchAlert } from './match-alert.entity.js';
import { MatchAlerts } from './match-alerts.service.js';
import { PRACTICE_CONFIG } from './practice-config.js';

/**
 * The community of practice: match alerts (information that arrives), lessons learned, adoption
 * lineage and impact follow-ups. It registers with the modules below it: the write path runs its
 * alert matching on every solution change, the case rules tell it of every implemented case.
 */
@Module({})
export class PracticeModule {
  static forRoot(config: PracticeConfig): DynamicModule {
    return {
      module: PracticeModule,
      imports: [
        TypeOrmModule.forFeature([MatchAlert, Adoption, FollowUp, FollowUpResult, Lesson]),
        PlatformModule,
        MunicipalitiesModule,
        SolutionsModule,
        NeedsModule,
        TransferCasesModule,
        CohortsModule,
      ],
      controllers: [AlertsController, LessonsController, AdoptionsController, FollowUpsController],
      providers: [{ provide: PRACTICE_CONFIG, useValue: config }, Clock, MatchAlerts, Adoptions, Lessons],
    };
  }
}
