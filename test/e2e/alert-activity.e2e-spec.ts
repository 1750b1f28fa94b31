import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDossierActivities } from '../../apps/worker/src/activities/dossier.activities';
import { ALERTS_CHANNEL } from '../../libs/db/src';
import type { DossierView } from '../../workflows/dossier.contract';
import { alertCounts } from '../support/fixtures';
import { openDataSource, testConfig, waitFor } from '../support/stack';

let ds: DataSource;
let listener: Client;
const notified: string[] = [];

beforeAll(async () => {
  const config = await testConfig();
  ds = await openDataSource(config);
  listener = new Client({ connectionString: config.DATABASE_URL });
  await listener.connect();
  listener.on('notification', (m) => notified.push(m.payload!));
  await listener.query(`LISTEN ${ALERTS_CHANNEL}`);
});

afterAll(async () => {
  await listener?.end();
  await ds?.destroy();
});

function view(code: string): DossierView {
  const at = new Date().toISOString();
  return {
    code, agencyCode: 'RETRY', procedureCode: '9.000000', procedureVersion: 1, status: 'received', statusCode: 2,
    receivedAt: at, dueAt: at, atRiskAt: at, originalDueAt: at, currentStepKey: 'reception', pauses: [], supplementRequests: 0,
    steps: [{ key: 'reception', name: 'Tiếp nhận', role: 'reception', position: 0, attempt: 1, clock: 'elapsed', status: 'active', dueAt: at, atRiskAt: at }],
  };
}

describe('activity retries', () => {
  it('writes the projection, the event and the alert once however often an activity is retried', async () => {
    const acts = createDossierActivities(ds);
    const code = `RETRY-${Date.now()}`;
    const record = { applicant: { name: 'Võ Thị Sáu' }, channel: 'online', dossier: view(code), event: { seq: 1, type: 'registered', at: new Date().toISOString(), payload: {} } };
    await acts.recordProgress(record);
    await acts.recordProgress(record);
    const alert = { kind: 'step_overdue' as const, level: 1, dossierCode: code, stepKey: 'reception', dueAt: new Date().toISOString() };
    await Promise.all([acts.recordAlert(alert), acts.recordAlert(alert), acts.recordAlert(alert)]);

    expect(await alertCounts(ds, code)).toEqual({ 'step_overdue:reception': 1 });
    expect(await ds.query(`SELECT count(*)::int AS n FROM dossier_events WHERE dossier_code = $1`, [code])).toEqual([{ n: 1 }]);
    await waitFor(async () => notified.some((n) => n.includes(code)), 'the NOTIFY of the alert');
    // A later, unrelated notification proves the channel is live, so a duplicate would have arrived by now.
    await acts.recordAlert({ ...alert, kind: 'dossier_overdue', stepKey: undefined });
    await waitFor(async () => notified.some((n) => n.includes(code) && n.includes('dossier_overdue')), 'the second NOTIFY');
    expect(notified.filter((n) => n.includes(code) && n.includes('"step_overdue"'))).toHaveLength(1);
  });

  it('never moves the projection backwards when an older write is retried late', async () => {
    const acts = createDossierActivities(ds);
    const code = `RETRY-${Date.now()}-b`;
    const v1 = view(code);
    const v2: DossierView = { ...v1, status: 'processing', statusCode: 4 };
    const base = { applicant: { name: 'Võ Thị Sáu' }, channel: 'online' };
    await acts.recordProgress({ ...base, dossier: v1, event: { seq: 1, type: 'registered', at: v1.receivedAt, payload: {} } });
    await acts.recordProgress({ ...base, dossier: v2, event: { seq: 2, type: 'step_completed', at: v1.receivedAt, payload: {} } });
    await acts.recordProgress({ ...base, dossier: v1, event: { seq: 1, type: 'registered', at: v1.receivedAt, payload: {} } });
    expect(await ds.query(`SELECT status, version FROM dossiers WHERE code = $1`, [code])).toEqual([{ status: 'processing', version: 2 }]);
  });
});
