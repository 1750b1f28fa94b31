import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '../../../libs/config/src';
import { AppModule } from './app.module';
import { describeErrors, ERROR_MODELS } from './common/api-responses';

/** Where the document is committed: the web app generates its types from it (apps/web `gen:api`). */
export const OPENAPI_FILE = 'apps/api/openapi.json';

/**
 * The API's OpenAPI document, as `/api/docs` serves it and `apps/api/openapi.json` holds it. Every
 * object schema with named properties is closed (`additionalProperties: false`): a request DTO
 * because the validation pipe refuses unknown fields, a response body because the e2e test
 * (test/e2e/openapi.e2e-spec.ts) holds each live answer to exactly the fields declared.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('dossier-flow API')
    .setDescription('One-stop-shop dossiers: intake, review, return, deadlines and alerts')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const doc = SwaggerModule.createDocument(app, config, { extraModels: ERROR_MODELS });
  describeErrors(doc);
  for (const schema of Object.values(doc.components?.schemas ?? {})) closeObjects(schema);
  return doc;
}

function closeObjects(schema: unknown): void {
  if (!schema || typeof schema !== 'object') return;
  if (Array.isArray(schema)) return schema.forEach(closeObjects);
  const s = schema as Record<string, unknown>;
  if (s.properties && s.type === 'object' && !('additionalProperties' in s)) s.additionalProperties = false;
  for (const [key, value] of Object.entries(s)) if (key !== 'example' && key !== 'default') closeObjects(value);
}

/**
 * The document without a database or Temporal: the application graph in preview mode (modules and
 * controllers scanned, no provider instantiated, nothing connected).
 */
export async function offlineOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule.forRoot(loadConfig({})), { preview: true, logger: false, abortOnError: false });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** The document as committed: stable key order is Nest's, two-space JSON, final newline. */
export const formatOpenApi = (doc: OpenAPIObject): string => `${JSON.stringify(doc, null, 2)}\n`;
