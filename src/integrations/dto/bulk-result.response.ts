import { ApiProperty } from '@nestjs/swagger';
import { FieldError, ProblemDetails } from '../../common/problems/problem-details.js';

export const BULK_OUTCOMES = ['created', 'updated', 'unchanged'] as const;
export type BulkOutcome = (typeof BULK_OUTCOMES)[number];

export class BulkItemResult {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'The item’s place in the request.' })
  index: number;

  @ApiProperty({ example: 'bedarf-0815' })
  externalId: string;

  @ApiProperty({ enum: BULK_OUTCOMES })
  result: BulkOutcome;

  @ApiProperty({ format: 'uuid' })
  id: string;
}

export class BulkResult {
  @ApiProperty({ type: [BulkItemResult], description: 'One per item, in the order sent.' })
  items: BulkItemResult[];
}

export class BulkItemErrors {
  @ApiProperty({ type: 'integer', minimum: 0 })
  index: number;

  @ApiProperty({ example: 'bedarf-0815' })
  externalId: string;

  @ApiProperty({ type: [FieldError] })
  errors: FieldError[];
}

/** 422 for a batch: the items that cannot be written, each with its errors; nothing was written. */
export class BulkRefusedProblem extends ProblemDetails {
  @ApiProperty({ type: [BulkItemErrors] })
  items: BulkItemErrors[];
}
