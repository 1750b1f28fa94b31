import type { INestApplication } from '@nestjs/common';
import { WithStartWorkflowOperation } from '@temporalio/client';
import request from 'supertest';
import { createDeadlineClock } from '../../apps/worker/src/activities/deadline-clock.activities';
import { createDossierActivities } from '../../apps/worker/src/activities/dossier.activities';
import { appendAudit, AUDIT_GENESIS_HASH, auditHash, verifyAuditChains } from '../../libs/db/src';
import { DEFAULT_CALENDAR } from '../../libs/domain/src';
import { commandUpdate, registerUpdate, type DossierInput, type DossierView, type ProgressRecord } from '../../workflows/dossier.contract';
import type { dossierWorkflow } from '../../workflows/dossier.workflow';
import { startApi } from '../support/api';
import { as, loginAll } from '../support/auth';
import { insertProcedure, secondsProcedure } from '../support/fixtures';
import { useWorkerStack } from '../support/e2e';

jest.setTimeout(60_000);

const stack = useWorkerStack();

let code: string;

interface AuditRow {
  id: string;
  seq: number;
  at: Date;
  actor: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  before: DossierView | null;
  after: DossierView | null;
  prev_hash: string;
  hash: string;
}


const auditRows = (chain: string): Promise<AuditRow[]> => stack.ds.query(`SELECT * FROM audit_log WHERE chain = $1 ORDER BY seq`, [chain]);
const count = async (chain: string): Promise<number> => (await stack.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE chain = $1`, [chain]))[0].n;

/** Changes one row behind the triggers' back, as a superuser could: the hash chain must still tell. */
async function tamper(sql: string, params: unknown[]): Promise<void> {
  await stack.ds.transaction(async (m) => {
    await m.query(`ALTER TABLE audit_log DISABLE TRIGGER ALL`);
    await m.query(sql, params);
    await m.query(`ALTER TABLE audit_log ENABLE TRIGGER ALL`);
  });
}

/** A synthetic chain of `n` entries written through appendAudit. */
async function syntheticChain(chain: string, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await stack.ds.transaction((m) => appendAudit(m, { chain, actor: 'admin', action: 'procedure_updated', entity: 'procedure', entityId: '9.000001', before: { v: i - 1 }, after: { v: i } }));
  }
}

describe('audit trail of a dossier', () => {
  it('appends one chained entry per workflow event, with who, what, when and before/after', async () => {
    const p = secondsProcedure([30, 30, 30, 30]);
    await insertProcedure(stack.ds, p);
    code = `${p.agencyCode}-${Date.now()}`;
    const input: DossierInput = {
      code, agencyCode: p.agencyCode, procedure: { ...p, version: 1 }, calendar: DEFAULT_CALENDAR,
      applicant: { name: 'Nguyễn Thị Vân Quỳnh' }, channel: 'online', receivedAt: new Date().toISOString(),
    };
    await stack.client.workflow.executeUpdateWithStart(registerUpdate, {
      updateId: 'register',
      startWorkflowOperation: new WithStartWorkflowOperation<typeof dossierWorkflow>('dossierWorkflow', {
        workflowId: code, taskQueue: stack.config.TEMPORAL_TASK_QUEUE, args: [input], workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
    const handle = stack.client.workflow.getHandle(code);
    await handle.executeUpdate(commandUpdate, { args: [{ type: 'complete', stepKey: 'reception', actor: 'reception1' }] });
    await handle.executeUpdate(commandUpdate, { args: [{ type: 'complete', stepKey: 'review', actor: 'reviewer1' }] });

    const events: { seq: number; type: string; at: Date; actor: string | null }[] = await stack.ds.query(
      `SELECT seq, type, at, actor FROM dossier_events WHERE dossier_code = $1 ORDER BY seq`,
      [code],
    );
    expect(events.length).toBeGreaterThanOrEqual(3);
    const rows = await auditRows(code);
    expect(rows.map((r) => [r.seq, r.action, r.entity, r.entity_id, r.at.toISOString(), r.actor])).toEqual(
      events.map((e, i) => [i + 1, e.type, 'dossier', String(e.seq), e.at.toISOString(), e.actor ?? 'system']),
    );
    expect(rows.slice(-2).map((r) => r.actor)).toEqual(['reception1', 'reviewer1']);
    expect(rows[0].prev_hash).toBe(AUDIT_GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect(rows[0].before).toBeNull();
    expect(rows[0].after).toMatchObject({ code, status: 'received', currentStepKey: 'reception' });
    const last = rows[rows.length - 1];
    expect(last.before).toEqual(rows[rows.length - 2].after);
    expect(last.after).toMatchObject({ code, currentStepKey: 'approval' });
    const [{ view }] = await stack.ds.query(`SELECT view FROM dossiers WHERE code = $1`, [code]);
    expect(last.after).toEqual(view);

    expect(await verifyAuditChains(stack.ds, { chain: code })).toEqual({ ok: true, checked: rows.length, chains: 1 });
    expect(await verifyAuditChains(stack.ds)).toMatchObject({ ok: true });
  });

  it('appends nothing when recordProgress is retried with the same record', async () => {
    const before = await count(code);
    const [d]: { view: DossierView; applicant: ProgressRecord['applicant']; channel: string }[] = await stack.ds.query(`SELECT view, applicant, channel FROM dossiers WHERE code = $1`, [code]);
    const [e]: { seq: number; type: string; at: Date; actor: string | null; payload: Record<string, unknown> }[] = await stack.ds.query(
      `SELECT seq, type, at, actor, payload FROM dossier_events WHERE dossier_code = $1 ORDER BY seq DESC LIMIT 1`,
      [code],
    );
    const record: ProgressRecord = {
      applicant: d.applicant, channel: d.channel, dossier: d.view,
      event: { seq: e.seq, type: e.type, at: e.at.toISOString(), actor: e.actor ?? undefined, payload: e.payload },
    };
    const acts = createDossierActivities(stack.ds, createDeadlineClock(stack.ds, { shards: 1, clockId: () => 'test-clock', signal: async () => undefined }, 500));
    await Promise.all([acts.recordProgress(record), acts.recordProgress(record)]);
    await acts.recordProgress(record);
    expect(await count(code)).toBe(before);

    // appendAudit's own key, for writers that cannot gate on an insert: same (chain, action, entity, entityId) → nothing.
    await stack.ds.transaction((m) => appendAudit(m, { chain: code, actor: 'x', action: e.type, entity: 'dossier', entityId: String(e.seq), after: {}, once: true }));
    expect(await count(code)).toBe(before);
    expect(await verifyAuditChains(stack.ds, { chain: code })).toMatchObject({ ok: true, checked: before });
  });

  it('numbers concurrent appends to one chain without gaps and refuses to append outside a transaction', async () => {
    const chain = `concurrent-${Date.now()}`;
    await Promise.all(Array.from({ length: 12 }, (_, i) => stack.ds.transaction((m) => appendAudit(m, { chain, action: 'calendar_changed', entity: 'calendar', entityId: String(i), after: { i } }))));
    const rows = await auditRows(chain);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await verifyAuditChains(stack.ds, { chain })).toEqual({ ok: true, checked: 12, chains: 1 });
    await expect(appendAudit(stack.ds.manager, { chain, action: 'x' })).rejects.toThrow(/inside a transaction/);
    expect(await count(chain)).toBe(12);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_log', async () => {
    const n = await count(code);
    await expect(stack.ds.query(`UPDATE audit_log SET actor = 'mallory' WHERE chain = $1`, [code])).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(stack.ds.query(`DELETE FROM audit_log WHERE chain = $1`, [code])).rejects.toThrow(/append-only: DELETE refused/);
    await expect(stack.ds.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await count(code)).toBe(n);
    expect((await auditRows(code)).every((r) => r.actor !== 'mallory')).toBe(true);
  });

  it('detects a row changed behind the triggers, naming its chain and seq', async () => {
    const target = (await auditRows(code))[1];
    await tamper(`UPDATE audit_log SET after = jsonb_set(after, '{status}', '"returned"') WHERE id = $1`, [target.id]);
    const triggers: { tgenabled: string }[] = await stack.ds.query(`SELECT tgenabled FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal`);
    expect(triggers.map((t) => t.tgenabled)).toEqual(['O', 'O']);

    const all = await verifyAuditChains(stack.ds);
    expect(all.ok).toBe(false);
    expect(all.firstBroken).toEqual({ chain: code, seq: 2, id: String(target.id), reason: expect.stringMatching(/hash mismatch/) });
    expect(await verifyAuditChains(stack.ds, { chain: code })).toMatchObject({ ok: false, firstBroken: { chain: code, seq: 2 } });
  });

  it('detects a rewritten hash at the next link, and a removed row as a seq gap', async () => {
    const rehashed = `rehash-${Date.now()}`;
    await syntheticChain(rehashed, 4);
    const [, second] = await auditRows(rehashed);
    // The forger recomputes the changed row's own hash; the next row still points at the old one.
    const forged = auditHash(second.prev_hash, {
      chain: rehashed, seq: 2, at: second.at.toISOString(), actor: 'mallory', action: second.action,
      entity: second.entity, entityId: second.entity_id, before: second.before, after: second.after,
    });
    await tamper(`UPDATE audit_log SET actor = 'mallory', hash = $2 WHERE id = $1`, [second.id, forged]);
    expect(await verifyAuditChains(stack.ds, { chain: rehashed })).toMatchObject({ ok: false, firstBroken: { chain: rehashed, seq: 3, reason: expect.stringMatching(/prev_hash/) } });

    const removed = `removed-${Date.now()}`;
    await syntheticChain(removed, 4);
    const [, , third] = await auditRows(removed);
    await tamper(`DELETE FROM audit_log WHERE id = $1`, [third.id]);
    expect(await verifyAuditChains(stack.ds, { chain: removed })).toMatchObject({ ok: false, checked: 3, firstBroken: { chain: removed, seq: 4, reason: expect.stringMatching(/seq gap/) } });
  });
});

describe('audit API', () => {
  let app: INestApplication | undefined;
  let url: string;

  let admin: ReturnType<typeof as>;

  beforeAll(async () => {
    ({ app, url } = await startApi(stack.config));
    admin = as(url, (await loginAll(url)).admin);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('reports the first broken link and lists the entries of a chain', async () => {
    await request(url).get('/api/audit/verify').expect(401);
    await as(url, (await loginAll(url)).reviewer).get('/api/audit/verify').expect(403);
    const probe = await admin.get('/api/audit/verify');
    const one = await admin.get('/api/audit/verify').query({ chain: code }).expect(200);
    expect(one.body).toMatchObject({ ok: false, chains: 1, firstBroken: { chain: code, seq: 2, reason: expect.stringMatching(/hash mismatch/) } });
    expect(probe.status).toBe(200);
    expect(probe.body.ok).toBe(false);
    expect(probe.body.firstBroken).toMatchObject({ chain: code, seq: 2 });

    const rows = await auditRows(code);
    const list = await admin.get('/api/audit').query({ chain: code, page: 1, pageSize: 2 }).expect(200);
    expect(list.body).toMatchObject({ total: rows.length, page: 1, pageSize: 2 });
    expect(list.body.items).toEqual(
      rows.slice(0, 2).map((r) => ({
        id: String(r.id), chain: code, seq: r.seq, at: r.at.toISOString(), actor: r.actor, action: r.action,
        entity: 'dossier', entityId: r.entity_id, before: r.before, after: r.after, hash: r.hash,
      })),
    );
    const page2 = await admin.get('/api/audit').query({ chain: code, page: 2, pageSize: 2 }).expect(200);
    expect(page2.body.items[0].seq).toBe(3);
    // Newest first, of the caller's agency only: not another agency's dossier chain, nor the system entries of its accounts.
    await stack.ds.transaction((m) => appendAudit(m, { chain: code, actor: 'admin', action: 'alert_acknowledged', entity: 'alert', entityId: 'own' }));
    const [{ id: own }]: { id: string }[] = await stack.ds.query(`SELECT max(id) AS id FROM audit_log WHERE chain = $1`, [code]);
    await stack.ds.transaction((m) => appendAudit(m, { chain: '000.00.99.Z99-260101-0001', actor: 'someone.else', action: 'alert_acknowledged', entity: 'alert', entityId: 'foreign' }));
    await stack.ds.transaction((m) => appendAudit(m, { chain: 'system', actor: 'admin.of.another.agency', action: 'user_created', entity: 'user', entityId: 'foreign' }));
    const latest = await admin.get('/api/audit').query({ pageSize: 1 }).expect(200);
    expect(latest.body.items[0]).toMatchObject({ id: String(own), chain: code });
    expect((await admin.get('/api/audit').query({ chain: '000.00.99.Z99-260101-0001' }).expect(200)).body.total).toBe(0);

    const bad = await admin.get('/api/audit').query({ pageSize: 0, chain: '' }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['chain', 'pageSize']);
    await admin.get('/api/audit/verify').query({ owner: 'x' }).expect(400);
  });
});
