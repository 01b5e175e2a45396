import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../../common/validation/optional.decorator.js';
import { CASE_STATUSES, type CaseStatus } from '../../transfer-cases/index.js';
import { ReportFilters } from './report-filters.dto.js';

/** The export's filters: the reports' (period on when a case was opened), and a status. */
export class CaseExportQuery extends OmitType(ReportFilters, ['format'] as const) {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @Optional()
  @IsIn(CASE_STATUSES, { message: `status must be one of ${CASE_STATUSES.join(', ')}` })
  status?: CaseStatus;
}
