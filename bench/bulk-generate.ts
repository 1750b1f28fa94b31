import type { Pool } from 'pg';

export const GENERATED_DEPARTMENTS = ['MOT_CUA', ...Array.from({ length: 11 }, (_, i) => `P${String(i + 1).padStart(2, '0')}`)];
const PROCEDURES = 40;
/** One agency holds the whole archive, so an agency-scoped reader sees all of it (the worst case). */
export const GENERATED_AGENCY = 'GEN01';

/**
 * Generated rows, one per dossier (`d`) and per step (`st`), entirely in SQL (generate_series),
 * so a million dossiers take minutes. The spread is meant to look like a provincial archive:
 * 40 procedures with skewed popularity (a few carry most of the load), one agency, 12
 * departments (the one-stop desk receives and returns, 11 specialised ones review and approve),
 * receipts over 24 months growing towards today, legal times of 3–15 working days, nearly
 * everything older than 45 days finished (mostly on time, some late), recent ones partly open at
 * any of the four steps, so some are overdue.
 */
const ROWS_SQL = `
g AS (
  SELECT i, 1 + floor(${PROCEDURES} * power(random(), 2))::int AS p,
         now() - make_interval(secs => 730 * 86400 * power(random(), 1.15)) AS received_at,
         random() AS r_fin, random() AS r_speed, floor(random() * 4)::int AS r_cur
    FROM generate_series($1::int, $2::int) AS i
), d0 AS (
  -- A dossier whose end of processing would come after now is still open (not ended now: that
  -- would pile thousands of completions onto the generation's instant).
  SELECT g.*, s.span, f.finish,
         CASE WHEN received_at < now() - interval '45 days' THEN r_fin < 0.995 ELSE r_fin < 0.4 END AND f.finish <= now() AS finished
    FROM g CROSS JOIN LATERAL (SELECT make_interval(secs => (3 + (g.p * 7) % 13) * 1.4 * 86400) AS span) s
           CROSS JOIN LATERAL (SELECT g.received_at + s.span * (0.35 + 0.9 * g.r_speed) AS finish) f
), d AS (
  SELECT i, p, received_at, span, received_at + span AS due_at, received_at + span - interval '1.4 days' AS at_risk_at,
         '${GENERATED_AGENCY}' AS agency, '7.' || lpad(p::text, 6, '0') AS procedure_code,
         '${GENERATED_AGENCY}-' || lpad(i::text, 8, '0') AS code,
         CASE WHEN finished THEN finish END AS finished_at,
         CASE WHEN finished THEN NULL ELSE r_cur END AS cur
    FROM d0
), st AS (
  SELECT d.i, s.pos, s.key, s.name, s.role,
         CASE WHEN s.pos IN (0, 3) THEN 'MOT_CUA' ELSE 'P' || lpad((1 + d.p % 11)::text, 2, '0') END AS department,
         CASE WHEN d.cur IS NULL OR s.pos < d.cur THEN 'done' WHEN s.pos = d.cur THEN 'active' ELSE 'pending' END AS status,
         CASE WHEN d.cur IS NULL OR s.pos <= d.cur THEN least(d.received_at + d.span * s.f0, now()) END AS started_at,
         d.received_at + d.span * (s.f0 + s.f) AS due_at,
         d.received_at + d.span * (s.f0 + 0.75 * s.f) AS at_risk_at,
         CASE WHEN d.cur IS NULL THEN d.received_at + (d.finished_at - d.received_at) * (s.f0 + s.f)
              WHEN s.pos < d.cur THEN least(d.received_at + d.span * (s.f0 + s.f), now()) END AS completed_at
    FROM d CROSS JOIN (VALUES (0, 'reception', 'Tiếp nhận hồ sơ', 'reception', 0.0, 1 / 6.0),
                              (1, 'review', 'Thẩm định hồ sơ', 'reviewer', 1 / 6.0, 0.5),
                              (2, 'approval', 'Phê duyệt, ký', 'approver', 2 / 3.0, 1 / 6.0),
                              (3, 'return', 'Trả kết quả', 'return', 5 / 6.0, 1 / 6.0)) AS s(pos, key, name, role, f0, f)
), st2 AS (
  SELECT st.*, CASE WHEN completed_at IS NULL THEN NULL WHEN completed_at <= due_at THEN 'on_time' ELSE 'late' END AS timeliness FROM st
), sv AS (
  SELECT i, jsonb_agg(jsonb_strip_nulls(jsonb_build_object('key', key, 'name', name, 'role', role, 'departmentCode', department, 'position', pos,
           'attempt', 1, 'clock', 'working', 'status', status, 'startedAt', started_at, 'dueAt', due_at, 'atRiskAt', at_risk_at,
           'completedAt', completed_at, 'timeliness', timeliness)) ORDER BY pos) AS steps
    FROM st2 GROUP BY i
), dv AS (
  SELECT d.*, sv.steps,
         CASE WHEN d.cur IS NULL THEN 'returned' WHEN d.cur = 0 THEN 'received' ELSE 'processing' END AS status,
         CASE WHEN d.cur IS NULL THEN 10 WHEN d.cur = 0 THEN 2 ELSE 4 END AS status_code,
         CASE WHEN d.finished_at IS NULL THEN NULL WHEN d.finished_at < d.due_at - interval '1 day' THEN 'early'
              WHEN d.finished_at <= d.due_at THEN 'on_time' ELSE 'late' END AS timeliness,
         (ARRAY['reception', 'review', 'approval', 'return'])[d.cur + 1] AS current_step_key,
         CASE WHEN d.cur IS NULL THEN NULL WHEN d.cur IN (0, 3) THEN 'MOT_CUA' ELSE 'P' || lpad((1 + d.p % 11)::text, 2, '0') END AS current_department,
         coalesce(d.cur + 1, 5) AS version
    FROM d JOIN sv USING (i)
)`;

