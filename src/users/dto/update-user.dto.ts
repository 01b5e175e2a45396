import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { CreateUserDto } from './create-user.dto.js';

export class UpdateUserDto extends PartialType(CreateUserDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({
    description: 'false deactivates: the user can no longer log in and her tokens stop working.',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
