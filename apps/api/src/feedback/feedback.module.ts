import { Module } from '@nestjs/common';
import { FeedbackController } from './feedback.controller';
import { PublicFeedbackController } from './public-feedback.controller';
import { FeedbackService } from './feedback.service';

@Module({ controllers: [PublicFeedbackController, FeedbackController], providers: [FeedbackService] })
export class FeedbackModule {}
