import { hash } from '@node-rs/argon2';
import { HttpClient } from './http-client';
import type { BenchStack } from './stack';

const PASSWORD = 'bench-password-not-secret';

/**
 * A client signed in as an all-round account of `agency` (desk, reviewer, department head,
 * supervisor and admin; no department), made directly in the database: every call the bench makes is authorised
 * and scoped like a real agency's, and each scenario's agency sees only its own dossiers.
 */
export async function agencySession(stack: Pick<BenchStack, 'db' | 'apiUrl'>, agency: string): Promise<{ http: HttpClient; token: string }> {
  const username = `bench-${agency.toLowerCase()}`;
  await stack.db.query(`INSERT INTO agencies (code, name) VALUES ($1, $1) ON CONFLICT DO NOTHING`, [agency]);
  await stack.db.query(
    `INSERT INTO users (username, full_name, password_hash, agency_code, roles) VALUES ($1, 'Benchmark', $2, $3, $4) ON CONFLICT (username) DO NOTHING`,
    [username, await hash(PASSWORD), agency, ['admin', 'reception', 'reviewer', 'approver', 'supervisor']],
  );
  const res = await fetch(`${stack.apiUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!res.ok) throw new Error(`bench login for ${agency} answered ${res.status}: ${await res.text()}`);
  const { accessToken } = (await res.json()) as { accessToken: string };
  return { http: new HttpClient(stack.apiUrl, accessToken), token: accessToken };
}
