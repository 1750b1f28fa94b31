import { hash } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import { hasAgencyWideReach, type Role, type StepPlan } from '../../domain/src';
import { insertProcedure, type ProcedureInput } from './procedure-store';

/** Demo agency: the Department of Planning and Investment of Vĩnh Phúc (DOMAIN.md). */
export const DEMO_AGENCY_CODE = '000.00.10.H62';

const ENTERPRISE_LAW = 'Luật Doanh nghiệp số 59/2020/QH14; Nghị định 168/2025/NĐ-CP về đăng ký doanh nghiệp; Thông tư 68/2025/TT-BTC (biểu mẫu)';
const FEE = 'Lệ phí đăng ký doanh nghiệp 50.000 đồng/lần (miễn khi nộp trực tuyến); phí công bố thông tin 100.000 đồng';

/** The internal plan of a 3-working-day registration: 24 working hours split over the units. */
function threeDayPlan(review = 'Thẩm định hồ sơ đăng ký doanh nghiệp'): StepPlan[] {
  return [
    { key: 'reception', name: 'Tiếp nhận, chuyển hồ sơ', role: 'reception', departmentCode: 'MOT_CUA', duration: { workingHours: 2 } },
    { key: 'review', name: review, role: 'reviewer', departmentCode: 'DKKD', duration: { workingHours: 14 } },
    { key: 'approval', name: 'Trưởng phòng ký duyệt', role: 'approver', departmentCode: 'DKKD', duration: { workingHours: 4 } },
    { key: 'return', name: 'Trả kết quả', role: 'return', departmentCode: 'MOT_CUA', duration: { workingHours: 4 } },
  ];
}

const identity = { name: 'Bản sao giấy tờ pháp lý của cá nhân (CCCD/hộ chiếu)', copies: 1, original: false };
const request = (what: string) => ({ name: `Giấy đề nghị ${what}`, copies: 1, original: true });

/**
 * A realistic catalog of a provincial Department of Planning and Investment. Names, legal times and
 * documents follow the Enterprise Law 2020 and the Investment Law 2020; the codes follow the
 * national database's pattern but must be checked against it before production use (they are seed
 * data, editable through PUT /api/procedures/:code). `9.000001` is a demo timed in seconds.
 */
export const DEMO_PROCEDURES: ProcedureInput[] = [
  {
    code: '1.001612', name: 'Đăng ký thành lập doanh nghiệp tư nhân', agencyCode: DEMO_AGENCY_CODE, legalTime: { workingDays: 3 },
    field: 'Thành lập và hoạt động của doanh nghiệp', fees: FEE, legalBasis: ENTERPRISE_LAW, steps: threeDayPlan(),
    documents: [request('đăng ký doanh nghiệp tư nhân'), identity],
  },
  {
    code: '2.002002', name: 'Đăng ký thành lập công ty TNHH một thành viên', agencyCode: DEMO_AGENCY_CODE, legalTime: { workingDays: 3 },
    field: 'Thành lập và hoạt động của doanh nghiệp', fees: FEE, legalBasis: ENTERPRISE_LAW, steps: threeDayPlan(),
    documents: [request('đăng ký doanh nghiệp'), { name: 'Điều lệ công ty', copies: 1, original: true }, identity, { name: 'Bản sao giấy tờ pháp lý của chủ sở hữu là tổ chức (nếu có)', copies: 1 }],
  },
  {
    code: '2.002020', name: 'Đăng ký thành lập công ty cổ phần', agencyCode: DEMO_AGENCY_CODE, legalTime: { workingDays: 3 },
    field: 'Thành lập và hoạt động của doanh nghiệp', fees: FEE, legalBasis: ENTERPRISE_LAW, steps: threeDayPlan(),
    documents: [request('đăng ký doanh nghiệp'), { name: 'Điều lệ công ty', copies: 1, original: true }, { name: 'Danh sách cổ đông sáng lập', copies: 1, original: true }, identity],
  },
  {
    code: '2.002035', name: 'Đăng ký thay đổi người đại diện theo pháp luật của công ty', agencyCode: DEMO_AGENCY_CODE, legalTime: { workingDays: 3 },
    field: 'Thành lập và hoạt động của doanh nghiệp', fees: FEE, legalBasis: ENTERPRISE_LAW, steps: threeDayPlan('Thẩm định hồ sơ thay đổi nội dung đăng ký'),
    documents: [{ name: 'Thông báo thay đổi nội dung đăng ký doanh nghiệp', copies: 1, original: true }, { name: 'Nghị quyết, quyết định của chủ sở hữu / Hội đồng thành viên / Đại hội đồng cổ đông', copies: 1, original: true }, identity],
  },
  {
    code: '2.002049', name: 'Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn', agencyCode: DEMO_AGENCY_CODE, legalTime: { workingDays: 3 },
    field: 'Thành lập và hoạt động của doanh nghiệp', fees: 'Không', legalBasis: ENTERPRISE_LAW, steps: threeDayPlan('Xem xét thông báo tạm ngừng kinh doanh'),
    documents: [{ name: 'Thông báo tạm ngừng kinh doanh', copies: 1, original: true }, { name: 'Nghị quyết, quyết định về việc tạm ngừng kinh doanh', copies: 1, original: true }],
  },
  {
    code: '1.009645', name: 'Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án không thuộc diện chấp thuận chủ trương đầu tư', agencyCode: DEMO_AGENCY_CODE,
    legalTime: { workingDays: 15 }, field: 'Đầu tư tại Việt Nam', fees: 'Không', legalBasis: 'Luật Đầu tư số 61/2020/QH14, Điều 38; Nghị định 31/2021/NĐ-CP',
    supplementWindowDays: 3,
    steps: [
      { key: 'reception', name: 'Tiếp nhận, chuyển hồ sơ', role: 'reception', departmentCode: 'MOT_CUA', duration: { workingHours: 4 } },
      { key: 'review', name: 'Thẩm định, lấy ý kiến cơ quan liên quan', role: 'reviewer', departmentCode: 'DAUTU', duration: { workingDays: 11 } },
      { key: 'approval', name: 'Lãnh đạo Sở phê duyệt, ký', role: 'approver', departmentCode: 'LANH_DAO', duration: { workingDays: 2 } },
      { key: 'return', name: 'Trả kết quả', role: 'return', departmentCode: 'MOT_CUA', duration: { workingHours: 12 } },
    ],
    documents: [{ name: 'Văn bản đề nghị thực hiện dự án đầu tư', copies: 1, original: true }, { name: 'Đề xuất dự án đầu tư', copies: 1, original: true }, { name: 'Tài liệu về tư cách pháp lý của nhà đầu tư', copies: 1 }, { name: 'Tài liệu chứng minh năng lực tài chính của nhà đầu tư', copies: 1 }],
  },
  {
    code: '9.000001', name: 'Thủ tục minh hoạ (thời hạn tính bằng giây)', agencyCode: DEMO_AGENCY_CODE, legalTime: { seconds: 600 },
    field: 'Minh hoạ', fees: 'Không', legalBasis: 'Dữ liệu minh hoạ cho môi trường thử nghiệm',
    steps: [
      { key: 'reception', name: 'Tiếp nhận hồ sơ', role: 'reception', departmentCode: 'MOT_CUA', duration: { seconds: 60 } },
      { key: 'review', name: 'Thẩm định hồ sơ', role: 'reviewer', departmentCode: 'DKKD', duration: { seconds: 240 } },
      { key: 'approval', name: 'Phê duyệt, ký', role: 'approver', departmentCode: 'DKKD', duration: { seconds: 120 } },
      { key: 'return', name: 'Trả kết quả', role: 'return', departmentCode: 'MOT_CUA', duration: { seconds: 60 } },
    ],
    documents: [request('minh hoạ')],
  },
];

