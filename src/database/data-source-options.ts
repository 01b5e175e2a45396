import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ApiClient } from '../api-clients/api-client.entity.js';
import { RefreshToken } from '../auth/refresh-token.entity.js';
import { Municipality } from '../municipalities/municipality.entity.js';
import { Need } from '../needs/need.entity.js';
import { Solution } from '../solutions/solution.entity.js';
import { Region } from '../regions/region.entity.js';
import { State } from '../states/state.entity.js';
import { CaseCandidate } from '../transfer-cases/case-candidate.entity.js';
import { CaseEvent } from '../transfer-cases/case-event.entity.js';
import { ChangeCommit } from '../platform/change-commit.entity.js';
import { Change } from '../platform/change.entity.js';
import { IdempotencyKey } from '../idempotency/idempotency-key.entity.js';
import { ExternalRef } from '../integrations/external-ref.entity.js';
import { TransferCase } from '../transfer-cases/transfer-case.entity.js';
import { UserRegion } from '../users/user-region.entity.js';
import { WebhookAttempt } from '../webhooks/webhook-attempt.entity.js';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity.js';
import { WebhookSubscription } from '../webhooks/webhook-subscription.entity.js';
import { User } from '../users/user.entity.js';

export const ENTITIES = [
  State,
  Region,
  Municipality,
  User,
  UserRegion,
  RefreshToken,
  ApiClient,
  Solution,
  Need,
  TransferCase,
  CaseCandidate,
  CaseEvent,
  Change,
  ChangeCommit,
  IdempotencyKey,
  ExternalRef,
  WebhookSubscription,
  WebhookDelivery,
  WebhookAttempt,
];

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // Each migration in its own transaction, so a failing one leaves the earlier ones applied.
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, application_name: 'transferstelle' },
  };
}
