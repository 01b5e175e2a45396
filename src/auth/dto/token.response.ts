import { ApiProperty } from '@nestjs/swagger';

export class TokenResponse {
  @ApiProperty({ description: 'JWT to send as `Authorization: Bearer <accessToken>`.' })
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires.' })
  expiresIn: number;

  @ApiProperty({ description: 'Single-use token for `POST /auth/refresh`; rotated on every use.' })
  refreshToken: string;

  @ApiProperty({ example: 1209600, description: 'Seconds until the refresh token expires.' })
  refreshExpiresIn: number;
}
