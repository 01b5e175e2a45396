import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, ValidateNested } from 'class-validator';
import { IsExternalId } from '../integration-params.js';
import { PutNeedDto } from './put-need.dto.js';

export const MAX_BULK_ITEMS = 1000;

/** One need of a batch: as for `PUT …/needs/{externalId}`, with its external id in the body. */
export class BulkNeedItem extends PutNeedDto {
  @ApiProperty({ example: 'bedarf-0815', description: 'The system’s own id for the need.' })
  @IsExternalId('externalId')
  externalId: string;
}

export class BulkNeedsDto {
  @ApiProperty({ type: [BulkNeedItem], minItems: 1, maxItems: MAX_BULK_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_ITEMS)
  @ArrayUnique((item: BulkNeedItem) => item?.externalId, {
    message: 'each externalId may appear once in a batch',
  })
  @ValidateNested({ each: true })
  @Type(() => BulkNeedItem)
  items: BulkNeedItem[];
}
