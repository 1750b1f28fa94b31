import ExcelJS from 'exceljs';
import supertest from 'supertest';
import type request from 'supertest';
import { formatLocal, localDate } from '../../libs/domain/src';
import { useE2eStack } from '../support/e2e';
import { secondsProcedure } from '../support/fixtures';

jest.setTimeout(120_000);

// Forms 01–07 (issue 19 item 2): printed by the API as A4 HTML and PDF in the set of the circular in
// force on the dossier's receipt day; form 07 over a period, filtered, also as .xlsx.
const stack = useE2eStack();
const admin = () => stack.as('admin');
const desk = () => stack.as('reception');
const reviewer = () => stack.as('reviewer');
const approver = () => stack.as('approver');
// An applicant whose name is markup: the forms must print it as text.
const applicant = { name: 'Trần <b>Ấn</b> <script>alert(1)</script> & "Cô"', idNumber: '001190012345', phone: '0912345678', address: 'Phường Liên Bảo' };
const ESCAPED_NAME = 'Trần &lt;b&gt;Ấn&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Cô&quot;';

async function procedure() {
  const p = {
    ...secondsProcedure([1]), name: 'Đăng ký thử nghiệm biểu mẫu', legalTime: { workingDays: 5 },
    documents: [{ name: 'Giấy đề nghị đăng ký', copies: 1, original: true }, { name: 'Bản sao căn cước', copies: 2, original: false }],
    steps: [
      { key: 'reception', name: 'Tiếp nhận', role: 'reception', departmentCode: 'MOT_CUA', duration: { workingHours: 4 } },
      { key: 'review', name: 'Thẩm định', role: 'reviewer', departmentCode: 'DKKD', duration: { workingDays: 3 } },
    ],
  };
  await admin().post('/api/procedures').send(p).expect(201);
  return p;
}

