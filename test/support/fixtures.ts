import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import type { Duration, StepPlan } from '../../libs/domain/src';
import type { DataSource } from 'typeorm';

/** A procedure timed in elapsed seconds so deadlines pass during a test. */
export function secondsProcedure(stepSeconds: number[], code = `9.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`, agencyCode = DEMO_AGENCY_CODE) {
  const roles: StepPlan['role'][] = ['reception', 'reviewer', 'approver', 'return'];
  const steps: StepPlan[] = stepSeconds.map((seconds, i) => ({
    key: ['reception', 'review', 'approval', 'return'][i] ?? `step${i}`,
    name: ['Tiếp nhận', 'Thẩm định', 'Phê duyệt', 'Trả kết quả'][i] ?? `Bước ${i}`,
    role: roles[i] ?? 'reviewer',
    departmentCode: i === 0 || i === 3 ? 'MOT_CUA' : 'DKKD',
    duration: { seconds },
  }));
  const legalTime: Duration = { seconds: stepSeconds.reduce((a, b) => a + b, 0) + 1 };
  return { code, name: 'Thủ tục thử nghiệm', agencyCode, legalTime, steps };
}

export type TestProcedure = ReturnType<typeof secondsProcedure>;

export async function insertProcedure(ds: DataSource, p: TestProcedure): Promise<void> {
  await ds.query(`INSERT INTO procedures (code, version, name, agency_code, legal_time, steps) VALUES ($1, 1, $2, $3, $4, $5)`, [
    p.code, p.name, p.agencyCode, JSON.stringify(p.legalTime), JSON.stringify(p.steps),
  ]);
}

export async function alertCounts(ds: DataSource, code: string): Promise<Record<string, number>> {
  const rows: { kind: string; step_key: string; n: string }[] = await ds.query(
    `SELECT kind, step_key, count(*) AS n FROM alerts WHERE dossier_code = $1 GROUP BY kind, step_key`,
    [code],
  );
  return Object.fromEntries(rows.map((r) => [r.step_key ? `${r.kind}:${r.step_key}` : r.kind, Number(r.n)]));
}
