import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Length, Matches, NotContains, ValidateIf } from 'class-validator';
import { CONTACT_PATTERN, DOSSIER_CODE_PATTERN, PETITION_MESSAGE_MAX, PETITION_SUBJECT_MAX } from '../../../../libs/contracts/src/patterns';
import type { PetitionKind, PetitionOutcome, PetitionStatus } from '../../../../libs/contracts/src';
import { PageQueryDto } from '../common/page.dto';

export { PETITION_MESSAGE_MAX, PETITION_SUBJECT_MAX };
export const PETITION_ANSWER_MAX = 8000;
/** An RFC 822 message as received, attachments included: what the JSON body limit (256 kB) leaves room for. */
export const INBOUND_MAIL_MAX = 200_000;

const NOT_BLANK = /\S/;
/**
 * Markup that would run if some reader rendered it as HTML (a script, an event handler, an embedded
 * object or a `javascript:` link): refused with a 400 naming the field. Other text, `<` included,
 * is stored as typed and rendered escaped (React escapes text; the web app never sets HTML).
 */
const SCRIPT_LADEN = /^(?![\s\S]*(<\s*\/?\s*(script|iframe|object|embed|svg|img|style|link|meta|form|base)\b|\bon[a-z]+\s*=|javascript\s*:))/i;
const NO_SCRIPT = (field: string) => Matches(SCRIPT_LADEN, { message: `${field} must not contain markup that runs (script, event handler, embedded object, javascript: link)` });

export const PETITION_KINDS: PetitionKind[] = ['feedback', 'proposal'];
export const PETITION_OUTCOMES: PetitionOutcome[] = ['in_scope', 'out_of_scope', 'forward'];
export const PETITION_STATUSES: PetitionStatus[] = ['received', 'classified', 'assigned', 'answered', 'published', 'out_of_scope', 'forwarded'];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreatePetitionDto {
  @ApiProperty({ enum: PETITION_KINDS, description: '`feedback` (phản ánh) on how a rule is applied, `proposal` (kiến nghị) to change one' })
  @IsIn(PETITION_KINDS) kind!: PetitionKind;
  @ApiProperty({ example: 'Thời gian chờ tại quầy quá lâu', maxLength: PETITION_SUBJECT_MAX })
  @Transform(trim) @IsString() @Length(1, PETITION_SUBJECT_MAX) @Matches(NOT_BLANK, { message: 'subject must not be blank' }) @NO_SCRIPT('subject') subject!: string;
  @ApiProperty({ example: 'Tôi chờ hơn 2 giờ để nộp hồ sơ đăng ký doanh nghiệp.', maxLength: PETITION_MESSAGE_MAX })
  @Transform(trim) @IsString() @Length(1, PETITION_MESSAGE_MAX) @Matches(NOT_BLANK, { message: 'message must not be blank' }) @NO_SCRIPT('message') message!: string;
  @ApiProperty({ example: 'Nguyễn Văn An', maxLength: 200, description: 'Decree 20/2008: a petition names who sends it' })
  @Transform(trim) @IsString() @Length(1, 200) @NO_SCRIPT('name') name!: string;
  @ApiProperty({ example: 'an.nguyen@example.vn', maxLength: 200, pattern: CONTACT_PATTERN.source, description: 'phone or e-mail address; an e-mail address is sent the answer' })
  @Transform(trim) @IsString() @Length(1, 200) @Matches(CONTACT_PATTERN, { message: 'contact must be a phone number or an email address' }) contact!: string;
  @ApiPropertyOptional({ example: '000.00.11.H62-260105-0001', maxLength: 60, pattern: DOSSIER_CODE_PATTERN.source, description: 'the dossier it is about: the petition is linked to it' })
  @IsOptional() @Transform(trim) @IsString() @Length(1, 60) @Matches(DOSSIER_CODE_PATTERN, { message: 'dossierCode may hold letters, digits, dots, dashes and underscores only' }) dossierCode?: string;
}

/**
 * The body of the deprecated POST /api/public/feedback (the old feedback form's): only the message
 * is required. It opens a petition of kind `feedback` under the petition's own rules (limits, no
 * markup that runs); its subject is the message's first line.
 */
