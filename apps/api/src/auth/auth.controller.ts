import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Public } from './auth.decorators';
import { ChangePasswordDto, LoginDto, RefreshDto } from './auth.dto';
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
  login(@Body() dto: LoginDto): Promise<Session> {
    return this.auth.login(dto.username, dto.password);
  }

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @SkipThrottle({ public: true })
  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() dto: RefreshDto): Promise<Session> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @ApiBearerAuth()
  @Post('password')
  @HttpCode(204)
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(actor, dto.currentPassword, dto.newPassword);
  }
}
