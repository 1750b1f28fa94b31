import { Module } from '@nestjs/common';
import { MyPushSubscriptionsController, PushController } from './push.controller';
import { PushService } from './push.service';

@Module({ controllers: [PushController, MyPushSubscriptionsController], providers: [PushService] })
export class PushModule {}
