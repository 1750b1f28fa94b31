// OpenAPI bodies of citizens' feedback, mirroring libs/contracts (feedback.ts).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type * as C from '../../../../libs/contracts/src';
import { type Mirrors } from '../common/api-responses';

export class FeedbackView {
  @ApiProperty() id!: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({ description: 'phone or email to answer to' }) contact?: string;
  @ApiPropertyOptional() dossierCode?: string;
  @ApiProperty() message!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
}


export class FeedbackReceipt {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
}

export const _mirrors: [Mirrors<FeedbackView, C.FeedbackView>, Mirrors<FeedbackReceipt, C.FeedbackReceipt>] = [true, true];
