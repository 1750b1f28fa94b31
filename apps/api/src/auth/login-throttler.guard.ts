import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Counts login attempts per client address and username, so one account cannot be guessed at speed. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: { ip?: string; body?: { username?: unknown } }): Promise<string> {
    return `${req.ip ?? ''}:${typeof req.body?.username === 'string' ? req.body.username.toLowerCase() : ''}`;
  }
}
