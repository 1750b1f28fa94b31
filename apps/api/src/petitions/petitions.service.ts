import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure, WithStartWorkflowOperation, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { AppConfigService } from '../../../../libs/config/src';
import { isPetitionCode } from '../../../../libs/contracts/src/patterns';
import { currentCalendarVersion, nextReceiptCode, writePetition, type ClockPlanner } from '../../../../libs/db/src';
import { lookupSecret, lookupSecretMatches } from '../../../../libs/domain/src/lookup-secret';
import { localDate, type Actor, type Duration } from '../../../../libs/domain/src';
import { TemporalClient } from '../../../../libs/temporal/src';
import { PETITION_WORKFLOW, petitionCommandUpdate, petitionReplanUpdate, petitionStateQuery, type PetitionCommand, type PetitionCommandInput, type PetitionInput, type PetitionPlan, type PetitionStage } from '../../../../workflows/petition.contract';
import { initialPetition, petitionAlarms } from '../../../../workflows/petition.machine';
import type { petitionWorkflow } from '../../../../workflows/petition.workflow';
import { CalendarService } from '../calendar/calendar.service';
import { agencyScope } from '../common/agency-scope';
import { apiClockPlanner } from '../common/api-clock-planner';
import type { Page } from '../common/page.dto';
import { badRequest } from '../common/validation';
import { actorRef, rejectedCommand } from '../dossiers/dossier-access';
import type {
  ListPetitionsDto, PetitionDetail, PetitionFigures, PetitionReceipt, PetitionSummary, PetitionView, PublicPetition, PublicPetitionsQueryDto, PublishedPetition,
} from './petitions.dto';
import type { PetitionKind, PetitionSource } from '../../../../libs/contracts/src';

/** What opens a petition: the public form, the desk, a parsed e-mail, a low rating's follow-up (ratings). */
export interface OpenPetition {
  kind: PetitionKind;
  subject: string;
  message: string;
  name?: string;
  contact?: string;
  dossierCode?: string;
  source: PetitionSource;
}

const NOT_FOUND = 'no petition matches this code and secret';
const EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[A-Za-z]{2,}/g;
const PHONE = /\+?\d[\d .-]{7,}\d/g;

/** The published text without the citizen's contact data: e-mail addresses and phone numbers masked, their name removed. */
export function maskPersonalData(text: string, name?: string | null): string {
  let out = text.replace(EMAIL, '[…]').replace(PHONE, '[…]');
  const who = name?.trim();
  if (who && who.length >= 3) out = out.split(who).join('[…]');
  return out;
}

/** A reviewer (with no other role) reads the petitions assigned to them; every other role reads the agency's. */
const onlyAssigned = (actor: Actor) => !actor.roles.some((r) => r === 'admin' || r === 'supervisor' || r === 'reception' || r === 'approver');

interface PetitionRow {
  code: string; kind: PetitionKind; source: PetitionSource; subject: string; name: string | null; dossier_code: string | null; status: PetitionSummary['status'];
  stage: PetitionStage | null; stage_due_at: Date | null; assignee: string | null; received_at: Date; due_at: Date; overdue: boolean;
}

