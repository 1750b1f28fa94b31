import { Body, Controller, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { IntakeService } from '../dossiers/intake.service';
import { assertLookupSecret, NOT_FOUND } from '../public/lookup-secret';
import { RateDossierDto, type RatingReceipt } from './ratings.dto';
import { RatingReceipt as RatingReceiptBody } from './ratings.response';
import { RatingsService } from './ratings.service';

/** The citizen rates a returned dossier once, with the code and secret of its receipt, under the public per-address limit. */
@ApiTags('public')
@Public()
@UseGuards(ThrottlerGuard)
@SkipThrottle({ login: true })
@ApiErrors(429)
@Controller('api/public/dossiers')
export class PublicRatingsController {
  constructor(
    private readonly ratings: RatingsService,
    private readonly intake: IntakeService,
  ) {}

  @Post(':code/rating')
  @ApiCreatedResponse({ type: RatingReceiptBody })
  @ApiErrors(400, [404, NOT_FOUND], [409, 'rated already, or the result is not returned yet (the message says which)'])
  rate(@Param('code') code: string, @Body() dto: RateDossierDto, @Query('secret') secret?: string): Promise<RatingReceipt> {
    assertLookupSecret(this.intake, code, secret);
    return this.ratings.rate(code, dto);
  }
}
