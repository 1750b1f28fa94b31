import { Global, Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { CalendarRolloutRelay } from './calendar-rollout-relay.service';
import { CalendarService } from './calendar.service';

@Global()
@Module({ controllers: [CalendarController], providers: [CalendarService, CalendarRolloutRelay], exports: [CalendarService] })
export class CalendarModule {}
