import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { AuthConfig } from '../config/app-config.js';

/**
 * The configured key, or — only possible with the embedded database, where config validation
 * allows it — a random key for this process: tokens then end with a restart, which is fine for
 * a single local instance and never happens in a deployment.
 *
 * Handed over as a KeyObject: given a string, jsonwebtoken first tries to parse it as a public
 * key on every verification and only then falls back to a secret — measured at 18 % of the CPU
 * time of a simple list request.
 */
export function jwtKeyOf(config: AuthConfig): KeyObject {
  return createSecretKey(Buffer.from(config.jwtSecret ?? randomBytes(48).toString('base64url'), 'utf8'));
}
