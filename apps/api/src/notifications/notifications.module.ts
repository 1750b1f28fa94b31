import { Module } from '@nestjs/common';
import { EscalationPolicyController, MyNotificationsController, NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({ controllers: [EscalationPolicyController, NotificationsController, MyNotificationsController], providers: [NotificationsService] })
export class NotificationsModule {}
