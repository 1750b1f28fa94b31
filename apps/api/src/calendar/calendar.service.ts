import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfigService } from '../../../../libs/config/src';
import { appendAudit, CalendarCache, loadHolidayRules, loadOverrides, SYSTEM_AUDIT_CHAIN, type CalendarSnapshot } from '../../../../libs/db/src';
import { buildCalendarDays, calendarSettings, parseYmd, validateCalendar, validateHolidayRule, withSettings, type CalendarDay, type Actor, type CalendarSettings, type HolidayRule } from '../../../../libs/domain/src';
import type { HolidayRuleDto } from './holiday-rule.dto';
import { assertPlatformAdmin } from '../common/platform-admin';
import type { CalendarOverrideDto } from './calendar-override.dto';
import type { CalendarSettingsDto } from './calendar-settings.dto';
import { badRequest } from '../common/validation';
import { CALENDAR_ROLLOUT_CHANNEL, CalendarRolloutRelay, rolloutWorkflowId } from './calendar-rollout-relay.service';

export interface CalendarYear {
  year: number;
  version: number;
  daysOff: (CalendarDay & { weekday: string })[];
  workingDays: (CalendarDay & { weekday: string })[];
}

export interface AgencyCalendarSettings extends CalendarSettings {
  agencyCode: string;
  hoursPerWorkingDay: number;
  /** false: the agency has no settings of its own and uses the configured defaults */
  own: boolean;
  version: number;
}

export interface CalendarChange {
  version: number;
  rolloutWorkflowId: string;
  /**
   * `started`: the rollout workflow runs. `pending`: Temporal could not be reached; the change is
   * saved with its rollout in the outbox, which starts it once Temporal is back (answered as 202).
   */
  rollout: 'started' | 'pending';
}

/**
 * Serialises calendar changes so versions commit in their order (a snapshot at version v holds every
 * change up to v). One lock for the whole system, held for one small transaction: calendar changes
 * are rare admin writes (a few a year per agency), never on a dossier's or a registration's path.
 */
const CALENDAR_CHANGE_LOCK = `hashtext('calendar_changes')`;

const WEEKDAYS = ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'];
const weekday = (d: string) => WEEKDAYS[new Date(`${d}T00:00:00Z`).getUTCDay()];

/** The override's date comes from the path: not a real YYYY-MM-DD day is a 400 naming it (PostgreSQL would answer a 500). */
function checkDate(date: string): void {
  if (!parseYmd(date)) throw badRequest([{ field: 'date', messages: ['must be a valid YYYY-MM-DD date'] }]);
}