/** Column → expression over `dv` (dossiers) or `st2 JOIN dv` (steps); a column the table lacks is skipped. */
const DOSSIER_COLUMNS: [string, string][] = [
  ['code', 'code'], ['agency_code', 'agency'], ['procedure_code', 'procedure_code'], ['procedure_version', '1'],
  ['applicant', `jsonb_build_object('name', 'Công dân ' || i)`], ['applicant_name', `'Công dân ' || i`],
  ['channel', `(ARRAY['counter', 'online', 'postal'])[1 + i % 3]`], ['status', 'status'], ['status_code', 'status_code'],
  ['received_at', 'received_at'], ['due_at', 'due_at'], ['at_risk_at', 'at_risk_at'], ['original_due_at', 'due_at'],
  ['finished_at', 'finished_at'], ['returned_at', 'finished_at'], ['timeliness', 'timeliness'],
  ['outcome', `CASE WHEN finished_at IS NOT NULL THEN 'approved' END`], ['current_step_key', 'current_step_key'],
  ['current_department_code', 'current_department'], ['version', 'version'],
  ['handling_department_code', `'P' || lpad((1 + p % 11)::text, 2, '0')`],
  ['view', `jsonb_strip_nulls(jsonb_build_object('code', code, 'agencyCode', agency, 'procedureCode', procedure_code, 'procedureVersion', 1,
     'status', status, 'statusCode', status_code, 'receivedAt', received_at, 'dueAt', due_at, 'atRiskAt', at_risk_at, 'originalDueAt', due_at,
     'finishedAt', finished_at, 'returnedAt', finished_at, 'timeliness', timeliness, 'currentStepKey', current_step_key,
     'outcome', CASE WHEN finished_at IS NOT NULL THEN 'approved' END, 'supplementRequests', 0)) || jsonb_build_object('pauses', '[]'::jsonb, 'steps', steps)`],
];
const STEP_COLUMNS: [string, string][] = [
  ['dossier_code', 'dv.code'], ['agency_code', 'dv.agency'], ['step_key', 'st2.key'], ['position', 'st2.pos'], ['attempt', '1'], ['name', 'st2.name'], ['role', 'st2.role'],
  ['department_code', 'st2.department'], ['clock', `'working'`], ['status', 'st2.status'], ['started_at', 'st2.started_at'],
  ['due_at', 'st2.due_at'], ['at_risk_at', 'st2.at_risk_at'], ['completed_at', 'st2.completed_at'], ['timeliness', 'st2.timeliness'], ['version', 'dv.version'],
];

