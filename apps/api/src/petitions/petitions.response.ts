// OpenAPI bodies of petitions, mirroring libs/contracts (petition.ts).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type * as C from '../../../../libs/contracts/src';
import { type Mirrors } from '../common/api-responses';
import { PETITION_KINDS, PETITION_OUTCOMES, PETITION_STATUSES } from './petitions.dto';

const STAGES: C.PetitionStage[] = ['classify', 'assign', 'answer', 'publish'];
const SOURCES: C.PetitionSource[] = ['web', 'desk', 'email', 'rating'];

export class PetitionReceipt {
  @ApiProperty({ example: '000.00.11.H62-PA-261202-0001' }) code!: string;
  @ApiProperty({ example: 'A1B2C3D4E5', description: 'with the code, looks the petition up (GET /api/public/petitions/:code?secret=)' }) secret!: string;
  @ApiProperty({ format: 'date-time', description: 'the answer is due by then' }) dueAt!: string;
}

export class PetitionStageView {
  @ApiProperty({ enum: STAGES }) key!: C.PetitionStage;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time' }) atRiskAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) completedAt?: string;
  @ApiPropertyOptional({ enum: ['early', 'on_time', 'late'] }) timeliness?: 'early' | 'on_time' | 'late';
}

export class PetitionView {
  @ApiProperty() code!: string;
  @ApiProperty() agencyCode!: string;
  @ApiProperty({ enum: PETITION_KINDS }) kind!: C.PetitionKind;
  @ApiProperty({ enum: SOURCES }) source!: C.PetitionSource;
  @ApiProperty() subject!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() contact?: string;
  @ApiPropertyOptional() dossierCode?: string;
  @ApiProperty({ enum: PETITION_STATUSES }) status!: C.PetitionStatus;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiPropertyOptional({ enum: STAGES, description: 'the open stage; absent once closed' }) stage?: C.PetitionStage;
  @ApiProperty({ type: [PetitionStageView] }) stages!: PetitionStageView[];
  @ApiPropertyOptional({ enum: PETITION_OUTCOMES }) outcome?: C.PetitionOutcome;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional() forwardTo?: string;
  @ApiPropertyOptional() assignee?: string;
  @ApiPropertyOptional() answer?: string;
  @ApiPropertyOptional({ format: 'date-time' }) answeredAt?: string;
  @ApiPropertyOptional() answeredOnTime?: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) publishedAt?: string;
  @ApiPropertyOptional() consent?: boolean;
}

export class PetitionEventView {
  @ApiProperty() seq!: number;
  @ApiProperty() type!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional() actor?: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;
}

export class PetitionDetail extends PetitionView {
  @ApiProperty({ type: [PetitionEventView] }) events!: PetitionEventView[];
}

export class PetitionSummary {
  @ApiProperty() code!: string;
  @ApiProperty({ enum: PETITION_KINDS }) kind!: C.PetitionKind;
  @ApiProperty({ enum: SOURCES }) source!: C.PetitionSource;
  @ApiProperty() subject!: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() dossierCode?: string;
  @ApiProperty({ enum: PETITION_STATUSES }) status!: C.PetitionStatus;
  @ApiPropertyOptional({ enum: STAGES }) stage?: C.PetitionStage;
  @ApiPropertyOptional({ format: 'date-time' }) stageDueAt?: string;
  @ApiProperty({ description: 'the open stage is past its due date' }) overdue!: boolean;
  @ApiPropertyOptional() assignee?: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
}

export class PublicPetition {
  @ApiProperty() code!: string;
  @ApiProperty({ enum: PETITION_KINDS }) kind!: C.PetitionKind;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: PETITION_STATUSES }) status!: C.PetitionStatus;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiPropertyOptional({ description: 'why it is not handled here (out of scope, forwarded)' }) reason?: string;
  @ApiPropertyOptional() forwardTo?: string;
  @ApiPropertyOptional() answer?: string;
  @ApiPropertyOptional({ format: 'date-time' }) answeredAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) publishedAt?: string;
}

export class PublishedPetition {
  @ApiProperty() code!: string;
  @ApiProperty({ enum: PETITION_KINDS }) kind!: C.PetitionKind;
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'phone numbers, e-mail addresses and the citizen\'s name masked' }) message!: string;
  @ApiProperty() answer!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ format: 'date-time' }) answeredAt!: string;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
}

export class PetitionFigures {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ description: 'petitions received in the period' }) received!: number;
  @ApiProperty({ description: 'of them, classified within the agency\'s competence' }) inScope!: number;
  @ApiProperty() answeredOnTime!: number;
  @ApiProperty() answeredLate!: number;
  @ApiProperty({ description: 'not answered yet (received, classified or assigned)' }) pending!: number;
}

export const _mirrors: [
  Mirrors<PetitionReceipt, C.PetitionReceipt>, Mirrors<PetitionStageView, C.PetitionStageView>, Mirrors<PetitionView, C.PetitionView>,
  Mirrors<PetitionEventView, C.PetitionEventView>, Mirrors<PetitionDetail, C.PetitionDetail>, Mirrors<PetitionSummary, C.PetitionSummary>,
  Mirrors<PublicPetition, C.PublicPetition>, Mirrors<PublishedPetition, C.PublishedPetition>, Mirrors<PetitionFigures, C.PetitionFigures>,
] = [true, true, true, true, true, true, true, true, true];
