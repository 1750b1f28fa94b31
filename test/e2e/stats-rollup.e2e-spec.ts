import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { StatsService } from '../../apps/api/src/stats/stats.service';
import type { TimelinessRow } from '../../apps/api/src/stats/stats.dto';
import { RATING_CRITERIA } from '../../libs/contracts/src/ratings';
import { ROLLUP_COUNTS } from '../../libs/db/src';
import type { Actor } from '../../libs/domain/src';
import { openDataSource, testConfig } from '../support/stack';

/**
 * The statistics read pre-computed daily and monthly counts kept by triggers (migrations
 * StatsRollup, StatsRollupMonthly). Here they are checked against the definition of Biểu 06 counted
 * row by row from `dossiers`, for random periods (on and off UTC and local midnights, within and
 * across months), groupings and time zones, after every kind of write the projection makes: insert,
 * upsert, update of any counted column, delete, bulk insert.
 */
jest.setTimeout(120_000);

const AGENCY = 'ROLLUP';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.now();
/** The archive spans 120 days before now and due dates up to 30 days after. */
const START = Math.floor((NOW - 120 * DAY) / DAY) * DAY;
const ZONES = ['Asia/Ho_Chi_Minh', 'UTC', 'Asia/Kolkata', 'America/New_York'];
const actor = { agencyCode: AGENCY } as Actor;

let ds: DataSource;
let stats: StatsService;

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row {
  code: string;
  procedure_code: string;
  handling_department_code: string | null;
  channel: string;
  status: string;
  received_at: Date;
  original_due_at: Date;
  finished_at: Date | null;
  outcome: string | null;
  timeliness: string | null;
  rescheduled: boolean;
}

/** A dossier as the projection could hold it: received ≤ due, received ≤ finished ≤ now. */
function randomRow(next: () => number, i: number, prefix: string): Row {
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  // Some instants sit exactly on a UTC midnight, where the rollup's days meet.
  const instant = (lo: number, hi: number) => (next() < 0.1 ? Math.ceil(lo / DAY) * DAY : lo + next() * (hi - lo));
  const received = instant(START, NOW - HOUR);
  const due = Math.max(received, instant(received, received + 40 * DAY));
  const status = pick(['received', 'processing', 'returned', 'returned', 'withdrawn', 'submitted', 'refused_at_reception', 'awaiting_return']);
  const ends = ['returned', 'withdrawn', 'refused_at_reception', 'awaiting_return'].includes(status);
  const finished = ends ? Math.min(NOW - 1, instant(received, received + 50 * DAY)) : null;
  const outcome = ends && status !== 'withdrawn' ? pick(['approved', 'refused']) : null;
  return {
    code: `${prefix}-${i}`,
    procedure_code: pick(['P1', 'P2', 'P3']),
    handling_department_code: pick(['D1', 'D2', null]),
    channel: pick(['counter', 'online', 'postal']),
    status,
    received_at: new Date(received),
    original_due_at: new Date(due),
    finished_at: finished === null ? null : new Date(finished),
    outcome,
    timeliness: finished === null ? null : finished > due ? 'late' : pick(['early', 'on_time']),
    rescheduled: next() < 0.1,
  };
}

const COLUMNS = ['code', 'procedure_code', 'handling_department_code', 'channel', 'status', 'received_at', 'original_due_at', 'finished_at', 'outcome', 'timeliness', 'rescheduled'] as const;

/** One multi-row statement (a bulk insert is one trigger call); `upsert` rewrites existing codes. */
async function write(rows: Row[], upsert = false): Promise<void> {
  const values: unknown[] = [];
  const tuples = rows.map((r) => {
    const base = values.length;
    values.push(...COLUMNS.map((c) => r[c]));
    return `($${base + 1}, '${AGENCY}', $${base + 2}, 1, '{}', 'x', ${COLUMNS.slice(2).map((_, j) => `$${base + j + 3}`).join(', ')}, 0, $${base + 7}, $${base + 6}, 1, '{}')`;
  });
  await ds.query(
    `INSERT INTO dossiers (code, agency_code, procedure_code, procedure_version, applicant, applicant_name, ${COLUMNS.slice(2).join(', ')},
       status_code, due_at, at_risk_at, version, view)
     VALUES ${tuples.join(', ')}
     ${upsert ? `ON CONFLICT (code) DO UPDATE SET ${COLUMNS.slice(1).map((c) => `${c} = EXCLUDED.${c}`).join(', ')}` : ''}`,
    values,
  );
}

