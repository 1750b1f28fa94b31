import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfigService } from '../../../../libs/config/src';
import { listAgencies, mergeAgency, MergeRefused, type AgencyRecord } from '../../../../libs/db/src';
import { parseYmd, type Actor } from '../../../../libs/domain/src';
import { CalendarService } from '../calendar/calendar.service';
import { assertPlatformAdmin } from '../common/platform-admin';
import { badRequest } from '../common/validation';
import type { MergeResultView } from './agencies.response';

/**
 * Agencies as versioned records with their succession (issue 19 item 6). A merger is the
 * platform's (two agencies change at once): an admin listed in PLATFORM_ADMINS, or any admin when
 * that is empty. It moves the predecessor's departments, staff, procedures and open dossiers to the
 * successor (libs/db agencies.ts mergeAgency) and, when the two calendars differ, records a
 * calendar change of the successor in the same transaction, whose rollout (the calendar rollout
 * workflow, through its outbox) re-plans the successor's open dossiers under its calendar.
 */
@Injectable()
export class AgenciesService {
  private readonly logger = new Logger(AgenciesService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calendars: CalendarService,
    private readonly config: AppConfigService,
  ) {}

  list(): Promise<AgencyRecord[]> {
    return listAgencies(this.ds);
  }

  async merge(predecessor: string, successor: string, effectiveDate: string, actor: Actor): Promise<MergeResultView> {
    assertPlatformAdmin(actor, this.config.values.PLATFORM_ADMINS, 'merging agencies');
    if (!parseYmd(effectiveDate)) throw badRequest([{ field: 'effectiveDate', messages: ['must be a valid YYYY-MM-DD date'] }]);
    if (predecessor === successor) throw badRequest([{ field: 'successor', messages: ['must be another agency'] }]);
    const { result, version } = await this.ds
      .transaction(async (m) => {
        const result = await mergeAgency(m, { predecessor, successor, effectiveDate, actor: actor.username });
        // Re-planned only when the rules differ: the same calendar gives the same deadlines.
        const version = result.calendarDiffers && result.moved.dossiers > 0
          ? await this.calendars.logChange(m, actor.username, { action: 'calendar_agency_merged', entityId: successor, agencyCode: successor, before: { agencyCode: predecessor }, after: result.successorSettings })
          : undefined;
        return { result, version };
      })
      .catch((err: unknown) => {
        if (err instanceof MergeRefused) throw err.status === 404 ? new NotFoundException(err.message) : new ConflictException(err.message);
        throw err;
      });
    const replan = version === undefined ? null : await this.calendars.rollout(version);
    this.logger.log({ predecessor, successor, effectiveDate, moved: result.moved, replan }, 'agencies merged');
    const { successorSettings: _settings, ...view } = result;
    // Absent when the calendars are the same (nothing re-planned).
    return replan ? { ...view, replan } : view;
  }
}
