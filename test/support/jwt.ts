import { createHmac } from 'node:crypto';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A hand-made JWT, to present tokens the API never issued (expired, `alg: none`, other keys). */
export function handMadeJwt(
  payload: object,
  secret: string | null,
  header: object = { alg: 'HS256', typ: 'JWT' },
) {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  if (secret === null) return `${unsigned}.`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}
