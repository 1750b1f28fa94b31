import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { PetitionFiguresQueryDto, type PetitionFigures } from './petitions.dto';
import { PetitionFigures as PetitionFiguresBody } from './petitions.response';
import { PetitionsService } from './petitions.service';

/** Petition figures beside the on-time rate on the statistics page (the same roles as the statistics). */
@ApiTags('stats')
@ApiBearerAuth()
@Roles('supervisor', 'approver', 'admin')
@Controller('api/stats/petitions')
export class PetitionStatsController {
  constructor(private readonly petitions: PetitionsService) {}

  /** Received, in scope, answered on time, late and pending, of the petitions received in [from, to). */
  @Get()
  @ApiOkResponse({ type: PetitionFiguresBody })
  @ApiErrors(400)
  figures(@CurrentActor() actor: Actor, @Query() query: PetitionFiguresQueryDto): Promise<PetitionFigures> {
    return this.petitions.figures(query.from, query.to, actor);
  }
}
