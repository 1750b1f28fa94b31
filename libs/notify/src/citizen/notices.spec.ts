import type { Applicant } from '../../../contracts/src';
import { lookupSecret } from '../../../domain/src/lookup-secret';
import type { DossierEvent, DossierView } from '../../../../workflows/dossier.contract';
import { citizenNoticeKind, citizenNotices, type CitizenNoticeSettings, type NoticeContext } from './notices';

const settings: CitizenNoticeSettings = { publicUrl: 'https://dichvucong.example.vn/', lookupSecretKey: 'k'.repeat(20), timeZone: 'Asia/Ho_Chi_Minh', circular03From: '2025-09-15', sms: true };
const ctx: NoticeContext = { agencyName: 'UBND tỉnh Thử nghiệm', procedureName: 'Đăng ký hộ kinh doanh', timeZone: 'Asia/Ho_Chi_Minh', secret: lookupSecret('k'.repeat(20), 'H62-261202-0001') };

function view(over: Partial<DossierView> = {}): DossierView {
  return {
    code: 'H62-261202-0001', agencyCode: 'H62', procedureCode: '1.001', procedureVersion: 1, status: 'received', statusCode: 2,
    receivedAt: '2026-12-02T02:00:00.000Z', dueAt: '2026-12-07T09:00:00.000Z', atRiskAt: '2026-12-07T02:00:00.000Z', originalDueAt: '2026-12-07T09:00:00.000Z',
    pauses: [], supplementRequests: 0, steps: [], ...over,
  };
}
const event = (type: string, payload: Record<string, unknown> = {}): DossierEvent => ({ seq: 3, type, at: '2026-12-02T03:00:00.000Z', payload });
const withEmail: Applicant = { name: 'Nguyễn Thị Mai', email: 'mai@example.vn', phone: '0912345678' };
const phoneOnly: Applicant = { name: 'Trần Văn Bình', phone: '0987654321' };

describe('citizen notices', () => {
  it('owes a notice for receipt, a supplement request, a new appointment and a ready result — not for internal steps', () => {
    expect(citizenNoticeKind(view(), event('registered'))).toBe('citizen_received');
    expect(citizenNoticeKind(view({ status: 'submitted' }), event('registered'))).toBeUndefined();
    expect(citizenNoticeKind(view({ status: 'submitted', guidance: { items: ['Bản sao căn cước'] } }), event('registered'))).toBe('citizen_supplement');
    expect(citizenNoticeKind(view(), event('received'))).toBe('citizen_received');
    expect(citizenNoticeKind(view({ status: 'supplement_requested' }), event('supplement_requested'))).toBe('citizen_supplement');
    expect(citizenNoticeKind(view(), event('rescheduled'))).toBe('citizen_rescheduled');
    expect(citizenNoticeKind(view({ status: 'awaiting_return' }), event('step_completed'))).toBe('citizen_result_ready');
    expect(citizenNoticeKind(view({ status: 'awaiting_return', outcome: 'refused' }), event('refused'))).toBe('citizen_result_ready');
    expect(citizenNoticeKind(view({ status: 'processing' }), event('step_completed'))).toBeUndefined();
    for (const type of ['claimed', 'assigned', 'sent_back', 'replanned', 'result_returned', 'supplement_received']) expect(citizenNoticeKind(view(), event(type))).toBeUndefined();
  });

  it('mails the receipt with the lookup link and secret, in Vietnamese, to a citizen who left an e-mail', () => {
    const [n, ...more] = citizenNotices(view(), event('registered'), withEmail, settings, ctx);
    expect(more).toEqual([]);
    expect(n).toMatchObject({ kind: 'citizen_received', channel: 'email', recipient: 'mai@example.vn', subject: 'Hồ sơ H62-261202-0001 đã được tiếp nhận' });
    expect(n.url).toBe(`https://dichvucong.example.vn/tra-cuu?code=H62-261202-0001&secret=${ctx.secret}`);
    expect(n.body).toContain('Kính gửi Ông/Bà Nguyễn Thị Mai,');
    expect(n.body).toContain(`Mã tra cứu: ${ctx.secret}`);
    expect(n.body).toContain(n.url);
    // 09:00 UTC is 16:00 in Hà Nội.
    expect(n.body).toContain('Ngày hẹn trả kết quả: 16:00 07/12/2026');
  });

  it('lists every missing item of a supplement request and names form 02', () => {
    const [n] = citizenNotices(view({ status: 'supplement_requested' }), event('supplement_requested', { reason: 'Thiếu giấy tờ', items: ['Bản sao căn cước', 'Giấy đề nghị có chữ ký'] }), withEmail, settings, ctx);
    expect(n.body).toContain('1. Bản sao căn cước\n2. Giấy đề nghị có chữ ký');
    expect(n.body).toContain('Lý do: Thiếu giấy tờ');
    expect(n.body).toContain('Mẫu số 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"');
  });

  it('apologises with the old and the new appointment and names form 04', () => {
    const reschedule = { at: '2026-12-05T02:00:00.000Z', originalDueAt: '2026-12-07T09:00:00.000Z', newDueAt: '2026-12-10T09:00:00.000Z', reason: 'Cần xác minh thêm' };
    const [n] = citizenNotices(view({ reschedule, dueAt: reschedule.newDueAt }), event('rescheduled'), withEmail, settings, ctx);
    expect(n.subject).toBe('Hồ sơ H62-261202-0001: thư xin lỗi và hẹn lại ngày trả kết quả');
    expect(n.body).toContain('xin lỗi');
    expect(n.body).toContain('(16:00 07/12/2026)');
    expect(n.body).toContain('Xin hẹn lại thời gian trả kết quả: 16:00 10/12/2026.');
    expect(n.body).toContain('Mẫu số 04');
  });

  it('tells of a ready result, and of a refusal with its reason', () => {
    expect(citizenNotices(view({ status: 'awaiting_return', outcome: 'approved' }), event('step_completed'), withEmail, settings, ctx)[0].body).toContain('đã được giải quyết xong');
    const refused = citizenNotices(view({ status: 'awaiting_return', outcome: 'refused', reason: 'Không đủ điều kiện' }), event('refused'), withEmail, settings, ctx)[0];
    expect(refused.body).toContain('không được giải quyết. Lý do: Không đủ điều kiện');
  });

  it('sends an SMS to a citizen who left only a phone number, if an SMS provider is configured; nothing to one who left neither', () => {
    const [sms] = citizenNotices(view(), event('registered'), phoneOnly, settings, ctx);
    expect(sms).toMatchObject({ channel: 'sms', recipient: '0987654321' });
    expect(sms.body).toContain(`mã tra cứu ${ctx.secret}`);
    expect(sms.body.length).toBeLessThan(200);
    expect(citizenNotices(view(), event('registered'), phoneOnly, { ...settings, sms: false }, ctx)).toEqual([]);
    expect(citizenNotices(view(), event('registered'), { name: 'Ẩn danh' }, settings, ctx)).toEqual([]);
  });
});
