import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '../auth/auth.decorators';
import { CreateFeedbackDto, type FeedbackReceipt } from './feedback.dto';
import { FeedbackReceipt as FeedbackReceiptBody } from './feedback.response';
import { FeedbackService } from './feedback.service';

/** Citizens send feedback without an account, under the same per-address limit as the lookup. */
@ApiTags('public')
@Public()
@UseGuards(ThrottlerGuard)
@SkipThrottle({ login: true })
@ApiErrors(429)
@Controller('api/public/feedback')
export class PublicFeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post()
  @ApiCreatedResponse({ type: FeedbackReceiptBody })
  create(@Body() dto: CreateFeedbackDto): Promise<FeedbackReceipt> {
    return this.feedback.create(dto);
  }
}
