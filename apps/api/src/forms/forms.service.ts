import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfigService } from '../../../../libs/config/src';
import { DossierEntity } from '../../../../libs/db/src';
import { addLocalDays, formatLocal, formLabel, formSetFor, FORM_ROUTES, localDate, zonedToInstant, type Actor, type Duration, type FormSet } from '../../../../libs/domain/src';
import { agencyScope } from '../common/agency-scope';
import { CalendarService } from '../calendar/calendar.service';
import { DossierFormsService } from '../dossiers/dossier-forms.service';
import { DossiersService, type DossierDetail } from '../dossiers/dossiers.service';
import { ProceduresService } from '../procedures/procedures.service';
import { dateWords, type FormBlock, type FormDocument } from './form-document';
import type { TrackingBookQueryDto } from './forms.dto';

const DESK = 'Bộ phận Một cửa';
const SIGN = '(Ký và ghi rõ họ tên)';
const RESULT: Record<string, string> = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' };
const STATUS: Record<string, string> = {
  submitted: 'Mới đăng ký', received: 'Đã tiếp nhận', refused_at_reception: 'Không được tiếp nhận', processing: 'Đang xử lý',
  supplement_requested: 'Yêu cầu bổ sung', withdrawn: 'Dừng xử lý (rút hồ sơ)', awaiting_return: 'Đã xử lý xong', returned: 'Đã trả kết quả',
};
const CHANNEL: Record<string, string> = { counter: 'Trực tiếp', online: 'Trực tuyến', postal: 'Bưu chính' };

/** A period as the forms print it: "15 ngày làm việc". */
export function durationWords(d: Duration): string {
  const r = d as unknown as Record<string, number>;
  if (r.workingDays !== undefined) return `${r.workingDays} ngày làm việc`;
  if (r.workingHours !== undefined) return `${r.workingHours} giờ làm việc`;
  if (r.calendarDays !== undefined) return `${r.calendarDays} ngày`;
  if (r.seconds !== undefined) return `${r.seconds} giây`;
  return JSON.stringify(d);
}

/** One row of form 07 (sổ theo dõi hồ sơ), as the HTML, PDF and .xlsx print it. */
export interface TrackingBookRow {
  code: string;
  procedureCode: string;
  applicantName: string;
  contact: string;
  channel: string;
  departmentCode: string;
  receivedAt: string;
  dueAt: string;
  finishedAt?: string;
  returnedAt?: string;
  status: string;
  result: string;
}

export interface TrackingBook {
  doc: FormDocument;
  rows: TrackingBookRow[];
  timeZone: string;
}

export const TRACKING_BOOK_HEAD = ['TT', 'Mã hồ sơ', 'Thủ tục', 'Tổ chức, cá nhân', 'Địa chỉ, số điện thoại', 'Hình thức nộp', 'Cơ quan (phòng) giải quyết', 'Nhận hồ sơ', 'Hẹn trả kết quả', 'Có kết quả', 'Trả kết quả', 'Tình trạng', 'Kết quả giải quyết'];

/**
 * Forms 01–07 of a dossier or of the desk, laid out as the circular in force when the dossier was
 * received prints them (legal-acts.ts `formSetFor`): the API decides which set, never the web app.
 */
