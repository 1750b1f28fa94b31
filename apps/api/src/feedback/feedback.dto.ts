import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { CONTACT_PATTERN, DOSSIER_CODE_PATTERN, FEEDBACK_MESSAGE_MAX } from '../../../../libs/contracts/src/patterns';
import { PageQueryDto } from '../common/page.dto';

// The response shapes are shared with the web app.
export type { FeedbackReceipt, FeedbackView } from '../../../../libs/contracts/src';

const NOT_BLANK = /\S/;

export class CreateFeedbackDto {
  @ApiPropertyOptional({ example: 'Nguyễn Văn An', maxLength: 200 }) @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ example: '0912345678', maxLength: 200, pattern: CONTACT_PATTERN.source, description: 'phone or email, to send the answer to (blank: none)' })
  @IsOptional() @IsString() @Length(1, 200) @Matches(CONTACT_PATTERN, { message: 'contact must be a phone number or an email address' }) contact?: string;
  @ApiPropertyOptional({ example: '000.00.10.H62-260105-0001', maxLength: 60, pattern: DOSSIER_CODE_PATTERN.source })
  @IsOptional() @IsString() @Length(1, 60) @Matches(DOSSIER_CODE_PATTERN, { message: 'dossierCode may hold letters, digits, dots, dashes and underscores only' }) dossierCode?: string;
  @ApiProperty({ example: 'Cán bộ tiếp nhận hướng dẫn rất tận tình.', maxLength: FEEDBACK_MESSAGE_MAX })
  @IsString()
  @Length(1, FEEDBACK_MESSAGE_MAX)
  @Matches(NOT_BLANK, { message: 'message must not be blank' })
  message!: string;
}

export class ListFeedbackDto extends PageQueryDto {}
