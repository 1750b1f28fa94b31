import { Module } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { ProceduresModule } from '../procedures/procedures.module';
import { RatingsModule } from '../ratings/ratings.module';
import { PublicController } from './public.controller';

@Module({ imports: [DossiersModule, ProceduresModule, RatingsModule], controllers: [PublicController] })
export class PublicModule {}
