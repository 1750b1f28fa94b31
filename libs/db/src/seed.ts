import { hash } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import { hasAgencyWideReach, type Role, type StepPlan } from '../../domain/src';
import { mergeAgency } from './agencies';
import { insertProcedure, type ProcedureInput } from './procedure-store';

/**
 * The demo agencies (issue 19 item 6). The seed's department of 2019 is the Department of Planning
 * and Investment of Vĩnh Phúc; provincial Departments of Planning and Investment were merged into
 * the Departments of Finance from 1 March 2025, so the working agency of the demo is the province's
 * Department of Finance, its successor. Agency codes follow the pattern of Circular 10/2016/TT-BTTTT
 * (`000.00.xx.H62`, H62 = Vĩnh Phúc): `000.00.10.H62` is the code DOMAIN.md gives the 2019
 * department; the Department of Finance's code could not be verified with the tools of this
 * session (no published list of Vĩnh Phúc's codes was found) and is a placeholder to replace with
 * the real one. Vĩnh Phúc itself was merged into Phú Thọ from 1 July 2025 (Resolution
 * 202/2025/QH15): that second succession is not seeded.
 */
export const PREDECESSOR_AGENCY = { code: '000.00.10.H62', name: 'Sở Kế hoạch và Đầu tư tỉnh Vĩnh Phúc', effectiveFrom: '2019-01-01' } as const;
export const MERGER_DATE = '2025-03-01';
/** The working agency of the demo (staff, catalog, new dossiers): the Department of Finance, successor of the 2019 department. */
export const DEMO_AGENCY_CODE = '000.00.11.H62';
export const DEMO_AGENCY_NAME = 'Sở Tài chính tỉnh Vĩnh Phúc';

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

/** Where a seeded procedure's code, name and legal time come from, and whether the code could be checked. */
export interface CatalogSource {
  /** true: the code was found with this name in a national or provincial publication (cited); false: not verifiable here. */
  verified: boolean;
  source: string;
}

/** Where the codes and names come from: the national catalog as crawled from dichvucong.gov.vn. */
const NATIONAL_CATALOG = 'CSDL quốc gia về TTHC (dichvucong.gov.vn), bản thu thập 18/07/2026: kho công khai github.com/VoidKeishi/OpenGOV, backend/data/crawl/catalog.jsonl';

/**
 * The source of each seeded procedure (issue 19 item 5). The national procedure database could not
 * be queried from here; a public copy of its catalog could (5,670 procedures crawled from
 * dichvucong.gov.vn on 18 July 2026, NATIONAL_CATALOG): every code and name below is the
 * catalog's, all issued by the Ministry of Finance for the provincial Departments of Finance.
 * Four codes seeded before were wrong: 2.002002 and 2.002035 and 2.002049 are not in the catalog,
 * and 2.002020 is the closing of a branch, representative office or business location; the
 * procedures they stood for are 2.001583, 2.002011 (which covers the change of legal
 * representative), 2.002043 and 2.002029.
 * Legal times: enterprise registration and its changes 3 working days (Luật Doanh nghiệp 2020 Điều 26
 * khoản 2); the approval of an investment policy 35 days (calendar days): the Investment Law's
 * procedure reads "within 35 days" of the complete dossier, beside "within 03 working days" to ask
 * for opinions and "15 days" for them (the text lawnet.vn quotes for the provincial procedure; which
 * article of which act now holds it could not be confirmed here); the procedure as amended by
 * Decree 19/2025/NĐ-CP Art. 8(1) still counts "03 working days" and "15 days" apart (lawnet.vn).
 * Phú Thọ published it as 35 working days (phutho.gov.vn/vi/chap-thuan-chu-truong-dau-tu-cua-ubnd-cap-tinh-muc-do-3);
 * the law says days where it means them, so the seed counts calendar days.
 */
