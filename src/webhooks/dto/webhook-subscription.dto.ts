import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { Optional } from '../../common/validation/optional.decorator.js';
import { PageQuery } from '../../common/pagination/page-query.dto.js';
import { CHANGE_KINDS, type ChangeKind } from '../../platform/index.js';

const URL_RULE = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class CreateWebhookSubscriptionDto {
  @ApiProperty({
    example: 'https://digitallotsen.sachsen.example/hooks/transferstelle',
    maxLength: 2000,
    description:
      'Where deliveries are POSTed. https; loopback and private addresses are refused unless the operator allows them.',
  })
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_RULE, { message: 'url must be an absolute http(s) URL' })
  url: string;

  @ApiPropertyOptional({
    enum: CHANGE_KINDS,
    isArray: true,
    example: ['need', 'transfer_case'],
    description:
      'Kinds of change to receive (as the feed’s `types`); absent or empty: all the client may read.',
  })
  @Optional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(CHANGE_KINDS.length)
  @IsIn(CHANGE_KINDS, { each: true, message: `each of types must be one of ${CHANGE_KINDS.join(', ')}` })
  types?: ChangeKind[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The API client the subscription is for: required for an admin, implied for an API client.',
  })
  @Optional()
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId?: string;
}

/** Absent fields stay as they are. */
export class UpdateWebhookSubscriptionDto extends PartialType(
  OmitType(CreateWebhookSubscriptionDto, ['clientId'] as const),
  { skipNullProperties: false },
) {
  @ApiPropertyOptional({
    description:
      'false stops deliveries (they wait); true starts them again and resumes a paused subscription, sending what waited.',
  })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class WebhookSubscriptionListQuery extends PageQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only this client’s (admins); an API client sees its own.',
  })
  @Optional()
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId?: string;
}

export const DELIVERY_FILTERS = ['pending', 'delivered', 'failed'] as const;

export class WebhookDeliveryListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_FILTERS })
  @Optional()
  @IsIn(DELIVERY_FILTERS, { message: `status must be one of ${DELIVERY_FILTERS.join(', ')}` })
  status?: (typeof DELIVERY_FILTERS)[number];
}
