import { BadRequestException, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { appendAudit, SYSTEM_AUDIT_CHAIN } from '../../../../libs/db/src';
import { AppConfigService } from '../../../../libs/config/src';
import { hasAgencyWideReach, type Actor, type Role } from '../../../../libs/domain/src';
import { CalendarService } from '../calendar/calendar.service';
import { isPlatformAdmin } from '../common/platform-admin';

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  /** `timeZone`: the agency's, in which every date is shown */
  user: Omit<Actor, 'id'> & { timeZone: string; platformAdmin: boolean };
}

export interface AccessClaims {
  sub: string;
  usr: string;
  /** the account's password version (when it was set, epoch ms): a token of an older one is void */
  pv?: number;
}

interface AccountState {
  actor: Actor;
  active: boolean;
  passwordVersion: number;
  expires: number;
}

/** How long the guard trusts what it last read of an account: a deactivation or new password bites within it. */
export const ACCOUNT_CHECK_TTL_MS = 2_000;

interface UserRow {
  id: string;
  username: string;
  full_name: string;
  password_hash: string;
  agency_code: string;
  department_code: string | null;
  roles: Role[];
  /** Set by an admin: acts across every department of the agency (see hasAgencyWideReach). */
  agency_wide: boolean;
  password_changed_at: Date;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const INVALID = 'invalid username or password';

@Injectable()
export class AuthService {
  /** Verified against when the user does not exist, so both failures cost the same time. */
  private readonly decoy = hash(randomBytes(16).toString('hex'));
  private readonly accounts = new Map<string, AccountState>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jwt: JwtService,
    private readonly config: AppConfigService,
    private readonly calendars: CalendarService,
  ) {}

  /**
   * The actor behind a verified access token, as the account is now: roles and department from
   * the database (a change applies at once, not when the token expires); a deactivated account or
   * a token issued before the last password change is refused. Read at most every couple of seconds.
   */
  async actorFor(claims: AccessClaims): Promise<Actor> {
    const now = Date.now();
    let state = this.accounts.get(claims.sub);
    if (!state || state.expires < now) {
      const [u]: (UserRow & { active: boolean; predecessor_codes: string[] })[] = await this.ds.query(
        `SELECT id, username, full_name, agency_code, department_code, roles, agency_wide, active, password_changed_at,
                ARRAY(WITH RECURSIVE p(code) AS (SELECT a.code FROM agencies a WHERE a.successor_code = u.agency_code
                                                 UNION SELECT a.code FROM agencies a JOIN p ON a.successor_code = p.code)
                      SELECT code FROM p ORDER BY code) AS predecessor_codes
           FROM users u WHERE id = $1`,
        [claims.sub],
      );
      if (!u) throw new UnauthorizedException('the account no longer exists');
      state = { actor: { ...toActor(u), ...(u.predecessor_codes.length > 0 && { predecessorCodes: u.predecessor_codes }) }, active: u.active, passwordVersion: u.password_changed_at.getTime(), expires: now + ACCOUNT_CHECK_TTL_MS };
      if (this.accounts.size > 10_000) this.accounts.clear();
      this.accounts.set(claims.sub, state);
    }
    if (!state.active) throw new UnauthorizedException('the account is deactivated');
    if (claims.pv !== state.passwordVersion) throw new UnauthorizedException('the password was changed since this token was issued: sign in again');
    return state.actor;
  }

  /** Forget what was read of an account, so this process applies a change at once. */
  forget(userId: string): void {
    this.accounts.delete(userId);
  }

  async login(username: string, password: string): Promise<Session> {
    const [user]: UserRow[] = await this.ds.query(`SELECT * FROM users WHERE username = $1 AND active`, [username]);
    const ok = await verify(user?.password_hash ?? (await this.decoy), password);
    if (!user || !ok) throw new UnauthorizedException(INVALID);
    return this.issue(user);
  }

  /** Rotates the refresh token: the old one is revoked, a new pair is returned. */
  async refresh(refreshToken: string): Promise<Session> {
    // TypeORM answers an UPDATE with [rows, affected count], not with the rows.
    const [[row]]: [(UserRow & { token_id: string })[], number] = await this.ds.query(
      `UPDATE refresh_tokens t SET revoked_at = now() FROM users u
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now() AND u.id = t.user_id AND u.active
        RETURNING u.*, t.id AS token_id`,
      [sha256(refreshToken)],
    );
    if (!row) throw new UnauthorizedException('the refresh token is invalid, expired or revoked');
    return this.issue(row);
  }

  async logout(refreshToken: string): Promise<void> {
    await this.ds.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [sha256(refreshToken)]);
  }

  /** A new password ends every session of the user. */
  async changePassword(actor: Actor, current: string, next: string): Promise<void> {
    const [user]: UserRow[] = await this.ds.query(`SELECT * FROM users WHERE id = $1`, [actor.id]);
    if (!user || !(await verify(user.password_hash, current))) throw new BadRequestException({ statusCode: 400, message: ['currentPassword: does not match'], fields: [{ field: 'currentPassword', messages: ['does not match'] }] });
    await this.ds.transaction(async (m) => {
      await m.query(`UPDATE users SET password_hash = $2, password_changed_at = now(), demo = false WHERE id = $1`, [actor.id, await hash(next)]);
      await m.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [actor.id]);
      await appendAudit(m, { chain: SYSTEM_AUDIT_CHAIN, actor: actor.username, action: 'password_changed', entity: 'user', entityId: actor.username });
    });
    this.forget(actor.id);
  }

  private async issue(user: UserRow): Promise<Session> {
    const ttl = this.config.values.ACCESS_TOKEN_TTL_SECONDS;
    const accessToken = await this.jwt.signAsync(
      // Who it is and which password it was issued under; roles and department are read per request.
      { sub: String(user.id), usr: user.username, pv: user.password_changed_at.getTime() } satisfies AccessClaims,
      { expiresIn: ttl },
    );
    const refreshToken = randomBytes(32).toString('base64url');
    await this.ds.query(`INSERT INTO refresh_tokens (id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(days => $4))`, [
      randomUUID(), user.id, sha256(refreshToken), this.config.values.REFRESH_TOKEN_TTL_DAYS,
    ]);
    const { id: _id, ...who } = toActor(user);
    const timeZone = (await this.calendars.snapshot(user.agency_code)).calendar.timeZone;
    return { accessToken, refreshToken, expiresIn: ttl, user: { ...who, timeZone, platformAdmin: isPlatformAdmin(who, this.config.values.PLATFORM_ADMINS) } };
  }
}

/** Reach is explicit: agency-wide from a role meant for it or the admin-set flag, never from a missing department. */
function toActor(u: Pick<UserRow, 'id' | 'username' | 'full_name' | 'roles' | 'agency_code' | 'department_code' | 'agency_wide'>): Actor {
  return {
    id: String(u.id), username: u.username, fullName: u.full_name, roles: u.roles, agencyCode: u.agency_code,
    departmentCode: u.department_code ?? undefined, agencyWide: hasAgencyWideReach(u.roles, u.agency_wide === true, u.department_code),
  };
}
