import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import helmet from 'helmet';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { DataSource } from 'typeorm';
import { assertProductionReady, ConfigError, type AppConfig } from '../../../libs/config/src';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/http-exception.filter';
import { createValidationPipe } from './common/validation';
import { buildOpenApiDocument } from './openapi';

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
  // helmet's defaults, relaxed just enough for the web app: antd writes inline styles, and the app
  // may be served over plain HTTP on a LAN address (no upgrade-insecure-requests).
  app.use(helmet({ contentSecurityPolicy: { directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'upgrade-insecure-requests': null } } }));
  serveWebApp(app);
  app.set('trust proxy', 'loopback');
  app.useBodyParser('json', { limit: '256kb' });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  const origins = config.CORS_ORIGINS.split(',').filter(Boolean);
  if (origins.length) app.enableCors({ origin: origins });
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app));
  return app;
}

/** apps/web/dist from the sources (ts-jest) or from the compiled dist/apps/api/src, or WEB_DIST. */
function findWebDist(): string | undefined {
  const candidates = [process.env.WEB_DIST, resolve(__dirname, '../../web/dist'), resolve(__dirname, '../../../../apps/web/dist'), resolve(process.cwd(), 'apps/web/dist')];
  return candidates.find((dir): dir is string => !!dir && existsSync(join(dir, 'index.html')));
}

/**
 * The browser app on the same origin: its built files, and index.html for any other GET outside
 * /api and /health (client-side routes such as /tra-cuu). Nothing is served when it is not built.
 */
function serveWebApp(app: NestExpressApplication): void {
  const dist = findWebDist();
  if (!dist) return;
  const index = join(dist, 'index.html');
  const isApi = (path: string) => path === '/api' || path.startsWith('/api/') || path === '/health' || path.startsWith('/health/');
  // Hashed bundles are immutable; index.html and the service worker (whose URL cannot change) are not.
  const revalidated = (path: string) => path.endsWith('.html') || path.endsWith(`${sep}sw.js`);
  app.useStaticAssets(dist, { index: false, immutable: true, maxAge: '365d', setHeaders: (res, path) => revalidated(path) && res.setHeader('cache-control', 'no-cache') });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApi(req.path) || !req.accepts('html')) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
}
