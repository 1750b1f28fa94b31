import { Module } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { PetitionsModule } from '../petitions/petitions.module';
import { RatingFollowUp } from './rating-follow-up';
import { PublicRatingsController } from './ratings.controller';
import { RatingsService } from './ratings.service';

@Module({ imports: [DossiersModule, PetitionsModule], controllers: [PublicRatingsController], providers: [RatingsService, RatingFollowUp], exports: [RatingsService] })
export class RatingsModule {}
