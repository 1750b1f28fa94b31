import { Controller, Get, Headers, HttpCode, Param, Post, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { filter } from 'rxjs';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { interval, map, merge, type Observable } from 'rxjs';
import { badRequest } from '../common/validation';
import { resumeAfter, type StreamItem } from './resumable-stream';
import type { Page } from '../common/page.dto';
import type { AlertView } from './alert.view';
import { AlertsHub } from './alerts-hub.service';
import { AlertsService } from './alerts.service';
import { ListAlertsDto } from './list-alerts.dto';
import { AlertView as AlertViewBody } from './alert.response';
import { ApiErrors, PageOf } from '../common/api-responses';

@ApiTags('alerts')
@ApiBearerAuth()
@Roles('supervisor', 'approver')
@Controller('api/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly hub: AlertsHub,
  ) {}

  @Get()
  @ApiOkResponse({ type: PageOf(AlertViewBody) })
  list(@CurrentActor() actor: Actor, @Query() query: ListAlertsDto): Promise<Page<AlertView>> {
    return this.alerts.list(query, actor);
  }

  /**
   * Server-sent events: each alert as `event: alert` with `id:` its alert id (ids grow in commit
   * order). A client that reconnects with `Last-Event-ID` (or `?lastEventId=`, for clients that
   * cannot set headers) first gets every alert it may see that fired after that id, then an
   * `event: resumed` saying how many it missed, then live ones: none lost, none twice, whichever
   * API process it reaches. A ping every 15 s keeps proxies from closing the stream.
   */
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream: `event: alert` blocks (`id:` the alert id) whose `data:` is an AlertView (JSON); after a reconnect with Last-Event-ID, `event: resumed` {after, missed}; `event: ping` every 15 s', schema: { type: 'string' } })
  @Sse('stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'id of the last alert received: resume after it' })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'the same, for clients that cannot set headers' })
  stream(@CurrentActor() actor: Actor, @Headers('last-event-id') header?: string, @Query('lastEventId') query?: string): Observable<MessageEvent> {
    const after = header ?? query;
    if (after !== undefined && !/^\d{1,18}$/.test(after)) {
      throw badRequest([{ field: header !== undefined ? 'Last-Event-ID' : 'lastEventId', messages: ['must be the id of an alert (digits)'] }]);
    }
    const live$ = this.hub.alerts$.pipe(filter((alert) => this.alerts.visibleAlert(actor, alert)));
    const items$: Observable<StreamItem> =
      after === undefined ? live$.pipe(map((alert): StreamItem => ({ kind: 'alert', alert }))) : resumeAfter(after, live$, (from, limit) => this.alerts.firedAfter(from, actor, limit));
    return merge(
      items$.pipe(map((item): MessageEvent => (item.kind === 'alert' ? { type: 'alert', id: item.alert.id, data: item.alert } : { type: 'resumed', data: { after: item.after, missed: item.missed } }))),
      interval(15_000).pipe(map((): MessageEvent => ({ type: 'ping', data: {} }))),
    );
  }

  @Post(':id/ack')
  @HttpCode(200)
  @ApiOkResponse({ type: AlertViewBody, description: 'acknowledged (again: unchanged)' })
  @ApiErrors(404)
  ack(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AlertView> {
    return this.alerts.acknowledge(id, actor);
  }
}