/** Biểu 06 straight from its definition, one period, row by row (months cut by PostgreSQL's own calendar). */
async function oracle(from: Date, to: Date, groupBy: string | undefined, timeZone: string): Promise<TimelinessRow[]> {
  const grp = groupBy === 'procedure' ? 'd.procedure_code' : groupBy === 'department' ? `coalesce(d.handling_department_code, '')` : `'total'`;
  const periods: { label: string; from: Date; to: Date }[] =
    groupBy === 'month'
      ? await ds.query(
          `SELECT to_char(m, 'YYYY-MM') AS label, greatest(m AT TIME ZONE $3::text, $1::timestamptz) AS "from",
                  least((m + interval '1 month') AT TIME ZONE $3::text, $2::timestamptz) AS "to"
             FROM generate_series(date_trunc('month', $1::timestamptz AT TIME ZONE $3::text), $2::timestamptz AT TIME ZONE $3::text, interval '1 month') AS m
            WHERE (m AT TIME ZONE $3::text) < $2::timestamptz ORDER BY m`,
          [from, to, timeZone],
        )
      : [{ label: 'total', from, to }];
  const out: TimelinessRow[] = [];
  for (const p of periods) {
    const rows: Record<string, string>[] = await ds.query(
      `SELECT ${grp} AS grp,
              count(*) FILTER (WHERE received_at >= $1 AND received_at < $2) AS received,
              count(*) FILTER (WHERE received_at >= $1 AND received_at < $2 AND channel = 'online') AS online,
              count(*) FILTER (WHERE received_at < $1 AND (finished_at IS NULL OR finished_at >= $1)) AS carried,
              count(*) FILTER (WHERE finished_at >= $1 AND finished_at < $2 AND outcome IS NOT NULL) AS resolved,
              count(*) FILTER (WHERE finished_at >= $1 AND finished_at < $2 AND outcome IS NOT NULL AND timeliness = 'early') AS early,
              count(*) FILTER (WHERE finished_at >= $1 AND finished_at < $2 AND outcome IS NOT NULL AND timeliness = 'on_time') AS on_time,
              count(*) FILTER (WHERE finished_at >= $1 AND finished_at < $2 AND outcome IS NOT NULL AND timeliness = 'late') AS late,
              count(*) FILTER (WHERE finished_at >= $1 AND finished_at < $2 AND status = 'withdrawn') AS withdrawn,
              count(*) FILTER (WHERE received_at < $2 AND (finished_at IS NULL OR finished_at >= $2)) AS pending,
              count(*) FILTER (WHERE received_at < $2 AND (finished_at IS NULL OR finished_at >= $2) AND (rescheduled OR original_due_at < least($2, now()))) AS past
         FROM dossiers d WHERE agency_code = $3 AND status NOT IN ('submitted', 'refused_at_reception')
        GROUP BY 1 ORDER BY 1`,
      [p.from, p.to, AGENCY],
    );
    const n = (v: string) => Number(v);
    const report = rows
      .map((r) => ({
        group: groupBy === 'month' ? p.label : r.grp,
        received: { total: n(r.received), online: n(r.online), directOrPostal: n(r.received) - n(r.online), carriedOver: n(r.carried) },
        resolved: { total: n(r.resolved), early: n(r.early), onTime: n(r.on_time), late: n(r.late) },
        pending: { total: n(r.pending), withinDeadline: n(r.pending) - n(r.past), pastDeadline: n(r.past) },
        withdrawn: n(r.withdrawn),
        onTimeRate: n(r.resolved) ? (n(r.early) + n(r.on_time)) / n(r.resolved) : null,
        // Nobody rated these dossiers (test/e2e/ratings.e2e-spec.ts checks the ratings' roll-up).
        satisfaction: NOT_RATED,
      }))
      .filter((r) => groupBy === 'month' || r.received.total + r.received.carriedOver > 0);
    if (groupBy === 'month' && report.length === 0) report.push(emptyRow(p.label));
    out.push(...report);
  }
  return out;
}

