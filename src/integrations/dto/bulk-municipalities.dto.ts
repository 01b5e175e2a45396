import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, ValidateNested } from 'class-validator';
import { IsExternalId } from '../integration-params.js';
import { MAX_BULK_ITEMS } from './bulk-needs.dto.js';
import { PutMunicipalityDto } from './put-municipality.dto.js';

/** One municipality of a batch: as for `PUT …/municipalities/{externalId}`, with its external id in the body. */
export class BulkMunicipalityItem extends PutMunicipalityDto {
  @ApiProperty({ example: 'gemeinde-14612000', description: 'The system’s own id for the municipality.' })
  @IsExternalId('externalId')
  externalId: string;
}

export class BulkMunicipalitiesDto {
  @ApiProperty({ type: [BulkMunicipalityItem], minItems: 1, maxItems: MAX_BULK_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_ITEMS)
  @ArrayUnique((item: BulkMunicipalityItem) => item?.externalId, {
    message: 'each externalId may appear once in a batch',
  })
  // One AGS is one municipality: twice in a batch would be two writes to one row.
  @ArrayUnique((item: BulkMunicipalityItem) => item?.ags, {
    message: 'each ags may appear once in a batch',
  })
  @ValidateNested({ each: true })
  @Type(() => BulkMunicipalityItem)
  items: BulkMunicipalityItem[];
}
