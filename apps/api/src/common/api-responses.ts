// OpenAPI: the one home of how a route's answers are described. Each route declares its success
// body (`ApiOkResponse({ type })` with a class of a `*.response.ts` beside its controller, checked
// against its contract by `Mirrors`) and the errors of its own (`ApiErrors(404, 409)`, or Nest's
// `ApiNotFoundResponse`...); `describeErrors` adds those every route shares and gives each error its
// shared body. test/e2e/openapi.e2e-spec.ts holds live answers to the document.
import { applyDecorators, type Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, ApiSchema, type OpenAPIObject, type ResponseObject } from '@nestjs/swagger';
import { ApiDependencyUnavailable, RETRY_AFTER_SECONDS, UnavailableBody } from './dependency-errors';
import type { Page } from './page.dto';

/** Any error body: Nest's `{ statusCode, message, error }`. */
export class ErrorBody {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], description: 'what went wrong (a list for several problems)' }) message!: string | string[];
  @ApiPropertyOptional({ example: 'Not Found' }) error?: string;
}

/** One offending field of a 400 (apps/api/src/common/validation.ts `FieldProblem`). */
export class FieldProblemBody {
  @ApiProperty({ example: 'applicant.name', description: 'path of the field: `applicant.name`, `steps[1].duration`, `body` for the body as a whole' }) field!: string;
  @ApiProperty({ type: [String] }) messages!: string[];
}

/** A 400: every problem, each naming its field. */
export class BadRequestBody extends ErrorBody {
  @ApiProperty({ type: [FieldProblemBody] }) fields!: FieldProblemBody[];
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 503;

const MEANING: Record<ErrorStatus, string> = {
  400: 'Invalid input: `fields` names each offending field (the body, a query or path parameter, a header) and why',
  401: 'No valid access token (absent, expired, or its account deactivated)',
  403: "The caller's role, department or agency does not allow this",
  404: 'Not found, or not visible to the caller',
  409: 'Not allowed in the current state (of the dossier, step or record); the message says why',
  422: 'Well-formed but not acceptable: the message says why',
  429: 'Too many requests from this address: retry later',
  503: 'PostgreSQL (or Temporal) is unavailable or did not answer in time: retry after `Retry-After` seconds',
};

/**
 * Error answers a route (or every route of a controller) may give beyond those every route gets
 * (see `describeErrors`); `[status, description]` replaces the generic description.
 */
export function ApiErrors(...answers: (ErrorStatus | [ErrorStatus, string])[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...answers.map((a) => {
      const [status, description] = Array.isArray(a) ? a : [a, undefined];
      if (status === 503) return ApiDependencyUnavailable();
      return ApiResponse({ status, description: description ?? MEANING[status], type: status === 400 ? BadRequestBody : ErrorBody });
    }),
  );
}

/** The error bodies' schemas, registered with the document so that `describeErrors` can point at them. */
export const ERROR_MODELS = [ErrorBody, BadRequestBody, FieldProblemBody, UnavailableBody];

const ref = (model: { name: string }) => ({ $ref: `#/components/schemas/${model.name}` });
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * The error answers every route shares, added to the document in one place: 401 to each route that
 * takes a token, 400 to each that takes input (the validation pipe checks every body, query, path
 * parameter and header it reads), 503 to each API route (any may meet PostgreSQL down); and the
 * shared body of its status to every error answer declared without one (a route's own
 * `ApiNotFoundResponse({ description })` and the like), a description to those without.
 */
export function describeErrors(doc: OpenAPIObject): void {
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const answers = op.responses as Record<string, ResponseObject>;
      if (op.security?.length) answers['401'] ??= { description: MEANING[401] };
      if (op.parameters?.length || op.requestBody) answers['400'] ??= { description: MEANING[400] };
      if (path.startsWith('/api/')) {
        answers['503'] ??= { description: MEANING[503], headers: { 'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer', example: RETRY_AFTER_SECONDS } } } };
      }
      for (const [status, answer] of Object.entries(answers)) {
        if (Number(status) < 400) continue;
        if (!answer.description) answer.description = MEANING[Number(status) as ErrorStatus] ?? 'error';
        answer.content ??= { 'application/json': { schema: ref(status === '400' ? BadRequestBody : status === '503' ? UnavailableBody : ErrorBody) } };
      }
    }
  }
}

/** A page of `item`s (apps/api/src/common/page.dto.ts `Page`) as its own schema, `<Item>Page`. */
export function PageOf<T>(item: Type<T>): Type<Page<T>> {
  @ApiSchema({ name: `${item.name}Page` })
  class PageBody implements Page<T> {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty({ description: 'all matching items (or those counted so far, see totalCapped)' }) total!: number;
    @ApiPropertyOptional({ description: 'the list counts only so far (the inbox) and there are more than `total`' }) totalCapped?: boolean;
    @ApiProperty() page!: number;
    @ApiProperty() pageSize!: number;
  }
  Object.defineProperty(PageBody, 'name', { value: `${item.name}Page` });
  return PageBody;
}

/**
 * Compile-time: an OpenAPI body class `C` declares exactly the fields of the contract `I` with the
 * same types and optionality (assignable both ways, same keys). Use as `const _x: Mirrors<C, I> = true;`.
 */
export type Mirrors<C, I> = [C] extends [I] ? ([I] extends [C] ? ([keyof C] extends [keyof I] ? ([keyof I] extends [keyof C] ? true : 'C has a field I lacks') : 'I has a field C lacks') : 'I is not assignable to C') : 'C is not assignable to I';

/** Compile-time: `values` lists every member of the string union `T` (an enum of a schema). */
export const allOf =
  <T extends string>() =>
  <const A extends readonly T[]>(values: A & ([T] extends [A[number]] ? unknown : 'a member of the union is missing')): A =>
    values;

const onlyKey = (key: string) => ({ type: 'object', properties: { [key]: { type: 'number' } }, required: [key], additionalProperties: false });

/** A `Duration` (libs/contracts domain.ts) in an answer: exactly one of its four forms. */
export const DURATION_SCHEMA = { oneOf: [onlyKey('workingDays'), onlyKey('workingHours'), onlyKey('seconds'), onlyKey('calendarDays')] };
