import { randomInt } from 'node:crypto';
import type { HttpClient } from './http-client';

export interface BenchProcedure {
  code: string;
  name: string;
  agencyCode: string;
  legalTime: { workingDays: number } | { workingHours: number } | { seconds: number };
  steps: { key: string; name: string; role: 'reception' | 'reviewer' | 'approver' | 'return'; departmentCode?: string; duration: BenchProcedure['legalTime']; atRiskRatio?: number }[];
}

/** Procedure codes must look like d.dddddd; 8.xxxxxx is unused by real catalogues, so bench ones stand out. */
export function benchCode(): string {
  return `8.${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}

/** Agency codes are the prefix of dossier codes, so a random one isolates a scenario's dossiers. */
export function benchAgency(tag: string): string {
  return `B${tag}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}

/**
 * A realistic plan on the working-day clock (the demo's business registration: 3 working days in
 * four steps). Its first alarm is hours of office time away, so intake and capacity dossiers stay
 * open with pending timers and never alert during a run.
 */
export function workingProcedure(agencyCode: string): BenchProcedure {
  return {
    code: benchCode(),
    name: 'Đăng ký thành lập doanh nghiệp tư nhân (bench)',
    agencyCode,
    legalTime: { workingDays: 3 },
    steps: [
      { key: 'reception', name: 'Tiếp nhận hồ sơ', role: 'reception', departmentCode: 'MOT_CUA', duration: { workingHours: 4 } },
      { key: 'review', name: 'Thẩm định hồ sơ', role: 'reviewer', departmentCode: 'DKKD', duration: { workingHours: 12 } },
      { key: 'approval', name: 'Phê duyệt, ký', role: 'approver', departmentCode: 'DKKD', duration: { workingHours: 4 } },
      { key: 'return', name: 'Trả kết quả', role: 'return', departmentCode: 'MOT_CUA', duration: { workingHours: 4 } },
    ],
  };
}

export async function createProcedure(http: HttpClient, p: BenchProcedure): Promise<BenchProcedure> {
  const res = await http.post('/api/procedures', p);
  if (res.status !== 201) throw new Error(`POST /api/procedures answered ${res.status}: ${JSON.stringify(res.body).slice(0, 400)}`);
  return p;
}

export interface Receipt {
  code: string;
  dueAt: string;
  receivedAt: string;
  steps: { key: string; dueAt: string; atRiskAt: string }[];
}

/** Checks a registration answer; returns the receipt or a description of what is wrong with it. */
export function checkReceipt(status: number, body: unknown, steps: number): Receipt | string {
  if (status !== 201) return `POST /api/dossiers answered ${status}: ${JSON.stringify(body).slice(0, 300)}`;
  const r = body as Partial<Receipt> | undefined;
  if (!r?.code || !r.dueAt || !Array.isArray(r.steps) || r.steps.length !== steps || r.steps.some((s) => !s.dueAt || !s.atRiskAt)) {
    return `malformed receipt: ${JSON.stringify(body).slice(0, 300)}`;
  }
  return r as Receipt;
}

const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Hùng', 'Lan', 'Minh', 'Nga', 'Quỳnh', 'Sơn', 'Trang'];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'];

/** A plausible registration body (Vietnamese names exercise UTF-8 end to end). */
export function registrationBody(procedureCode: string, i: number, receivedAt?: string): Record<string, unknown> {
  return {
    procedureCode,
    applicant: { name: `${FAMILY[i % FAMILY.length]} Thị ${GIVEN[i % GIVEN.length]} ${i}`, phone: `09${String(10_000_000 + (i % 89_999_999))}` },
    channel: 'online',
    ...(receivedAt ? { receivedAt } : {}),
  };
}

/** Wall-clock now with sub-millisecond resolution, comparable with server timestamps. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}