@Injectable()
export class PetitionsService {
  private readonly logger = new Logger(PetitionsService.name);
  private readonly clock: ClockPlanner;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly temporal: TemporalClient,
    private readonly config: AppConfigService,
    private readonly calendars: CalendarService,
  ) {
    this.clock = apiClockPlanner(temporal, config, this.logger);
  }

  /** Each stage's time: the working days of the settings, or their elapsed-second overrides. */
  plan(): PetitionPlan {
    const c = this.config.values;
    const time = (days: number, seconds?: number): Duration => (seconds ? { seconds } : { workingDays: days });
    return {
      classify: time(c.PETITION_CLASSIFY_WORKING_DAYS, c.PETITION_CLASSIFY_SECONDS),
      assign: time(c.PETITION_ASSIGN_WORKING_DAYS, c.PETITION_ASSIGN_SECONDS),
      answer: time(c.PETITION_ANSWER_WORKING_DAYS, c.PETITION_ANSWER_SECONDS),
      publish: time(c.PETITION_PUBLISH_WORKING_DAYS, c.PETITION_PUBLISH_SECONDS),
    };
  }

  lookupSecret(code: string): string {
    return lookupSecret(this.config.values.LOOKUP_SECRET_KEY, code, 'petition');
  }

  /**
   * Opens a petition: a code, its workflow started (Temporal down → 503, nothing written), then the
   * receipt's projection written here with the workflow's own rules and writer so the citizen can
   * look it up at once (the workflow's first task repeats that write, idempotently). The public
   * form, the desk, the inbound mail and the ratings' low-score follow-up all come through here.
   */
  async openPetition(p: OpenPetition): Promise<PetitionReceipt> {
    const agencyCode = await this.receivingAgency(p.dossierCode);
    const { calendar, version: calendarVersion } = await this.calendars.snapshot(agencyCode);
    const receivedAt = new Date();
    const code = await nextReceiptCode(this.ds, 'petition', agencyCode, localDate(receivedAt, calendar.timeZone));
    const input: PetitionInput = {
      code, agencyCode, kind: p.kind, source: p.source, subject: p.subject.trim(), message: p.message.trim(),
      ...(p.name?.trim() ? { name: p.name.trim() } : {}),
      ...(p.contact?.trim() ? { contact: p.contact.trim() } : {}),
      ...(p.dossierCode?.trim() ? { dossierCode: p.dossierCode.trim() } : {}),
      receivedAt: receivedAt.toISOString(), calendar, calendarVersion, plan: this.plan(),
    };
    await this.temporal.call(() =>
      this.temporal.workflow.start<typeof petitionWorkflow>(PETITION_WORKFLOW, {
        workflowId: code, taskQueue: this.config.values.TEMPORAL_TASK_QUEUE, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    );
    const view = initialPetition(input);
    await writePetition(this.ds, this.clock, { petition: view, event: { seq: 1, type: 'received', at: view.receivedAt, payload: { source: p.source, kind: p.kind } }, alarms: petitionAlarms(view) });
    return { code, secret: this.lookupSecret(code), dueAt: (await this.catchUpCalendar(view, calendarVersion)).dueAt };
  }

  /**
   * A calendar change committed while this petition was being opened may have been rolled out
   * before its row existed, so the rollout did not see it: the petition then takes it here, as a
   * dossier's registration does (IntakeService.catchUpCalendar).
   */
  private async catchUpCalendar(view: PetitionView, startedOn: number): Promise<PetitionView> {
    if ((await currentCalendarVersion(this.ds)) <= startedOn) return view;
    const { calendar, version } = await this.calendars.snapshot(view.agencyCode);
    const handle = this.temporal.workflow.getHandle(view.code);
    try {
      return (await this.temporal.call(() => handle.executeUpdate(petitionReplanUpdate, { args: [{ calendar, version }] }))).petition;
    } catch (err) {
      // Already on that version: the rollout got there first, and its dates are the workflow's.
      if (err instanceof WorkflowUpdateFailedError) return this.temporal.query(() => handle.query(petitionStateQuery));
      throw err;
    }
  }

  /**
   * The agency a petition goes to: the agency of the dossier it names (or of its code's prefix),
   * else PETITION_AGENCY_CODE, else the one agency in force.
   */
  private async receivingAgency(dossierCode?: string): Promise<string> {
    if (dossierCode) {
      const [row]: { agency_code: string }[] = await this.ds.query(
        `SELECT coalesce((SELECT agency_code FROM dossiers WHERE code = $1), (SELECT code FROM agencies WHERE code = substring($1 from '^(.+)-[0-9]{6}-[0-9]+$'))) AS agency_code`,
        [dossierCode],
      );
      if (row?.agency_code) return row.agency_code;
    }
    if (this.config.values.PETITION_AGENCY_CODE) return this.config.values.PETITION_AGENCY_CODE;
    const inForce: { code: string }[] = await this.ds.query(`SELECT code FROM agencies WHERE successor_code IS NULL ORDER BY code LIMIT 2`);
    if (inForce.length !== 1) throw badRequest([{ field: 'dossierCode', messages: ['name the dossier the petition is about: several agencies receive petitions here (PETITION_AGENCY_CODE is not set)'] }]);
    return inForce[0].code;
  }

  /** The caller's agency's petitions, the most urgent open stage first, then the closed ones newest first. */
  async list(q: ListPetitionsDto, actor: Actor): Promise<Page<PetitionSummary>> {
    const scope = agencyScope(this.ds, actor);
    const where = ['agency_code = :agency'];
    const params: unknown[] = [];
    if (q.status) where.push(`status = $${params.push(q.status)}`);
    if (q.open !== undefined) where.push(q.open ? 'stage IS NOT NULL' : 'stage IS NULL');
    if (q.dossierCode) where.push(`dossier_code = $${params.push(q.dossierCode)}`);
    if (onlyAssigned(actor)) where.push(`assignee = $${params.push(actor.username)}`);
    const filter = `FROM petitions WHERE ${where.join(' AND ')}`;
    const [rows, [{ n }]] = await Promise.all([
      scope.sql<PetitionRow[]>(
        `SELECT code, kind, source, subject, name, dossier_code, status, stage, stage_due_at, assignee, received_at, due_at, coalesce(stage_due_at < now(), false) AS overdue
         ${filter} ORDER BY stage IS NULL, stage_due_at, received_at DESC, code DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, q.pageSize, (q.page - 1) * q.pageSize],
      ),
      scope.sql<{ n: number }[]>(`SELECT count(*)::int AS n ${filter}`, params),
    ]);
    return {
      items: rows.map((r) => ({
        code: r.code, kind: r.kind, source: r.source, subject: r.subject, status: r.status, overdue: r.overdue,
        receivedAt: r.received_at.toISOString(), dueAt: r.due_at.toISOString(),
        ...(r.name ? { name: r.name } : {}), ...(r.dossier_code ? { dossierCode: r.dossier_code } : {}), ...(r.stage ? { stage: r.stage } : {}),
        ...(r.stage_due_at ? { stageDueAt: r.stage_due_at.toISOString() } : {}), ...(r.assignee ? { assignee: r.assignee } : {}),
      })),
      total: n, page: q.page, pageSize: q.pageSize,
    };
  }

  /** One petition of the caller's agency with its history. */
  async find(code: string, actor: Actor): Promise<PetitionDetail> {
    const scope = agencyScope(this.ds, actor);
    const [row] = isPetitionCode(code) ? await scope.sql<{ view: PetitionView }[]>(`SELECT view FROM petitions WHERE code = $1 AND agency_code = :agency`, [code]) : [];
    if (!row || (onlyAssigned(actor) && row.view.assignee !== actor.username)) throw new NotFoundException(`petition ${code} not found`);
    const events = await scope.sql<{ seq: number; type: string; at: Date; actor: string | null; payload: Record<string, unknown> }[]>(
      `SELECT e.seq, e.type, e.at, e.actor, e.payload FROM petition_events e JOIN petitions p ON p.code = e.petition_code
        WHERE e.petition_code = $1 AND p.agency_code = :agency ORDER BY e.seq`,
      [code],
    );
    return { ...row.view, events: events.map((e) => ({ seq: e.seq, type: e.type, at: e.at.toISOString(), ...(e.actor ? { actor: e.actor } : {}), payload: e.payload })) };
  }

  /** A stage's command, decided by the petition's workflow (petition.machine.ts): 403 or 409 with its reason when refused. */
  async command(code: string, command: PetitionCommand, actor: Actor): Promise<PetitionView> {
    const view = await this.find(code, actor);
    const update: PetitionCommandInput = { ...command, actor: actor.username, by: actorRef(actor, view) };
    try {
      try {
        return await this.temporal.call(() => this.temporal.workflow.getHandle(code).executeUpdate(petitionCommandUpdate, { args: [update] }));
      } catch (err) {
        if (err instanceof WorkflowNotFoundError && view.status === 'received' && view.events[0]?.payload.importedFrom === 'feedback') return await this.adopt(view, update);
        throw err;
      }
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw rejectedCommand(err.cause instanceof ApplicationFailure ? err.cause : { message: err.cause?.message ?? err.message });
      if (err instanceof WorkflowNotFoundError) throw new ConflictException(`petition ${code} is ${view.status}: it can no longer change`);
      throw err;
    }
  }

  /**
   * A petition carried over from the old feedback table (migration FeedbackIntoPetitions1766534400000)
   * has no workflow until its first command: started here together with that command
   * (update-with-start; a concurrent first command finds the workflow and waits for it), its stages
   * timed from its receipt as any petition's. The workflow's receipt write finds the row already at
   * that event and leaves it.
   */
  private async adopt(view: PetitionView, update: PetitionCommandInput): Promise<PetitionView> {
    // The calendar in force now, not the one of receipt: the rollouts made meanwhile skipped it (no workflow yet).
    const { calendar, version: calendarVersion } = await this.calendars.snapshot(view.agencyCode);
    const input: PetitionInput = {
      code: view.code, agencyCode: view.agencyCode, kind: view.kind, source: view.source, subject: view.subject, message: view.message,
      ...(view.name ? { name: view.name } : {}), ...(view.contact ? { contact: view.contact } : {}), ...(view.dossierCode ? { dossierCode: view.dossierCode } : {}),
      receivedAt: view.receivedAt, calendar, calendarVersion, plan: this.plan(),
    };
    return this.temporal.call(() =>
      this.temporal.workflow.executeUpdateWithStart(petitionCommandUpdate, {
        args: [update],
        startWorkflowOperation: new WithStartWorkflowOperation<typeof petitionWorkflow>(PETITION_WORKFLOW, {
          workflowId: view.code, taskQueue: this.config.values.TEMPORAL_TASK_QUEUE, args: [input], workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      }),
    );
  }

  /** What the citizen sees with the code and its secret; an unknown code and a wrong secret answer the same. */
  async publicLookup(code: string, secret: string): Promise<PublicPetition> {
    const ok = isPetitionCode(code) && lookupSecretMatches(this.config.values.LOOKUP_SECRET_KEY, code, secret, 'petition');
    // The lookup by code + secret is the citizen's own: no agency scope (reviewed in agency-scope.spec.ts).
    const [row]: { view: PetitionView }[] = ok ? await this.ds.query(`SELECT view FROM petitions WHERE code = $1`, [code]) : [];
    if (!row) throw new NotFoundException(NOT_FOUND);
    const v = row.view;
    return {
      code: v.code, kind: v.kind, subject: v.subject, status: v.status, receivedAt: v.receivedAt, dueAt: v.dueAt,
      ...(v.outcome && v.outcome !== 'in_scope' ? { reason: v.reason } : {}), ...(v.forwardTo ? { forwardTo: v.forwardTo } : {}),
      ...(v.answer ? { answer: v.answer, answeredAt: v.answeredAt } : {}), ...(v.publishedAt ? { publishedAt: v.publishedAt } : {}),
    };
  }

  /** Published answers of every agency, newest first, searchable; without the citizen's name and contact. */
  async published(q: PublicPetitionsQueryDto): Promise<Page<PublishedPetition>> {
    const params: unknown[] = [];
    let filter = 'FROM petitions WHERE published_at IS NOT NULL';
    if (q.q?.trim()) {
      const like = `%${q.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      filter += ` AND (subject ILIKE $${params.push(like)} OR message ILIKE $1 OR view->>'answer' ILIKE $1)`;
    }
    // Public and system-wide by design: published answers (reviewed in agency-scope.spec.ts).
    const [rows, [{ n }]]: [{ code: string; kind: PetitionKind; subject: string; message: string; name: string | null; answer: string; received_at: Date; answered_at: Date; published_at: Date }[], { n: number }[]] = await Promise.all([
      this.ds.query(
        `SELECT code, kind, subject, message, name, view->>'answer' AS answer, received_at, answered_at, published_at ${filter}
          ORDER BY published_at DESC, code DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, q.pageSize, (q.page - 1) * q.pageSize],
      ),
      this.ds.query(`SELECT count(*)::int AS n ${filter}`, params),
    ]);
    return {
      items: rows.map((r) => ({
        code: r.code, kind: r.kind, subject: maskPersonalData(r.subject, r.name), message: maskPersonalData(r.message, r.name), answer: maskPersonalData(r.answer, r.name),
        receivedAt: r.received_at.toISOString(), answeredAt: r.answered_at.toISOString(), publishedAt: r.published_at.toISOString(),
      })),
      total: n, page: q.page, pageSize: q.pageSize,
    };
  }

  /** Petition figures of the caller's agency for the petitions received in [from, to). */
  async figures(from: string, to: string, actor: Actor): Promise<PetitionFigures> {
    const [r] = await agencyScope(this.ds, actor).sql<{ received: number; in_scope: number; on_time: number; late: number; pending: number }[]>(
      `SELECT count(*)::int AS received,
              count(*) FILTER (WHERE outcome = 'in_scope')::int AS in_scope,
              count(*) FILTER (WHERE answered_on_time)::int AS on_time,
              count(*) FILTER (WHERE answered_on_time = false)::int AS late,
              count(*) FILTER (WHERE status IN ('received', 'classified', 'assigned'))::int AS pending
         FROM petitions WHERE agency_code = :agency AND received_at >= $1 AND received_at < $2`,
      [from, to],
    );
    return { from, to, received: r.received, inScope: r.in_scope, answeredOnTime: r.on_time, answeredLate: r.late, pending: r.pending };
  }
}

