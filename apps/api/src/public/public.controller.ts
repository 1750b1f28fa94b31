import { Controller, Get, NotFoundException, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '../auth/auth.decorators';
import { DossiersService } from '../dossiers/dossiers.service';
import { IntakeService } from '../dossiers/intake.service';
import { ProcedureView as ProcedureViewBody } from '../procedures/procedure.response';
import { ProceduresService, type ProcedureView } from '../procedures/procedures.service';
import { RatingsService } from '../ratings/ratings.service';
import { assertLookupSecret, NOT_FOUND } from './lookup-secret';
import { PublicDossier as PublicDossierBody } from './public.response';
import type { PublicDossier } from '../../../../libs/contracts/src';

export type { PublicDossier };

/** What citizens reach without an account: the catalog and the lookup by code + receipt secret. */
@ApiTags('public')
@Public()
@UseGuards(ThrottlerGuard)
@SkipThrottle({ login: true })
@ApiErrors(429)
@Controller('api/public')
export class PublicController {
  constructor(
    private readonly procedures: ProceduresService,
    private readonly dossiers: DossiersService,
    private readonly intake: IntakeService,
    private readonly ratings: RatingsService,
  ) {}

  @Get('procedures')
  @ApiOkResponse({ type: [ProcedureViewBody] })
  catalog(): Promise<ProcedureView[]> {
    return this.procedures.list();
  }

  /** Status only, no personal data, and the citizen's rating once given; an unknown code and a wrong secret answer the same. */
  @Get('dossiers/:code')
  @ApiOkResponse({ type: PublicDossierBody })
  @ApiErrors([404, NOT_FOUND])
  async lookup(@Param('code') code: string, @Query('secret') secret?: string): Promise<PublicDossier> {
    assertLookupSecret(this.intake, code, secret);
    const [view, rating] = await Promise.all([this.dossiers.findView(code), this.ratings.find(code)]);
    if (!view) throw new NotFoundException(NOT_FOUND);
    const open = view.pauses.find((p) => !p.to);
    return {
      code: view.code,
      procedureCode: view.procedureCode,
      status: view.status,
      statusCode: view.statusCode,
      receivedAt: view.receivedAt,
      dueAt: view.dueAt,
      stepsDone: view.steps.filter((s) => s.status === 'done').map((s) => ({ name: s.name, completedAt: s.completedAt! })),
      currentStep: view.steps.find((s) => s.key === view.currentStepKey)?.name,
      pausedFor: open?.reason,
      returnedAt: view.returnedAt,
      ...(rating ? { rating } : {}),
    };
  }
}
