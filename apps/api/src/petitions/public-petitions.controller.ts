import { Body, Controller, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '../auth/auth.decorators';
import { ApiErrors, PageOf } from '../common/api-responses';
import type { Page } from '../common/page.dto';
import { CreatePetitionDto, PetitionSecretDto, PublicPetitionsQueryDto, type PetitionReceipt, type PublicPetition, type PublishedPetition } from './petitions.dto';
import { PetitionReceipt as PetitionReceiptBody, PublicPetition as PublicPetitionBody, PublishedPetition as PublishedPetitionBody } from './petitions.response';
import { PetitionsService } from './petitions.service';

/**
 * Citizens' petitions without an account. The per-address limit (ThrottlerGuard, the `public`
 * limit) is a guard: it answers 429 before the body is validated or any query runs, so a flood
 * costs neither the database nor Temporal anything, and staff routes do not pass through it.
 */
@ApiTags('public')
@Public()
@UseGuards(ThrottlerGuard)
@SkipThrottle({ login: true })
@ApiErrors(429)
@Controller('api/public/petitions')
export class PublicPetitionsController {
  constructor(private readonly petitions: PetitionsService) {}

  /** Opens the petition's process; the code and secret look it up, `dueAt` is when the answer is due. */
  @Post()
  @ApiCreatedResponse({ type: PetitionReceiptBody })
  @ApiErrors(400, 503)
  create(@Body() dto: CreatePetitionDto): Promise<PetitionReceipt> {
    return this.petitions.openPetition({ ...dto, source: 'web' });
  }

  /** Published answers only, newest first, without the citizens' personal data. */
  @Get()
  @ApiOkResponse({ type: PageOf(PublishedPetitionBody) })
  @ApiErrors(400)
  published(@Query() query: PublicPetitionsQueryDto): Promise<Page<PublishedPetition>> {
    return this.petitions.published(query);
  }

  /** Status and answer; an unknown code and a wrong secret answer the same 404. */
  @Get(':code')
  @ApiOkResponse({ type: PublicPetitionBody })
  @ApiErrors(400, [404, 'no petition matches this code and secret'])
  lookup(@Param('code') code: string, @Query() query: PetitionSecretDto): Promise<PublicPetition> {
    return this.petitions.publicLookup(code, query.secret);
  }
}
