import { ForbiddenException, Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppConfigService } from '../../../../libs/config/src';
import { localDate, type Actor } from '../../../../libs/domain/src';
import { lookupSecret, lookupSecretMatches } from '../../../../libs/domain/src/lookup-secret';
import { citizenNoticeSettings } from '../../../../libs/notify/src/citizen/outbox';
import { dossierSearchAttributes, TemporalClient } from '../../../../libs/temporal/src';
import { executeDossierCommand } from '../../../../libs/temporal/src/dossier-workflows';
import { CALENDAR_SYSTEM, registerUpdate, type DossierInput, type DossierView, type ProgressRecord } from '../../../../workflows/dossier.contract';
import { currentCalendarVersion, nextReceiptCode, writeProgress, type ClockPlanner } from '../../../../libs/db/src';
import type { dossierWorkflow } from '../../../../workflows/dossier.workflow';
import { apiClockPlanner } from '../common/api-clock-planner';
import { badRequest } from '../common/validation';
import { CalendarService } from '../calendar/calendar.service';
import { ProceduresService } from '../procedures/procedures.service';
import { DossiersService } from './dossiers.service';
import type { RegisterDossierDto } from './dto/register-dossier.dto';
import { registrationRecord } from './registration-record';
import { checkReceivedAt } from './receipt-time';

export type Receipt = DossierView & { lookupSecret: string };

interface Claim {
  code: string;
  receivedAt: Date;
  fresh: boolean;
}

