import { randomBytes } from 'node:crypto';
import type { AuthConfig } from '../config/app-config.js';

/**
 * The configured key, or — only possible with the embedded database, where config validation
 * allows it — a random key for this process: tokens then end with a restart, which is fine for
 * a single local instance and never happens in a deployment.
 */
export function jwtSecretOf(config: AuthConfig): string {
  return config.jwtSecret ?? randomBytes(48).toString('base64url');
}
