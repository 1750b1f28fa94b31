import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { RETRY_AFTER_SECONDS, unavailableBody, unavailableDependency } from './dependency-errors';

/** Every error leaves as JSON; a dependency outage as a 503, unexpected ones with a generic body (details only in the log). */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const body: Record<string, unknown> = typeof raw === 'string' ? { statusCode: status, message: raw } : { ...(raw as object) };
      // Every 400 names a field; errors raised before validation (e.g. malformed JSON) concern the body.
      if (status === 400 && !body.fields) body.fields = [{ field: 'body', messages: [String(body.message)] }];
      res.status(status).json(body);
      return;
    }
    // body-parser errors (malformed JSON, too large) carry an HTTP status of their own.
    const status = (exception as { status?: number })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const type = (exception as { type?: string }).type;
      res.status(status).json({ statusCode: status, error: 'Bad Request', message: [type === 'entity.parse.failed' ? 'body: malformed JSON' : `body: ${type ?? 'invalid'}`], fields: [{ field: 'body', messages: [type ?? 'invalid'] }] });
      return;
    }
    // A dependency that is down is the client's to retry later, not a bug: 503 naming it, Retry-After.
    const dependency = unavailableDependency(exception);
    if (dependency) {
      this.logger.warn(`${dependency} unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      res.status(HttpStatus.SERVICE_UNAVAILABLE).json(unavailableBody(dependency));
      return;
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ statusCode: 500, message: 'Internal server error' });
  }
}
