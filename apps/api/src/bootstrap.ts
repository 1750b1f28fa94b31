import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import helmet from 'helmet';
import { DataSource } from 'typeorm';
import { assertProductionReady, ConfigError, type AppConfig } from '../../../libs/config/src';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/http-exception.filter';
import { createValidationPipe } from './common/validation';

/** Builds the API exactly as production runs it; the e2e tests use the same function. */
export async function createApi(config: AppConfig): Promise<INestApplication> {
  assertProductionReady(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  if (config.NODE_ENV === 'production') {
    const [{ n }]: { n: number }[] = await app.get(DataSource).query(`SELECT count(*)::int AS n FROM users WHERE demo AND active`);
    if (n > 0) {
      await app.close();
      throw new ConfigError(`Refusing to start in production: ${n} demo account(s) with the password "demo" are active; change their passwords or deactivate them`);
    }
  }
  app.use(helmet());
  app.set('trust proxy', 'loopback');
  app.useBodyParser('json', { limit: '256kb' });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  const origins = config.CORS_ORIGINS.split(',').filter(Boolean);
  if (origins.length) app.enableCors({ origin: origins });
  const doc = new DocumentBuilder()
    .setTitle('dossier-flow API')
    .setDescription('One-stop-shop dossiers: intake, review, return, deadlines and alerts')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc));
  return app;
}
