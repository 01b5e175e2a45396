import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ClientCaller, UserCaller } from '../caller.js';
import type { RegionRef, UserProfile } from '../identity-sources.js';
import { PersonalContact } from '../personal-contact.js';
import { ROLES, type Role } from '../role.js';
import { SCOPES, type Scope } from '../scopes.js';

/** A region the caller may write in, with what a desk tool shows of it. */
export class MeRegionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'sachsen-chemnitz' })
  code: string;

  @ApiProperty({ example: 'Region Chemnitz' })
  name: string;
}

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

  @ApiPropertyOptional({
    type: [String],
    description: 'API clients only: external systems whose ids they may write.',
  })
  systems?: string[];

  @ApiPropertyOptional({ type: [String], description: 'API clients only: states they may write in.' })
  stateCodes?: string[];

  @ApiProperty({ type: [String], format: 'uuid', description: 'Regions a pilot or client may write in.' })
  regionIds: string[];

  @ApiProperty({
    type: [MeRegionResponse],
    description: 'The regions of `regionIds` with code and name, ordered by code.',
  })
  regions: MeRegionResponse[];

  static fromUser(profile: UserProfile, caller: UserCaller): MeResponse {
    return Object.assign(new MeResponse(), {
      kind: 'user',
      id: profile.id,
      name: profile.name,
      email: profile.email,
      role: profile.role,
      regionIds: [...caller.regionIds],
      regions: profile.regions.map(regionRef),
    });
  }

  static fromClient(caller: ClientCaller, regions: readonly RegionRef[]): MeResponse {
    return Object.assign(new MeResponse(), {
      kind: 'client',
      id: caller.id,
      name: caller.name,
      scopes: [...caller.scopes],
      stateCodes: [...caller.stateCodes],
      regionIds: [...caller.regionIds],
      systems: [...caller.systems],
      regions: regions.map(regionRef),
    });
  }
}

function regionRef(region: RegionRef): MeRegionResponse {
  return Object.assign(new MeRegionResponse(), { id: region.id, code: region.code, name: region.name });
}
