import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';
import { DossiersModule } from '../dossiers/dossiers.module';
import { TasksService } from './tasks.service';

@Module({ imports: [DossiersModule], controllers: [TasksController], providers: [TasksService] })
export class TasksModule {}
