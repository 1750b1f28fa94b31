// OpenAPI bodies of the audit routes, mirroring the service's answers.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditBrokenLink as AuditBrokenLinkContract, AuditVerifyResult as AuditVerifyResultContract } from '../../../../libs/db/src';
import { type Mirrors } from '../common/api-responses';
import type { AuditEntryView as AuditEntryViewContract } from './audit.service';

export class AuditBrokenLink {
  @ApiProperty() chain!: string;
  @ApiProperty() seq!: number;
  @ApiProperty() id!: string;
  @ApiProperty() reason!: string;
}

export class AuditVerifyResult {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'rows checked' }) checked!: number;
  @ApiProperty({ description: 'chains checked' }) chains!: number;
  @ApiPropertyOptional({ type: AuditBrokenLink, description: 'the first broken link, chains in text order, rows in seq order' }) firstBroken?: AuditBrokenLink;
}

const ANY_JSON = { nullable: true, description: 'the record as it was (before) or became (after); null when none' } as const;

export class AuditEntryView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: "a dossier code, or 'system'" }) chain!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, nullable: true }) actor!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty({ type: String, nullable: true }) entity!: string | null;
  @ApiProperty({ type: String, nullable: true }) entityId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, ...ANY_JSON }) before!: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, ...ANY_JSON }) after!: unknown;
  @ApiProperty() hash!: string;
}


export const _mirrors: [Mirrors<AuditBrokenLink, AuditBrokenLinkContract>, Mirrors<AuditVerifyResult, AuditVerifyResultContract>, Mirrors<AuditEntryView, AuditEntryViewContract>] = [true, true, true];
