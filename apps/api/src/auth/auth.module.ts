import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfigService } from '../../../../libs/config/src';
import { CalendarModule } from '../calendar/calendar.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';

@Global()
@Module({
  imports: [
    CalendarModule,
    JwtModule.registerAsync({
      inject: [AppConfigService],
      // A KeyObject, made once: given the secret as a string, jsonwebtoken first tries it as a PEM
      // public key on every verify, and that failed parse (a thrown error) was the largest CPU
      // item of an authenticated request (~1.9 ms, issue 6's intake profile).
      useFactory: (c: AppConfigService) => ({ secret: createSecretKey(Buffer.from(c.values.JWT_SECRET)), signOptions: { algorithm: 'HS256', issuer: 'dossier-flow' }, verifyOptions: { algorithms: ['HS256'], issuer: 'dossier-flow' } }),
    }),
    // Named limits, applied only where a route opts in (login, public lookup).
    ThrottlerModule.forRootAsync({
      inject: [AppConfigService],
      useFactory: (c: AppConfigService) => [
        { name: 'login', ttl: 60_000, limit: c.values.LOGIN_RATE_LIMIT_PER_MINUTE },
        { name: 'public', ttl: 60_000, limit: c.values.PUBLIC_RATE_LIMIT_PER_MINUTE },
      ],
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
