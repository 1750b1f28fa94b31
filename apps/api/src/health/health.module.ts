import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { SystemModule } from '../system/system.module';
import { HealthController } from './health.controller';

@Module({ imports: [TerminusModule, SystemModule], controllers: [HealthController] })
export class HealthModule {}
