import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../libs/config/src';
import { isPortInUse } from '../../scripts/lib/ports';
import type { TemporalHandle } from '../../scripts/lib/temporal-dev-server';
import { as, type Tokens } from '../support/auth';
import { secondsProcedure } from '../support/fixtures';
import { openClient, waitFor, type RunningWorker } from '../support/stack';
import { startOwnTemporalStack, stopOwnTemporalStack, type OwnTemporalStack } from '../support/own-temporal';

/**
 * Issue 16: Temporal dies (SIGKILL) or freezes (SIGSTOP) under a running API. The API must answer
 * 503 with Retry-After naming the dependency instead of hanging or a 500, /health/ready must name
 * it, and a registration retried with the same Idempotency-Key once Temporal is back must register
 * exactly one dossier with the code claimed before the outage. This file kills a Temporal server,
 * so it runs its own (file-backed, so the restart keeps its state), not the shared one.
 */
jest.setTimeout(240_000);

let dir: string;
let port: number;
let temporal: TemporalHandle;
let config: AppConfig;
let ds: DataSource;
let worker: RunningWorker;
let app: INestApplication;
let url: string;
let t: Tokens;

let startTemporal: OwnTemporalStack['startTemporal'];
const desk = () => as(url, t.reception);
const applicant = { name: 'Lê Thị Thu Hà', phone: '0987654321' };

beforeAll(async () => {
  ({ dir, port, temporal, config, ds, worker, app, url, t, startTemporal } = await startOwnTemporalStack('temporal-outage'));
});

afterAll(() => stopOwnTemporalStack({ app, worker, ds, temporal, dir }));

async function registerProcedure() {
  const p = secondsProcedure([3600, 3600]);
  await as(url, t.admin).post('/api/procedures').send(p).expect(201);
  return p;
}

/** What a dependency outage must look like: 503, Retry-After in seconds, the dependency named. */
function expectUnavailable(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, dependency: string) {
  expect(res.status).toBe(503);
  expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
  expect(res.body).toMatchObject({ statusCode: 503, dependency, message: expect.stringMatching(/unavailable/) });
}

async function expectReadyNamesTemporalDown() {
  const res = await as(url).get('/health/ready');
  expect(res.status).toBe(503);
  expect(res.body).toMatchObject({ status: 'error', error: { temporal: { status: 'down' } }, info: { database: { status: 'up' } } });
}

/** The client's part: on 503 it waits for Temporal to come back and retries with the same key. */
async function registerOnceBack(key: string, body: object) {
  return waitFor(async () => {
    const res = await desk().post('/api/dossiers').set('Idempotency-Key', key).send(body);
    if (res.status !== 503) expect(res.status).toBe(201);
    return res.status === 201 && res;
  }, 'the registration to go through once Temporal is back', 120_000);
}

async function claimedCode(key: string): Promise<string> {
  const [row]: { dossier_code: string }[] = await ds.query(`SELECT dossier_code FROM idempotency_keys WHERE key = $1`, [key]);
  return row.dossier_code;
}

async function expectRegisteredOnce(code: string, key: string, body: object, first: { body: unknown }) {
  const again = await desk().post('/api/dossiers').set('Idempotency-Key', key).send(body).expect(201);
  expect(again.body).toEqual(first.body);
  expect(await ds.query(`SELECT count(*)::int AS n FROM dossiers WHERE code = $1`, [code])).toEqual([{ n: 1 }]);
  const client = await openClient(config);
  try {
    expect((await client.workflow.getHandle(code).describe()).status.name).toBe('RUNNING');
  } finally {
    await client.connection.close();
  }
}

describe('Temporal outage', () => {
  it('is documented: the write routes that call Temporal may answer 503 with Retry-After', async () => {
    const doc = (await as(url).get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, { responses: Record<string, { headers?: object }> }>> };
    for (const [path, method] of [['/api/dossiers', 'post'], ['/api/dossiers/{code}/steps/{stepKey}/complete', 'post'], ['/api/tasks/{id}/claim', 'post'], ['/api/calendar/overrides/{date}', 'put']]) {
      expect(doc.paths[path][method].responses['503']?.headers).toHaveProperty('Retry-After');
    }
  });

  it('answers 503 naming Temporal while it is SIGKILLed; after a restart the same key registers one dossier with the claimed code', async () => {
    const p = await registerProcedure();
    const before = await desk().post('/api/dossiers').set('Idempotency-Key', 'outage-kill-before').send({ procedureCode: p.code, applicant, channel: 'counter' }).expect(201);

    process.kill(temporal.pid!, 'SIGKILL');
    await waitFor(async () => !(await isPortInUse(port)), 'the Temporal port to be free');

    const body = { procedureCode: p.code, applicant, channel: 'online' };
    const key = 'outage-kill-key-0001';
    expectUnavailable(await desk().post('/api/dossiers').set('Idempotency-Key', key).send(body), 'temporal');
    // A command is a Temporal Update too.
    expectUnavailable(await desk().post(`/api/dossiers/${before.body.code}/steps/reception/complete`).send({}), 'temporal');
    await expectReadyNamesTemporalDown();
    // Reads come from PostgreSQL and still work; the key holds its code, no dossier row yet.
    await desk().get(`/api/dossiers/${before.body.code}`).expect(200);
    const code = await claimedCode(key);
    expect(await ds.query(`SELECT count(*)::int AS n FROM dossiers WHERE code = $1`, [code])).toEqual([{ n: 0 }]);

    temporal = await startTemporal();
    const first = await registerOnceBack(key, body);
    expect(first.body.code).toBe(code);
    await expectRegisteredOnce(code, key, body, first);
    await as(url).get('/health/ready').expect(200);
  });

  it('answers 503 naming Temporal while it is frozen (SIGSTOP), instead of hanging; after SIGCONT the same key registers one dossier', async () => {
    const p = await registerProcedure();
    const body = { procedureCode: p.code, applicant, channel: 'postal' };
    const key = 'outage-stop-key-0001';
    process.kill(temporal.pid!, 'SIGSTOP');
    try {
      expectUnavailable(await desk().post('/api/dossiers').set('Idempotency-Key', key).send(body), 'temporal');
      await expectReadyNamesTemporalDown();
    } finally {
      process.kill(temporal.pid!, 'SIGCONT');
    }
    const code = await claimedCode(key);
    const first = await registerOnceBack(key, body);
    expect(first.body.code).toBe(code);
    await expectRegisteredOnce(code, key, body, first);
  });
});
