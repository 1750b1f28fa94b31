import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { FIRST_DATA_ROW } from '../../apps/api/src/stats/stats-workbook';
import type { TimelinessRow } from '../../apps/api/src/stats/stats.dto';
import { startApi } from '../support/api';
import { as, loginAll, type Tokens } from '../support/auth';
import { secondsProcedure } from '../support/fixtures';
import { openDataSource, startWorker, testConfig, type RunningWorker } from '../support/stack';

/** Biểu 06 as .xlsx (issue 5, point 4): the workbook carries exactly the numbers of the JSON endpoint. */
jest.setTimeout(60_000);

let app: INestApplication;
let url: string;
let ds: DataSource;
let worker: RunningWorker;
let t: Tokens;
let procedureCode: string;
const from = new Date(Date.now() - 86_400_000).toISOString();
const to = new Date(Date.now() + 86_400_000).toISOString();

beforeAll(async () => {
  const config = await testConfig();
  ds = await openDataSource(config);
  worker = await startWorker(config, ds);
  ({ app, url } = await startApi(config));
  t = await loginAll(url);
  const p = secondsProcedure([3600, 3600, 3600, 3600]);
  procedureCode = p.code;
  await as(url, t.admin).post('/api/procedures').send(p).expect(201);
  // One dossier resolved (processing ended at approval), one online and one at the counter still pending.
  const register = async (channel: string) => (await as(url, t.reception).post('/api/dossiers').send({ procedureCode, applicant: { name: 'Lê Thị Hoa' }, channel }).expect(201)).body.code as string;
  const done = await register('counter');
  await register('online');
  await register('postal');
  await as(url, t.reception).post(`/api/dossiers/${done}/steps/reception/complete`).send({}).expect(200);
  await as(url, t.reviewer).post(`/api/dossiers/${done}/steps/review/complete`).send({}).expect(200);
  await as(url, t.approver).post(`/api/dossiers/${done}/steps/approval/complete`).send({}).expect(200);
});

afterAll(async () => {
  await app?.close();
  await worker?.stop();
  await ds?.destroy();
});

async function download(query: Record<string, string>, token = t.supervisor): Promise<Response> {
  return fetch(`${url}/api/stats/timeliness.xlsx?${new URLSearchParams(query)}`, { headers: { authorization: `Bearer ${token}` } });
}

/** The data rows of the first sheet as JSON-like rows: [group, 11 counts, rate]. */
async function sheetRows(res: Response): Promise<(string | number | null)[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ws = wb.worksheets[0];
  const rows: (string | number | null)[][] = [];
  for (let n = FIRST_DATA_ROW; n <= ws.rowCount; n++) rows.push(Array.from({ length: 13 }, (_, i) => (ws.getCell(n, i + 1).value as string | number | null) ?? null));
  return rows;
}

const flat = (r: TimelinessRow) => [
  r.received.total, r.received.online, r.received.directOrPostal, r.received.carriedOver,
  r.resolved.total, r.resolved.early, r.resolved.onTime, r.resolved.late,
  r.pending.total, r.pending.withinDeadline, r.pending.pastDeadline, r.onTimeRate,
];

describe('GET /api/stats/timeliness.xlsx', () => {
  test.each(['total', 'procedure', 'department', 'month'] as const)('grouped by %s, holds the numbers of the JSON endpoint', async (groupBy) => {
    const query: Record<string, string> = groupBy === 'total' ? { from, to } : { from, to, groupBy };
    const json = (await as(url, t.supervisor).get('/api/stats/timeliness').query(query).expect(200)).body as TimelinessRow[];
    const res = await download(query);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="bieu-06_\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d_\w+\.xlsx"$/);
    const rows = await sheetRows(res);
    expect(rows.map((r) => r.slice(1))).toEqual(json.map(flat));
    if (groupBy !== 'total') expect(rows.map((r) => r[0])).toEqual(json.map((r) => r.group));
  });

  it('counts the dossiers of this test: three received (one online), one resolved, two pending', async () => {
    const json = (await as(url, t.admin).get('/api/stats/timeliness').query({ from, to, groupBy: 'procedure' }).expect(200)).body as TimelinessRow[];
    const row = json.find((r) => r.group === procedureCode)!;
    expect(row).toMatchObject({ received: { total: 3, online: 1, directOrPostal: 2 }, resolved: { total: 1 }, pending: { total: 2, pastDeadline: 0 } });
    const [sheetRow] = (await sheetRows(await download({ from, to, groupBy: 'procedure' }, t.admin))).filter((r) => r[0] === procedureCode);
    expect(sheetRow.slice(1)).toEqual(flat(row));
  });

  it('validates the query like the JSON endpoint and keeps its roles', async () => {
    const bad = await download({ from: 'yesterday', to });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(['from']);
    expect((await download({ from, to, groupBy: 'weekday' })).status).toBe(400);
    expect((await download({ from: to, to: from })).status).toBe(400);
    expect((await download({ from, to }, t.reception)).status).toBe(403);
    expect((await fetch(`${url}/api/stats/timeliness.xlsx?from=${from}&to=${to}`)).status).toBe(401);
  });
});