const NOT_RATED = { ratings: 0, low: 0, averages: Object.fromEntries(RATING_CRITERIA.map((k) => [k, null])) as TimelinessRow['satisfaction']['averages'] };

function emptyRow(group: string): TimelinessRow {
  return { group, received: { total: 0, online: 0, directOrPostal: 0, carriedOver: 0 }, resolved: { total: 0, early: 0, onTime: 0, late: 0 }, pending: { total: 0, withinDeadline: 0, pastDeadline: 0 }, withdrawn: 0, onTimeRate: null, satisfaction: NOT_RATED };
}

/** Period bounds: anywhere, on a UTC midnight, or on a local midnight (what the web app sends). */
const instant = fc.oneof(
  fc.integer({ min: START - 10 * DAY, max: NOW + 40 * DAY }),
  fc.integer({ min: -10, max: 160 }).map((d) => START + d * DAY),
  fc.integer({ min: -10, max: 160 }).map((d) => START + d * DAY - 7 * HOUR),
);
const query = fc.record({
  a: instant,
  b: instant,
  groupBy: fc.constantFrom(undefined, 'procedure', 'department', 'month'),
  timeZone: fc.constantFrom(...ZONES),
});

async function checkAgainstOracle(runs: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(query, async ({ a, b, groupBy, timeZone }) => {
      fc.pre(a !== b);
      const [from, to] = [new Date(Math.min(a, b)), new Date(Math.max(a, b))];
      const got = await stats.timeliness({ from: from.toISOString(), to: to.toISOString(), groupBy }, actor, timeZone);
      expect(got).toEqual(await oracle(from, to, groupBy, timeZone));
    }),
    { numRuns: runs, seed: 20261127 },
  );
}

beforeAll(async () => {
  ds = await openDataSource(await testConfig());
  stats = new StatsService(ds);
  const next = rng(7);
  const rows = Array.from({ length: 1500 }, (_, i) => randomRow(next, i, 'A'));
  for (let i = 0; i < rows.length; i += 500) await write(rows.slice(i, i + 500));
});

afterAll(async () => {
  await ds?.destroy();
});