function binary(t: request.Test): request.Test {
  return t.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/** A PDF file: header, trailer, pages, and its metadata (written uncompressed) naming the form. */
function expectPdf(body: Buffer, subject: RegExp, pages = 1) {
  expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(body.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
  const text = body.toString('latin1');
  expect(text.match(/\/Type \/Page\b/g)?.length).toBe(pages);
  expect(text).toMatch(subject);
  // The font is embedded (Vietnamese glyphs come with the file, not from the reader's machine).
  expect(text).toMatch(/\/FontFile2/);
}

const tz = () => stack.config.AGENCY_TIME_ZONE;

/** The receiving agency's name as the header prints it. */
async function agencyHeading(code: string): Promise<string> {
  const [row] = (await stack.ds.query('SELECT a.name FROM agencies a JOIN dossiers d ON d.agency_code = a.code WHERE d.code = $1', [code])) as { name: string }[];
  return row.name.toUpperCase();
}

describe('forms of a dossier received under Circular 03/2025', () => {
  let p: Awaited<ReturnType<typeof procedure>>;
  beforeAll(async () => {
    p = await procedure();
  });

  it('prints form 01 as HTML with the national header, its number, the fields and the name escaped; and as PDF', async () => {
    const { body: d } = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant, channel: 'counter' }).expect(201);
    const res = await desk().get(`/api/dossiers/${d.code}/forms/01`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    const html = res.text;
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Mẫu số 01', 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', 'Thông tư số 03/2025/TT-VPCP', `Số: ${d.code}`, 'Giấy đề nghị đăng ký', 'Bản sao căn cước', '5 ngày làm việc', formatLocal(new Date(d.dueAt), tz()), formatLocal(new Date(d.receivedAt), tz()), 'NGƯỜI TIẾP NHẬN HỒ SƠ', await agencyHeading(d.code)]) {
      expect(html).toContain(s);
    }
    expect(html).toContain(ESCAPED_NAME);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>Ấn');

    const pdf = await binary(desk().get(`/api/dossiers/${d.code}/forms/01`).query({ format: 'pdf' })).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expectPdf(pdf.body as Buffer, new RegExp(`Mau so 01 - Circular 03/2025/TT-VPCP - ${d.code}`));
    const byAccept = await binary(desk().get(`/api/dossiers/${d.code}/forms/01`).set('Accept', 'application/pdf')).expect(200);
    expect(byAccept.headers['content-type']).toBe('application/pdf');

    // Forms the dossier does not have yet, numbers that are not a dossier's form, bad input.
    for (const no of ['02', '03', '04', '05', '07', '08']) await desk().get(`/api/dossiers/${d.code}/forms/${no}`).expect(404);
    await desk().get(`/api/dossiers/${d.code}/forms/01`).query({ format: 'docx' }).expect(400);
    await desk().get('/api/dossiers/x/forms/01').expect(404);
    await supertest(stack.url).get(`/api/dossiers/${d.code}/forms/01`).expect(401);
  });

  it('prints forms 02 (every item), 04 (apology, new date), 06 (control sheet) as the dossier goes, and 05 after a withdrawal', async () => {
    const { body: d } = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant, channel: 'online' }).expect(201);
    await desk().post(`/api/dossiers/${d.code}/steps/reception/complete`).send({ note: 'Đủ thành phần' }).expect(200);
    await reviewer().post(`/api/dossiers/${d.code}/supplement-requests`).send({ reason: 'Thiếu <giấy tờ>', items: ['Điều lệ công ty', 'Danh sách thành viên'] }).expect(200);
    const f02 = (await desk().get(`/api/dossiers/${d.code}/forms/02`).expect(200)).text;
    for (const s of ['Mẫu số 02', 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', 'Điều lệ công ty', 'Danh sách thành viên', 'Thiếu &lt;giấy tờ&gt;', ESCAPED_NAME]) expect(f02).toContain(s);
    const { body: resumed } = await desk().post(`/api/dossiers/${d.code}/supplements`).send({ note: 'Đã bổ sung' }).expect(200);
    const newDueAt = new Date(Date.parse(resumed.dueAt) + 7 * 86_400_000).toISOString();
    await approver().post(`/api/dossiers/${d.code}/reschedule`).send({ newDueAt, reason: 'Cần lấy ý kiến liên ngành' }).expect(200);
    const f04 = (await desk().get(`/api/dossiers/${d.code}/forms/04`).expect(200)).text;
    for (const s of ['Mẫu số 04', 'Cần lấy ý kiến liên ngành', formatLocal(new Date(resumed.dueAt), tz()), formatLocal(new Date(newDueAt), tz()), 'THỦ TRƯỞNG CƠ QUAN']) expect(f04).toContain(s);
    expect(f04).toContain(ESCAPED_NAME);

    const f06 = (await reviewer().get(`/api/dossiers/${d.code}/forms/06`).expect(200)).text;
    for (const s of ['Mẫu số 06', 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', 'tiếp nhận hồ sơ', 'yêu cầu bổ sung', 'nhận bổ sung', 'DKKD']) expect(f06).toContain(s);
    expect(f06).toMatch(/<td>\d\d:\d\d \d\d\/\d\d\/\d{4}<\/td>/);
    const pdf06 = await binary(reviewer().get(`/api/dossiers/${d.code}/forms/06`).query({ format: 'pdf' })).expect(200);
    expectPdf(pdf06.body as Buffer, new RegExp(`Mau so 06 - Circular 03/2025/TT-VPCP - ${d.code}`));

    await desk().post(`/api/dossiers/${d.code}/withdraw`).send({ reason: 'Công dân xin rút hồ sơ' }).expect(200);
    const f05 = (await desk().get(`/api/dossiers/${d.code}/forms/05`).expect(200)).text;
    for (const s of ['Mẫu số 05', 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ', 'Công dân xin rút hồ sơ']) expect(f05).toContain(s);
    // The same three as PDF: each a file of its own form number and this dossier.
    for (const no of ['02', '04', '05']) {
      const pdf = await binary(desk().get(`/api/dossiers/${d.code}/forms/${no}`).query({ format: 'pdf' })).expect(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expectPdf(pdf.body as Buffer, new RegExp(`Mau so ${no} - Circular 03/2025/TT-VPCP - ${d.code}`));
    }
    // The old routes answer as before.
    await desk().get(`/api/dossiers/${d.code}/stop-notice`).expect(200);
    await desk().get(`/api/dossiers/${d.code}/control-sheet`).expect(200);
  });

  it('prints form 02 for a dossier incomplete at the desk, which has form 01 only once received', async () => {
    const { body: d } = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant, channel: 'counter', reception: { outcome: 'needs_supplement', reason: 'Thiếu giấy tờ', items: ['Bản sao căn cước', 'Giấy ủy quyền'] } }).expect(201);
    const f02 = (await desk().get(`/api/dossiers/${d.code}/forms/02`).expect(200)).text;
    for (const s of ['Mẫu số 02', 'Bản sao căn cước', 'Giấy ủy quyền', 'Thiếu giấy tờ']) expect(f02).toContain(s);
    await desk().get(`/api/dossiers/${d.code}/forms/01`).expect(404);
    await desk().post(`/api/dossiers/${d.code}/receive`).send({}).expect(200);
    expect((await desk().get(`/api/dossiers/${d.code}/forms/01`).expect(200)).text).toContain('Mẫu số 01');
  });

  it('prints form 03 with the reason for a dossier refused at reception, which has no form 01', async () => {
    const { body: d } = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant, channel: 'counter', reception: { outcome: 'refused', reason: 'Không thuộc thẩm quyền' } }).expect(201);
    const f03 = (await desk().get(`/api/dossiers/${d.code}/forms/03`).expect(200)).text;
    for (const s of ['Mẫu số 03', 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', 'Không thuộc thẩm quyền', 'không tiếp nhận']) expect(f03).toContain(s);
    await desk().get(`/api/dossiers/${d.code}/forms/01`).expect(404);
  });

  it('prints form 03 for a dossier the department refused to resolve: its reason, the head of the agency signing; and as PDF', async () => {
    const { body: d } = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant, channel: 'online' }).expect(201);
    await desk().post(`/api/dossiers/${d.code}/steps/reception/complete`).send({}).expect(200);
    await desk().get(`/api/dossiers/${d.code}/forms/03`).expect(404); // received, not refused (yet)
    const { body: refused } = await reviewer().post(`/api/dossiers/${d.code}/refuse`).send({ reason: 'Ngành nghề <đầu tư> kinh doanh bị cấm' }).expect(200);
    expect(refused).toMatchObject({ status: 'awaiting_return', outcome: 'refused' });
    const f03 = (await desk().get(`/api/dossiers/${d.code}/forms/03`).expect(200)).text;
    // Dated the day of the refusal ("Ngày dd tháng mm năm yyyy" of the agency's local day).
    const [y, m, dd] = localDate(new Date(refused.finishedAt), tz()).split('-');
    for (const s of ['Mẫu số 03', 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', `Số: ${d.code}`, `Ngày ${dd} tháng ${m} năm ${y}`, 'Sau khi xem xét, cơ quan từ chối giải quyết hồ sơ với lý do:', 'Ngành nghề &lt;đầu tư&gt; kinh doanh bị cấm', formatLocal(new Date(d.receivedAt), tz()), 'THỦ TRƯỞNG CƠ QUAN', ESCAPED_NAME]) {
      expect(f03).toContain(s);
    }
    // Not the desk's refusal at reception: neither its wording nor its signature.
    expect(f03).not.toContain('không tiếp nhận hồ sơ');
    expect(f03).not.toContain('NGƯỜI TIẾP NHẬN HỒ SƠ');
    expect(f03).not.toContain('<đầu tư>');
    // It was received: its form 01 still prints.
    expect((await desk().get(`/api/dossiers/${d.code}/forms/01`).expect(200)).text).toContain('Mẫu số 01');
    const pdf = await binary(desk().get(`/api/dossiers/${d.code}/forms/03`).query({ format: 'pdf' })).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expectPdf(pdf.body as Buffer, new RegExp(`Mau so 03 - Circular 03/2025/TT-VPCP - ${d.code}`));
  });
});

describe('form 07, the tracking book', () => {
  it('lists the period’s dossiers of the agency, filtered, as HTML, PDF and .xlsx', async () => {
    const p = await procedure();
    const codes: string[] = [];
    for (const channel of ['counter', 'online', 'counter']) {
      codes.push((await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant, channel }).expect(201)).body.code);
    }
    const today = localDate(new Date(), tz());
    const q = { from: today, to: today, procedureCode: p.code, channel: 'counter' };
    const html = (await desk().get('/api/forms/07').query(q).expect(200)).text;
    for (const s of ['Mẫu số 07', 'SỔ THEO DÕI HỒ SƠ', 'Thông tư số 03/2025/TT-VPCP', codes[0], codes[2], 'Tổng số: 2 hồ sơ.', ESCAPED_NAME]) expect(html).toContain(s);
    expect(html).not.toContain(codes[1]);

    const xlsx = await binary(desk().get('/api/forms/07').query({ ...q, format: 'xlsx' })).expect(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('Mẫu số 07');
    expect(ws.getRow(4).getCell(2).value).toBe('Mã hồ sơ');
    const rows = [5, 6].map((n) => ws.getRow(n));
    expect(rows.map((r) => r.getCell(2).value)).toEqual([codes[0], codes[2]]);
    expect(rows[0].getCell(4).value).toBe(applicant.name);
    expect(rows[0].getCell(6).value).toBe('Trực tiếp');
    expect(ws.getRow(7).getCell(2).value ?? null).toBeNull();

    const pdf = await binary(desk().get('/api/forms/07').query(q).set('Accept', 'application/pdf')).expect(200);
    expectPdf(pdf.body as Buffer, new RegExp(`Mau so 07 - Circular 03/2025/TT-VPCP - ${today}\\.\\.${today}`));

    // Another period holds none of them; bad periods are 400 naming the field.
    const empty = (await desk().get('/api/forms/07').query({ from: '2026-01-01', to: '2026-01-02', procedureCode: p.code }).expect(200)).text;
    expect(empty).toContain('Tổng số: 0 hồ sơ.');
    const bad = await desk().get('/api/forms/07').query({ from: '2026-02-30', to: '2026-03-01' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('from');
    await desk().get('/api/forms/07').query({ from: '2026-03-02', to: '2026-03-01' }).expect(400);
    await desk().get('/api/forms/07').query({ from: '2026-03-01' }).expect(400);
  });
});

describe('a dossier received before 15 September 2025 prints the Circular 01/2018 set', () => {
  /** Registration cannot backdate that far: its projection is copied under a new code with a 2024 receipt. */
  async function backdate(code: string, receivedAt: string): Promise<string> {
    const old = `${code.split('-')[0]}-240304-${String(Math.floor(Math.random() * 9000) + 1000)}`;
    await stack.ds.transaction(async (m) => {
      await m.query(`CREATE TEMP TABLE old_dossier ON COMMIT DROP AS SELECT * FROM dossiers WHERE code = $1`, [code]);
      await m.query(
        `UPDATE old_dossier SET code = $1, received_at = $2, view = jsonb_set(jsonb_set(view, '{code}', to_jsonb($1::text)), '{receivedAt}', to_jsonb($3::text))`,
        [old, receivedAt, receivedAt],
      );
      await m.query(`INSERT INTO dossiers SELECT * FROM old_dossier`);
      await m.query(`INSERT INTO dossier_events (dossier_code, seq, type, at, actor, payload) SELECT $1, seq, type, at, actor, payload FROM dossier_events WHERE dossier_code = $2`, [old, code]);
    });
    return old;
  }

  it('numbers the control sheet 05, prints the stop notice unnumbered, and the tracking book of March 2024 as 06', async () => {
    const p = await procedure();
    const { body: d } = await desk().post('/api/dossiers').send({ procedureCode: p.code, applicant, channel: 'counter' }).expect(201);
    await desk().post(`/api/dossiers/${d.code}/withdraw`).send({ reason: 'Rút để bổ sung sau' }).expect(200);
    const old = await backdate(d.code, '2024-03-04T02:00:00.000Z');

    const sheet = (await desk().get(`/api/dossiers/${old}/forms/06`).expect(200)).text;
    expect(sheet).toContain('Mẫu số 05');
    expect(sheet).not.toContain('Mẫu số 06');
    expect(sheet).toContain('Thông tư số 01/2018/TT-VPCP');
    expect(sheet).not.toContain('03/2025');
    const receipt = (await desk().get(`/api/dossiers/${old}/forms/01`).expect(200)).text;
    expect(receipt).toContain('Mẫu số 01');
    expect(receipt).toContain('Thông tư số 01/2018/TT-VPCP');
    expect(receipt).toContain('Mẫu số 06, số thứ tự'); // entered in the tracking book of its time
    const stop = (await desk().get(`/api/dossiers/${old}/forms/05`).expect(200)).text;
    expect(stop).toContain('không ban hành mẫu riêng');
    expect(stop).not.toContain('Mẫu số 05');
    const pdf = await binary(desk().get(`/api/dossiers/${old}/forms/06`).query({ format: 'pdf' })).expect(200);
    expectPdf(pdf.body as Buffer, new RegExp(`Mau so 05 - Circular 01/2018/TT-VPCP - ${old}`));

    const book = (await desk().get('/api/forms/07').query({ from: '2024-03-01', to: '2024-03-31', procedureCode: p.code }).expect(200)).text;
    for (const s of ['Mẫu số 06', 'SỔ THEO DÕI HỒ SƠ', 'Thông tư số 01/2018/TT-VPCP', old, 'Tổng số: 1 hồ sơ.']) expect(book).toContain(s);
    expect(book).not.toContain(d.code);
  });
});
