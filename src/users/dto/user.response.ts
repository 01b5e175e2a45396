import { ApiInstant, isoInstant } from '../../common/mapping/instant.js';
import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/pagination/page.js';
import { PersonalContact, ROLES, type Role } from '../../auth/index.js';
import type { UserWithRegions } from '../users.service.js';

/** Never carries the password hash or lock counters. */
export class UserResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'lotsin@example.org' })
  @PersonalContact()
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: [String], format: 'uuid' })
  regionIds: string[];

  @ApiInstant()
  createdAt: string;

  @ApiInstant()
  updatedAt: string;

  static from({ user, regionIds }: UserWithRegions): UserResponse {
    return Object.assign(new UserResponse(), {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      active: user.active,
      regionIds,
      createdAt: isoInstant(user.createdAt),
      updatedAt: isoInstant(user.updatedAt),
    });
  }
}

export class UserPage extends PageOf(UserResponse) {}
