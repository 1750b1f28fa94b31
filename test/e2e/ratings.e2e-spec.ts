import ExcelJS from 'exceljs';
import { createHmac } from 'node:crypto';
import { CRITERION_TITLE } from '../../apps/api/src/ratings/rating-criteria';
import { FIRST_DATA_ROW } from '../../apps/api/src/stats/stats-workbook';
import type { ServiceIndex, TimelinessRow } from '../../apps/api/src/stats/stats.dto';
import { RATING_CRITERIA, type RatingCriterion, type RatingScores } from '../../libs/contracts/src/ratings';
import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { startApi } from '../support/api';
import { as } from '../support/auth';
import { useE2eStack } from '../support/e2e';
import { secondsProcedure } from '../support/fixtures';

/**
 * Citizens' satisfaction (issue 21, point 4): one rating per returned dossier from the public
 * lookup, validated and throttled; a low overall score opens a follow-up for the supervisor; the
 * ratings roll up beside the on-time rate by procedure, department and month, in the Excel export
 * and in the service index.
 */
jest.setTimeout(120_000);

const stack = useE2eStack({ PUBLIC_RATE_LIMIT_PER_MINUTE: '1000', RATING_LOW_THRESHOLD: '2' });
let procedureCode: string;

beforeAll(async () => {
  const p = secondsProcedure([3600, 3600, 3600, 3600]);
  procedureCode = p.code;
  await stack.as('admin').post('/api/procedures').send(p).expect(201);
});

const scores = (overall: number, rest = 4): RatingScores => ({ ...(Object.fromEntries(RATING_CRITERIA.map((k) => [k, rest])) as RatingScores), overall });
const rate = (code: string, secret: string, body: unknown) => as(stack.url).post(`/api/public/dossiers/${encodeURIComponent(code)}/rating?secret=${encodeURIComponent(secret)}`).send(body as object);
/** The receipt's secret of any code (HMAC under LOOKUP_SECRET_KEY), for dossiers written straight to the database. */
const secretOf = (code: string) => createHmac('sha256', stack.config.LOOKUP_SECRET_KEY).update(code).digest('hex').slice(0, 10).toUpperCase();
const lookup = (code: string, secret: string) => as(stack.url).get(`/api/public/dossiers/${encodeURIComponent(code)}?secret=${encodeURIComponent(secret)}`);

async function register(): Promise<{ code: string; secret: string }> {
  const res = await stack.as('reception').post('/api/dossiers').send({ procedureCode, applicant: { name: 'Trần Thị Mai' }, channel: 'counter' }).expect(201);
  return { code: res.body.code, secret: res.body.lookupSecret };
}

async function processSteps(code: string): Promise<void> {
  await stack.as('reception').post(`/api/dossiers/${code}/steps/reception/complete`).send({}).expect(200);
  await stack.as('reviewer').post(`/api/dossiers/${code}/steps/review/complete`).send({}).expect(200);
  await stack.as('approver').post(`/api/dossiers/${code}/steps/approval/complete`).send({}).expect(200);
}

async function returnResult(code: string): Promise<void> {
  await stack.as('reception').post(`/api/dossiers/${code}/steps/return/complete`).send({}).expect(200);
}

