import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import type { EscalationPolicyView as PolicyView, InboxView as Inbox, NotificationPreferencesView as Preferences, NotificationView } from '../../../../libs/notify/src/views';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import type { Page } from '../common/page.dto';
import { uuidParam } from '../common/validation';
import { ListNotificationsDto } from './notifications.dto';
import { EscalationPolicyBody, EscalationPolicyView, InboxView, NotificationPage, NotificationPreferencesBody, NotificationPreferencesView, NotificationView as NotificationBody } from './notifications.response';
import { NotificationsService } from './notifications.service';

/** Who is told of each alert kind, and whom next (issue 20 item 1): the caller's agency. */
@ApiTags('notifications')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/escalation-policy')
export class EscalationPolicyController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ type: EscalationPolicyView })
  get(@CurrentActor() actor: Actor): Promise<PolicyView> {
    return this.notifications.policy(actor);
  }

  /** Replaces the agency's policy and its per-procedure overrides; applies to alerts that ring from now on. */
  @Put()
  @ApiBody({ type: EscalationPolicyBody })
  @ApiOkResponse({ type: EscalationPolicyView })
  @ApiErrors([400, 'a field is wrong (named in `fields`, e.g. `policy.step_overdue.escalate.after`)'])
  put(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<PolicyView> {
    return this.notifications.savePolicy(body, actor);
  }
}

/** The deliveries of the caller's agency and their status (issue 20 item 6): failures show here. */
@ApiTags('notifications')
@ApiBearerAuth()
@Roles('admin', 'supervisor')
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationPage })
  @ApiErrors(400)
  list(@CurrentActor() actor: Actor, @Query() query: ListNotificationsDto): Promise<Page<NotificationView>> {
    return this.notifications.list(query, actor);
  }

  /** A failed or dead delivery sent again: the same id (the mail's Message-ID), tries from zero (admin, audited). */
  @Post(':id/redeliver')
  @Roles('admin')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: NotificationBody, description: 'pending again; the notifier is woken on commit' })
  @ApiErrors([400, 'the id is not a UUID (named in `fields`)'], 404, [409, 'the notification is pending, sent or cancelled: only a failed or dead one is sent again'])
  redeliver(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<NotificationView> {
    return this.notifications.redeliver(id, actor);
  }
}

/** The caller's own channels and quiet hours, and in-app inbox; any signed-in staff member. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/me/notifications')
export class MyNotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationPreferencesView })
  get(@CurrentActor() actor: Actor): Promise<Preferences> {
    return this.notifications.preferences(actor);
  }

  @Put()
  @ApiBody({ type: NotificationPreferencesBody })
  @ApiOkResponse({ type: NotificationPreferencesView })
  @ApiErrors([400, 'a field is wrong (named in `fields`, e.g. `channels.step_overdue[1]`, `quietHours.from`)'])
  put(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<Preferences> {
    return this.notifications.savePreferences(body, actor);
  }

  /** In-app notifications: the unread count (the inbox badge) and the newest 20. */
  @Get('inbox')
  @ApiOkResponse({ type: InboxView })
  inbox(@CurrentActor() actor: Actor): Promise<Inbox> {
    return this.notifications.inbox(actor);
  }

  @Post('inbox/read')
  @HttpCode(200)
  @ApiOkResponse({ type: InboxView, description: 'every in-app notification of the caller marked read' })
  read(@CurrentActor() actor: Actor): Promise<Inbox> {
    return this.notifications.markRead(actor);
  }
}
