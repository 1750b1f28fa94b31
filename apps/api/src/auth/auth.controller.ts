import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { SkipThrottle } from '@nestjs/throttler';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Public } from './auth.decorators';
import { ChangePasswordDto, LoginDto, RefreshDto } from './auth.dto';
import { Session as SessionBody } from './auth.response';
import { AuthService, type Session } from './auth.service';
import { LoginThrottlerGuard } from './login-throttler.guard';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @SkipThrottle({ public: true })
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionBody })
  @ApiErrors([401, 'unknown username or wrong password (the same answer for both)'], 429)
  login(@Body() dto: LoginDto): Promise<Session> {
    return this.auth.login(dto.username, dto.password);
  }

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @SkipThrottle({ public: true })
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionBody, description: 'a new pair; the refresh token sent is revoked' })
  @ApiErrors([401, 'the refresh token is invalid, expired or revoked'], 429)
  refresh(@Body() dto: RefreshDto): Promise<Session> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the refresh token is revoked (also when it was already)' })
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @ApiBearerAuth()
  @Post('password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'changed: every session of the account ends (this one too: sign in again)' })
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(actor, dto.currentPassword, dto.newPassword);
  }
}
