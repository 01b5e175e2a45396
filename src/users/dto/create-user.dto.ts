import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { MIN_PASSWORD_LENGTH } from '../../config/app-config.js';
import { IsNotBlank } from '../../common/validation/is-not-blank.decorator.js';
import { OptionalIdList } from '../../common/validation/id-list.js';
import { type Role, ROLES } from '../../auth/index.js';

export class CreateUserDto {
  @ApiProperty({ example: 'lotsin@example.org', description: 'Unique, case-insensitively.' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Erika Muster', maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: 200, format: 'password', writeOnly: true })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, {
    message: `password must be at least ${MIN_PASSWORD_LENGTH} characters long`,
  })
  @MaxLength(200)
  password: string;

  @OptionalIdList('Regions a pilot (role lotse) works in; replaces the current set.')
  regionIds?: string[];
}
