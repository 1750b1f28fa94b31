import { Controller, Get, HttpCode, Param, Post, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { interval, map, merge, type Observable } from 'rxjs';
import type { Page } from '../common/page.dto';
import type { AlertView } from './alert.view';
import { AlertsHub } from './alerts-hub.service';
import { AlertsService } from './alerts.service';
import { ListAlertsDto } from './list-alerts.dto';

@ApiTags('alerts')
@Controller('api/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly hub: AlertsHub,
  ) {}

  @Get()
  list(@Query() query: ListAlertsDto): Promise<Page<AlertView>> {
    return this.alerts.list(query);
  }

  /** Server-sent events: each alert as `event: alert`; a comment-free ping keeps proxies from closing the stream. */
  @Sse('stream')
  stream(): Observable<MessageEvent> {
    return merge(
      this.hub.alerts$.pipe(map((alert): MessageEvent => ({ type: 'alert', id: alert.id, data: alert }))),
      interval(15_000).pipe(map((): MessageEvent => ({ type: 'ping', data: {} }))),
    );
  }

  @Post(':id/ack')
  @HttpCode(200)
  ack(@Param('id') id: string): Promise<AlertView> {
    return this.alerts.acknowledge(id);
  }
}
