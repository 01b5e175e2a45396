import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { Optional } from '../../common/validation/optional.decorator.js';
import { CreateUserDto } from './create-user.dto.js';

export class UpdateUserDto extends PartialType(CreateUserDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({
    description: 'false deactivates: the user can no longer log in and her tokens stop working.',
  })
  @Optional()
  @IsBoolean()
  active?: boolean;
}
