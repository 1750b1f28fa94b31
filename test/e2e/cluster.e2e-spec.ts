import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { openSseStream, type SseStream } from '../../bench/sse-client';
import { dataSourceOptions } from '../../libs/db/src';
import { launchStack, scratchClusterOptions, type LaunchedStack, type LaunchOptions } from '../../scripts/lib/launcher';
import { CLUSTER_SERVICES } from '../../scripts/lib/temporal-cluster';
import { as, loginAll, type Tokens } from '../support/auth';
import { alertCounts, secondsProcedure } from '../support/fixtures';
import { waitFor } from '../support/stack';

// The first run on a machine builds the Temporal server with `go install` (~4 min on 2 cores).
jest.setTimeout(15 * 60_000);

const built = resolve(__dirname, '../../dist/apps/api/src/cluster-main.js');

let dir: string;
let options: LaunchOptions;
let stack: LaunchedStack;
let ds: DataSource;
let t: Tokens;
const streams: SseStream[] = [];

/** `npm run start:cluster` as the launcher runs it: its own embedded PostgreSQL, the four Temporal services, 2 workers, 2 API processes. */
beforeAll(async () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first (npm test does)`);
  dir = await mkdtemp(join(tmpdir(), 'dossier-flow-cluster-'));
  await chmod(dir, 0o755); // the embedded server runs as user postgres when we are root
  const log = (m: string) => void (process.env.CLUSTER_TEST_VERBOSE && process.stdout.write(`${m}\n`));
  // The e2e setup's shared services are not used: this test starts its own.
  options = await scratchClusterOptions(dir, { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', TEMPORAL_NAMESPACE: 'dossiers' }, {
    // Four app processes and Temporal share one PostgreSQL: small pools keep the test light.
    appEnv: { LOG_LEVEL: 'warn', DB_POOL_SIZE: '5', NODE_ENV: 'test' },
    log,
  });
  stack = await launchStack(options);
  ds = await new DataSource(dataSourceOptions(stack.databaseUrl, 2)).initialize();
  t = await loginAll(stack.apiUrl);
});

afterAll(async () => {
  for (const s of streams) s.close();
  await ds?.destroy();
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Who answered: every API process stamps its responses (supertest opens a new connection per request). */
const servedBy = (res: { headers: Record<string, string> }) => res.headers['x-served-by']!;

describe('start:cluster topology (official Temporal server, 2 workers, 2 API processes on one port)', () => {
  it('runs the four Temporal services as separate processes, their stores in the same PostgreSQL', async () => {
    const temporal = stack.temporal!;
    if (!('services' in temporal)) throw new Error('expected the multi-service server');
    expect(new Set(CLUSTER_SERVICES.map((s) => temporal.services[s].pid)).size).toBe(4);
    const dbs: { datname: string }[] = await ds.query(`SELECT datname FROM pg_database WHERE datname LIKE 'temporal%' ORDER BY 1`);
    expect(dbs.map((d) => d.datname)).toEqual(['temporal', 'temporal_visibility']);
    const store = new URL(stack.databaseUrl);
    store.pathname = '/temporal';
    const client = new Client({ connectionString: store.href });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM shards`);
      expect(rows[0]!.n).toBe(8);
    } finally {
      await client.end();
    }
  });

  it('answers one address from both API processes; an intake retried on the other process creates one dossier; steps complete through either', async () => {
    const p = secondsProcedure([600, 600]);
    await as(stack.apiUrl, t.admin).post('/api/procedures').send(p).expect(201);
    const key = `cluster-${randomUUID()}`;
    const body = { procedureCode: p.code, applicant: { name: 'Lê Thị Hồng Nhung' }, channel: 'counter' };
    const first = await as(stack.apiUrl, t.reception).post('/api/dossiers').set('Idempotency-Key', key).send(body).expect(201);
    // The same key again until the other process answers it (round robin: usually the next request).
    let retry = first;
    await waitFor(async () => {
      retry = await as(stack.apiUrl, t.reception).post('/api/dossiers').set('Idempotency-Key', key).send(body).expect(201);
      return servedBy(retry) !== servedBy(first);
    }, 'a retry answered by the other API process');
    expect(retry.body.code).toBe(first.body.code);
    const [{ n }]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM dossiers WHERE code = $1`, [first.body.code]);
    expect(n).toBe(1);

    // More dossiers; each step completion goes to whichever process the connection lands on.
    const more = [];
    for (let i = 0; i < 3; i++) {
      more.push(await as(stack.apiUrl, t.reception).post('/api/dossiers').set('Idempotency-Key', `cluster-${randomUUID()}`).send(body).expect(201));
    }
    // Back to back, so the round robin alternates them; then each is read (read-your-write on any process).
    const completedBy = new Set<string>();
    for (const r of [first, ...more]) {
      completedBy.add(servedBy(await as(stack.apiUrl, t.reception).post(`/api/dossiers/${r.body.code}/steps/reception/complete`).send({}).expect(200)));
    }
    expect(completedBy.size).toBe(2);
    for (const r of [first, ...more]) {
      const view = await as(stack.apiUrl, t.reviewer).get(`/api/dossiers/${r.body.code}`).expect(200);
      expect(view.body.steps.find((s: { key: string }) => s.key === 'reception').status).toBe('done');
    }

    // The search attributes the launcher registered are set on each dossier's workflow: an operator finds them by procedure.
    const connection = await Connection.connect({ address: stack.temporalAddress });
    try {
      const client = new TemporalClient({ connection, namespace: 'dossiers' });
      const expected = [first, ...more].map((r) => r.body.code as string).sort();
      await waitFor(async () => {
        const found: string[] = [];
        for await (const wf of client.workflow.list({ query: `AgencyCode = '${p.agencyCode}' AND ProcedureCode = '${p.code}'` })) found.push(wf.workflowId);
        return JSON.stringify(found.sort()) === JSON.stringify(expected);
      }, 'the dossiers in Temporal visibility by AgencyCode and ProcedureCode');
    } finally {
      await connection.close();
    }
  });

  it('rings every alert exactly once across a SIGKILLed worker and pushes it to SSE subscribers on both API processes', async () => {
    await waitFor(async () => {
      streams.push(await openSseStream(`${stack.apiUrl}/api/alerts/stream`, t.supervisor));
      return new Set(streams.map((s) => s.headers['x-served-by'])).size === 2;
    }, 'SSE streams on both API processes');

    const p = secondsProcedure([6, 60]);
    await as(stack.apiUrl, t.admin).post('/api/procedures').send(p).expect(201);
    const registered = [];
    for (let i = 0; i < 4; i++) {
      registered.push(await as(stack.apiUrl, t.reception).post('/api/dossiers').set('Idempotency-Key', `cluster-${randomUUID()}`)
        .send({ procedureCode: p.code, applicant: { name: `Công dân ${i}` }, channel: 'online' }).expect(201));
    }
    expect(new Set(registered.map(servedBy)).size).toBe(2);
    const codes = registered.map((r) => r.body.code as string);

    const victim = stack.workers[0]!;
    const killed = victim.current().process;
    killed.kill('SIGKILL');
    await waitFor(async () => killed.signalCode === 'SIGKILL', 'the worker to die');
    // The launcher starts it again; the alerts must not ring twice when it is back.
    await waitFor(async () => victim.current().process !== killed, 'the launcher to restart the worker');

    const expected = { 'step_at_risk:reception': 1, 'step_overdue:reception': 1 };
    for (const code of codes) {
      await waitFor(async () => (await alertCounts(ds, code))['step_overdue:reception'], `the overdue alert of ${code}`, 60_000);
    }
    const ids: string[] = (await ds.query(`SELECT id FROM alerts WHERE dossier_code = ANY($1)`, [codes])).map((r: { id: unknown }) => String(r.id));
    for (const stream of streams) {
      await waitFor(async () => ids.every((id) => stream.events.some((e) => e.type === 'alert' && String((e.data as { id: unknown }).id) === id)), 'every alert on every stream', 30_000);
    }
    // Exactly once, in the store and on every stream, whichever worker or API process handled it.
    for (const code of codes) expect(await alertCounts(ds, code)).toEqual(expected);
    expect(ids).toHaveLength(codes.length * 2);
    for (const stream of streams) {
      expect(stream.events.filter((e) => e.type === 'alert' && ids.includes(String((e.data as { id: unknown }).id)))).toHaveLength(ids.length);
    }

    // A subscriber that lost its stream resumes on either API process with what it missed, once each.
    const [oldest] = [...ids].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    const missed: string[] = (await ds.query(`SELECT id::text FROM alerts WHERE id > $1 ORDER BY id`, [oldest])).map((r: { id: string }) => r.id);
    const resumed: SseStream[] = [];
    await waitFor(async () => {
      const s = await openSseStream(`${stack.apiUrl}/api/alerts/stream`, t.supervisor, { lastEventId: oldest });
      resumed.push(s);
      streams.push(s);
      return new Set(resumed.map((r) => r.headers['x-served-by'])).size === 2;
    }, 'resumed streams on both API processes');
    for (const stream of resumed) {
      const marker = await waitFor(async () => stream.events.find((e) => e.type === 'resumed'), 'the end of the catch-up');
      const caughtUp = stream.events.slice(0, stream.events.indexOf(marker)).filter((e) => e.type === 'alert').map((e) => e.id!);
      // Alerts may still fire meanwhile (the dossiers' own deadlines): the catch-up holds every one
      // missed, and exactly the store's alerts up to its last.
      expect(marker.data).toEqual({ after: oldest, missed: caughtUp.length });
      expect(caughtUp).toEqual(expect.arrayContaining(missed));
      const upTo = caughtUp.at(-1)!;
      expect(caughtUp).toEqual((await ds.query(`SELECT id::text FROM alerts WHERE id > $1 AND id <= $2 ORDER BY id`, [oldest, upTo])).map((r: { id: string }) => r.id));
    }
  });

  it('answers 503 with Retry-After naming Temporal while the history service is dead, and the same key registers one dossier once it is back', async () => {
    const temporal = stack.temporal!;
    if (!('services' in temporal)) throw new Error('expected the multi-service server');
    const p = secondsProcedure([600, 600]);
    await as(stack.apiUrl, t.admin).post('/api/procedures').send(p).expect(201);
    const key = `cluster-outage-${randomUUID()}`;
    const body = { procedureCode: p.code, applicant: { name: 'Đỗ Văn Khải' }, channel: 'counter' };

    // The launcher would start it again within seconds (as the chaos run relies on): kept down here.
    temporal.hold('history');
    process.kill(temporal.services.history.pid!, 'SIGKILL');
    await waitFor(async () => (await request(stack.apiUrl).get('/health/ready')).status === 503, 'readiness to report the outage');
    const ready = await request(stack.apiUrl).get('/health/ready').expect(503);
    expect(ready.body.error.temporal.status).toBe('down');
    const refused = await as(stack.apiUrl, t.reception).post('/api/dossiers').set('Idempotency-Key', key).send(body);
    expect(refused.status).toBe(503);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.dependency).toBe('temporal');

    await temporal.restart('history');
    await waitFor(async () => (await request(stack.apiUrl).get('/health/ready')).status === 200, 'readiness after the history service is back', 120_000);
    // Readiness asks the frontend; the history service may still be taking its shards back, and
    // meanwhile the API answers 503 with Retry-After, as it should: the desk's client retries with
    // the same key, and however many tries that takes, one dossier results.
    const accepted = await waitFor(async () => {
      const res = await as(stack.apiUrl, t.reception).post('/api/dossiers').set('Idempotency-Key', key).send(body);
      if (res.status === 503) return undefined;
      expect(res.status).toBe(201);
      return res;
    }, 'the registration accepted once Temporal is back', 120_000);
    const again = await as(stack.apiUrl, t.reception).post('/api/dossiers').set('Idempotency-Key', key).send(body).expect(201);
    expect(again.body.code).toBe(accepted.body.code);
    const [{ n }]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM dossiers WHERE procedure_code = $1`, [p.code]);
    expect(n).toBe(1);
  });

  it('stops on request and, started again on the same data, finds the earlier dossiers and rings their pending deadlines', async () => {
    const p = secondsProcedure([20, 600]);
    await as(stack.apiUrl, t.admin).post('/api/procedures').send(p).expect(201);
    const { body: d } = await as(stack.apiUrl, t.reception).post('/api/dossiers').set('Idempotency-Key', `cluster-restart-${randomUUID()}`)
      .send({ procedureCode: p.code, applicant: { name: 'Trịnh Minh Tuấn' }, channel: 'postal' }).expect(201);
    for (const s of streams.splice(0)) s.close();
    await ds.destroy();
    await stack.stop();
    await expect(fetch(`${stack.apiUrl}/health/live`)).rejects.toThrow();

    stack = await launchStack(options);
    ds = await new DataSource(dataSourceOptions(stack.databaseUrl, 2)).initialize();
    t = await loginAll(stack.apiUrl);
    const found = await as(stack.apiUrl, t.reception).get(`/api/dossiers/${d.code}`).expect(200);
    expect(found.body.steps[0].dueAt).toBe(d.steps[0].dueAt);
    // Both step alarms were planned before the stop; whether they fell due during the restart or after, each rings once.
    await waitFor(async () => (await alertCounts(ds, d.code))['step_overdue:reception'], 'the alarms planned before the restart', 90_000);
    expect(await alertCounts(ds, d.code)).toEqual({ 'step_at_risk:reception': 1, 'step_overdue:reception': 1 });
  });
});