@Injectable()
export class IntakeService {
  private readonly logger = new Logger(IntakeService.name);
  /** INTAKE_MODE=start plans a registration's alarms here, as the worker does for every later change. */
  private readonly clock: ClockPlanner;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly temporal: TemporalClient,
    private readonly config: AppConfigService,
    private readonly procedures: ProceduresService,
    private readonly dossiers: DossiersService,
    private readonly calendars: CalendarService,
  ) {
    // The registration is complete without the clock's wake-up (apiClockPlanner): no reason to refuse the receipt.
    this.clock = apiClockPlanner(temporal, config, this.logger);
  }

  /**
   * Registers a dossier: one PostgreSQL transaction claims the idempotency key and the code, then
   * (INTAKE_MODE) either one update-with-start round trip starts the workflow and returns the
   * receipt it persisted, or a plain start and the API's own write of the same projection.
   */
  async register(dto: RegisterDossierDto, idempotencyKey: string | undefined, actor: Actor): Promise<Receipt> {
    const key = this.checkKey(idempotencyKey);
    const procedure = await this.procedures.find(dto.procedureCode);
    if (!procedure) throw badRequest([{ field: 'procedureCode', messages: [`unknown procedure ${dto.procedureCode}`] }]);
    if (procedure.agencyCode !== actor.agencyCode) throw new ForbiddenException(`procedure ${procedure.code} belongs to another agency`);
    const { calendar, version: calendarVersion } = await this.calendars.snapshot(procedure.agencyCode);
    const receivedAt = checkReceivedAt(dto.receivedAt, calendar);
    if (dto.reception && dto.reception.outcome !== 'received' && !dto.reception.reason) {
      throw badRequest([{ field: 'reception.reason', messages: ['a guidance or refusal needs its reason'] }]);
    }
    const claim = await this.claim(key, requestHash(dto), procedure.agencyCode, receivedAt, calendar.timeZone);

    if (!claim.fresh) {
      // A row proves a started workflow in both modes (written by its first task, or by the API
      // after Temporal persisted the start), so the answer needs no Temporal call; and none may
      // start a finished dossier's workflow again once retention has removed it.
      const existing = await this.dossiers.findView(claim.code);
      if (existing) return this.withSecret(existing);
    }
    const input: DossierInput = {
      code: claim.code,
      agencyCode: procedure.agencyCode,
      procedure: {
        code: procedure.code,
        version: procedure.version,
        name: procedure.name,
        legalTime: procedure.legalTime,
        steps: procedure.steps,
        supplementPolicy: procedure.supplementPolicy,
        supplementWindowDays: procedure.supplementWindowDays,
        // Only when set: a dossier of a procedure that sets neither carries the input it always did.
        ...(procedure.maxSupplementRequests !== undefined && { maxSupplementRequests: procedure.maxSupplementRequests, supplementRequestsBasis: procedure.supplementRequestsBasis }),
        ...(procedure.clockStart !== 'receipt' && { clockStart: procedure.clockStart }),
      },
      calendar,
      calendarVersion,
      applicant: { ...dto.applicant },
      channel: dto.channel,
      receivedAt: claim.receivedAt.toISOString(),
      reception: dto.reception ? { ...dto.reception } : undefined,
    };
    const searchAttributes = dossierSearchAttributes(procedure.agencyCode, procedure.code);
    if (this.config.values.INTAKE_MODE === 'start') return this.withSecret(await this.catchUpCalendar(await this.registerByStart(input, searchAttributes), calendarVersion));
    try {
      // Temporal down or too slow → 503 (TemporalClient.call). The claim stays: a retry with the
      // same key finds no dossier row yet and comes back here with the same code, and the update id
      // makes a start that did reach Temporal count once.
      const view = await this.temporal.call(() =>
        this.temporal.workflow.executeUpdateWithStart(registerUpdate, {
          updateId: 'register',
          startWorkflowOperation: new WithStartWorkflowOperation<typeof dossierWorkflow>('dossierWorkflow', {
            workflowId: claim.code,
            taskQueue: this.config.values.TEMPORAL_TASK_QUEUE,
            args: [input],
            workflowIdConflictPolicy: 'USE_EXISTING',
            // A finished dossier's id is never reused: a late retry must not start it again.
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            typedSearchAttributes: searchAttributes,
          }),
        }),
      );
      return this.withSecret(await this.catchUpCalendar(view, calendarVersion));
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        const existing = await this.dossiers.findView(claim.code);
        if (existing) return this.withSecret(existing);
      }
      throw err;
    }
  }

  /**
   * INTAKE_MODE=start, after the claim: (b) one plain start, which Temporal answers once it has
   * persisted it, no worker involved; (c) the projection, its alarms and the clock's wake-up,
   * written by the worker's own writer from the receipt the workflow's pure rules compute; then
   * the 201. The order keeps the invariants: a row exists only for a started workflow (so a 201,
   * or a retry answered from the row, means a workflow exists); if the API dies between (b) and
   * (c), the workflow's first task writes the projection itself; if (b) fails, only the claim was
   * written, and a retry with the same key comes back here with the same code.
   */
  private async registerByStart(input: DossierInput, searchAttributes: SearchAttributePair[]): Promise<DossierView> {
    try {
      // Temporal down or too slow → 503, as for update-with-start.
      await this.temporal.call(() =>
        this.temporal.workflow.start<typeof dossierWorkflow>('dossierWorkflow', {
          workflowId: input.code,
          taskQueue: this.config.values.TEMPORAL_TASK_QUEUE,
          args: [input],
          // A running workflow with this id (an earlier attempt with this key) fails the start;
          // a finished dossier's id is never reused: a late retry must not start it again.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: searchAttributes,
        }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      // An earlier attempt with this key started it and has not written the projection (it died,
      // or is writing now). That workflow's input is the truth, not ours (the procedure or the
      // calendar may have changed since): take its receipt as update-with-start does, once its
      // first task has persisted it. A rare path (a crash, concurrent retries).
      return (
        (await this.dossiers.findView(input.code)) ??
        (await this.temporal.call(() => this.temporal.workflow.getHandle(input.code).executeUpdate(registerUpdate, { updateId: 'register' })))
      );
    }
    const { view, record } = registrationRecord(input, new Date());
    await this.recordRegistration(record);
    return view;
  }

  /** The worker's writer (libs/db writeProgress); its own method so the e2e test can make the API die just before it. */
  private async recordRegistration(record: ProgressRecord): Promise<void> {
    await writeProgress(this.ds, this.clock, record, undefined, citizenNoticeSettings(this.config.values));
  }

  /**
   * A calendar change committed while this dossier was being registered may have been rolled out
   * before the dossier's row existed, so the rollout did not see it: the registration then carries
   * the change itself. (Either the rollout's scan sees the row, or this check sees the new version.)
   */
  private async catchUpCalendar(view: DossierView, startedOn: number): Promise<DossierView> {
    if ((await currentCalendarVersion(this.ds)) <= startedOn) return view;
    const { calendar, version } = await this.calendars.snapshot(view.agencyCode);
    try {
      // In INTAKE_MODE=start the workflow may not have registered yet: the command waits for it.
      return await this.temporal.call(() => executeDossierCommand(this.temporal, view.code, { type: 'calendarChanged', calendar, version, actor: 'calendar', by: CALENDAR_SYSTEM }));
    } catch (err) {
      // Already on that version (the rollout got there first) or closed meanwhile: the receipt stands.
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) return (await this.dossiers.findView(view.code)) ?? view;
      throw err;
    }
  }

  /** The secret printed on the receipt for the public lookup; derived, so every retry prints the same. */
  lookupSecret(code: string): string {
    return lookupSecret(this.config.values.LOOKUP_SECRET_KEY, code);
  }

  /** Whether `given` is the code's secret (constant time). */
  lookupSecretMatches(code: string, given: unknown): boolean {
    return lookupSecretMatches(this.config.values.LOOKUP_SECRET_KEY, code, given);
  }

  private withSecret(view: DossierView): Receipt {
    return { ...view, lookupSecret: this.lookupSecret(view.code) };
  }

  private checkKey(key: string | undefined): string {
    if (key === undefined) return randomUUID();
    if (!/^[\x21-\x7e]{8,200}$/.test(key)) throw badRequest([{ field: 'Idempotency-Key', messages: ['must be 8–200 printable ASCII characters'] }]);
    return key;
  }

  /**
   * Concurrent retries with one key serialise on the key's row (INSERT … ON CONFLICT waits for
   * the first transaction), so exactly one allocates a code; the others read it. The daily
   * sequence row is per agency: no global lock.
   */
  private async claim(key: string, hash: string, agencyCode: string, receivedAt: Date, timeZone: string): Promise<Claim> {
    return this.ds.transaction(async (m) => {
      const won: unknown[] = await m.query(`INSERT INTO idempotency_keys (key, request_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING key`, [key, hash]);
      if (won.length === 0) {
        const [row]: { request_hash: string; dossier_code: string | null; received_at: Date | null }[] = await m.query(
          `SELECT request_hash, dossier_code, received_at FROM idempotency_keys WHERE key = $1`,
          [key],
        );
        if (row.request_hash !== hash) throw new UnprocessableEntityException('Idempotency-Key was already used with a different request body');
        if (!row.dossier_code || !row.received_at) throw new Error(`idempotency key ${key} has no dossier code`);
        return { code: row.dossier_code, receivedAt: row.received_at, fresh: false };
      }
      const code = await nextReceiptCode(m, 'dossier', agencyCode, localDate(receivedAt, timeZone));
      await m.query(`UPDATE idempotency_keys SET dossier_code = $2, received_at = $3 WHERE key = $1`, [key, code, receivedAt]);
      return { code, receivedAt, fresh: true };
    });
  }
}

/** Hash of the body with keys sorted, so the same request in another key order is the same request. */
function requestHash(body: object): string {
  const canonical = JSON.stringify(body, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
  return createHash('sha256').update(canonical).digest('hex');
}
