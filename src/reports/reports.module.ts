import { Module } from '@nestjs/common';
import { CaseExport } from './case-export.js';
import { ExportsController } from './exports.controller.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';
import { StageReportsController } from './stage-reports.controller.js';
import { StageReports } from './stage-reports.js';

/**
 * Reports for analysts, leadership and state systems: read-only aggregates over every module's
 * tables (the declared exception to table ownership); owns no table and writes nothing.
 */
@Module({
  controllers: [ReportsController, StageReportsController, ExportsController],
  providers: [ReportsService, StageReports, CaseExport],
})
export class ReportsModule {}