interface ColumnInfo {
  column_name: string;
  required: boolean;
}

/**
 * Builds the batch statement for the schema as it is: the tables evolve with the app, so columns
 * are matched by name, and a new mandatory column the generator does not know stops it with a
 * message naming it rather than with a constraint violation a million rows in.
 */
async function batchStatement(db: Pool): Promise<string> {
  const pick = async (table: string, known: [string, string][]) => {
    const { rows } = await db.query<ColumnInfo>(
      `SELECT column_name, (is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO') AS required
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
      [table],
    );
    const names = new Set(rows.map((r) => r.column_name));
    const missing = rows.filter((r) => r.required && !known.some(([c]) => c === r.column_name)).map((r) => r.column_name);
    if (missing.length) throw new Error(`bench/bulk-generate.ts does not know how to fill ${table}.${missing.join(`, ${table}.`)}; add it there`);
    return known.filter(([c]) => names.has(c));
  };
  const dossiers = await pick('dossiers', DOSSIER_COLUMNS);
  const steps = await pick('dossier_steps', STEP_COLUMNS);
  return `WITH ${ROWS_SQL},
ins AS (INSERT INTO dossiers (${dossiers.map(([c]) => c).join(', ')}) SELECT ${dossiers.map(([, e]) => e).join(', ')} FROM dv RETURNING 1)
INSERT INTO dossier_steps (${steps.map(([c]) => c).join(', ')}) SELECT ${steps.map(([, e]) => e).join(', ')} FROM st2 JOIN dv USING (i)`;
}

export interface GeneratedCounts {
  dossiers: number;
  open: number;
  overdue: number;
  activeSteps: number;
  postgresMiB: number;
}

/** Adds `rows` generated dossiers (with their four steps each) in batches, reporting progress. */
export async function bulkGenerate(db: Pool, rows: number, log: (msg: string) => void, batch = 100_000): Promise<number> {
  const started = Date.now();
  const sql = await batchStatement(db);
  const { rows: existing } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM dossiers WHERE agency_code = '${GENERATED_AGENCY}'`);
  const offset = Number(existing[0].n);
  await db.query(
    `INSERT INTO procedures (code, version, name, agency_code, legal_time, steps)
     SELECT '7.' || lpad(p::text, 6, '0'), 1, 'Thủ tục ' || p, '${GENERATED_AGENCY}',
            jsonb_build_object('workingDays', 3 + (p * 7) % 13), '[]'::jsonb
       FROM generate_series(1, ${PROCEDURES}) AS p ON CONFLICT DO NOTHING`,
  );
  for (let from = 1; from <= rows; from += batch) {
    const to = Math.min(rows, from + batch - 1);
    await db.query(sql, [offset + from, offset + to]);
    log(`  generated ${to}/${rows} dossiers (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  // An archive that has been in use is vacuumed: its visibility map is set, so index-only scans
  // read no heap. Right after a bulk load it is not, and autovacuum would set it at a random point
  // of the timed reads.
  for (const table of ['dossiers', 'dossier_steps', 'timeliness_daily', 'timeliness_monthly']) await db.query(`VACUUM (ANALYZE) ${table}`);
  return Date.now() - started;
}

export async function generatedCounts(db: Pool): Promise<GeneratedCounts> {
  const { rows } = await db.query<Record<keyof GeneratedCounts, string>>(
    `SELECT (SELECT count(*) FROM dossiers) AS dossiers,
            (SELECT count(*) FROM dossiers WHERE finished_at IS NULL) AS open,
            (SELECT count(*) FROM dossiers WHERE finished_at IS NULL AND due_at < now()) AS overdue,
            (SELECT count(*) FROM dossier_steps WHERE status = 'active') AS "activeSteps",
            pg_database_size(current_database()) / 1048576 AS "postgresMiB"`,
  );
  const r = rows[0];
  return { dossiers: Number(r.dossiers), open: Number(r.open), overdue: Number(r.overdue), activeSteps: Number(r.activeSteps), postgresMiB: Number(r.postgresMiB) };
}
