import { ApiProperty } from '@nestjs/swagger';
import type { TokenPair } from '../tokens.service.js';

export class TokenResponse {
  @ApiProperty({ description: 'JWT to send as `Authorization: Bearer <accessToken>`.' })
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ type: 'integer', example: 900, description: 'Seconds until the access token expires.' })
  expiresIn: number;

  @ApiProperty({ description: 'Single-use token for `POST /auth/refresh`; rotated on every use.' })
  refreshToken: string;

  @ApiProperty({ type: 'integer', example: 1209600, description: 'Seconds until the refresh token expires.' })
  refreshExpiresIn: number;

  static from(pair: TokenPair): TokenResponse {
    return Object.assign(new TokenResponse(), {
      accessToken: pair.accessToken,
      tokenType: pair.tokenType,
      expiresIn: pair.expiresIn,
      refreshToken: pair.refreshToken,
      refreshExpiresIn: pair.refreshExpiresIn,
    });
  }
}
