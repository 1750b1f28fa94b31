import { ApiProperty } from '@nestjs/swagger';
import type { CalendarChange } from './calendar.service';

/** The answer to a calendar change (PUT settings, PUT or DELETE an override). */
export class CalendarChangeResponse implements CalendarChange {
  @ApiProperty({ example: 42, description: 'the new calendar version' }) version!: number;
  @ApiProperty({ example: 'calendar-rollout-42', description: 'the Temporal workflow that re-plans the open dossiers the change concerns' }) rolloutWorkflowId!: string;
  @ApiProperty({ enum: ['started', 'pending'], description: '`pending` (answered 202): Temporal was unreachable; the change is saved and its rollout starts once Temporal is back' })
  rollout!: 'started' | 'pending';
}
