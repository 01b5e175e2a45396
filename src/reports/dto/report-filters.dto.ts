import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInstant } from '../../common/validation/instant.decorator.js';
import { IsIn, IsUUID, Matches } from 'class-validator';
import { Optional } from '../../common/validation/optional.decorator.js';
import { IsStateCode, STATE_CODES } from '../../states/index.js';
import { THEMES, type Theme } from '../../solutions/index.js';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const REPORT_FORMATS = ['json', 'csv'] as const;
export const REPORT_LOCALES = ['en', 'de'] as const;
export type ReportLocale = (typeof REPORT_LOCALES)[number];

/** How a report is sent: JSON, or CSV (also by `Accept: text/csv`); German spreadsheets want `locale=de`. */
export class ReportOutput {
  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    description: '`csv` for a spreadsheet (as `Accept: text/csv`); JSON by default.',
  })
  @Optional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  format?: (typeof REPORT_FORMATS)[number];

  @ApiPropertyOptional({
    enum: REPORT_LOCALES,
    description: 'CSV only: `de` separates with `;` and writes decimal commas (German spreadsheets).',
  })
  @Optional()
  @IsIn(REPORT_LOCALES, { message: `locale must be one of ${REPORT_LOCALES.join(', ')}` })
  locale?: ReportLocale;
}

/** The filters reports share; each report says which of them it applies (and to what time). */
export class ReportFilters extends ReportOutput {
  @ApiPropertyOptional({
    format: 'date',
    example: '2026-01-01',
    description: 'First day of the period (Europe/Berlin), inclusive.',
  })
  @Optional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  @IsInstant('from must be a date that exists')
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-03-31',
    description: 'Last day of the period (Europe/Berlin), inclusive; not before `from` (else 400).',
  })
  @Optional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  @IsInstant('to must be a date that exists')
  to?: string;

  @ApiPropertyOptional({ enum: STATE_CODES, example: 'DE-SN' })
  @Optional()
  @IsStateCode()
  stateCode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'regionId must be a UUID' })
  regionId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'municipalityId must be a UUID' })
  municipalityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Cases whose chosen solution this is.' })
  @Optional()
  @IsUUID('all', { message: 'solutionId must be a UUID' })
  solutionId?: string;

  @ApiPropertyOptional({ enum: THEMES, description: 'Cases whose chosen solution has this theme.' })
  @Optional()
  @IsIn(THEMES, { message: `theme must be one of ${THEMES.join(', ')}` })
  theme?: Theme;
}
