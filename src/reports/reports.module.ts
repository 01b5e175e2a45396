import { type DynamicModule, Module } from '@nestjs/common';
import type { ReportsConfig } from '../config/app-config.js';
import { CaseExport } from './case-export.js';
import { DemandReports } from './demand-reports.js';
import { REPORTS_CONFIG } from './reports-config.js';
import { DemandReportsController } from './demand-reports.controller.js';
import { ExportsController } from './exports.controller.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';
import { StageReportsController } from './stage-reports.controller.js';
import { StageReports } from './stage-reports.js';

/**
 * Reports for analysts, leadership and state systems: read-only aggregates over every module's
 * tables (the declared exception to table ownership); owns no table and writes nothing.
 */
@Module({})
export class ReportsModule {
  /** The settings: the transfer-team thresholds of the demand report, when percentiles are exact. */
  static forRoot(config: ReportsConfig): DynamicModule {
    return {
      module: ReportsModule,
      controllers: [ReportsController, StageReportsController, DemandReportsController, ExportsController],
      providers: [
        ReportsService,
        StageReports,
        DemandReports,
        CaseExport,
        { provide: REPORTS_CONFIG, useValue: config },
      ],
    };
  }
}
