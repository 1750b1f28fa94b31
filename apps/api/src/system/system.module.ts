import { Module } from '@nestjs/common';
import { ClocksService } from './clocks.service';
import { SystemController } from './system.controller';
import { WorkersService } from './workers.service';

@Module({ controllers: [SystemController], providers: [ClocksService, WorkersService], exports: [ClocksService] })
export class SystemModule {}
