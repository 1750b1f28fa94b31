import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { AppConfigService } from '../../../../libs/config/src';
import { appendAudit, currentCalendarVersion, loadCalendar, loadOverrides, SYSTEM_AUDIT_CHAIN, type CalendarSnapshot } from '../../../../libs/db/src';
import { buildCalendarDays, parseYmd, type CalendarDay } from '../../../../libs/domain/src';
import { TemporalClient } from '../../../../libs/temporal/src';
import type { calendarRolloutWorkflow } from '../../../../workflows/calendar-rollout.workflow';
import type { CalendarOverrideDto } from './calendar-override.dto';

export interface CalendarYear {
  year: number;
  version: number;
  daysOff: (CalendarDay & { weekday: string })[];
  workingDays: (CalendarDay & { weekday: string })[];
}

export interface CalendarChange {
  version: number;
  rolloutWorkflowId: string;
}

const WEEKDAYS = ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'];
const weekday = (d: string) => WEEKDAYS[new Date(`${d}T00:00:00Z`).getUTCDay()];

/** The override's date comes from the path: not a real YYYY-MM-DD day is a 400 naming it (PostgreSQL would answer a 500). */
function checkDate(date: string): void {
  if (!parseYmd(date)) throw new BadRequestException({ statusCode: 400, message: ['date must be YYYY-MM-DD'], fields: [{ field: 'date', messages: ['must be a valid YYYY-MM-DD date'] }] });
}

@Injectable()
export class CalendarService {
  private readonly logger = new Logger(CalendarService.name);
  private cached?: CalendarSnapshot;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfigService,
    private readonly temporal: TemporalClient,
  ) {}

  /** The calendar in force; rebuilt only when its version moves (one cheap query per call). */
  async snapshot(): Promise<CalendarSnapshot> {
    const version = await currentCalendarVersion(this.ds);
    if (this.cached?.version !== version) this.cached = await loadCalendar(this.ds, this.config.baseCalendar());
    return this.cached;
  }

  async year(year: number): Promise<CalendarYear> {
    if (!Number.isInteger(year) || year < 1900 || year > 2199) throw new BadRequestException({ statusCode: 400, message: ['year must be 1900–2199'], fields: [{ field: 'year', messages: ['must be 1900–2199'] }] });
    const [version, overrides] = await Promise.all([currentCalendarVersion(this.ds), loadOverrides(this.ds)]);
    const days = buildCalendarDays([year], overrides, { weekendDays: this.config.baseCalendar().weekendDays });
    const inYear = (d: CalendarDay) => d.date.startsWith(`${year}-`);
    return {
      year,
      version,
      daysOff: days.daysOff.filter(inYear).map((d) => ({ ...d, weekday: weekday(d.date) })),
      workingDays: days.workingDays.filter(inYear).map((d) => ({ ...d, weekday: weekday(d.date) })),
    };
  }

  /** Adds or replaces an official override; the new version is carried to every open dossier. */
  async putOverride(date: string, dto: CalendarOverrideDto, actor?: string): Promise<CalendarChange> {
    checkDate(date);
    const version = await this.ds.transaction(async (m) => {
      const [before] = await m.query(`SELECT kind, reason FROM calendar_overrides WHERE date = $1 FOR UPDATE`, [date]);
      await m.query(
        `INSERT INTO calendar_overrides (date, kind, reason, source) VALUES ($1, $2, $3, $4)
         ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, reason = EXCLUDED.reason, source = EXCLUDED.source, holiday = NULL, updated_at = now()`,
        [date, dto.kind, dto.reason, dto.source ?? ''],
      );
      return this.logChange(m, actor, { date, before: before ?? null, after: dto });
    });
    return this.rollout(version);
  }

  async deleteOverride(date: string, actor?: string): Promise<CalendarChange> {
    checkDate(date);
    const version = await this.ds.transaction(async (m) => {
      // TypeORM answers a DELETE … RETURNING with [rows, affected count].
      const [[before]]: [{ kind: string; reason: string }[], number] = await m.query(`DELETE FROM calendar_overrides WHERE date = $1 RETURNING kind, reason`, [date]);
      return this.logChange(m, actor, { date, before: before ?? null, after: null });
    });
    return this.rollout(version);
  }

  async changes(): Promise<{ version: number; at: string; actor: string | null; change: unknown }[]> {
    return this.ds.query(`SELECT version, at, actor, change FROM calendar_changes ORDER BY version DESC LIMIT 200`);
  }

  private async logChange(m: DataSource['manager'], actor: string | undefined, change: { date: string; before: unknown; after: unknown }): Promise<number> {
    const [{ version }]: { version: number }[] = await m.query(`INSERT INTO calendar_changes (actor, change) VALUES ($1, $2) RETURNING version`, [actor ?? null, JSON.stringify(change)]);
    await appendAudit(m, { chain: SYSTEM_AUDIT_CHAIN, actor, action: change.after ? 'calendar_override_set' : 'calendar_override_removed', entity: 'calendar', entityId: change.date, before: change.before, after: change.after });
    return version;
  }

  private async rollout(version: number): Promise<CalendarChange> {
    const rolloutWorkflowId = `calendar-rollout-${version}`;
    try {
      await this.temporal.workflow.start<typeof calendarRolloutWorkflow>('calendarRolloutWorkflow', {
        workflowId: rolloutWorkflowId,
        taskQueue: this.config.values.TEMPORAL_TASK_QUEUE,
        args: [version],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    this.logger.log({ version, rolloutWorkflowId }, 'calendar changed; re-planning open dossiers');
    return { version, rolloutWorkflowId };
  }
}
