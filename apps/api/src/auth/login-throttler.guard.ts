import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { createHash } from 'node:crypto';

/**
 * Counts login attempts per client address and username, so one account cannot be guessed at
 * speed; renewals per address and session (a refresh token is 256 random bits: nothing to guess,
 * and a whole office behind one address must not share one budget of renewals).
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: { ip?: string; body?: { username?: unknown; refreshToken?: unknown } }): Promise<string> {
    const { username, refreshToken } = req.body ?? {};
    if (typeof refreshToken === 'string') return `${req.ip ?? ''}:session:${createHash('sha256').update(refreshToken).digest('hex').slice(0, 32)}`;
    return `${req.ip ?? ''}:${typeof username === 'string' ? username.toLowerCase() : ''}`;
  }
}