@Injectable()
export class FormsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly dossiers: DossiersService,
    private readonly sheets: DossierFormsService,
    private readonly procedures: ProceduresService,
    private readonly calendars: CalendarService,
    private readonly config: AppConfigService,
  ) {}

  private setFor(day: Date | string): FormSet {
    return formSetFor(day, this.config.values.FORMS_CIRCULAR_03_2025_FROM);
  }

  /** Form `no` (01–06, Circular 03/2025 numbering) of dossier `code`; 404 when the dossier has none (e.g. form 04 before a reschedule). */
  async dossierForm(code: string, no: string, actor: Actor): Promise<FormDocument> {
    const kind = FORM_ROUTES[no];
    if (!kind || kind === 'trackingBook') throw new NotFoundException(`no form ${no} for a dossier: 01–06 (form 07 is GET /api/forms/07)`);
    const detail = await this.dossiers.detail(code, actor);
    const procedure = await this.procedures.get(detail.procedureCode, detail.procedureVersion);
    const tz = await this.timeZone(detail.agencyCode);
    const agencyName = await this.agencyName(detail.agencyCode);
    const set = this.setFor(new Date(detail.receivedAt));
    const spec = set.forms[kind];
    const at = (iso: string | undefined) => (iso ? formatLocal(new Date(iso), tz) : '');
    const doc = (issuedAt: string, blocks: FormBlock[], signatures: FormDocument['signatures']): FormDocument => ({
      label: formLabel(spec), spec, set, agencyName, unit: DESK, number: code, subject: code,
      dateLine: dateWords(localDate(new Date(issuedAt), tz)).replace(/^n/, 'N'), title: spec.title, blocks, signatures,
    });
    const who = applicantRows(detail);
    const request = `${procedure.name} (mã thủ tục ${procedure.code})`;
    let out: FormDocument;
    switch (kind) {
      case 'receipt': {
        // Refused: form 03 instead; incomplete at the desk (not received yet): the guidance, form 02 (DOMAIN.md, Reception).
        if (detail.status === 'refused_at_reception' || detail.status === 'submitted') throw new NotFoundException(`dossier ${code} was not received: it has no form 01`);
        out = doc(detail.receivedAt, [
          { kind: 'paragraph', text: `${DESK} ${agencyName} tiếp nhận hồ sơ của:` },
          { kind: 'fields', rows: [['Mã hồ sơ', code], ...who, ['Nội dung yêu cầu giải quyết', request], ['Hình thức nộp', CHANNEL[detail.channel] ?? detail.channel]] },
          { kind: 'paragraph', text: 'Thành phần hồ sơ nộp gồm:' },
          { kind: 'table', head: ['TT', 'Tên giấy tờ', 'Bản chính/bản sao', 'Số lượng'], widths: [20, '*', 80, 50], rows: procedure.documents.map((d, i) => [String(i + 1), d.name, d.original ? 'Bản chính' : 'Bản sao', String(d.copies ?? 1)]) },
          { kind: 'fields', rows: [
            ['Thời gian giải quyết hồ sơ theo quy định', durationWords(procedure.legalTime)],
            ['Thời gian nhận hồ sơ', at(detail.receivedAt)],
            ['Thời gian trả kết quả giải quyết hồ sơ', at(detail.originalDueAt ?? detail.dueAt)],
            ['Đăng ký nhận kết quả tại', `${DESK} — ${agencyName}`],
            ['Vào Sổ theo dõi hồ sơ', `${formLabel(set.forms.trackingBook)}, số thứ tự ${code.split('-').pop() ?? code}`],
          ] },
        ], [{ title: 'NGƯỜI NỘP HỒ SƠ', note: SIGN }, { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', note: SIGN }]);
        break;
      }
      case 'supplement': {
        const pause = detail.pauses.at(-1);
        const guidance = pause ? { reason: pause.reason, items: pause.items, at: pause.from } : detail.guidance ? { ...detail.guidance, at: detail.receivedAt } : undefined;
        if (!guidance) throw new NotFoundException(`dossier ${code} has no supplement request`);
        out = doc(guidance.at, [
          { kind: 'fields', rows: [['Mã hồ sơ', code], ...who, ['Nội dung yêu cầu giải quyết', request], ['Ngày yêu cầu', at(guidance.at)]] },
          { kind: 'paragraph', text: 'Yêu cầu Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau (một lần, đầy đủ):' },
          { kind: 'table', head: ['TT', 'Nội dung, giấy tờ cần bổ sung, hoàn thiện'], widths: [20, '*'], rows: guidance.items.map((item, i) => [String(i + 1), item]) },
          { kind: 'fields', rows: [['Lý do', guidance.reason ?? '']] },
        ], [{ title: 'NGƯỜI HƯỚNG DẪN', note: SIGN }]);
        break;
      }
      case 'refusal': {
        const atReception = detail.status === 'refused_at_reception';
        if (!atReception && detail.outcome !== 'refused') throw new NotFoundException(`dossier ${code} was not refused`);
        out = doc(detail.finishedAt ?? detail.receivedAt, [
          { kind: 'fields', rows: [['Mã hồ sơ', code], ...who, ['Nội dung yêu cầu giải quyết', request], ['Ngày nhận hồ sơ', at(detail.receivedAt)]] },
          { kind: 'paragraph', text: atReception ? 'Cơ quan không tiếp nhận hồ sơ với lý do:' : 'Sau khi xem xét, cơ quan từ chối giải quyết hồ sơ với lý do:' },
          { kind: 'paragraph', text: detail.reason ?? '' },
          { kind: 'paragraph', text: 'Xin thông báo để Ông/Bà được biết.', italic: true },
        ], [{ title: atReception ? 'NGƯỜI TIẾP NHẬN HỒ SƠ' : 'THỦ TRƯỞNG CƠ QUAN', note: SIGN }]);
        break;
      }
      case 'apology': {
        const a = await this.sheets.apology(code, actor);
        out = doc(a.issuedAt, [
          { kind: 'fields', rows: [['Kính gửi', a.addressee], ['Mã hồ sơ', code], ['Nội dung yêu cầu giải quyết', request], ['Ngày nhận hồ sơ', at(a.receivedAt)], ['Ngày hẹn trả kết quả', at(a.originalDueAt)]] },
          { kind: 'paragraph', text: `Lý do chậm: ${a.reason}` },
          { kind: 'paragraph', text: `Cơ quan xin lỗi Ông/Bà vì hồ sơ chưa được giải quyết đúng hạn và xin hẹn lại thời gian trả kết quả: ${at(a.newDueAt)}.` },
        ], [{ title: 'THỦ TRƯỞNG CƠ QUAN', note: '(Ký, ghi rõ họ tên và đóng dấu)' }]);
        break;
      }
      case 'stopNotice': {
        const s = await this.sheets.stopNotice(code, actor);
        out = doc(s.stoppedAt, [
          { kind: 'fields', rows: [['Kính gửi', s.addressee], ['Mã hồ sơ', code], ['Nội dung yêu cầu giải quyết', request], ['Ngày nhận hồ sơ', at(s.receivedAt)]] },
          { kind: 'paragraph', text: `Theo đề nghị của Ông/Bà, cơ quan dừng giải quyết hồ sơ từ ${at(s.stoppedAt)}.` },
          { kind: 'fields', rows: [['Lý do', s.reason]] },
        ], [{ title: 'THỦ TRƯỞNG CƠ QUAN', note: SIGN }]);
        break;
      }
      case 'controlSheet': {
        const sheet = await this.sheets.controlSheet(code, actor);
        const bodies = [...new Set(detail.steps.map((s) => s.departmentCode).filter((d): d is string => !!d))].join(', ');
        out = doc(new Date().toISOString(), [
          { kind: 'fields', rows: [['Mã hồ sơ', code], ['Tên tổ chức, cá nhân', sheet.applicantName], ['Nội dung yêu cầu giải quyết', request], ['Cơ quan tiếp nhận', `${DESK} — ${agencyName}`], ['Cơ quan, đơn vị giải quyết', bodies || '—'], ['Thời gian nhận hồ sơ', at(sheet.receivedAt)], ['Hẹn trả kết quả', at(sheet.dueAt)]] },
          { kind: 'table', head: ['TT', 'Tên cơ quan', 'Thời gian giao, nhận hồ sơ', 'Bên giao', 'Bên nhận', 'Kết quả', 'Ghi chú'], widths: [18, 60, 70, '*', '*', 50, '*'], rows: sheet.rows.map((r, i) => [String(i + 1), r.unit ?? DESK, r.handoverAtText, r.from, r.to, r.result ? RESULT[r.result] : '', r.note ?? '']) },
        ], []);
        break;
      }
    }
    return out;
  }

  /**
   * Form 07 over local days `from`–`to` (inclusive) of the caller's agency, filtered. Printed in the
   * set in force on the period's last day; a department's staff see the dossiers passing through it.
   */
  async trackingBook(q: TrackingBookQueryDto, actor: Actor): Promise<TrackingBook> {
    const timeZone = await this.timeZone(actor.agencyCode);
    const qb = agencyScope(this.ds, actor).select(DossierEntity, 'd')
      .andWhere('d.received_at >= :from AND d.received_at < :to', { from: zonedToInstant(q.from, 0, timeZone), to: zonedToInstant(addLocalDays(q.to, 1), 0, timeZone) });
    if (!actor.agencyWide && !actor.roles.some((r) => ['reception', 'supervisor', 'admin'].includes(r))) {
      qb.andWhere('EXISTS (SELECT 1 FROM dossier_steps s WHERE s.dossier_code = d.code AND s.department_code = :mine)', { mine: actor.departmentCode ?? null });
    }
    if (q.status === 'open') qb.andWhere('d.finished_at IS NULL');
    else if (q.status === 'finished') qb.andWhere('d.finished_at IS NOT NULL');
    else if (q.status) qb.andWhere('d.status = :status', { status: q.status });
    if (q.procedureCode) qb.andWhere('d.procedure_code = :p', { p: q.procedureCode });
    if (q.channel) qb.andWhere('d.channel = :c', { c: q.channel });
    const found = await qb.orderBy('d.received_at', 'ASC').addOrderBy('d.code', 'ASC').limit(5000).getMany();
    const at = (d: Date | null) => (d ? formatLocal(d, timeZone) : '');
    const rows: TrackingBookRow[] = found.map((d) => ({
      code: d.code,
      procedureCode: d.procedureCode,
      applicantName: d.applicantName,
      contact: [d.applicant.address, d.applicant.phone].filter(Boolean).join('; '),
      channel: CHANNEL[d.channel] ?? d.channel,
      departmentCode: d.currentDepartmentCode ?? ((d.view as { steps?: { departmentCode?: string }[] }).steps ?? []).map((s) => s.departmentCode).filter(Boolean).join(', '),
      receivedAt: at(d.receivedAt),
      dueAt: at(d.originalDueAt),
      finishedAt: at(d.finishedAt) || undefined,
      returnedAt: at(d.returnedAt) || undefined,
      status: STATUS[d.status] ?? d.status,
      result: d.finishedAt && d.timeliness ? (RESULT[d.timeliness] ?? d.timeliness) : '',
    }));
    const set = this.setFor(q.to);
    const spec = set.forms.trackingBook;
    const filters = [q.status && `tình trạng: ${q.status}`, q.procedureCode && `thủ tục: ${q.procedureCode}`, q.channel && `hình thức: ${CHANNEL[q.channel] ?? q.channel}`].filter(Boolean).join('; ');
    const doc: FormDocument = {
      label: formLabel(spec), spec, set, agencyName: await this.agencyName(actor.agencyCode), unit: DESK, subject: `${q.from}..${q.to}`,
      dateLine: `Từ ${dateWords(q.from)} đến ${dateWords(q.to)}`, title: spec.title, landscape: true,
      blocks: [
        ...(filters ? [{ kind: 'paragraph' as const, text: `Lọc theo ${filters}`, italic: true }] : []),
        { kind: 'table', head: TRACKING_BOOK_HEAD, rows: rows.map((r, i) => trackingCells(r, i)) },
        { kind: 'paragraph', text: `Tổng số: ${rows.length} hồ sơ.` },
      ],
      signatures: [{ title: 'NGƯỜI LẬP SỔ', note: SIGN }],
    };
    return { doc, rows, timeZone };
  }

  private async agencyName(code: string): Promise<string> {
    const rows: { name: string }[] = await this.ds.query('SELECT name FROM agencies WHERE code = $1', [code]);
    return rows[0]?.name ?? code;
  }

  /** Forms print the agency's local time. */
  private async timeZone(agencyCode: string): Promise<string> {
    return (await this.calendars.snapshot(agencyCode)).calendar.timeZone;
  }
}

/** The cells of a form 07 row, in TRACKING_BOOK_HEAD order. */
export function trackingCells(r: TrackingBookRow, i: number): string[] {
  return [String(i + 1), r.code, r.procedureCode, r.applicantName, r.contact, r.channel, r.departmentCode, r.receivedAt, r.dueAt, r.finishedAt ?? '', r.returnedAt ?? '', r.status, r.result];
}

function applicantRows(d: DossierDetail): [string, string][] {
  const a = d.applicant;
  const rows: [string, string][] = [['Tổ chức, cá nhân', a.name]];
  if (a.idNumber) rows.push(['Số định danh cá nhân', a.idNumber]);
  if (a.address) rows.push(['Địa chỉ', a.address]);
  if (a.phone) rows.push(['Số điện thoại', a.phone]);
  if (a.email) rows.push(['Thư điện tử', a.email]);
  return rows;
}

