import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageOf } from '../common/api-responses';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Page } from '../common/page.dto';
import { ListFeedbackDto, type FeedbackView } from './feedback.dto';
import { FeedbackView as FeedbackViewBody } from './feedback.response';
import { FeedbackService } from './feedback.service';

/** Staff read what citizens sent: the agency's own feedback and the general feedback. */
@ApiTags('feedback')
@ApiBearerAuth()
@Roles('admin', 'supervisor')
@Controller('api/feedback')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Get()
  @ApiOkResponse({ type: PageOf(FeedbackViewBody) })
  list(@CurrentActor() actor: Actor, @Query() query: ListFeedbackDto): Promise<Page<FeedbackView>> {
    return this.feedback.list(query, actor);
  }
}
