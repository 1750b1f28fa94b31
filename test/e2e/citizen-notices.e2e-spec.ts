import { randomUUID } from 'node:crypto';
import { formatLocal } from '../../libs/domain/src';
import { notifierId } from '../../workflows/notifier.contract';
import { useE2eStack } from '../support/e2e';
import { startReceiver, type Receiver } from '../support/http-receiver';
import { mailText, searchMail, type CaughtMail } from '../support/mailpit';
import { maybeRecord } from '../support/replay';
import { secondsProcedure } from '../support/fixtures';
import { waitFor } from '../support/stack';

jest.setTimeout(180_000);

// Citizens' notices (issue 20 item 4): written into the notifications outbox with the dossier's
// event, delivered by the notifier — e-mail to the test Mailpit, SMS to a local fake provider
// (SMS_URL, set before the stack starts: the overrides are read in its beforeAll).
const overrides: Record<string, string> = {};
let sms: Receiver;
beforeAll(async () => {
  sms = await startReceiver(() => 202);
  overrides.SMS_URL = `${sms.url}/send`;
});
afterAll(async () => sms?.close());
const stack = useE2eStack(overrides);
const admin = () => stack.as('admin');
const desk = () => stack.as('reception');
const reviewer = () => stack.as('reviewer');
const approver = () => stack.as('approver');
const tz = () => stack.config.AGENCY_TIME_ZONE;

let procedureCode: string;
beforeAll(async () => {
  const p = {
    ...secondsProcedure([1]), name: 'Đăng ký thử nghiệm thông báo', legalTime: { workingDays: 5 },
    steps: [
      { key: 'reception', name: 'Tiếp nhận', role: 'reception', departmentCode: 'MOT_CUA', duration: { workingHours: 4 } },
      { key: 'review', name: 'Thẩm định', role: 'reviewer', departmentCode: 'DKKD', duration: { workingDays: 2 } },
      { key: 'approval', name: 'Phê duyệt', role: 'approver', departmentCode: 'DKKD', duration: { workingDays: 1 } },
      { key: 'return', name: 'Trả kết quả', role: 'return', departmentCode: 'MOT_CUA', duration: { workingHours: 4 } },
    ],
  };
  await admin().post('/api/procedures').send(p).expect(201);
  procedureCode = p.code;
});

/** The one mail to `to` whose subject is `subject`, once it arrived, with its text. */
async function mailTo(to: string, subject: string): Promise<CaughtMail & { text: string }> {
  const mail = await waitFor(async () => (await searchMail(`to:${to}`)).find((m) => m.Subject === subject), `the mail "${subject}" to ${to}`, 60_000);
  return { ...mail, text: await mailText(mail.ID) };
}

