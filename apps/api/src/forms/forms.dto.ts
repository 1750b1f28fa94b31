import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, Validate, ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { parseYmd } from '../../../../libs/domain/src';

const STATUSES = ['open', 'finished', 'submitted', 'received', 'refused_at_reception', 'processing', 'supplement_requested', 'withdrawn', 'awaiting_return', 'returned'] as const;
const CHANNELS = ['counter', 'online', 'postal'] as const;
export const FORM_FORMATS = ['html', 'pdf', 'xlsx'] as const;
export type FormFormat = (typeof FORM_FORMATS)[number];

@ValidatorConstraint({ name: 'realDay' })
class RealDay implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseYmd(value) !== null;
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a calendar day YYYY-MM-DD`;
  }
}

@ValidatorConstraint({ name: 'notBeforeFrom' })
class NotBeforeFrom implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const from = (args.object as { from?: unknown }).from;
    return typeof value !== 'string' || typeof from !== 'string' || value >= from;
  }
  defaultMessage(): string {
    return 'to must not be before from';
  }
}

/** Form 07: the desk's tracking book over local days `from`–`to` (inclusive), filtered. */
export class TrackingBookQueryDto {
  @ApiProperty({ example: '2026-01-01', description: 'first day of the period (inclusive), in the agency time zone' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be YYYY-MM-DD' }) @Validate(RealDay) from!: string;
  @ApiProperty({ example: '2026-01-31', description: 'last day of the period (inclusive)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be YYYY-MM-DD' }) @Validate(RealDay) @Validate(NotBeforeFrom) to!: string;
  @ApiPropertyOptional({ enum: STATUSES, description: 'open, finished, or one status' }) @IsOptional() @IsIn(STATUSES) status?: (typeof STATUSES)[number];
  @ApiPropertyOptional({ example: '2.001610' }) @IsOptional() @Matches(/^[\w.-]{1,64}$/, { message: 'procedureCode is not a procedure code' }) procedureCode?: string;
  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) channel?: (typeof CHANNELS)[number];
  @ApiPropertyOptional({ enum: FORM_FORMATS, description: 'html (default), pdf, or xlsx; or ask with the Accept header' }) @IsOptional() @IsIn(FORM_FORMATS) format?: FormFormat;
}

export class FormFormatQueryDto {
  @ApiPropertyOptional({ enum: ['html', 'pdf'], description: 'html (default) or pdf; or ask with Accept: application/pdf' }) @IsOptional() @IsIn(['html', 'pdf']) format?: 'html' | 'pdf';
}
