import type { Applicant } from '../../../contracts/src';
import { formatLocal, formLabel, formSetFor, type FormKind } from '../../../domain/src';
import type { DossierEvent, DossierView } from '../../../../workflows/dossier.contract';

/** What a citizen is told of (issue 20 item 4); the `kind` of the notification row. */
export type CitizenNoticeKind = 'citizen_received' | 'citizen_supplement' | 'citizen_rescheduled' | 'citizen_result_ready';

/** The settings a notice needs, from the process's configuration (`citizenNoticeSettings`). */
export interface CitizenNoticeSettings {
  /** The web app's address: the lookup link is `<publicUrl>/tra-cuu?code=…&secret=…`. */
  publicUrl: string;
  /** LOOKUP_SECRET_KEY: the receipt's secret is derived from it. */
  lookupSecretKey: string;
  /** Time zone of an agency without calendar settings of its own. */
  timeZone: string;
  /** FORMS_CIRCULAR_03_2025_FROM: which circular's form numbers the dossier prints. */
  circular03From: string;
  /** SMS_URL is set: a citizen who left a phone number and no e-mail is sent an SMS. */
  sms: boolean;
}

/** What the writer reads about the dossier besides its view: names and the agency's time zone. */
export interface NoticeContext {
  agencyName: string;
  procedureName: string;
  timeZone: string;
  /** The receipt's lookup secret (libs/domain lookup-secret.ts). */
  secret: string;
}

export interface CitizenNotice {
  kind: CitizenNoticeKind;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
  url: string;
}

/**
 * The notice an event owes the citizen, if any: received (at registration or later at the desk),
 * a supplement requested (or, at the desk, the guidance of an incomplete dossier: form 02), the
 * appointment moved (apology, form 04), the result ready for pick-up. `d` is the view after the event.
 */
export function citizenNoticeKind(d: DossierView, event: Pick<DossierEvent, 'type'>): CitizenNoticeKind | undefined {
  switch (event.type) {
    case 'registered':
      if (d.status === 'received') return 'citizen_received';
      return d.guidance?.items.length ? 'citizen_supplement' : undefined;
    case 'received':
      return 'citizen_received';
    case 'supplement_requested':
      return 'citizen_supplement';
    case 'rescheduled':
      return 'citizen_rescheduled';
    case 'step_completed':
    case 'refused':
      return d.status === 'awaiting_return' ? 'citizen_result_ready' : undefined;
    default:
      return undefined;
  }
}

/**
 * One notice per channel the citizen can be reached on: e-mail when they left an address; else an
 * SMS when they left a phone number and an SMS provider is configured. Vietnamese, as the citizen
 * reads it; the e-mail in full, the SMS in one short paragraph.
 */
export function citizenNotices(d: DossierView, event: DossierEvent, applicant: Applicant, s: CitizenNoticeSettings, ctx: NoticeContext): CitizenNotice[] {
  const kind = citizenNoticeKind(d, event);
  if (!kind) return [];
  const email = applicant.email?.trim();
  const phone = applicant.phone?.trim();
  const channel = email ? 'email' : phone && s.sms ? 'sms' : undefined;
  if (!channel) return [];
  const url = `${s.publicUrl.replace(/\/+$/, '')}/tra-cuu?code=${encodeURIComponent(d.code)}&secret=${encodeURIComponent(ctx.secret)}`;
  const text = compose(kind, d, event, ctx, url, s.circular03From);
  return [{ kind, channel, recipient: (email ?? phone)!, subject: text.subject, body: channel === 'email' ? mailBody(applicant.name, text, ctx) : text.sms, url }];
}

interface Composed {
  subject: string;
  /** The e-mail's paragraphs after the greeting. */
  lines: string[];
  sms: string;
}