describe('citizen notices by e-mail', () => {
  const email = `cong-dan-${randomUUID().slice(0, 8)}@example.vn`;
  const applicant = { name: 'Phạm Thị Thu Trang', email, phone: '0911222333', idNumber: '001190012345' };
  let code: string;
  let secret: string;

  it('tells a citizen who left an e-mail that the dossier is received, with the lookup link and secret that work', async () => {
    const { body } = await desk().post('/api/dossiers').send({ procedureCode, applicant, channel: 'counter' }).expect(201);
    ({ code, lookupSecret: secret } = body as { code: string; lookupSecret: string });
    const mail = await mailTo(email, `Hồ sơ ${code} đã được tiếp nhận`);
    expect(mail.To.map((t) => t.Address)).toEqual([email]);
    expect(mail.text).toContain(`Kính gửi Ông/Bà ${applicant.name},`);
    expect(mail.text).toContain('đã tiếp nhận hồ sơ của Ông/Bà');
    expect(mail.text).toContain('Thủ tục: Đăng ký thử nghiệm thông báo');
    expect(mail.text).toContain(`Ngày hẹn trả kết quả: ${formatLocal(new Date(body.dueAt), tz())}`);
    expect(mail.text).toContain(`Mã tra cứu: ${secret}`);
    const link = `${stack.config.PUBLIC_URL.replace(/\/+$/, '')}/tra-cuu?code=${encodeURIComponent(code)}&secret=${secret}`;
    expect(mail.text).toContain(link);
    // The secret in the mail opens the public lookup; the SMS was not sent as well (the e-mail suffices).
    await stack.as('reception').get(`/api/public/dossiers/${encodeURIComponent(code)}?secret=${secret}`).expect(200);
    expect(sms.received.filter((r) => String(r.json.text).includes(code))).toEqual([]);
    // The notifier's run so far: rounds that delivered, then asleep until the next wake-up.
    await maybeRecord(stack.client, notifierId(stack.config.TEMPORAL_TASK_QUEUE), 'notifier-v1-delivered');
  });

  it('lists every missing item of a supplement request, naming form 02', async () => {
    await desk().post(`/api/dossiers/${code}/steps/reception/complete`).send({ note: 'Đủ thành phần' }).expect(200);
    await reviewer().post(`/api/dossiers/${code}/supplement-requests`).send({ reason: 'Thiếu giấy tờ chứng minh', items: ['Điều lệ công ty', 'Danh sách thành viên'] }).expect(200);
    const mail = await mailTo(email, `Hồ sơ ${code}: yêu cầu bổ sung, hoàn thiện hồ sơ`);
    // Mail lines end in CRLF on the wire.
    expect(mail.text).toMatch(/1\. Điều lệ công ty\r?\n2\. Danh sách thành viên/);
    expect(mail.text).toContain('Lý do: Thiếu giấy tờ chứng minh');
    expect(mail.text).toContain('Mẫu số 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"');
  });

  it('apologises when the appointment moves, with both dates, naming form 04', async () => {
    const { body: resumed } = await desk().post(`/api/dossiers/${code}/supplements`).send({ note: 'Đã bổ sung' }).expect(200);
    const newDueAt = new Date(Date.parse(resumed.dueAt) + 7 * 86_400_000).toISOString();
    await approver().post(`/api/dossiers/${code}/reschedule`).send({ newDueAt, reason: 'Cần lấy ý kiến liên ngành' }).expect(200);
    const mail = await mailTo(email, `Hồ sơ ${code}: thư xin lỗi và hẹn lại ngày trả kết quả`);
    expect(mail.text).toContain('thành thật xin lỗi Ông/Bà');
    expect(mail.text).toContain(`(${formatLocal(new Date(resumed.dueAt), tz())})`);
    expect(mail.text).toContain(`Xin hẹn lại thời gian trả kết quả: ${formatLocal(new Date(newDueAt), tz())}.`);
    expect(mail.text).toContain('Lý do: Cần lấy ý kiến liên ngành');
    expect(mail.text).toContain('Mẫu số 04');
  });

  it('tells when the result is ready, once, and not at the steps before', async () => {
    await reviewer().post(`/api/dossiers/${code}/steps/review/complete`).send({}).expect(200);
    await approver().post(`/api/dossiers/${code}/steps/approval/complete`).send({}).expect(200);
    const mail = await mailTo(email, `Hồ sơ ${code}: đã có kết quả giải quyết`);
    expect(mail.text).toContain('đã được giải quyết xong');
    expect(mail.text).toContain('Mời Ông/Bà đến Bộ phận tiếp nhận và trả kết quả');
    // Four notices in all: received, supplement, apology, result — one each, nothing twice.
    const all = await searchMail(`to:${email}`);
    expect(all.map((m) => m.Subject).sort()).toEqual(
      [`Hồ sơ ${code} đã được tiếp nhận`, `Hồ sơ ${code}: yêu cầu bổ sung, hoàn thiện hồ sơ`, `Hồ sơ ${code}: thư xin lỗi và hẹn lại ngày trả kết quả`, `Hồ sơ ${code}: đã có kết quả giải quyết`].sort(),
    );
    const rows: { kind: string; channel: string; status: string }[] = await stack.ds.query(`SELECT kind, channel, status FROM notifications WHERE dossier_code = $1 AND kind LIKE 'citizen_%' ORDER BY created_at`, [code]);
    expect(rows).toEqual(['citizen_received', 'citizen_supplement', 'citizen_rescheduled', 'citizen_result_ready'].map((kind) => ({ kind, channel: 'email', status: 'sent' })));
  });
});

describe('citizen notices by SMS', () => {
  it('sends the receipt by SMS to a citizen who left only a phone number', async () => {
    const phone = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const { body } = await desk().post('/api/dossiers').send({ procedureCode, applicant: { name: 'Lý Văn Sơn', phone }, channel: 'counter' }).expect(201);
    const got = await sms.waitFor((r) => r.json.to === phone, `the SMS to ${phone}`);
    expect(got.headers['idempotency-key']).toBe(got.json.id);
    expect(got.json.text).toContain(`Hồ sơ ${body.code} đã được tiếp nhận`);
    expect(got.json.text).toContain(`mã tra cứu ${body.lookupSecret}`);
    const rows = await stack.ds.query(`SELECT channel, recipient, kind FROM notifications WHERE dossier_code = $1 AND kind LIKE 'citizen_%'`, [body.code]);
    expect(rows).toEqual([{ channel: 'sms', recipient: phone, kind: 'citizen_received' }]);
  });

  it('tells nobody about a citizen who left neither e-mail nor phone', async () => {
    const { body } = await desk().post('/api/dossiers').send({ procedureCode, applicant: { name: 'Không Liên Lạc' }, channel: 'counter' }).expect(201);
    // The registration committed with its (absent) notices: the outbox holds none for it.
    expect(await stack.ds.query(`SELECT 1 FROM notifications WHERE dossier_code = $1 AND kind LIKE 'citizen_%'`, [body.code])).toEqual([]);
  });
});
