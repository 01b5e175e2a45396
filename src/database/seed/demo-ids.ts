import { createHash } from 'node:crypto';

/**
 * The namespace of the demo seed's ids: a random v4 UUID, fixed once. Changing it would give a
 * reseeded database a second copy of every demo need.
 */
const DEMO_NAMESPACE = 'f244cc9d-9c44-4813-86aa-0364370ac8ca';

/**
 * A name-based UUID, version 5 (RFC 9562 §5.5: SHA-1 of the namespace's bytes and the name). The
 * API refuses ids without a version and the RFC variant (class-validator's `IsUUID('all')`), so
 * an id that is only a hash in UUID shape would be stored but never accepted back.
 */
export function nameBasedUuid(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Demo needs have no natural key: the id comes from municipality and title, so reseeding finds them. */
export function demoNeedId(municipalityAgs: string, title: string): string {
  return nameBasedUuid(DEMO_NAMESPACE, `need|${municipalityAgs}|${title}`);
}

/** A demo case's id comes from its need's, so reseeding finds it. */
export function demoCaseId(needId: string): string {
  return nameBasedUuid(DEMO_NAMESPACE, `transfer-case|${needId}`);
}
