import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DossierEventEntity } from '../../../../libs/db/src';
import { addPeriod, explainDeadline, formatLocal, type Actor, type Duration, type TraceEntry } from '../../../../libs/domain/src';
import { assertMayRead } from './dossier-access';
import { CalendarService } from '../calendar/calendar.service';
import { ProceduresService } from '../procedures/procedures.service';
import { DossiersService } from './dossiers.service';

/** One row of form 05 (phiếu kiểm soát quá trình giải quyết hồ sơ). */
export interface ControlSheetRow {
  unit?: string;
  handoverAt: string;
  /** "hh:mm dd/mm/yyyy" in the agency's time zone, as printed on the form. */
  handoverAtText: string;
  from: string;
  to: string;
  stepKey?: string;
  result?: 'early' | 'on_time' | 'late';
  note?: string;
}

export interface ControlSheet {
  code: string;
  applicantName: string;
  procedureCode: string;
  receivedAt: string;
  dueAt: string;
  rows: ControlSheetRow[];
}

export interface ExplainedDeadline {
  key: string;
  startAt: string;
  duration: Duration;
  dueAt: string;
  text: string;
  trace: TraceEntry[];
}

export interface DeadlineExplanation {
  code: string;
  dossier: ExplainedDeadline & { pausedIntervals: { from: string; to?: string; reason: string }[]; rescheduledTo?: string };
  steps: ExplainedDeadline[];
}

/** Form 04: apology and new appointment date (phiếu xin lỗi và hẹn lại ngày trả kết quả). */
export interface ApologyForm {
  form: '04';
  addressee: string;
  code: string;
  procedureName: string;
  receivedAt: string;
  originalDueAt: string;
  newDueAt: string;
  reason: string;
  issuedAt: string;
  issuedBy?: string;
  text: string;
}

/** Stop notice (thông báo dừng xử lý) issued when the applicant withdraws. */
export interface StopNotice {
  form: 'stop-notice';
  addressee: string;
  code: string;
  procedureName: string;
  receivedAt: string;
  stoppedAt: string;
  reason: string;
  text: string;
}

const HANDOVERS: Record<string, string> = {
  step_completed: 'chuyển bước',
  sent_back: 'trả lại bước trước',
  refused: 'từ chối giải quyết',
  result_returned: 'trả kết quả',
  supplement_requested: 'yêu cầu bổ sung',
  supplement_received: 'nhận bổ sung',
  withdrawn: 'rút hồ sơ',
};

