import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Length, Min } from 'class-validator';
import type { AuditVerifyResult } from '../../../../libs/db/src';
import { PageOf } from '../common/api-responses';
import { PageQueryDto, type Page } from '../common/page.dto';
import { AuditEntryView as AuditEntryViewBody, AuditVerifyResult as AuditVerifyResultBody } from './audit.response';
import { AuditService, type AuditEntryView } from './audit.service';

export class AuditChainQueryDto {
  @ApiPropertyOptional({ description: "a dossier code, or 'system'" }) @IsOptional() @IsString() @Length(1, 100) chain?: string;
}

export class ListAuditDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "a dossier code, or 'system'; without it every chain, newest first" }) @IsOptional() @IsString() @Length(1, 100) chain?: string;
  @ApiPropertyOptional({ example: 'admin', description: 'who acted (a username), exactly' }) @IsOptional() @IsString() @Length(1, 100) actor?: string;
  @ApiPropertyOptional({ example: 'user_deactivated', description: 'what was done (an action code), exactly' }) @IsOptional() @IsString() @Length(1, 100) action?: string;
  @ApiPropertyOptional({ example: '2026-01-01T00:00:00+07:00', description: 'entries at or after this instant' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ example: '2027-01-01T00:00:00+07:00', description: 'entries before this instant' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ minimum: 1, description: 'entries numbered from this one on (with `chain`: a chain read from a link, e.g. the first broken one /api/audit/verify names)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) seqFrom?: number;
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Recomputes the hash chains (one, or all) and reports the first broken link. */
  @Get('verify')
  @ApiOkResponse({ type: AuditVerifyResultBody })
  verify(@Query() query: AuditChainQueryDto): Promise<AuditVerifyResult> {
    return this.audit.verify(query.chain);
  }

  /** Entries of one chain in seq order, or of every chain newest first: of the caller's agency only (its dossiers' chains, and the system chain's entries written by its accounts); narrowed by actor, action and period. */
  @Get()
  @ApiOkResponse({ type: PageOf(AuditEntryViewBody) })
  list(@CurrentActor() actor: Actor, @Query() query: ListAuditDto): Promise<Page<AuditEntryView>> {
    return this.audit.list(query, actor);
  }
}
