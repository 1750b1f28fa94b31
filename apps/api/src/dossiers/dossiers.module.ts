import { Module } from '@nestjs/common';
import { FormsController } from '../forms/forms.controller';
import { FormsService } from '../forms/forms.service';
import { ProceduresModule } from '../procedures/procedures.module';
import { DossiersController } from './dossiers.controller';
import { DossierFormsService } from './dossier-forms.service';
import { DossiersService } from './dossiers.service';
import { IntakeService } from './intake.service';

@Module({ imports: [ProceduresModule], controllers: [DossiersController, FormsController], providers: [DossiersService, IntakeService, DossierFormsService, FormsService], exports: [DossiersService, IntakeService] })
export class DossiersModule {}
