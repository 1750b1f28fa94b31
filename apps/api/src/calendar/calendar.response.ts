// OpenAPI bodies of the calendar's reads, mirroring the service's answers (a change's answer: calendar-change.response.ts).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { OfficeHours as OfficeHoursContract } from '../../../../libs/domain/src';
import { type Mirrors } from '../common/api-responses';
import type * as S from './calendar.service';

export class OfficeHours {
  @ApiProperty({ example: '07:30', description: "local 'HH:mm'" }) start!: string;
  @ApiProperty({ example: '11:30', description: "local 'HH:mm'; '24:00' allowed" }) end!: string;
}

/** The agency's calendar settings in force. */
export class AgencyCalendarSettings {
  @ApiProperty() agencyCode!: string;
  @ApiProperty({ example: 'Asia/Ho_Chi_Minh' }) timeZone!: string;
  @ApiProperty({ type: [OfficeHours] }) officeHours!: OfficeHours[];
  @ApiProperty({ type: [Number], description: '0 = Sunday … 6 = Saturday' }) weekendDays!: number[];
  @ApiProperty({ example: '15:00', description: 'paper dossiers received after it count from the next working day' }) paperCutoff!: string;
  @ApiProperty() hoursPerWorkingDay!: number;
  @ApiProperty({ description: 'false: the agency has no settings of its own and uses the configured defaults' }) own!: boolean;
  @ApiProperty() version!: number;
}

export class CalendarDay {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ description: 'legal source' }) source?: string;
  @ApiProperty() weekday!: string;
}

export class CalendarYear {
  @ApiProperty() year!: number;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [CalendarDay] }) daysOff!: CalendarDay[];
  @ApiProperty({ type: [CalendarDay] }) workingDays!: CalendarDay[];
}

/** One entry of the calendar's change log. */
export class CalendarChangeEntry {
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, nullable: true }) actor!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'null: national (a day off or worked day)' }) agencyCode!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'what changed: before and after' }) change!: unknown;
}

export const _mirrors: [
  Mirrors<OfficeHours, OfficeHoursContract>,
  Mirrors<AgencyCalendarSettings, S.AgencyCalendarSettings>,
  Mirrors<CalendarYear, S.CalendarYear>,
  Mirrors<CalendarChangeEntry, Awaited<ReturnType<S.CalendarService['changes']>>[number]>,
] = [true, true, true, true];
