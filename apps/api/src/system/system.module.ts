import { Module } from '@nestjs/common';
import { ClocksService } from './clocks.service';
import { SystemController } from './system.controller';

@Module({ controllers: [SystemController], providers: [ClocksService], exports: [ClocksService] })
export class SystemModule {}
