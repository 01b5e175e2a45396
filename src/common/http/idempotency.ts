import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const SHOWS_SECRET_ONCE = 'transferstelle:shows-secret-once';

/**
 * On a POST whose answer shows a secret once (a new API key): its answer must not be stored to be
 * replayed, so an `Idempotency-Key` is refused there (400) rather than quietly ignored.
 */
export const ShowsSecretOnce = (): MethodDecorator =>
  applyDecorators(
    SetMetadata(SHOWS_SECRET_ONCE, true),
    ApiExtension(
      'x-idempotency-key',
      'refused: the answer shows a secret once, so it is not stored for replays',
    ),
  );
