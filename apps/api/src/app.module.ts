import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { hostname } from 'node:os';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AppConfigModule, AppConfigService, loadConfig, type AppConfig } from '../../../libs/config/src';
import { dataSourceOptions } from '../../../libs/db/src';
import { TemporalModule } from '../../../libs/temporal/src';
import { AgenciesModule } from './agencies/agencies.module';
import { AlertsModule } from './alerts/alerts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { DepartmentsModule } from './departments/departments.module';
import { DossiersModule } from './dossiers/dossiers.module';
import { HealthModule } from './health/health.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PetitionsModule } from './petitions/petitions.module';
import { ProceduresModule } from './procedures/procedures.module';
import { PublicModule } from './public/public.module';
import { PushModule } from './push/push.module';
import { StatsModule } from './stats/stats.module';
import { SystemModule } from './system/system.module';
import { TasksModule } from './tasks/tasks.module';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** Which API process answered: several share one port (start:cluster, or replicas behind a balancer). */
const SERVED_BY = `${hostname()}:${process.pid}`;

@Module({})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply((_req: Request, res: Response, next: NextFunction) => {
      res.setHeader('X-Served-By', SERVED_BY);
      next();
    }).forRoutes('{*splat}');
  }

  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            name: 'api',
            autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
            // Personal data stays out of the logs: no bodies, no auth headers.
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            // The receipt secret travels in the query string of the public lookup: never log it.
            serializers: { req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.replace(/([?&]secret=)[^&]*/i, '$1[redacted]') }) },
          },
        }),
        TypeOrmModule.forRootAsync({
          inject: [AppConfigService],
          useFactory: (c: AppConfigService) => {
            const options = dataSourceOptions(c.databaseUrl, c.values.DB_POOL_SIZE);
            // pg-pool waits for a connection for ever by default: with PostgreSQL down or frozen a
            // request would hang. Bounded (10 s, far above a healthy pool's wait under load), it
            // fails and the exception filter answers 503 naming 'database'.
            return { ...options, extra: { ...options.extra, connectionTimeoutMillis: 10_000 } };
          },
        }),
        TemporalModule,
        CalendarModule,
        AuthModule,
        ProceduresModule,
        DossiersModule,
        TasksModule,
        AlertsModule,
        AuditModule,
        HealthModule,
        SystemModule,
        PublicModule,
        PushModule,
        PetitionsModule,
        StatsModule,
        UsersModule,
        DepartmentsModule,
        AgenciesModule,
        WebhooksModule,
        NotificationsModule,
      ],
    };
  }
}
