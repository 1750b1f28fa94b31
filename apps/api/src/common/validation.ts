import { BadRequestException, ParseUUIDPipe, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  messages: string[];
}

/** Flattens nested class-validator errors into `applicant.name`, `steps[1].duration` paths. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    // An unknown key can be the empty string ({"": 1}): it still needs a name a client can read.
    const field = e.property === '' ? `${parent}[""]` : !parent ? e.property : /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

export function badRequest(problems: FieldProblem[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: problems.map((p) => `${p.field}: ${p.messages.join('; ')}`),
    fields: problems,
  });
}

/** No DTO nests deeper than a few levels; the transformer and validator recurse, so a deeper body would overflow the stack (a 500). */
/** A path id that is not a UUID is a bad request naming the parameter, not a database error. */
export const uuidParam = (field: string): ParseUUIDPipe =>
  new ParseUUIDPipe({ exceptionFactory: () => badRequest([{ field, messages: [`${field} must be a UUID`] }]) });

export const MAX_BODY_DEPTH = 32;

/** In a `u` regex a pair is one code point, so only a half without its partner matches. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * What no validator checks but would turn into a 500 further on: nesting deeper than `max` (a stack
 * overflow in the transformer), NUL characters (PostgreSQL refuses them in text and jsonb) and lone
 * surrogates (refused by jsonb once written back as JSON).
 * Walks without recursion; answers the first offending field and why, or undefined.
 */
export function unsafeInput(value: unknown, root = '', whole = 'body', max = MAX_BODY_DEPTH): FieldProblem | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string' && v.includes('\u0000')) return { field: path || whole, messages: ['must not contain NUL characters'] };
    // A lone surrogate (\ud800 in JSON) is no Unicode text: JSON.stringify writes it back as an
    // escape that PostgreSQL's jsonb refuses (the audit trail, the events), so it is refused here.
    if (typeof v === 'string' && LONE_SURROGATE.test(v)) return { field: path || whole, messages: ['must be well-formed Unicode text (a lone surrogate half)'] };
    if (!v || typeof v !== 'object') continue;
    if (depth >= max) return { field: path || whole, messages: [`nested more than ${max} levels deep`] };
    for (const [k, child] of Object.entries(v)) stack.push({ v: child, path: Array.isArray(v) ? `${path}[${k}]` : path ? `${path}.${k}` : k, depth: depth + 1 });
  }
  return undefined;
}

class SafeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problem = unsafeInput(value, metadata.data ?? '', metadata.type);
      if (problem) throw badRequest([problem]);
    }
    return super.transform(value, metadata);
  }
}

/** Unknown fields rejected, types checked and converted, 400 naming each field. */
export function createValidationPipe(): ValidationPipe {
  return new SafeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => badRequest(flattenValidationErrors(errors)),
  });
}