export class FeedbackAliasDto {
  @ApiProperty({ example: 'Cán bộ tiếp nhận hướng dẫn rất tận tình.', maxLength: PETITION_MESSAGE_MAX })
  @Transform(trim) @IsString() @Length(1, PETITION_MESSAGE_MAX) @Matches(NOT_BLANK, { message: 'message must not be blank' }) @NO_SCRIPT('message') message!: string;
  @ApiPropertyOptional({ example: 'Nguyễn Văn An', maxLength: 200 })
  @IsOptional() @Transform(trim) @IsString() @Length(0, 200) @NO_SCRIPT('name') name?: string;
  @ApiPropertyOptional({ example: '0912345678', maxLength: 200, pattern: CONTACT_PATTERN.source, description: 'phone or e-mail address (blank: none); an e-mail address is sent the answer' })
  @IsOptional() @Transform(trim) @IsString() @Length(0, 200) @Matches(CONTACT_PATTERN, { message: 'contact must be a phone number or an email address' }) contact?: string;
  @ApiPropertyOptional({ example: '000.00.10.H62-260105-0001', maxLength: 60, pattern: DOSSIER_CODE_PATTERN.source })
  @IsOptional() @Transform(trim) @IsString() @Length(1, 60) @Matches(DOSSIER_CODE_PATTERN, { message: 'dossierCode may hold letters, digits, dots, dashes and underscores only' }) dossierCode?: string;
}

/** A feedback's subject: the message's first line, cut to 120 characters. (Migration FeedbackIntoPetitions1766534400000 applies the same rule in SQL.) */
export function feedbackSubject(message: string): string {
  const line = message.trim().split('\n')[0].trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

export class ClassifyPetitionDto {
  @ApiProperty({ enum: PETITION_OUTCOMES }) @IsIn(PETITION_OUTCOMES) outcome!: PetitionOutcome;
  @ApiProperty({ example: 'Thuộc thẩm quyền giải quyết của Sở', maxLength: 2000 })
  @Transform(trim) @IsString() @Length(1, 2000) @Matches(NOT_BLANK, { message: 'reason must not be blank' }) reason!: string;
  @ApiPropertyOptional({ example: 'Sở Xây dựng tỉnh Phú Thọ', maxLength: 300, description: 'required when outcome is `forward`: the competent agency' })
  @ValidateIf((o: ClassifyPetitionDto) => o.outcome === 'forward' || o.forwardTo !== undefined)
  @Transform(trim) @IsString() @Length(1, 300) forwardTo?: string;
}

export class AssignPetitionDto {
  @ApiProperty({ example: 'reviewer', maxLength: 100 }) @Transform(trim) @IsString() @Length(1, 100) @Matches(/^[A-Za-z0-9._-]+$/, { message: 'assignee must be a username' }) assignee!: string;
}

export class AnswerPetitionDto {
  @ApiProperty({ example: 'Sở đã bố trí thêm một quầy tiếp nhận từ ngày 01/12.', maxLength: PETITION_ANSWER_MAX })
  @Transform(trim) @IsString() @Length(1, PETITION_ANSWER_MAX) @Matches(NOT_BLANK, { message: 'answer must not be blank' }) @NO_SCRIPT('answer') answer!: string;
}

export class PublishPetitionDto {
  @ApiProperty({ description: 'whether the citizen agreed to publication; the answer is published without their name and contact either way' })
  @IsBoolean() consent!: boolean;
}

export class ListPetitionsDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PETITION_STATUSES }) @IsOptional() @IsIn(PETITION_STATUSES) status?: PetitionStatus;
  @ApiPropertyOptional({ description: 'only open petitions (true) or closed ones (false)' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() open?: boolean;
  @ApiPropertyOptional({ maxLength: 60, description: 'petitions about this dossier' })
  @IsOptional() @IsString() @Length(1, 60) @Matches(DOSSIER_CODE_PATTERN, { message: 'dossierCode may hold letters, digits, dots, dashes and underscores only' }) dossierCode?: string;
}

export class PublicPetitionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'words in the subject, the petition or the answer' })
  @IsOptional() @IsString() @Length(1, 100) @NotContains('\u0000') q?: string;
}

export class PetitionSecretDto {
  @ApiProperty({ description: 'the secret given with the code at submission' }) @IsString() @Length(1, 40) secret!: string;
}

export class PetitionFiguresQueryDto {
  @ApiProperty({ example: '2026-01-01T00:00:00+07:00' }) @IsISO8601() from!: string;
  @ApiProperty({ example: '2027-01-01T00:00:00+07:00' }) @IsISO8601() to!: string;
}

export class InboundMailDto {
  @ApiProperty({ description: `the received message as RFC 822 text (headers, blank line, body; MIME parts decoded by mailparser), at most ${INBOUND_MAIL_MAX} characters`, maxLength: INBOUND_MAIL_MAX })
  @IsString() @Length(1, INBOUND_MAIL_MAX) raw!: string;
}

// The response shapes are shared with the web app.
export type { PetitionDetail, PetitionFigures, PetitionReceipt, PetitionSummary, PetitionView, PublicPetition, PublishedPetition } from '../../../../libs/contracts/src';