export const DEMO_DEPARTMENTS = [
  { code: 'MOT_CUA', name: 'Bộ phận Một cửa' },
  { code: 'DKKD', name: 'Phòng Đăng ký kinh doanh' },
  { code: 'DAUTU', name: 'Phòng Đầu tư' },
  { code: 'LANH_DAO', name: 'Lãnh đạo Sở' },
];

export const DEMO_PASSWORD = 'demo';

export const DEMO_USERS: { username: string; fullName: string; roles: Role[]; departmentCode?: string }[] = [
  { username: 'admin', fullName: 'Quản trị hệ thống', roles: ['admin'] },
  { username: 'reception', fullName: 'Nguyễn Thị Lan (Một cửa)', roles: ['reception'], departmentCode: 'MOT_CUA' },
  { username: 'reviewer', fullName: 'Trần Văn Minh (chuyên viên ĐKKD)', roles: ['reviewer'], departmentCode: 'DKKD' },
  { username: 'approver', fullName: 'Lê Hoàng Nam (Trưởng phòng ĐKKD)', roles: ['approver'], departmentCode: 'DKKD' },
  { username: 'supervisor', fullName: 'Phạm Thu Hà (giám sát)', roles: ['supervisor'] },
];

/** The demo agency, its departments and one account per role (password `demo`); missing ones only. */
export async function seedDemoAccounts(ds: DataSource): Promise<void> {
  await ds.query(`INSERT INTO agencies (code, name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [DEMO_AGENCY_CODE, 'Sở Kế hoạch và Đầu tư tỉnh Vĩnh Phúc']);
  for (const d of DEMO_DEPARTMENTS) await ds.query(`INSERT INTO departments (code, agency_code, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [d.code, DEMO_AGENCY_CODE, d.name]);
  const passwordHash = await hash(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    await ds.query(
      `INSERT INTO users (username, full_name, password_hash, agency_code, department_code, roles, agency_wide, demo) VALUES ($1, $2, $3, $4, $5, $6, $7, true) ON CONFLICT (username) DO NOTHING`,
      // Reach is explicit: the admin and the supervisor (in no department) are agency-wide by their roles, the others work in their department.
      [u.username, u.fullName, passwordHash, DEMO_AGENCY_CODE, u.departmentCode ?? null, u.roles, hasAgencyWideReach(u.roles, false, u.departmentCode)],
    );
  }
}

/** Demo mode: the catalog procedures that are missing (edited ones untouched) and the demo accounts. */
export async function seedDemoData(ds: DataSource): Promise<void> {
  for (const p of DEMO_PROCEDURES) await insertProcedure(ds, p, 'first');
  await seedDemoAccounts(ds);
}