export const CATALOG_SOURCES: Record<string, CatalogSource> = {
  '2.001610': { verified: true, source: `${NATIONAL_CATALOG} (mã 2.001610, cùng tên); Luật Doanh nghiệp 2020 Điều 26 khoản 2: 03 ngày làm việc` },
  '2.001583': { verified: true, source: `${NATIONAL_CATALOG} (mã 2.001583, cùng tên); Luật Doanh nghiệp 2020 Điều 26 khoản 2: 03 ngày làm việc` },
  '2.002043': { verified: true, source: `${NATIONAL_CATALOG} (mã 2.002043, cùng tên); Luật Doanh nghiệp 2020 Điều 26 khoản 2: 03 ngày làm việc` },
  '2.002011': { verified: true, source: `${NATIONAL_CATALOG} (mã 2.002011, cùng tên); thời hạn 03 ngày làm việc theo Nghị định 168/2025/NĐ-CP (chưa đối chiếu điều khoản)` },
  '2.002029': { verified: true, source: `${NATIONAL_CATALOG} (mã 2.002029, cùng tên); thời hạn 03 ngày làm việc theo Nghị định 168/2025/NĐ-CP (chưa đối chiếu điều khoản)` },
  '1.009645': { verified: true, source: `${NATIONAL_CATALOG} (mã 1.009645, cùng tên); thời hạn 35 ngày (ngày theo lịch) theo Luật Đầu tư 2020 (lawnet.vn); Phú Thọ công bố 35 ngày làm việc` },
};

/**
 * A catalog of a provincial department in charge of enterprise registration and investment (the
 * Department of Finance since the 2025 merger). Each real procedure cites its source in
 * CATALOG_SOURCES; `9.000001` is a demo timed in seconds.
 */
