import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsNotBlank } from '../../common/validation/is-not-blank.decorator.js';

export class CloseNeedDto {
  @ApiProperty({ example: 'Hat sich durch den Kreistagsbeschluss erledigt.', maxLength: 2000 })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason: string;
}