function compose(kind: CitizenNoticeKind, d: DossierView, event: DossierEvent, ctx: NoticeContext, url: string, circular03From: string): Composed {
  const at = (iso: string | undefined) => (iso ? formatLocal(new Date(iso), ctx.timeZone) : '');
  const form = (k: FormKind) => {
    const spec = formSetFor(d.receivedAt, circular03From).forms[k];
    return `${formLabel(spec)} "${spec.title}"`;
  };
  const lookup = [`Tra cứu tình trạng hồ sơ: ${url}`, `Mã hồ sơ: ${d.code} — Mã tra cứu: ${ctx.secret}`];
  switch (kind) {
    case 'citizen_received':
      return {
        subject: `Hồ sơ ${d.code} đã được tiếp nhận`,
        lines: [
          `${ctx.agencyName} đã tiếp nhận hồ sơ của Ông/Bà.`,
          `Thủ tục: ${ctx.procedureName}`,
          `Thời gian tiếp nhận: ${at(d.receivedAt)}`,
          `Ngày hẹn trả kết quả: ${at(d.dueAt)}`,
          '',
          ...lookup,
        ],
        sms: `Hồ sơ ${d.code} đã được tiếp nhận, hẹn trả kết quả ${at(d.dueAt)}. Tra cứu: ${url} (mã tra cứu ${ctx.secret}).`,
      };
    case 'citizen_supplement': {
      const payload = event.payload as { reason?: string; items?: string[] };
      const items = event.type === 'registered' ? (d.guidance?.items ?? []) : (payload.items ?? []);
      const reason = event.type === 'registered' ? d.guidance?.reason : payload.reason;
      return {
        subject: `Hồ sơ ${d.code}: yêu cầu bổ sung, hoàn thiện hồ sơ`,
        lines: [
          `${ctx.agencyName} đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ thủ tục "${ctx.procedureName}" gồm những nội dung sau:`,
          ...items.map((item, i) => `${i + 1}. ${item}`),
          ...(reason ? ['', `Lý do: ${reason}`] : []),
          '',
          `Nội dung trên được ghi trong ${form('supplement')} do Bộ phận tiếp nhận và trả kết quả lập.`,
          'Thời gian Ông/Bà bổ sung hồ sơ không tính vào thời hạn giải quyết.',
          '',
          ...lookup,
        ],
        sms: `Hồ sơ ${d.code} cần bổ sung: ${items.join('; ')}. Chi tiết: ${url}`,
      };
    }
    case 'citizen_rescheduled': {
      const r = d.reschedule;
      return {
        subject: `Hồ sơ ${d.code}: thư xin lỗi và hẹn lại ngày trả kết quả`,
        lines: [
          `${ctx.agencyName} thành thật xin lỗi Ông/Bà vì hồ sơ thủ tục "${ctx.procedureName}" chưa được giải quyết đúng hẹn (${at(r?.originalDueAt)}).`,
          ...(r?.reason ? [`Lý do: ${r.reason}`] : []),
          `Xin hẹn lại thời gian trả kết quả: ${at(r?.newDueAt ?? d.dueAt)}.`,
          '',
          `Văn bản xin lỗi theo ${form('apology')} sẽ được gửi kèm khi trả kết quả.`,
          '',
          ...lookup,
        ],
        sms: `Xin lỗi Ông/Bà: hồ sơ ${d.code} chưa giải quyết đúng hẹn, xin hẹn lại ${at(r?.newDueAt ?? d.dueAt)}. Chi tiết: ${url}`,
      };
    }
    case 'citizen_result_ready': {
      const refused = d.outcome === 'refused';
      return {
        subject: `Hồ sơ ${d.code}: đã có kết quả giải quyết`,
        lines: [
          refused
            ? `Hồ sơ thủ tục "${ctx.procedureName}" của Ông/Bà không được giải quyết.${d.reason ? ` Lý do: ${d.reason}` : ''}`
            : `Hồ sơ thủ tục "${ctx.procedureName}" của Ông/Bà đã được giải quyết xong.`,
          `Mời Ông/Bà đến Bộ phận tiếp nhận và trả kết quả của ${ctx.agencyName} để nhận kết quả, mang theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả.`,
          '',
          ...lookup,
        ],
        sms: `Hồ sơ ${d.code} đã có kết quả${refused ? ' (không được giải quyết)' : ''}. Mời Ông/Bà đến nhận tại Bộ phận một cửa. Chi tiết: ${url}`,
      };
    }
  }
}

function mailBody(name: string, text: Composed, ctx: NoticeContext): string {
  return [`Kính gửi Ông/Bà ${name},`, '', ...text.lines, '', `Trân trọng,`, ctx.agencyName, '', 'Thư này được gửi tự động, xin Ông/Bà không trả lời thư.'].join('\n');
}
