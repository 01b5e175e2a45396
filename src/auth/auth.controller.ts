import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/api-problem-responses.decorator.js';
import { ROLES } from './role.js';
import { Access, Auth, Public } from './access.decorators.js';
import { AuthService } from './auth.service.js';
import type { Caller } from './caller.js';
import { LoginDto } from './dto/login.dto.js';
import { MeResponse } from './dto/me.response.js';
import { RefreshTokenDto } from './dto/refresh-token.dto.js';
import { TokenResponse } from './dto/token.response.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'login',
    summary: 'Log in with email and password',
    description: `Wrong password and unknown email give the same 401. After 5 wrong passwords in a row the account is locked for 15 minutes (the answer stays the same 401).`,
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiProblems(400, 401)
  async login(@Body() dto: LoginDto): Promise<TokenResponse> {
    return TokenResponse.from(await this.auth.login(dto.email, dto.password));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'refreshTokens',
    summary: 'Trade a refresh token for a new token pair',
    description: 'Each refresh token works once; reusing one revokes the whole login.',
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiProblems(400, 401)
  async refresh(@Body() dto: RefreshTokenDto): Promise<TokenResponse> {
    return TokenResponse.from(await this.auth.refresh(dto.refreshToken));
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    operationId: 'logout',
    description:
      'Revokes the refresh token and the login it belongs to; access tokens already issued run out on their own.',
    summary: 'End the login the refresh token belongs to',
  })
  @ApiNoContentResponse({ description: 'Logged out (also for unknown tokens).' })
  @ApiProblems(400)
  async logout(@Body() dto: RefreshTokenDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @Get('me')
  @Access({ roles: ROLES, clientScope: 'any' })
  @ApiOperation({
    operationId: 'getCurrentCaller',
    description:
      'For a person: name, role and regions (email except for analysts). For an API client: scopes and territory.',
    summary: 'The authenticated caller',
  })
  @ApiOkResponse({ type: MeResponse })
  async me(@Auth() caller: Caller): Promise<MeResponse> {
    return caller.kind === 'client'
      ? MeResponse.fromClient(caller, await this.auth.clientRegions(caller))
      : MeResponse.fromUser(await this.auth.profile(caller), caller);
  }
}