describe('timeliness statistics from the rollup', () => {
  it('match the row-by-row definition after a bulk insert', async () => {
    await checkAgainstOracle(60);
  });

  it('follow every kind of change to a dossier', async () => {
    const next = rng(11);
    // Upserts rewrite 300 dossiers with new random contents (the projection's write), one by one and in bulk.
    const rewritten = Array.from({ length: 300 }, (_, i) => randomRow(next, i * 5, 'A'));
    for (const r of rewritten.slice(0, 50)) await write([r], true);
    await write(rewritten.slice(50), true);
    // Updates of single columns the counts depend on.
    await ds.query(`UPDATE dossiers SET status = 'received' WHERE agency_code = $1 AND status = 'submitted' AND code LIKE 'A-1%'`, [AGENCY]);
    await ds.query(`UPDATE dossiers SET rescheduled = NOT rescheduled WHERE agency_code = $1 AND code LIKE 'A-2%'`, [AGENCY]);
    await ds.query(`UPDATE dossiers SET handling_department_code = 'D9', procedure_code = 'P4' WHERE agency_code = $1 AND code LIKE 'A-3%'`, [AGENCY]);
    await ds.query(
      `UPDATE dossiers SET status = 'withdrawn', finished_at = least(received_at + interval '2 days', now()), outcome = NULL, timeliness = NULL
        WHERE agency_code = $1 AND finished_at IS NULL AND code LIKE 'A-4%'`,
      [AGENCY],
    );
    // An update that changes nothing counted writes nothing to the rollup (either level).
    const rollup = async () =>
      Promise.all(['timeliness_daily', 'timeliness_monthly'].map((t) => ds.query(`SELECT * FROM ${t} WHERE agency_code = $1 ORDER BY 1, 2, 3, 4`, [AGENCY])));
    const before = await rollup();
    await ds.query(`UPDATE dossiers SET view = '{"touched": true}', version = version + 1 WHERE agency_code = $1`, [AGENCY]);
    expect(await rollup()).toEqual(before);
    await ds.query(`DELETE FROM dossiers WHERE agency_code = $1 AND code LIKE 'A-5%'`, [AGENCY]);
    await checkAgainstOracle(60);
  });

  it('reconciles Biểu 06 in every period: carried over + received = resolved + withdrawn + pending', async () => {
    // Random periods over the random archive (1,500 dossiers received over 120 days, a tenth of
    // them withdrawn, some refused at the desk or never received, which count nowhere): the
    // identity holds for every row, whatever the grouping, including each month of a breakdown.
    let rows = 0;
    let withdrawn = 0;
    await fc.assert(
      fc.asyncProperty(query, async ({ a, b, groupBy, timeZone }) => {
        fc.pre(a !== b);
        const [from, to] = [new Date(Math.min(a, b)), new Date(Math.max(a, b))];
        for (const r of await stats.timeliness({ from: from.toISOString(), to: to.toISOString(), groupBy }, actor, timeZone)) {
          expect({ group: r.group, in: r.received.carriedOver + r.received.total }).toEqual({ group: r.group, in: r.resolved.total + r.withdrawn + r.pending.total });
          expect(r.resolved.total).toBe(r.resolved.early + r.resolved.onTime + r.resolved.late);
          expect(r.pending.total).toBe(r.pending.withinDeadline + r.pending.pastDeadline);
          rows += 1;
          withdrawn += r.withdrawn;
        }
      }),
      { numRuns: 60, seed: 20261202 },
    );
    // The property saw real traffic, withdrawals included (not a vacuous 0 = 0).
    expect(rows).toBeGreaterThan(60);
    expect(withdrawn).toBeGreaterThan(0);
  });

  it('keeps every count equal to a count of the rows', async () => {
    const [sums] = await ds.query(`SELECT sum(received)::int AS received, sum(finished)::int AS finished, sum(due)::int AS due FROM timeliness_daily WHERE agency_code = $1`, [AGENCY]);
    const [rows] = await ds.query(
      `SELECT count(*)::int AS received, count(finished_at)::int AS finished, count(*)::int AS due FROM dossiers
        WHERE agency_code = $1 AND status NOT IN ('submitted', 'refused_at_reception')`,
      [AGENCY],
    );
    expect(sums).toEqual(rows);
    expect(rows.received).toBeGreaterThan(1000);
  });

  it('keeps the monthly level equal to the daily rows summed by month', async () => {
    const counts = ROLLUP_COUNTS.map((c) => c.name);
    const nonZero = counts.map((n) => `${n} <> 0`).join(' OR ');
    const [{ differing, months }] = await ds.query(
      `WITH d AS (SELECT agency_code, date_trunc('month', day)::date AS month, procedure_code, department_code, ${counts.map((n) => `sum(${n})::int AS ${n}`).join(', ')}
                    FROM timeliness_daily WHERE agency_code = $1 GROUP BY 1, 2, 3, 4),
            m AS (SELECT agency_code, month, procedure_code, department_code, ${counts.join(', ')} FROM timeliness_monthly WHERE agency_code = $1)
       SELECT (SELECT count(*) FROM ((SELECT * FROM d WHERE ${nonZero} EXCEPT SELECT * FROM m) UNION ALL (SELECT * FROM m WHERE ${nonZero} EXCEPT SELECT * FROM d)) x)::int AS differing,
              (SELECT count(DISTINCT month) FROM m)::int AS months`,
      [AGENCY],
    );
    expect(differing).toBe(0);
    expect(months).toBeGreaterThan(3);
  });

  it('refuses an empty or reversed period and an endless monthly breakdown, naming the field', async () => {
    const at = new Date(NOW).toISOString();
    await expect(stats.timeliness({ from: at, to: at }, actor, 'UTC')).rejects.toMatchObject({ status: 400, response: { fields: [{ field: 'to' }] } });
    await expect(stats.timeliness({ from: '2000-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z', groupBy: 'month' }, actor, 'UTC')).rejects.toMatchObject({ status: 400 });
    expect(await stats.timeliness({ from: '2000-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' }, actor, 'UTC')).toHaveLength(1);
  });
});
