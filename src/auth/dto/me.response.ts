import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ClientCaller, UserCaller } from '../caller.js';
import type { UserProfile } from '../identity-sources.js';
import { PersonalContact } from '../personal-contact.js';
import { ROLES, type Role } from '../role.js';
import { SCOPES, type Scope } from '../scopes.js';

/** The caller as the API sees it: a person or an API client. */
export class MeResponse {
  @ApiProperty({ enum: ['user', 'client'] })
  kind: 'user' | 'client';

  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiPropertyOptional({ description: 'People only; never shown to analysts.' })
  @PersonalContact()
  email?: string;

  @ApiPropertyOptional({ enum: ROLES, description: 'People only.' })
  role?: Role;

  @ApiPropertyOptional({ enum: SCOPES, isArray: true, description: 'API clients only.' })
  scopes?: Scope[];

  @ApiPropertyOptional({ type: [String], description: 'API clients only: states they may write in.' })
  stateCodes?: string[];

  @ApiProperty({ type: [String], format: 'uuid', description: 'Regions a pilot or client may write in.' })
  regionIds: string[];

  static fromUser(profile: UserProfile, caller: UserCaller): MeResponse {
    return Object.assign(new MeResponse(), {
      kind: 'user',
      id: profile.id,
      name: profile.name,
      email: profile.email,
      role: profile.role,
      regionIds: [...caller.regionIds],
    });
  }

  static fromClient(caller: ClientCaller): MeResponse {
    return Object.assign(new MeResponse(), {
      kind: 'client',
      id: caller.id,
      name: caller.name,
      scopes: [...caller.scopes],
      stateCodes: [...caller.stateCodes],
      regionIds: [...caller.regionIds],
    });
  }
}
