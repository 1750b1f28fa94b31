import type { DataSource } from 'typeorm';
import type { ProcedurePlan } from '../../domain/src';

/** Demo agency: the Department of Planning and Investment of Vĩnh Phúc (DOMAIN.md). */
export const DEMO_AGENCY_CODE = '000.00.10.H62';

/**
 * Procedures seeded for demo mode: one on the real working-day clock and one in elapsed
 * seconds, so a newcomer sees at-risk and overdue alerts within minutes of `npm start`.
 */
export const DEMO_PROCEDURES: ProcedurePlan[] = [
  {
    code: '1.001612',
    name: 'Đăng ký thành lập doanh nghiệp tư nhân',
    agencyCode: DEMO_AGENCY_CODE,
    legalTime: { workingDays: 3 },
    steps: [
      { key: 'reception', name: 'Tiếp nhận hồ sơ', role: 'reception', departmentCode: 'MOT_CUA', duration: { workingHours: 4 } },
      { key: 'review', name: 'Thẩm định hồ sơ', role: 'reviewer', departmentCode: 'DKKD', duration: { workingHours: 12 } },
      { key: 'approval', name: 'Phê duyệt, ký', role: 'approver', departmentCode: 'DKKD', duration: { workingHours: 4 } },
      { key: 'return', name: 'Trả kết quả', role: 'return', departmentCode: 'MOT_CUA', duration: { workingHours: 4 } },
    ],
  },
  {
    code: '9.000001',
    name: 'Thủ tục minh hoạ (thời hạn tính bằng giây)',
    agencyCode: DEMO_AGENCY_CODE,
    legalTime: { seconds: 600 },
    steps: [
      { key: 'reception', name: 'Tiếp nhận hồ sơ', role: 'reception', departmentCode: 'MOT_CUA', duration: { seconds: 60 } },
      { key: 'review', name: 'Thẩm định hồ sơ', role: 'reviewer', departmentCode: 'DKKD', duration: { seconds: 240 } },
      { key: 'approval', name: 'Phê duyệt, ký', role: 'approver', departmentCode: 'DKKD', duration: { seconds: 120 } },
      { key: 'return', name: 'Trả kết quả', role: 'return', departmentCode: 'MOT_CUA', duration: { seconds: 60 } },
    ],
  },
];

/** Inserts the demo procedures that are missing; never touches edited ones. */
export async function seedDemoData(ds: DataSource): Promise<void> {
  for (const p of DEMO_PROCEDURES) {
    await ds.query(
      `INSERT INTO procedures (code, version, name, agency_code, legal_time, steps) VALUES ($1, 1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [p.code, p.name, p.agencyCode, JSON.stringify(p.legalTime), JSON.stringify(p.steps)],
    );
  }
}
