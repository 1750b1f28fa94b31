import { Module } from '@nestjs/common';
import { ProceduresModule } from '../procedures/procedures.module';
import { DossiersController } from './dossiers.controller';
import { DossierFormsService } from './dossier-forms.service';
import { DossiersService } from './dossiers.service';
import { IntakeService } from './intake.service';

@Module({ imports: [ProceduresModule], controllers: [DossiersController], providers: [DossiersService, IntakeService, DossierFormsService], exports: [DossiersService, IntakeService] })
export class DossiersModule {}
