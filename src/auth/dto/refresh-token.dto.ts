import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class RefreshTokenDto {
  @ApiProperty({ description: 'The refresh token of the last login or refresh.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken: string;
}
