import { Global, Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { CalendarRolloutRelay } from './calendar-rollout-relay.service';
import { CalendarService } from './calendar.service';
import { CalendarPreviewService } from './calendar-preview.service';

@Global()
@Module({ controllers: [CalendarController], providers: [CalendarService, CalendarRolloutRelay, CalendarPreviewService], exports: [CalendarService] })
export class CalendarModule {}
