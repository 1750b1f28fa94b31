import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppConfigService } from '../../../libs/config/src';
import { createDossierWorker } from './dossier-worker';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  const config = app.get(AppConfigService).values;
  // The SDK's own INFO lines (bundle stats, state changes) are noise in production logs; keep WARN+.
  const sdk = (level: 'warn' | 'error') => (message: string, meta?: Record<string, unknown>) => logger[level]({ ...meta, sdk: 'temporal' }, message);
  const quiet = () => undefined;
  Runtime.install({
    logger: {
      log: (level, message, meta) => (level === 'ERROR' ? sdk('error') : level === 'WARN' ? sdk('warn') : quiet)(message, meta),
      trace: quiet,
      debug: quiet,
      info: quiet,
      warn: sdk('warn'),
      error: sdk('error'),
    },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  const { worker, close } = await createDossierWorker({ config, dataSource: app.get(DataSource) });
  // Graceful stop: finish in-flight tasks, then close the pool.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
  logger.log({ taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE }, 'worker running');
  await worker.run();
  await close();
  await app.close();
  logger.log('worker stopped');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