describe('rating a dossier', () => {
  it('is refused (409, with the reason) until the result is returned, then accepted once; the lookup shows it', async () => {
    const { code, secret } = await register();
    const body = { scores: scores(5), comment: 'Cán bộ hướng dẫn tận tình.' };
    expect((await rate(code, secret, body).expect(409)).body.message).toMatch(/once its result is returned; this one is received/);
    await processSteps(code);
    expect((await rate(code, secret, body).expect(409)).body.message).toMatch(/this one is awaiting_return/);
    expect((await lookup(code, secret).expect(200)).body.rating).toBeUndefined();

    await returnResult(code);
    const first = await rate(code, secret.toLowerCase(), body).expect(201);
    expect(first.body).toEqual({ dossierCode: code, scores: scores(5), comment: 'Cán bộ hướng dẫn tận tình.', ratedAt: expect.any(String) });
    expect(first.body.followUp).toBeUndefined();

    const again = await rate(code, secret, { scores: scores(1), comment: 'Đổi ý' }).expect(409);
    expect(again.body.message).toMatch(/rated already/);
    const shown = (await lookup(code, secret).expect(200)).body;
    expect(shown.status).toBe('returned');
    expect(shown.rating).toEqual({ scores: scores(5), comment: 'Cán bộ hướng dẫn tận tình.', ratedAt: first.body.ratedAt });
    const [{ n }] = await stack.ds.query(`SELECT count(*)::int AS n FROM dossier_ratings WHERE dossier_code = $1`, [code]);
    expect(n).toBe(1);
  });

  it('answers a wrong secret and an unknown code as the lookup does (404, the same body)', async () => {
    const { code, secret } = await register();
    const wrong = secret.startsWith('A') ? `B${secret.slice(1)}` : `A${secret.slice(1)}`;
    const asLookup = (await lookup(code, wrong).expect(404)).body;
    expect((await rate(code, wrong, { scores: scores(5) }).expect(404)).body).toEqual(asLookup);
    expect((await rate(`${code}9`, secret, { scores: scores(5) }).expect(404)).body).toEqual(asLookup);
    expect((await as(stack.url).post(`/api/public/dossiers/${code}/rating`).send({ scores: scores(5) }).expect(404)).body).toEqual(asLookup);
    // The right secret of a code no dossier has.
    const ghost = `${DEMO_AGENCY_CODE}-990101-0001`;
    expect((await rate(ghost, secretOf(ghost), { scores: scores(5) }).expect(404)).body).toEqual(asLookup);
  });

  it('stores a script-laden comment as plain text, as written', async () => {
    const { code, secret } = await register();
    await processSteps(code);
    await returnResult(code);
    const comment = '<script>alert("x")</script> & <b>đậm</b>';
    await rate(code, secret, { scores: scores(4), comment }).expect(201);
    expect((await lookup(code, secret).expect(200)).body.rating.comment).toBe(comment);
  });

  test.each([
    [{}, 'scores'],
    [{ scores: 'năm sao' }, 'scores'],
    [{ scores: { ...scores(5), overall: 0 } }, 'scores.overall'],
    [{ scores: { ...scores(5), overall: 6 } }, 'scores.overall'],
    [{ scores: { ...scores(5), staffAttitude: 3.5 } }, 'scores.staffAttitude'],
    [{ scores: { ...scores(5), onTime: '5' } }, 'scores.onTime'],
    [{ scores: { ...scores(5), publicity: undefined } }, 'scores.publicity'],
    [{ scores: { ...scores(5), speed: 5 } }, 'scores.speed'],
    [{ scores: scores(5), comment: 'x'.repeat(1001) }, 'comment'],
    [{ scores: scores(5), comment: 42 }, 'comment'],
    [{ scores: scores(5), name: 'Lê Văn Tám' }, 'name'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const res = await rate(`${DEMO_AGENCY_CODE}-260101-0001`, 'ABCDEFABCD', body).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('opens a follow-up for the supervisor on a low overall score (≤ RATING_LOW_THRESHOLD), and none above it', async () => {
    const low = await register();
    const fine = await register();
    for (const d of [low, fine]) {
      await processSteps(d.code);
      await returnResult(d.code);
    }
    const lowReceipt = (await rate(low.code, low.secret, { scores: scores(2, 5), comment: 'Phải đi lại ba lần.' }).expect(201)).body;
    expect(lowReceipt.followUp).toEqual(expect.any(String));
    const fineReceipt = (await rate(fine.code, fine.secret, { scores: scores(3, 1) }).expect(201)).body;
    expect(fineReceipt.followUp).toBeUndefined();

    // The follow-up is a petition about the dossier, in the supervisor's inbox with its own deadlines.
    const petition = (await stack.as('supervisor').get(`/api/petitions/${encodeURIComponent(lowReceipt.followUp)}`).expect(200)).body;
    expect(petition).toMatchObject({ code: lowReceipt.followUp, kind: 'feedback', source: 'rating', dossierCode: low.code, status: 'received', stage: 'classify' });
    expect(petition.message).toContain('Đánh giá tổng thể: 2/5');
    expect(petition.message).toContain('Phải đi lại ba lần.');
    const about = async (code: string) => ((await stack.as('supervisor').get(`/api/petitions?dossierCode=${encodeURIComponent(code)}`).expect(200)).body.items as { code: string }[]).map((p) => p.code);
    expect(await about(low.code)).toEqual([lowReceipt.followUp]);
    expect(await about(fine.code)).toEqual([]);
    const [row] = await stack.ds.query(`SELECT low, follow_up FROM dossier_ratings WHERE dossier_code = $1`, [low.code]);
    expect(row).toEqual({ low: true, follow_up: lowReceipt.followUp });
  });

  it('is throttled per address like the other public endpoints', async () => {
    const strict = await startApi({ ...stack.config, PUBLIC_RATE_LIMIT_PER_MINUTE: 5 });
    try {
      let status = 0;
      for (let i = 0; i < 12 && status !== 429; i++) status = (await as(strict.url).post(`/api/public/dossiers/${DEMO_AGENCY_CODE}-260101-0001/rating?secret=x`).send({ scores: scores(5) })).status;
      expect(status).toBe(429);
    } finally {
      await strict.app.close();
    }
  });
});

/**
 * The roll-up against ratings sent through the API: 36 returned dossiers (32 rated) inserted as the projection
 * holds them (two procedures, two departments and none, ended across three months of the agency's
 * time zone, two of them on either side of a local month start), each rated with its own scores.
 */
describe('ratings beside the on-time rate', () => {
  const TZ = 'Asia/Ho_Chi_Minh';
  const from = '2026-06-01T00:00:00+07:00';
  const to = '2026-09-01T00:00:00+07:00';
  interface Rated {
    procedure: string;
    department: string;
    finishedAt: Date;
    scores: RatingScores;
  }
  const rated: Rated[] = [];
  const month = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit' }).format(d).slice(0, 7);

  beforeAll(async () => {
    const ends = [
      ...Array.from({ length: 34 }, (_, i) => new Date(Date.UTC(2026, 5 + (i % 3), 3 + (i % 25), 3))),
      new Date('2026-06-30T17:30:00Z'), // 00:30 on 1 July in Hà Nội: July
      new Date('2026-06-30T16:30:00Z'), // 23:30 on 30 June: June
    ];
    for (const [i, finishedAt] of ends.entries()) {
      const code = `${DEMO_AGENCY_CODE}-260601-${String(9000 + i)}`;
      const procedure = i % 2 ? 'R.000001' : 'R.000002';
      const department = ['DKKD', 'DAUTU', ''][i % 3];
      const receivedAt = new Date(finishedAt.getTime() - 5 * 86_400_000);
      await stack.ds.query(
        `INSERT INTO dossiers (code, agency_code, procedure_code, procedure_version, applicant, applicant_name, handling_department_code, channel, status,
                               received_at, original_due_at, finished_at, outcome, timeliness, rescheduled, status_code, due_at, at_risk_at, version, view)
         VALUES ($1, $2, $3, 1, '{}', 'x', $4, 'counter', 'returned', $5, $6, $7, 'approved', 'on_time', false, 10, $6, $5, 1, '{}')`,
        [code, DEMO_AGENCY_CODE, procedure, department || null, receivedAt, new Date(finishedAt.getTime() + 86_400_000), finishedAt],
      );
      const s = Object.fromEntries(RATING_CRITERIA.map((k, j) => [k, 1 + ((i * 7 + j * 3) % 5)])) as RatingScores;
      // A few without a rating: counted resolved, not rated.
      if (i < 34 && i % 7 === 6) continue;
      await rate(code, secretOf(code), { scores: s }).expect(201);
      rated.push({ procedure, department, finishedAt, scores: s });
    }
  });

  /** The expected summary of the ratings selected, straight from what was sent. */
  function expected(of: Rated[]): TimelinessRow['satisfaction'] {
    const averages = Object.fromEntries(
      RATING_CRITERIA.map((k) => [k, of.length ? of.reduce((sum, r) => sum + r.scores[k], 0) / of.length : null]),
    ) as Record<RatingCriterion, number | null>;
    return { ratings: of.length, low: of.filter((r) => r.scores.overall <= 2).length, averages };
  }

  const stats = async (groupBy?: string) =>
    (await stack.as('supervisor').get('/api/stats/timeliness').query(groupBy ? { from, to, groupBy } : { from, to }).expect(200)).body as TimelinessRow[];

  const closeTo = (got: TimelinessRow['satisfaction'], want: TimelinessRow['satisfaction']) => {
    expect({ ratings: got.ratings, low: got.low }).toEqual({ ratings: want.ratings, low: want.low });
    for (const k of RATING_CRITERIA) {
      if (want.averages[k] === null) expect(got.averages[k]).toBeNull();
      else expect(got.averages[k]).toBeCloseTo(want.averages[k]!, 10);
    }
  };

  it('rolls up for the agency (the ungrouped report)', async () => {
    const [row] = await stats();
    expect(rated.length).toBe(32);
    closeTo(row.satisfaction, expected(rated));
  });

  test.each([
    ['procedure', (r: Rated) => r.procedure],
    ['department', (r: Rated) => r.department],
    ['month', (r: Rated) => month(r.finishedAt)],
  ] as const)('rolls up by %s', async (groupBy, key) => {
    const rows = await stats(groupBy);
    const groups = [...new Set(rated.map(key))].sort();
    expect(groups.length).toBe(3 - (groupBy === 'procedure' ? 1 : 0));
    for (const g of groups) {
      const row = rows.find((r) => r.group === g);
      expect(row).toBeDefined();
      closeTo(row!.satisfaction, expected(rated.filter((r) => key(r) === g)));
      // Every rated dossier is one the row counts resolved.
      expect(row!.resolved.total).toBeGreaterThanOrEqual(row!.satisfaction.ratings);
    }
  });

  it('puts the dossier ended at 00:30 local on 1 July into July, the one ended at 23:30 on 30 June into June', async () => {
    const rows = await stats('month');
    expect(rows.map((r) => r.group)).toEqual(['2026-06', '2026-07', '2026-08']);
    expect(rows.find((r) => r.group === '2026-07')!.satisfaction.ratings).toBe(rated.filter((r) => month(r.finishedAt) === '2026-07').length);
    expect(month(new Date('2026-06-30T17:30:00Z'))).toBe('2026-07');
  });

  it('carries the ratings into the Excel export, under their own headings', async () => {
    const res = await fetch(`${stack.url}/api/stats/timeliness.xlsx?${new URLSearchParams({ from, to, groupBy: 'department' })}`, { headers: { authorization: `Bearer ${stack.t.supervisor}` } });
    expect(res.status).toBe(200);
    const json = await stats('department');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0];
    const headings = (n: number) => Array.from({ length: ws.columnCount }, (_, i) => String(ws.getCell(n, i + 1).value ?? ''));
    const top = headings(FIRST_DATA_ROW - 2);
    const sub = headings(FIRST_DATA_ROW - 1);
    const first = sub.indexOf('Số lượt đánh giá');
    expect(first).toBe(13);
    expect(top[first]).toMatch(/Mức độ hài lòng/);
    expect(sub.slice(first, first + 2 + RATING_CRITERIA.length)).toEqual(['Số lượt đánh giá', 'Không hài lòng', ...RATING_CRITERIA.map((k) => CRITERION_TITLE[k])]);
    json.forEach((row, i) => {
      const cells = Array.from({ length: 2 + RATING_CRITERIA.length }, (_, j) => ws.getCell(FIRST_DATA_ROW + i, first + j + 1).value ?? null);
      expect(ws.getCell(FIRST_DATA_ROW + i, 1).value).toBe(row.group);
      expect(cells).toEqual([row.satisfaction.ratings, row.satisfaction.low, ...RATING_CRITERIA.map((k) => row.satisfaction.averages[k])]);
    });
  });

  it("gives the service index's satisfaction rate per month: resolved dossiers not rated low", async () => {
    const index = (await stack.as('supervisor').get('/api/stats/service-index').query({ from, to }).expect(200)).body as ServiceIndex;
    const months = await stats('month');
    expect(index.months.map((m) => m.month)).toEqual(['2026-06', '2026-07', '2026-08']);
    for (const m of index.months) {
      const mine = rated.filter((r) => month(r.finishedAt) === m.month);
      const resolved = months.find((r) => r.group === m.month)!.resolved.total;
      const unsatisfied = mine.filter((r) => r.scores.overall <= 2).length;
      expect(m.satisfaction).toEqual({ rate: (resolved - unsatisfied) / resolved, dossiers: resolved, rated: mine.length, unsatisfied });
    }
    expect(index.months.some((m) => m.satisfaction.unsatisfied > 0)).toBe(true);
  });
});
