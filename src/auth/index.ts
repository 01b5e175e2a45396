// The public surface of auth/: who is calling and whether they may. Other modules import only this file.
export { AuthModule } from './auth.module.js';
export { Expensive } from './rate-limits/expensive-calls.js';
export { Unthrottled } from './rate-limits/rate-limiter.js';
export { Access, Auth, Public } from './access.decorators.js';
export { isAllowed, mayWriteAt, type AccessRule, type Place } from './access-rule.js';
export { assertMayWriteAt } from './territory.js';
export {
  actorColumns,
  type ActorColumns,
  type Caller,
  type ClientCaller,
  type UserCaller,
} from './caller.js';
export { ROLES, type Role } from './role.js';
export { SCOPES, type Scope } from './scopes.js';
export { apiKeyMatches, apiKeyPrefix, generateApiKey } from './api-key.js';
export { PasswordHasher } from './password-hasher.js';
export { TokensService } from './tokens.service.js';
export {
  IdentitySources,
  type ClientKeys,
  type LockoutPolicy,
  type LoginAccount,
  type RegionRef,
  type UserAccounts,
  type UserProfile,
} from './identity-sources.js';
export { ActorNames, Actors, namedActor, type Actor } from './actor-names.js';
export { PersonalContact } from './personal-contact.js';
export { ActorResponse } from './dto/actor.response.js';
export { CallerCache } from './caller-cache.js';
