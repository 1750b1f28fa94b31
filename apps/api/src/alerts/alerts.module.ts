import { Module } from '@nestjs/common';
import { AlertsHub } from './alerts-hub.service';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';

@Module({ controllers: [AlertsController], providers: [AlertsService, AlertsHub] })
export class AlertsModule {}