@Injectable()
export class CalendarService {
  private readonly logger = new Logger(CalendarService.name);
  /** Per agency, rebuilt when the calendar version moves. */
  private readonly calendars: CalendarCache;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfigService,
    private readonly relay: CalendarRolloutRelay,
  ) {
    this.calendars = new CalendarCache(config.baseCalendar());
  }

  /** An agency's calendar in force; rebuilt only when the version moves (one cheap query per call). */
  snapshot(agencyCode: string): Promise<CalendarSnapshot> {
    return this.calendars.snapshot(this.ds, agencyCode);
  }

  async year(year: number, agencyCode: string): Promise<CalendarYear> {
    if (!Number.isInteger(year) || year < 1900 || year > 2199) throw badRequest([{ field: 'year', messages: ['must be 1900–2199'] }]);
    const [{ version, calendar }, overrides, rules] = await Promise.all([this.snapshot(agencyCode), loadOverrides(this.ds), loadHolidayRules(this.ds)]);
    const days = buildCalendarDays([year], overrides, { weekendDays: calendar.weekendDays, rules });
    const inYear = (d: CalendarDay) => d.date.startsWith(`${year}-`);
    return {
      year,
      version,
      daysOff: days.daysOff.filter(inYear).map((d) => ({ ...d, weekday: weekday(d.date) })),
      workingDays: days.workingDays.filter(inYear).map((d) => ({ ...d, weekday: weekday(d.date) })),
    };
  }

  async settings(agencyCode: string): Promise<AgencyCalendarSettings> {
    const { version, calendar, ownSettings } = await this.snapshot(agencyCode);
    return { agencyCode, ...calendarSettings(calendar), hoursPerWorkingDay: calendar.hoursPerWorkingDay, own: ownSettings, version };
  }

  /**
   * Sets an agency's time zone, office hours, weekends and cut-off. Checked as a whole calendar
   * (8 working hours a day, intervals in order, a known zone); the agency's open dossiers are re-planned.
   */
  async putSettings(agencyCode: string, dto: CalendarSettingsDto, actor?: string): Promise<CalendarChange> {
    const settings: CalendarSettings = { timeZone: dto.timeZone, officeHours: dto.officeHours.map(({ start, end }) => ({ start, end })), weekendDays: [...dto.weekendDays].sort(), paperCutoff: dto.paperCutoff };
    const problems = validateCalendar(withSettings(this.config.baseCalendar(), settings));
    if (problems.length) {
      // validateCalendar names the field first ('officeHours[1]: …'); a day-length mismatch is the office hours' fault.
      throw badRequest(problems.map((p) => ({ field: p.startsWith('hoursPerWorkingDay') ? 'officeHours' : p.split(/[:\s]/)[0], messages: [p] })));
    }
    const version = await this.ds.transaction(async (m) => {
      const [before]: { calendar_settings: unknown }[] = await m.query(`SELECT calendar_settings FROM agencies WHERE code = $1 FOR UPDATE`, [agencyCode]);
      await m.query(`UPDATE agencies SET calendar_settings = $2 WHERE code = $1`, [agencyCode, JSON.stringify(settings)]);
      return this.logChange(m, actor, { action: 'calendar_settings_set', entityId: agencyCode, agencyCode, before: before?.calendar_settings ?? null, after: settings });
    });
    return this.rollout(version);
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
      return this.logChange(m, actor, { action: 'calendar_override_set', entityId: date, before: before ?? null, after: dto });
    });
    return this.rollout(version);
  }

  async deleteOverride(date: string, actor?: string): Promise<CalendarChange> {
    checkDate(date);
    const version = await this.ds.transaction(async (m) => {
      // TypeORM answers a DELETE … RETURNING with [rows, affected count].
      const [[before]]: [{ kind: string; reason: string }[], number] = await m.query(`DELETE FROM calendar_overrides WHERE date = $1 RETURNING kind, reason`, [date]);
      return this.logChange(m, actor, { action: 'calendar_override_removed', entityId: date, before: before ?? null, after: null });
    });
    return this.rollout(version);
  }

  /** The statutory holiday rules, each with its effective dates and legal source. */
  holidayRules(): Promise<HolidayRule[]> {
    return loadHolidayRules(this.ds);
  }

  /**
   * Adds a statutory holiday rule (a new day, or a new version of a key from its effectiveFrom):
   * a national calendar change, audited, whose rollout re-plans every open dossier it moves.
   */
  async addHolidayRule(dto: HolidayRuleDto, by: Actor): Promise<CalendarChange> {
    assertPlatformAdmin(by, this.config.values.PLATFORM_ADMINS, 'changing the statutory holidays');
    const actor = by.username;
    const rule: HolidayRule = { ...dto };
    for (const k of Object.keys(rule) as (keyof HolidayRule)[]) if (rule[k] === undefined) delete rule[k];
    const problems = validateHolidayRule(rule);
    if (problems.length) throw badRequest(problems.map((p) => ({ field: p.field, messages: [p.message] })));
    const version = await this.ds.transaction(async (m) => {
      const inserted: { id: number }[] = await m.query(
        `INSERT INTO holiday_rules (key, effective_from, rule, actor) VALUES ($1, $2, $3, $4) ON CONFLICT (key, effective_from) DO NOTHING RETURNING id`,
        [rule.key, rule.effectiveFrom, JSON.stringify(rule), actor ?? null],
      );
      if (inserted.length === 0) throw new ConflictException(`a holiday rule ${rule.key} from ${rule.effectiveFrom} exists`);
      return this.logChange(m, actor, { action: 'holiday_rule_added', entityId: `holiday-rule:${rule.key}@${rule.effectiveFrom}`, before: null, after: rule });
    });
    return this.rollout(version);
  }

  /** National changes and those of the agency, newest first. */
  async changes(agencyCode: string): Promise<{ version: number; at: string; actor: string | null; agencyCode: string | null; change: unknown }[]> {
    return this.ds.query(
      `SELECT version, at, actor, agency_code AS "agencyCode", change FROM calendar_changes WHERE agency_code IS NULL OR agency_code = $1 ORDER BY version DESC LIMIT 200`,
      [agencyCode],
    );
  }

  /**
   * One versioned change: `agencyCode` when it concerns one agency only (its rollout re-plans that
   * agency's dossiers). Its rollout is written to the outbox in the same transaction, so a saved
   * change is always rolled out, also when Temporal is down at this instant (CalendarRolloutRelay).
   */
  async logChange(m: DataSource['manager'], actor: string | undefined, c: { action: string; entityId: string; agencyCode?: string; before: unknown; after: unknown }): Promise<number> {
    const change = c.agencyCode ? { agencyCode: c.agencyCode, before: c.before, after: c.after } : { date: c.entityId, before: c.before, after: c.after };
    // Held to the commit: the next change takes its version after this one is visible.
    await m.query(`SELECT pg_advisory_xact_lock(${CALENDAR_CHANGE_LOCK})`);
    const [{ version }]: { version: number }[] = await m.query(`INSERT INTO calendar_changes (actor, change, agency_code) VALUES ($1, $2, $3) RETURNING version`, [
      actor ?? null, JSON.stringify(change), c.agencyCode ?? null,
    ]);
    await m.query(`INSERT INTO calendar_rollouts (version) VALUES ($1)`, [version]);
    await m.query(`SELECT pg_notify($1, $2)`, [CALENDAR_ROLLOUT_CHANNEL, String(version)]);
    await appendAudit(m, { chain: SYSTEM_AUDIT_CHAIN, actor, action: c.action, entity: 'calendar', entityId: c.entityId, before: c.before, after: c.after });
    return version;
  }

  /** After the commit: starts the rollout now if Temporal answers; otherwise the outbox relay will. */
  async rollout(version: number): Promise<CalendarChange> {
    const started = await this.relay.relay(version);
    const id = rolloutWorkflowId(version);
    this.logger.log({ version, rolloutWorkflowId: id, started }, started ? 'calendar changed; re-planning open dossiers' : 'calendar changed; rollout pending until Temporal answers');
    return { version, rolloutWorkflowId: id, rollout: started ? 'started' : 'pending' };
  }
}
