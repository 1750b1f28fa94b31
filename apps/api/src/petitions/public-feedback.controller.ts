import { Body, Controller, Header, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { FeedbackAliasDto, feedbackSubject, type PetitionReceipt } from './petitions.dto';
import { PetitionReceipt as PetitionReceiptBody } from './petitions.response';
import { PetitionsService } from './petitions.service';

/** When the route was deprecated (RFC 9745 `Deprecation: @<seconds>`): 2026-12-02. */
const DEPRECATED_SINCE = '@1796169600';

/**
 * The old feedback form's route, kept for the clients that post to it: a deprecated alias of
 * POST /api/public/petitions that opens a petition of kind `feedback` (one process, one set of
 * rules) and answers the petition's receipt. Throttled as the other public routes.
 */
@ApiTags('public')
@Public()
@UseGuards(ThrottlerGuard)
@SkipThrottle({ login: true })
@ApiErrors(429)
@Controller('api/public/feedback')
export class PublicFeedbackController {
  constructor(private readonly petitions: PetitionsService) {}

  @Post()
  @ApiOperation({
    deprecated: true,
    summary: 'Deprecated: use POST /api/public/petitions',
    description:
      'Opens a petition of kind `feedback` (its subject is the message\'s first line) and answers its receipt `{code, secret, dueAt}` ' +
      '(until 2026-12-02 this answered `{id, receivedAt}`). The answer carries `Deprecation` and a `Link` to the successor.',
  })
  @Header('Deprecation', DEPRECATED_SINCE)
  @Header('Link', '</api/public/petitions>; rel="successor-version"')
  @ApiCreatedResponse({
    type: PetitionReceiptBody,
    headers: {
      Deprecation: { description: 'RFC 9745: deprecated since 2026-12-02', schema: { type: 'string', example: DEPRECATED_SINCE } },
      Link: { description: 'the successor route', schema: { type: 'string', example: '</api/public/petitions>; rel="successor-version"' } },
    },
  })
  @ApiErrors(400, 503)
  create(@Body() dto: FeedbackAliasDto): Promise<PetitionReceipt> {
    return this.petitions.openPetition({
      kind: 'feedback', subject: feedbackSubject(dto.message), message: dto.message, name: dto.name, contact: dto.contact, dossierCode: dto.dossierCode, source: 'web',
    });
  }
}
