import { ApiInstant, isoInstant, isoInstantOrNull } from '../../common/mapping/instant.js';
import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/pagination/page.js';
import { CHANGE_KINDS, type ChangeKind } from '../../platform/index.js';
import { DELIVERY_STATUSES, type DeliveryStatus, type WebhookDelivery } from '../webhook-delivery.entity.js';
import type { WebhookAttempt } from '../webhook-attempt.entity.js';
import type { WebhookSubscription } from '../webhook-subscription.entity.js';

export const SUBSCRIPTION_STATES = ['receiving', 'paused', 'inactive'] as const;

/** Never carries the secret: it is shown once, on creation. */
export class WebhookSubscriptionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  clientId: string;

  @ApiProperty({ example: 'https://digitallotsen.sachsen.example/hooks/transferstelle' })
  url: string;

  @ApiProperty({ enum: CHANGE_KINDS, isArray: true, description: 'Empty: every kind the client may read.' })
  types: ChangeKind[];

  @ApiProperty({ description: 'The client’s switch.' })
  active: boolean;

  @ApiProperty({
    enum: SUBSCRIPTION_STATES,
    description:
      '`receiving`; `paused` by the service after failing too long (see `pausedReason`; PATCH `active: true` resumes); `inactive` switched off.',
  })
  state: (typeof SUBSCRIPTION_STATES)[number];

  @ApiInstant({ nullable: true })
  pausedAt: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  pausedReason: string | null;

  @ApiInstant({
    nullable: true,
    description: 'Deliveries have failed since then, without a success.',
  })
  failingSince: string | null;

  @ApiInstant()
  createdAt: string;

  @ApiInstant()
  updatedAt: string;

  static from(s: WebhookSubscription): WebhookSubscriptionResponse {
    return Object.assign(new WebhookSubscriptionResponse(), {
      id: s.id,
      clientId: s.clientId,
      url: s.url,
      types: s.types,
      active: s.active,
      state: s.pausedAt ? 'paused' : s.active ? 'receiving' : 'inactive',
      pausedAt: isoInstantOrNull(s.pausedAt),
      pausedReason: s.pausedReason,
      failingSince: isoInstantOrNull(s.failingSince),
      createdAt: isoInstant(s.createdAt),
      updatedAt: isoInstant(s.updatedAt),
    });
  }
}

export class WebhookSubscriptionWithSecretResponse extends WebhookSubscriptionResponse {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description:
      'The signing secret (Standard Webhooks), shown only in this answer: verify each delivery’s `webhook-signature` with it.',
  })
  secret: string;

  static fromNew(s: WebhookSubscription): WebhookSubscriptionWithSecretResponse {
    return Object.assign(new WebhookSubscriptionWithSecretResponse(), {
      ...WebhookSubscriptionResponse.from(s),
      secret: s.secret,
    });
  }
}

export class WebhookSubscriptionPage extends PageOf(WebhookSubscriptionResponse) {}

export class WebhookAttemptResponse {
  @ApiInstant()
  at: string;

  @ApiProperty({ type: 'integer', nullable: true, example: 500, description: 'Null when no answer came.' })
  statusCode: number | null;

  @ApiProperty({ type: 'integer', minimum: 0, example: 84 })
  durationMs: number;

  @ApiProperty({ type: String, nullable: true, example: 'HTTP 500' })
  error: string | null;

  static from(a: WebhookAttempt): WebhookAttemptResponse {
    return Object.assign(new WebhookAttemptResponse(), {
      at: isoInstant(a.attemptedAt),
      statusCode: a.statusCode,
      durationMs: a.durationMs,
      error: a.error,
    });
  }
}

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid', description: 'Sent as `webhook-id`, the same on every attempt.' })
  id: string;

  @ApiProperty({
    example: 'need.created',
    description: '`<entityType>.<action>`, or `webhook.test` for a ping.',
  })
  eventType: string;

  @ApiProperty({
    enum: DELIVERY_STATUSES,
    description:
      '`pending` (being tried, or waiting while the subscription is paused or inactive), `delivered`, `failed` (gave up).',
  })
  status: DeliveryStatus;

  @ApiProperty({ type: [WebhookAttemptResponse], description: 'Every attempt, oldest first.' })
  attempts: WebhookAttemptResponse[];

  @ApiInstant()
  createdAt: string;

  @ApiInstant({ nullable: true })
  finishedAt: string | null;

  static from(d: WebhookDelivery, attempts: readonly WebhookAttempt[]): WebhookDeliveryResponse {
    return Object.assign(new WebhookDeliveryResponse(), {
      id: d.id,
      eventType: d.eventType,
      status: d.status,
      attempts: attempts.map(WebhookAttemptResponse.from),
      createdAt: isoInstant(d.createdAt),
      finishedAt: isoInstantOrNull(d.finishedAt),
    });
  }
}

export class WebhookDeliveryPage extends PageOf(WebhookDeliveryResponse) {}
