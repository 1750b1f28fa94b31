import { Module } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { ProceduresModule } from '../procedures/procedures.module';
import { PublicController } from './public.controller';

@Module({ imports: [DossiersModule, ProceduresModule], controllers: [PublicController] })
export class PublicModule {}
