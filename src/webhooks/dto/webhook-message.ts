import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { ChangeResponse } from '../../platform/index.js';

/** The `data` of a `webhook.test` ping. */
export class WebhookTestData {
  @ApiProperty({ format: 'uuid' })
  subscriptionId: string;

  @ApiProperty({ example: 'Test delivery from the Transferstelle' })
  message: string;
}

/**
 * The body of every webhook delivery (Standard Webhooks' recommended shape). Not served by any
 * operation: it is what the Transferstelle POSTs to a subscriber, listed among the schemas so
 * generated clients get its type.
 */
export class WebhookMessage {
  @ApiProperty({
    example: 'need.created',
    description: '`<entityType>.<action>` of the change, or `webhook.test` for a ping.',
  })
  type: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'When the change was made.' })
  timestamp: string;

  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(ChangeResponse) }, { $ref: getSchemaPath(WebhookTestData) }],
    description: 'The change exactly as `GET /changes` shows it; for `webhook.test`, the ping’s data.',
  })
  data: ChangeResponse | WebhookTestData;
}
