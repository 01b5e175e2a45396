import type { DataSourceOptions } from 'typeorm';
import type { DatabaseTimeouts } from '../config/app-config.js';
import pg from 'pg';
import { preparingClient } from '../common/persistence/prepared-statements.js';
import { clientGivingUpAfter } from '../common/persistence/unresponsive-server.js';
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
import { Cohort, CohortMember, CohortMilestone, CohortMilestoneProgress } from '../cohorts/cohort.entity.js';
import { Adoption, FollowUp, FollowUpResult } from '../practice/adoption.entity.js';
import { Lesson } from '../practice/lesson.entity.js';
import { MatchAlert } from '../practice/match-alert.entity.js';
import { TransferTeam, TransferTeamCase, TransferTeamMember } from '../cohorts/transfer-team.entity.js';
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
import { POOL_TYPES } from './timestamptz.js';

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
  TransferTeam,
  TransferTeamMember,
  TransferTeamCase,
  Cohort,
  CohortMember,
  CohortMilestone,
  CohortMilestoneProgress,
  MatchAlert,
  Adoption,
  FollowUp,
  FollowUpResult,
  Lesson,
  Change,
  ChangeCommit,
  IdempotencyKey,
  ExternalRef,
  WebhookSubscription,
  WebhookDelivery,
  WebhookAttempt,
];

/**
 * The planner's price of a page read out of order. PostgreSQL's default (4) is priced for spinning
 * disks; with it, the stateCode page of municipalities walked nearly 10 000 rows of the AGS index
 * instead of the (state_code, ags) index, 2.3 ms against 0.04 ms at full volume
 * (docs/performance.md). Our data is served from memory or SSD, where 1.1 is the usual setting.
 */
export const RANDOM_PAGE_COST = 1.1;

/**
 * `timeouts` are the serving app's (docs/operations.md): without them (the CLI, migrations, the
 * benchmark) statements may run as long as they need.
 */
export function dataSourceOptions(
  url: string,
  poolSize = 10,
  timeouts?: DatabaseTimeouts,
): DataSourceOptions {
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
    extra: {
      max: poolSize,
      application_name: 'transferstelle',
      options: `-c random_page_cost=${RANDOM_PAGE_COST}`,
      types: POOL_TYPES,
      ...(timeouts && poolTimeouts(timeouts)),
      // Hot reads prepared once per connection; with timeouts, a server that cannot even cancel
      // (frozen, unreachable) is given up on after the query timeout's silence.
      Client: preparingClient(timeouts ? clientGivingUpAfter(timeouts.queryTimeoutMs) : pg.Client),
    },
  };
}

/** pg's names for them; every pooled connection starts its session with these settings. */
function poolTimeouts(timeouts: DatabaseTimeouts) {
  return {
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    statement_timeout: timeouts.statementTimeoutMs,
    lock_timeout: timeouts.lockTimeoutMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
    keepAlive: true,
  };
}
