import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '../../users/role.js';
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
  email?: string;

  @ApiPropertyOptional({ enum: ROLES, description: 'People only.' })
  role?: Role;

  @ApiPropertyOptional({ enum: SCOPES, isArray: true, description: 'API clients only.' })
  scopes?: Scope[];

  @ApiPropertyOptional({ type: [String], description: 'API clients only: states they may write in.' })
  stateCodes?: string[];

  @ApiProperty({ type: [String], format: 'uuid', description: 'Regions a pilot or client may write in.' })
  regionIds: string[];
}
