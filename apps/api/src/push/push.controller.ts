import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { CreatePushSubscriptionDto, DeletePushSubscriptionQuery } from './push.dto';
import { PushPublicKey, PushSubscriptionView } from './push.response';
import { PushService } from './push.service';

/** The key a browser subscribes with; any signed-in staff member may ask for push. */
@ApiTags('push')
@ApiBearerAuth()
@Controller('api/push')
export class PushController {
  constructor(private readonly push: PushService) {}

  @Get('public-key')
  @ApiOkResponse({ type: PushPublicKey })
  publicKey(): Promise<PushPublicKey> {
    return this.push.publicKey();
  }
}

/** The caller's own browsers registered for push notifications. */
@ApiTags('push')
@ApiBearerAuth()
@Controller('api/me/push-subscriptions')
export class MyPushSubscriptionsController {
  constructor(private readonly push: PushService) {}

  @Get()
  @ApiOkResponse({ type: PushSubscriptionView, isArray: true })
  list(@CurrentActor() actor: Actor): Promise<PushSubscriptionView[]> {
    return this.push.list(actor);
  }

  /** Registers this browser (the body is `PushSubscription.toJSON()`); again for the same endpoint updates it. */
  @Post()
  @ApiCreatedResponse({ type: PushSubscriptionView })
  @ApiErrors([400, 'a field is malformed (named in `fields`): endpoint not an https URL, keys.p256dh not a 65-byte P-256 point, keys.auth not 16 bytes'])
  subscribe(@CurrentActor() actor: Actor, @Body() dto: CreatePushSubscriptionDto): Promise<PushSubscriptionView> {
    return this.push.subscribe(dto, actor);
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'this browser gets no more pushes' })
  @ApiErrors(400, [404, 'no subscription of yours with this endpoint'])
  unsubscribe(@CurrentActor() actor: Actor, @Query() query: DeletePushSubscriptionQuery): Promise<void> {
    return this.push.unsubscribe(query.endpoint, actor);
  }
}
