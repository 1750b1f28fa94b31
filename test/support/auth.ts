import request from 'supertest';
import type { Role, StepRole } from '../../libs/domain/src';
import { ROLE_FOR_STEP } from '../../libs/domain/src';

export type Tokens = Record<Role, string>;

/** Logs every demo account in (password `demo`, seeded in the template database). */
export async function loginAll(url: string): Promise<Tokens> {
  const entries = await Promise.all(
    (['admin', 'reception', 'reviewer', 'approver', 'supervisor'] as Role[]).map(async (role) => {
      const res = await request(url).post('/api/auth/login').send({ username: role, password: 'demo' }).expect(200);
      return [role, res.body.accessToken as string] as const;
    }),
  );
  return Object.fromEntries(entries) as Tokens;
}

/** A supertest client that sends the given token on every request. */
export function as(url: string, token?: string) {
  const withAuth = (t: request.Test) => (token ? t.set('Authorization', `Bearer ${token}`) : t);
  return {
    get: (path: string) => withAuth(request(url).get(path)),
    post: (path: string) => withAuth(request(url).post(path)),
    put: (path: string) => withAuth(request(url).put(path)),
    patch: (path: string) => withAuth(request(url).patch(path)),
    delete: (path: string) => withAuth(request(url).delete(path)),
  };
}

/** The demo account that works a step of this kind. */
export const workerOf = (role: StepRole): Role => ROLE_FOR_STEP[role];
