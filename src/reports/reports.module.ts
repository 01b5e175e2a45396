import { Module } from '@nestjs/common';
import { CaseExport } from './case-export.js';
import { ExportsController } from './exports.controller.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

/**
 * Reports for analysts, leadership and state systems: read-only aggregates over every module's
 * tables (the declared exception to table ownership); owns no table and writes nothing.
 */
@Module({
  controllers: [ReportsController, ExportsController],
  providers: [ReportsService, CaseExport],
})
export class ReportsModule {}
