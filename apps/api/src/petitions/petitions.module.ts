import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { InboundMailService } from './inbound-mail.service';
import { PetitionStatsController } from './petition-stats.controller';
import { PetitionsController } from './petitions.controller';
import { PetitionsService } from './petitions.service';
import { PublicFeedbackController } from './public-feedback.controller';
import { PublicPetitionsController } from './public-petitions.controller';

/** Citizens' feedback and petitions as processes with deadlines (issue 21). `PetitionsService.openPetition` is the one way in (the old feedback route included). */
@Module({
  imports: [CalendarModule],
  controllers: [PublicPetitionsController, PublicFeedbackController, PetitionsController, PetitionStatsController],
  providers: [PetitionsService, InboundMailService],
  exports: [PetitionsService],
})
export class PetitionsModule {}
