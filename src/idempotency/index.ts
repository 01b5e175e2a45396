export { IdempotencyModule } from './idempotency.module.js';
export { IdempotencyKey } from './idempotency-key.entity.js';
