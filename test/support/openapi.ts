import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';

/** The parts of an OpenAPI 3.0 document the checker reads. */
export interface OpenApiDoc {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }>; headers?: Record<string, unknown> }> }>>;
  components: { schemas: Record<string, unknown> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type Method = (typeof METHODS)[number];

export interface CallOptions {
  /** values of the `{name}` segments of the path template */
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  headers?: Record<string, string>;
  token?: string;
}

/** Every operation of the document, as `GET /api/dossiers/{code}`. */
export const operationsOf = (doc: OpenApiDoc): string[] =>
  Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`));

/** `#/components/...` → `openapi.json#/components/...`, so a response's schema resolves against the document added to Ajv. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (!schema || typeof schema !== 'object') return schema;
  const nullable = (schema as Record<string, unknown>).nullable === true;
  const rebased = Object.fromEntries(Object.entries(schema).filter(([k]) => !(nullable && k === 'nullable')).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `openapi.json${v}` : rebase(v)]));
  // `nullable` read as the web app's generated types read it (`T | null`), also beside an `enum` or an `allOf` of a reference.
  return nullable ? { anyOf: [{ type: 'null' }, rebased] } : rebased;
}

/**
 * Calls the live API and holds each answer to the document: the status must be one the operation
 * declares, and a JSON body must match the schema declared for that status (OpenAPI 3.0: `nullable`
 * understood, formats checked, closed objects refuse undeclared fields). Records what it saw.
 */
export function openApiChecker(url: string, doc: OpenApiDoc) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi.json', components: rebase(doc.components) });
  const compiled = new Map<string, ValidateFunction>();
  /** `GET /api/dossiers/{code}` → the statuses answered */
  const seen = new Map<string, Set<number>>();

  function validator(op: string, status: number, schema: unknown): ValidateFunction {
    const key = `${op} ${status}`;
    let v = compiled.get(key);
    if (!v) compiled.set(key, (v = ajv.compile(rebase(schema) as object)));
    return v;
  }

  /** Holds a response already received to the operation `op` (e.g. `POST /api/dossiers`). */
  function check(op: string, res: { status: number; headers: Record<string, string>; body: unknown; text?: string }): void {
    const [method, path] = op.split(' ');
    const operation = doc.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`${op} is not in the document`);
    const declared = operation.responses[String(res.status)];
    if (!declared) throw new Error(`${op} answered ${res.status}, which the document does not declare (declared: ${Object.keys(operation.responses).join(', ')}): ${res.text ?? ''}`);
    if (!seen.has(op)) seen.set(op, new Set());
    seen.get(op)!.add(res.status);
    const type = (res.headers['content-type'] ?? '').split(';')[0];
    if (!declared.content) {
      if (res.text) throw new Error(`${op} ${res.status} is declared without a body, and sent ${res.text.slice(0, 200)}`);
      return;
    }
    const media = declared.content[type];
    if (!media) throw new Error(`${op} ${res.status} sent ${type || 'no content type'}, declared: ${Object.keys(declared.content).join(', ')}`);
    if (type !== 'application/json') return;
    const validate = validator(op, res.status, media.schema);
    if (!validate(res.body)) {
      throw new Error(`${op} ${res.status}: the body does not match the document:\n${ajv.errorsText(validate.errors, { separator: '\n' })}\n${JSON.stringify(res.body).slice(0, 1500)}`);
    }
  }

  /** Sends `op` with the options and checks the answer; returns it (supertest's response). */
  async function call(op: string, o: CallOptions = {}): Promise<request.Response> {
    const [method, template] = op.split(' ');
    const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const value = o.params?.[name];
      if (value === undefined) throw new Error(`${op}: no value for {${name}}`);
      return encodeURIComponent(value);
    });
    let req = request(url)[method.toLowerCase() as Method](path);
    if (o.token) req = req.set('Authorization', `Bearer ${o.token}`);
    for (const [k, v] of Object.entries(o.headers ?? {})) req = req.set(k, v);
    if (o.query) req = req.query(o.query);
    const res = await (o.body === undefined ? req : req.send(o.body as object));
    check(op, res);
    return res;
  }

  return { call, check, seen };
}
