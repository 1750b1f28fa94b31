import type { DataSource } from 'typeorm';
import type { StepPlan } from '../../domain/src';
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

/** Inserts the catalog procedures that are missing; never touches edited ones. */
export async function seedDemoData(ds: DataSource): Promise<void> {
  for (const p of DEMO_PROCEDURES) await insertProcedure(ds, p, 'first');
}
