import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { AppConfigService } from '../../../../libs/config/src';
import { loadCalendarWith } from '../../../../libs/db/src';
import { parseYmd, type Actor, type CalendarOverride } from '../../../../libs/domain/src';
import { isTemporalUnavailable, TemporalClient } from '../../../../libs/temporal/src';
import type { calendarRolloutWorkflow } from '../../../../workflows/calendar-rollout.workflow';
import { replanPreviewQuery } from '../../../../workflows/dossier.contract';
import { agencyScope } from '../common/agency-scope';
import { badRequest } from '../common/validation';
import { rolloutWorkflowId } from './calendar-rollout-relay.service';

/** The statuses the rollout re-plans (apps/worker/src/activities/calendar.activities.ts). */
const OPEN = ['submitted', 'received', 'processing', 'supplement_requested', 'awaiting_return'];
/** Workflows asked at once: a preview is an admin's click, not worth a burst on Temporal. */
const PARALLEL = 8;

export interface MovedDossier {
  code: string;
  applicantName: string;
  procedureCode: string;
  status: string;
  dueAt: string;
  newDueAt: string;
  stepKey?: string;
  stepDueAt?: string;
  newStepDueAt?: string;
}

export interface OverridePreview {
  date: string;
  /** The override as it would be; null: removed (the computed default applies). */
  kind: 'day_off' | 'working_day' | null;
  /** Open dossiers of the caller's agency the rollout will send the change to. */
  openDossiers: number;
  /** Those whose due date or current step's due date would move, with both dates. */
  moved: MovedDossier[];
  /** Dossiers whose workflow did not answer (closed meanwhile, or its worker is down). */
  unanswered: string[];
}

export interface RolloutProgress {
  version: number;
  /** `pending`: not started yet (Temporal unreachable when it was saved); then running, completed or failed. */
  state: 'pending' | 'running' | 'completed' | 'failed';
  /** When completed: the dossiers it re-planned (every agency's, for a national change). */
  replanned?: number;
  /** When completed: the open petitions it re-planned, counted apart (absent for a rollout that ran before petitions were re-planned). */
  replannedPetitions?: number;
  /** The open dossiers of the caller's agency now. */
  openDossiers: number;
}

/**
 * Before an override is saved, which open dossiers it will move; after, how far its rollout is.
 * The preview asks each dossier's workflow (query `replanPreview`) to run the rollout's own re-plan
 * on a copy with the calendar the change would give (loadCalendarWith, the code that builds the
 * calendar in force): nothing is written, no history grows.
 */
@Injectable()
export class CalendarPreviewService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfigService,
    private readonly temporal: TemporalClient,
  ) {}

  async overridePreview(date: string, kind: 'day_off' | 'working_day' | undefined, actor: Actor): Promise<OverridePreview> {
    if (!parseYmd(date)) throw badRequest([{ field: 'date', messages: ['must be a valid YYYY-MM-DD date'] }]);
    const adjust = (overrides: CalendarOverride[]): CalendarOverride[] => {
      const rest = overrides.filter((o) => o.date !== date);
      return kind ? [...rest, { date, kind, reason: 'preview', source: '' }] : rest;
    };
    const { calendar } = await loadCalendarWith(this.ds, this.config.baseCalendar(), actor.agencyCode, adjust);
    const scope = agencyScope(this.ds, actor);
    const [{ n }] = await scope.sql<{ n: number }[]>(`SELECT count(*)::int AS n FROM dossiers WHERE agency_code = :agency AND status = ANY($1)`, [OPEN]);
    // Only a dossier whose period runs over the date can move (a few days' slack for time zones and
    // the next-working-day rules); a paused one runs on until it resumes.
    const candidates = await scope.sql<{ code: string; applicantName: string; procedureCode: string; status: string }[]>(
      `SELECT code, applicant_name AS "applicantName", procedure_code AS "procedureCode", status FROM dossiers
        WHERE agency_code = :agency AND status = ANY($1) AND received_at < $2::date + 3
          AND (GREATEST(due_at, original_due_at) > $2::date - 3 OR status = 'supplement_requested')
        ORDER BY code LIMIT 1000`,
      [OPEN, date],
    );
    const moved: MovedDossier[] = [];
    const unanswered: string[] = [];
    for (let i = 0; i < candidates.length; i += PARALLEL) {
      await Promise.all(
        candidates.slice(i, i + PARALLEL).map(async (d) => {
          try {
            const p = await this.temporal.call(() => this.temporal.workflow.getHandle(d.code).query(replanPreviewQuery, calendar));
            if (p.newDueAt !== p.dueAt || p.newStepDueAt !== p.stepDueAt) moved.push({ ...d, ...p });
          } catch (err) {
            if (isTemporalUnavailable(err)) throw err;
            unanswered.push(d.code);
          }
        }),
      );
    }
    return { date, kind: kind ?? null, openDossiers: n, moved: moved.sort((a, b) => a.code.localeCompare(b.code)), unanswered: unanswered.sort() };
  }

  async rolloutProgress(version: number, actor: Actor): Promise<RolloutProgress> {
    const [row]: { agency_code: string | null; relayed: boolean }[] = await this.ds.query(
      `SELECT c.agency_code, r.relayed_at IS NOT NULL AS relayed FROM calendar_changes c LEFT JOIN calendar_rollouts r ON r.version = c.version WHERE c.version = $1`,
      [version],
    );
    // Another agency's change is none of the caller's business.
    if (!row || (row.agency_code !== null && row.agency_code !== actor.agencyCode)) throw new NotFoundException(`calendar change ${version} not found`);
    const [{ n }] = await agencyScope(this.ds, actor).sql<{ n: number }[]>(`SELECT count(*)::int AS n FROM dossiers WHERE agency_code = :agency AND status = ANY($1)`, [OPEN]);
    const progress = (state: RolloutProgress['state'], done?: { replanned: number; replannedPetitions?: number }): RolloutProgress => ({ version, state, ...done, openDossiers: n });
    if (!row.relayed) return progress('pending');
    const handle = this.temporal.workflow.getHandle<typeof calendarRolloutWorkflow>(rolloutWorkflowId(version));
    try {
      const { status } = await this.temporal.call(() => handle.describe());
      if (status.name === 'RUNNING') return progress('running');
      if (status.name !== 'COMPLETED') return progress('failed');
      const { replanned, replannedPetitions } = await this.temporal.call(() => handle.result());
      return progress('completed', { replanned, ...(replannedPetitions !== undefined && { replannedPetitions }) });
    } catch (err) {
      // Relayed, then gone from Temporal after retention: it ran.
      if (err instanceof WorkflowNotFoundError) return progress('completed');
      throw err;
    }
  }
}
