import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '../auth/auth.decorators';
import { CreateFeedbackDto, type FeedbackReceipt } from './feedback.dto';
import { FeedbackService } from './feedback.service';

/** Citizens send feedback without an account, under the same per-address limit as the lookup. */
@ApiTags('public')
@Public()
@UseGuards(ThrottlerGuard)
@SkipThrottle({ login: true })
@Controller('api/public/feedback')
export class PublicFeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post()
  create(@Body() dto: CreateFeedbackDto): Promise<FeedbackReceipt> {
    return this.feedback.create(dto);
  }
}
