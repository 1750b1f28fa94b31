import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { MergeAgencyDto } from './agencies.dto';
import { AgencyView, MergeResultView } from './agencies.response';
import { AgenciesService } from './agencies.service';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('api/agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  /** Every agency with the dates it is in force, its successor and the agencies merged into it. */
  @Get()
  @ApiOkResponse({ type: AgencyView, isArray: true })
  list(): Promise<AgencyView[]> {
    return this.agencies.list();
  }

  /**
   * Merges agency `code` into `successor` from `effectiveDate` (platform administrators; audited):
   * its open dossiers go to the successor's desk (codes and history unchanged), re-planned under the
   * successor's calendar when its rules differ; its departments, staff and procedures become the successor's.
   */
  @Post(':code/merge-into/:successor')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: MergeResultView })
  @ApiBadRequestResponse({ description: 'effectiveDate malformed, or the successor is the agency itself (named in `fields`)' })
  @ApiNotFoundResponse({ description: 'no such agency' })
  @ApiConflictResponse({ description: 'already merged, the successor itself merged or not in force then, or a cycle' })
  merge(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('successor') successor: string, @Body() dto: MergeAgencyDto): Promise<MergeResultView> {
    return this.agencies.merge(code, successor, dto.effectiveDate, actor);
  }
}
