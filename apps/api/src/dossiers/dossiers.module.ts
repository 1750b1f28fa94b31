import { Module } from '@nestjs/common';
import { ProceduresModule } from '../procedures/procedures.module';
import { DossiersController } from './dossiers.controller';
import { ControlSheetService } from './control-sheet.service';
import { DossiersService } from './dossiers.service';
import { IntakeService } from './intake.service';

@Module({ imports: [ProceduresModule], controllers: [DossiersController], providers: [DossiersService, IntakeService, ControlSheetService] })
export class DossiersModule {}
