import { Global, Injectable, Module, type DynamicModule } from '@nestjs/common';
import { loadConfig, officeHours, type AppConfig } from './config';
import type { WorkCalendar } from '../../domain/src';
import { DEFAULT_CALENDAR } from '../../domain/src';

/** Validated configuration, injectable; built once per process. */
@Injectable()
export class AppConfigService {
  constructor(readonly values: AppConfig) {}

  get databaseUrl(): string {
    if (!this.values.DATABASE_URL) throw new Error('DATABASE_URL is not set (the launcher sets it when it starts PostgreSQL)');
    return this.values.DATABASE_URL;
  }

  /** Time zone, office hours and weekends from configuration; holidays come from the calendar store. */
  baseCalendar(): WorkCalendar {
    return { ...DEFAULT_CALENDAR, timeZone: this.values.AGENCY_TIME_ZONE, officeHours: officeHours(this.values) };
  }
}

@Global()
@Module({})
export class AppConfigModule {
  static forRoot(values: AppConfig = loadConfig()): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: AppConfigService, useValue: new AppConfigService(values) }],
      exports: [AppConfigService],
    };
  }
}