@Injectable()
export class DossierFormsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly dossiers: DossiersService,
    private readonly procedures: ProceduresService,
    private readonly calendars: CalendarService,
  ) {}

  async controlSheet(code: string, actor: Actor): Promise<ControlSheet> {
    const detail = await this.dossiers.detail(code, actor);
    const events = await this.ds.getRepository(DossierEventEntity).find({ where: { dossierCode: code }, order: { seq: 'ASC' } });
    const tz = await this.timeZone(detail.agencyCode);
    const applicant = detail.applicant.name;
    const rows: ControlSheetRow[] = [];
    // A step without a department is named as the procedure names it: the form is read by people, not by the API's keys.
    const stepName = (key?: string) => (key ? (detail.steps.find((s) => s.key === key)?.name ?? key) : '');
    for (const e of events) {
      const p = e.payload as Record<string, string | undefined>;
      // Form 05 prints "hh:mm dd/mm/yyyy": whole minutes.
      const base = { handoverAt: e.at.toISOString(), handoverAtText: formatLocal(new Date(Math.floor(e.at.getTime() / 60_000) * 60_000), tz) };
      if (e.type === 'registered' || e.type === 'received') {
        rows.push({ ...base, unit: detail.steps[0]?.departmentCode, from: applicant, to: detail.steps[0]?.departmentCode ?? 'Bộ phận Một cửa', note: e.type === 'registered' ? 'tiếp nhận hồ sơ' : 'hồ sơ đã đầy đủ' });
      } else if (HANDOVERS[e.type]) {
        const to = e.type === 'supplement_requested' || e.type === 'withdrawn' || e.type === 'result_returned' ? applicant : (p.toDepartment ?? stepName(p.toStepKey));
        const from = e.type === 'supplement_received' ? applicant : (p.fromDepartment ?? stepName(p.stepKey));
        rows.push({ ...base, unit: p.fromDepartment, from, to, stepKey: p.stepKey, result: p.timeliness as ControlSheetRow['result'], note: [HANDOVERS[e.type], p.note ?? p.reason].filter(Boolean).join(': ') });
      }
    }
    return { code, applicantName: applicant, procedureCode: detail.procedureCode, receivedAt: detail.receivedAt, dueAt: detail.dueAt, rows };
  }

  async apology(code: string, actor: Actor): Promise<ApologyForm> {
    const { view, applicant, procedureName } = await this.load(code, actor);
    if (!view.reschedule) throw new NotFoundException(`dossier ${code} has no apology: it was not rescheduled`);
    const tz = await this.timeZone(view.agencyCode);
    const r = view.reschedule;
    return {
      form: '04', addressee: applicant, code, procedureName, receivedAt: view.receivedAt, originalDueAt: r.originalDueAt, newDueAt: r.newDueAt,
      reason: r.reason, issuedAt: r.at, issuedBy: r.actor,
      text: `Cơ quan xin lỗi Ông/Bà ${applicant} vì hồ sơ ${code} (${procedureName}), hẹn trả ngày ${formatLocal(new Date(r.originalDueAt), tz)}, chưa giải quyết được đúng hạn. Lý do: ${r.reason}. Xin hẹn lại ngày trả kết quả: ${formatLocal(new Date(r.newDueAt), tz)}.`,
    };
  }

  async stopNotice(code: string, actor: Actor): Promise<StopNotice> {
    const { view, applicant, procedureName } = await this.load(code, actor);
    if (view.status !== 'withdrawn') throw new NotFoundException(`dossier ${code} was not withdrawn`);
    const tz = await this.timeZone(view.agencyCode);
    return {
      form: 'stop-notice', addressee: applicant, code, procedureName, receivedAt: view.receivedAt, stoppedAt: view.finishedAt!, reason: view.reason ?? '',
      text: `Theo đề nghị của Ông/Bà ${applicant}, cơ quan dừng giải quyết hồ sơ ${code} (${procedureName}) từ ${formatLocal(new Date(view.finishedAt!), tz)}. Lý do: ${view.reason ?? ''}.`,
    };
  }

  /** Forms print the agency's local time. */
  private async timeZone(agencyCode: string): Promise<string> {
    return (await this.calendars.snapshot(agencyCode)).calendar.timeZone;
  }

  private async load(code: string, actor: Actor) {
    const detail = await this.dossiers.detail(code, actor);
    const procedure = await this.procedures.get(detail.procedureCode, detail.procedureVersion);
    return { view: detail, applicant: detail.applicant.name, procedureName: procedure.name };
  }

  /** Which hours were counted and which days skipped, for the dossier and every started step. */
  async deadlines(code: string, actor: Actor): Promise<DeadlineExplanation> {
    const view = await this.dossiers.findView(code);
    if (!view) throw new NotFoundException(`dossier ${code} not found`);
    assertMayRead(actor, view);
    const procedure = await this.procedures.get(view.procedureCode, view.procedureVersion);
    const cal = (await this.calendars.snapshot(view.agencyCode)).calendar;
    const explain = (key: string, startAt: string, duration: Duration): ExplainedDeadline => {
      const d = addPeriod(new Date(startAt), duration, cal);
      return { key, startAt, duration, dueAt: d.due.toISOString(), text: explainDeadline(d, cal), trace: d.trace };
    };
    return {
      code,
      dossier: {
        ...explain('dossier', view.receivedAt, procedure.legalTime),
        // The due date in force also adds back the paused time and follows a reschedule.
        dueAt: view.dueAt,
        pausedIntervals: view.pauses.map((p) => ({ from: p.from, to: p.to, reason: p.reason })),
        rescheduledTo: view.reschedule?.newDueAt,
      },
      steps: view.steps.filter((s) => s.startedAt).map((s) => ({ ...explain(s.key, s.startedAt!, procedure.steps[s.position].duration), dueAt: s.dueAt })),
    };
  }
}