export const DEMO_PROCEDURES: ProcedureInput[] = [
  {
    code: '2.001610', name: 'Đăng ký thành lập doanh nghiệp tư nhân', agencyCode: DEMO_AGENCY_CODE, legalTime: { workingDays: 3 },
    field: 'Thành lập và hoạt động của doanh nghiệp', fees: FEE, legalBasis: ENTERPRISE_LAW, steps: threeDayPlan(),
    documents: [request('đăng ký doanh nghiệp tư nhân'), identity],
  },
  {
    code: '2.001583', name: 'Đăng ký thành lập công ty TNHH một thành viên', agencyCode: DEMO_AGENCY_CODE, legalTime: { workingDays: 3 },
    field: 'Thành lập và hoạt động của doanh nghiệp', fees: FEE, legalBasis: ENTERPRISE_LAW, steps: threeDayPlan(),
    documents: [request('đăng ký doanh nghiệp'), { name: 'Điều lệ công ty', copies: 1, original: true }, identity, { name: 'Bản sao giấy tờ pháp lý của chủ sở hữu là tổ chức (nếu có)', copies: 1 }],
  },
  {
    code: '2.002043', name: 'Đăng ký thành lập công ty cổ phần', agencyCode: DEMO_AGENCY_CODE, legalTime: { workingDays: 3 },
    field: 'Thành lập và hoạt động của doanh nghiệp', fees: FEE, legalBasis: ENTERPRISE_LAW, steps: threeDayPlan(),
    documents: [request('đăng ký doanh nghiệp'), { name: 'Điều lệ công ty', copies: 1, original: true }, { name: 'Danh sách cổ đông sáng lập', copies: 1, original: true }, identity],
  },
  {
    code: '2.002011',
    name: 'Đăng ký thay đổi thành viên hợp danh; đăng ký thay đổi thành viên công ty trách nhiệm hữu hạn hai thành viên trở lên; đăng ký thay đổi người đại diện theo pháp luật của công ty trách nhiệm hữu hạn, công ty cổ phần; đăng ký thay đổi chủ sở hữu công ty trách nhiệm hữu hạn một thành viên; đăng ký thay đổi chủ doanh nghiệp tư nhân trong trường hợp bán, tặng cho doanh nghiệp, chủ doanh nghiệp chết',
    agencyCode: DEMO_AGENCY_CODE, legalTime: { workingDays: 3 },
    field: 'Thành lập và hoạt động của doanh nghiệp', fees: FEE, legalBasis: ENTERPRISE_LAW, steps: threeDayPlan('Thẩm định hồ sơ thay đổi nội dung đăng ký'),
    documents: [{ name: 'Thông báo thay đổi nội dung đăng ký doanh nghiệp', copies: 1, original: true }, { name: 'Nghị quyết, quyết định của chủ sở hữu / Hội đồng thành viên / Đại hội đồng cổ đông', copies: 1, original: true }, identity],
  },
  {
    code: '2.002029', name: 'Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo (doanh nghiệp, chi nhánh, văn phòng đại diện, địa điểm kinh doanh)', agencyCode: DEMO_AGENCY_CODE, legalTime: { workingDays: 3 },
    field: 'Thành lập và hoạt động của doanh nghiệp', fees: 'Không', legalBasis: ENTERPRISE_LAW, steps: threeDayPlan('Xem xét thông báo tạm ngừng kinh doanh'),
    documents: [{ name: 'Thông báo tạm ngừng kinh doanh', copies: 1, original: true }, { name: 'Nghị quyết, quyết định về việc tạm ngừng kinh doanh', copies: 1, original: true }],
  },
  {
    // 35 days: the appraisal report within 25 days of the complete dossier (opinions asked within 03
    // working days, given within 15 days), then the decision of the provincial People's Committee's
    // chairman; planned as 23 + 9 days, leaving room for the desk's hand-over and the return.
    code: '1.009645', name: 'Thủ tục chấp thuận chủ trương đầu tư thuộc thẩm quyền của Chủ tịch Uỷ ban nhân dân cấp tỉnh', agencyCode: DEMO_AGENCY_CODE,
    legalTime: { calendarDays: 35 }, field: 'Đầu tư tại Việt Nam', fees: 'Không',
    legalBasis: 'Luật Đầu tư số 61/2020/QH14; Nghị định 31/2021/NĐ-CP; Thông tư 03/2021/TT-BKHĐT (biểu mẫu)',
    supplementWindowDays: 3,
    steps: [
      { key: 'reception', name: 'Tiếp nhận, chuyển hồ sơ', role: 'reception', departmentCode: 'MOT_CUA', duration: { workingHours: 4 } },
      { key: 'review', name: 'Thẩm định, lấy ý kiến cơ quan liên quan, lập báo cáo thẩm định', role: 'reviewer', departmentCode: 'DAUTU', duration: { calendarDays: 23 } },
      { key: 'approval', name: 'Chủ tịch UBND tỉnh xem xét, chấp thuận chủ trương đầu tư', role: 'approver', departmentCode: 'LANH_DAO', duration: { calendarDays: 9 } },
      { key: 'return', name: 'Trả kết quả', role: 'return', departmentCode: 'MOT_CUA', duration: { workingHours: 4 } },
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

/**
 * The demo agencies: the 2019 department and the Department of Finance it was merged into on
 * 1 March 2025 (a database seeded before, whose staff and open dossiers are still the 2019
 * department's, has them moved by that merger now); the working agency's departments and one
 * account per role (password `demo`); missing ones only.
 */
export async function seedDemoAccounts(ds: DataSource): Promise<void> {
  await ds.query(`INSERT INTO agencies (code, name, effective_from) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [PREDECESSOR_AGENCY.code, PREDECESSOR_AGENCY.name, PREDECESSOR_AGENCY.effectiveFrom]);
  await ds.query(`INSERT INTO agencies (code, name, effective_from) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [DEMO_AGENCY_CODE, DEMO_AGENCY_NAME, MERGER_DATE]);
  const [pred]: { successor_code: string | null }[] = await ds.query(`SELECT successor_code FROM agencies WHERE code = $1`, [PREDECESSOR_AGENCY.code]);
  if (!pred.successor_code) {
    await ds.transaction(async (m) => {
      // The successor the seed creates takes over the 2019 department's calendar settings, if it had
      // any: the dossiers it moves keep the calendar they were planned with (no re-plan needed).
      await m.query(
        `UPDATE agencies SET calendar_settings = (SELECT calendar_settings FROM agencies WHERE code = $1) WHERE code = $2 AND calendar_settings IS NULL`,
        [PREDECESSOR_AGENCY.code, DEMO_AGENCY_CODE],
      );
      await mergeAgency(m, { predecessor: PREDECESSOR_AGENCY.code, successor: DEMO_AGENCY_CODE, effectiveDate: MERGER_DATE, actor: 'seed' });
    });
  }
  for (const d of DEMO_DEPARTMENTS) await ds.query(`INSERT INTO departments (code, agency_code, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [d.code, DEMO_AGENCY_CODE, d.name]);
  const passwordHash = await hash(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    await ds.query(
      `INSERT INTO users (username, full_name, password_hash, agency_code, department_code, roles, agency_wide, demo) VALUES ($1, $2, $3, $4, $5, $6, $7, true) ON CONFLICT (username) DO NOTHING`,
      // Reach is explicit: the admin and the supervisor (in no department) are agency-wide by their roles, the others work in their department.
      [u.username, u.fullName, passwordHash, DEMO_AGENCY_CODE, u.departmentCode ?? null, u.roles, hasAgencyWideReach(u.roles, false, u.departmentCode)],
    );
  }
  // Demo mailboxes (issue 20): the alerts' e-mails land in the local Mailpit.
  await ds.query(`UPDATE users SET email = username || '@demo.dossier-flow.local' WHERE demo AND email IS NULL`);
}

/**
 * Seeded names found wrong (issue 19 item 5): a catalog seeded before keeps its versions, and gets
 * the corrected one appended only while its latest version still carries the wrong seeded name
 * (a name an admin edited is theirs).
 */
const CORRECTED_NAMES: Record<string, string> = {
  '1.009645': 'Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án không thuộc diện chấp thuận chủ trương đầu tư',
};

/** Demo mode: the demo agencies and accounts, the catalog procedures that are missing (edited ones untouched). */
export async function seedDemoData(ds: DataSource): Promise<void> {
  await seedDemoAccounts(ds);
  for (const p of DEMO_PROCEDURES) {
    await insertProcedure(ds, p, 'first');
    const wrong = CORRECTED_NAMES[p.code];
    if (!wrong) continue;
    const [latest]: { name: string }[] = await ds.query(`SELECT name FROM procedures WHERE code = $1 ORDER BY version DESC LIMIT 1`, [p.code]);
    if (latest?.name === wrong) await insertProcedure(ds, p, 'next');
  }
}

/** A finished dossier of the demo's history, before and after the merger (local dates, Asia/Ho_Chi_Minh). */
interface HistoricDossier {
  code: string;
  agencyCode: string;
  received: string;
  due: string;
  finished: string;
  channel: 'counter' | 'online' | 'postal';
  applicant: string;
}

const at = (local: string) => new Date(`${local}:00+07:00`);

/**
 * Dossiers on both sides of the merger of 1 March 2025 (demo mode only; the tests' template does
 * not hold them): resolved by the 2019 department in January–February 2025, received by it and
 * finished by the Department of Finance after the merger (code of the 2019 department, handled by
 * its successor), and received by the Department of Finance from March. Finished, so no workflow
 * runs for them; statistics of a period spanning the merger count them all through the succession.
 */
export const MERGER_HISTORY: HistoricDossier[] = [
  { code: `${PREDECESSOR_AGENCY.code}-250106-0001`, agencyCode: PREDECESSOR_AGENCY.code, received: '2025-01-06T08:10', due: '2025-01-09T08:10', finished: '2025-01-08T15:00', channel: 'online', applicant: 'Nguyễn Văn An' },
  { code: `${PREDECESSOR_AGENCY.code}-250115-0001`, agencyCode: PREDECESSOR_AGENCY.code, received: '2025-01-15T09:30', due: '2025-01-20T09:30', finished: '2025-01-20T09:00', channel: 'counter', applicant: 'Trần Thị Bình' },
  { code: `${PREDECESSOR_AGENCY.code}-250210-0001`, agencyCode: PREDECESSOR_AGENCY.code, received: '2025-02-10T14:00', due: '2025-02-13T14:00', finished: '2025-02-14T10:00', channel: 'postal', applicant: 'Lê Văn Cường' },
  { code: `${PREDECESSOR_AGENCY.code}-250226-0001`, agencyCode: DEMO_AGENCY_CODE, received: '2025-02-26T10:00', due: '2025-03-03T10:00', finished: '2025-03-03T09:30', channel: 'online', applicant: 'Phạm Thị Dung' },
  { code: `${PREDECESSOR_AGENCY.code}-250227-0001`, agencyCode: DEMO_AGENCY_CODE, received: '2025-02-27T15:20', due: '2025-03-04T15:20', finished: '2025-03-05T08:00', channel: 'counter', applicant: 'Hoàng Văn Em' },
  { code: `${DEMO_AGENCY_CODE}-250305-0001`, agencyCode: DEMO_AGENCY_CODE, received: '2025-03-05T08:30', due: '2025-03-10T08:30', finished: '2025-03-07T16:00', channel: 'online', applicant: 'Vũ Thị Giang' },
  { code: `${DEMO_AGENCY_CODE}-250318-0001`, agencyCode: DEMO_AGENCY_CODE, received: '2025-03-18T13:45', due: '2025-03-21T13:45', finished: '2025-03-21T11:00', channel: 'counter', applicant: 'Đỗ Văn Hùng' },
  { code: `${DEMO_AGENCY_CODE}-250407-0001`, agencyCode: DEMO_AGENCY_CODE, received: '2025-04-07T09:00', due: '2025-04-10T09:00', finished: '2025-04-11T14:00', channel: 'online', applicant: 'Bùi Thị Hoa' },
];

/** Early: finished at least one working day ahead (DOMAIN.md); a demo approximation over whole days. */
function historicTimeliness(d: HistoricDossier): 'early' | 'on_time' | 'late' {
  const [finished, due] = [at(d.finished).getTime(), at(d.due).getTime()];
  return finished > due ? 'late' : due - finished >= 86_400_000 ? 'early' : 'on_time';
}

/** Inserts MERGER_HISTORY (missing ones only). */
export async function seedMergerHistory(ds: DataSource): Promise<void> {
  for (const d of MERGER_HISTORY) {
    const [received, due, finished] = [at(d.received), at(d.due), at(d.finished)];
    const timeliness = historicTimeliness(d);
    const view = {
      code: d.code, agencyCode: d.code.slice(0, d.code.indexOf('-')), procedureCode: '2.001610', procedureVersion: 1, status: 'returned', statusCode: 10,
      channel: d.channel, applicant: { name: d.applicant }, receivedAt: received, dueAt: due, atRiskAt: due, originalDueAt: due, finishedAt: finished,
      returnedAt: finished, timeliness, outcome: 'approved', supplementRequests: 0, pauses: [], steps: [],
    };
    await ds.query(
      `INSERT INTO dossiers (code, agency_code, procedure_code, procedure_version, applicant, applicant_name, channel, status, status_code,
         received_at, due_at, at_risk_at, original_due_at, finished_at, returned_at, timeliness, outcome, rescheduled, version, view, handling_department_code)
       VALUES ($1, $2, '2.001610', 1, $3, $4, $5, 'returned', 10, $6, $7, $7, $7, $8, $8, $9, 'approved', false, 1, $10, 'DKKD')
       ON CONFLICT (code) DO NOTHING`,
      [d.code, d.agencyCode, JSON.stringify({ name: d.applicant }), d.applicant, d.channel, received, due, finished, timeliness, JSON.stringify(view)],
    );
  }
}
