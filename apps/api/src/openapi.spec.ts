import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { OpenAPIObject, ResponseObject } from '@nestjs/swagger';
import { formatOpenApi, offlineOpenApiDocument, OPENAPI_FILE } from './openapi';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const file = resolve(__dirname, '../../..', OPENAPI_FILE);

/** Every operation of the document with its declared answers. */
function operations(doc: OpenAPIObject): { name: string; responses: Record<string, ResponseObject> }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((m) => (item[m] ? [{ name: `${m.toUpperCase()} ${path}`, responses: item[m]!.responses as Record<string, ResponseObject> }] : [])),
  );
}

describe('the OpenAPI document', () => {
  let doc: OpenAPIObject;
  beforeAll(async () => {
    doc = await offlineOpenApiDocument();
  }, 60_000);

  // The web app's types are generated from the committed file (apps/web `gen:api`): it must be what
  // the code describes. `npm run openapi` rewrites it.
  it(`is committed as ${OPENAPI_FILE}, as the controllers describe it`, () => {
    const text = formatOpenApi(doc);
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(file, text);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(text));
  });

  it('gives every operation a success answer and a schema for each answer it declares', () => {
    const missing: string[] = [];
    for (const op of operations(doc)) {
      const statuses = Object.keys(op.responses);
      if (!statuses.some((s) => /^2\d\d$/.test(s))) missing.push(`${op.name}: no success answer`);
      for (const status of statuses) {
        if (status === '204') continue;
        const schema = op.responses[status].content && Object.values(op.responses[status].content!)[0]?.schema;
        if (!schema) missing.push(`${op.name} ${status}: no schema`);
      }
    }
    expect(missing).toEqual([]);
    expect(operations(doc).length).toBeGreaterThanOrEqual(50);
  });

  it('closes every object schema with named properties (a field the API sends must be declared)', () => {
    const open: string[] = [];
    const walk = (s: unknown, at: string): void => {
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      if (o.type === 'object' && o.properties && o.additionalProperties !== false) open.push(at);
      for (const [k, v] of Object.entries(o)) if (k !== 'example') walk(v, `${at}.${k}`);
    };
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) walk(schema, name);
    expect(open).toEqual([]);
  });

  it('declares the shared error bodies: a 400 names its fields, a 503 its dependency', () => {
    const schemas = doc.components!.schemas as Record<string, { required?: string[] }>;
    expect(schemas.BadRequestBody.required).toEqual(expect.arrayContaining(['statusCode', 'message', 'fields']));
    expect(schemas.UnavailableBody.required).toEqual(expect.arrayContaining(['dependency']));
    const register = doc.paths['/api/dossiers'].post!.responses as Record<string, ResponseObject>;
    expect(Object.keys(register)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '503']));
    expect(register['503'].headers).toHaveProperty('Retry-After');
  });
});
