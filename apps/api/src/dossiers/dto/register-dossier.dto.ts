import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { ID_NUMBER_PATTERN, PHONE_PATTERN } from '../../../../../libs/contracts/src/patterns';

export class ApplicantDto {
  @ApiProperty({ example: 'Nguyễn Thị Vân Quỳnh' }) @IsString() @IsNotEmpty() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ example: '0912345678', pattern: PHONE_PATTERN.source }) @IsOptional() @Matches(PHONE_PATTERN, { message: 'phone must be 8–20 digits' }) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @Length(3, 200) email?: string;
  @ApiPropertyOptional({ example: '001190012345', description: 'citizen ID (CCCD), 9 or 12 digits', pattern: ID_NUMBER_PATTERN.source })
  @IsOptional() @Matches(ID_NUMBER_PATTERN, { message: 'idNumber must be 9 or 12 digits' }) idNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) address?: string;
}

export const RECEPTION_OUTCOMES = ['received', 'needs_supplement', 'refused'] as const;

/** The desk's completeness check (DOMAIN.md, Reception): complete, incomplete (guidance), not eligible. */
export class ReceptionDto {
  @ApiProperty({ enum: RECEPTION_OUTCOMES }) @IsIn(RECEPTION_OUTCOMES) outcome!: (typeof RECEPTION_OUTCOMES)[number];
  @ApiPropertyOptional({ description: 'guidance (incomplete) or refusal reason (not eligible)' }) @IsOptional() @IsString() @Length(1, 2000) reason?: string;
  @ApiPropertyOptional({ type: [String], description: 'documents still missing' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 500, { each: true }) items?: string[];
}

export const CHANNELS = ['counter', 'online', 'postal'] as const;

export class RegisterDossierDto {
  @ApiProperty({ example: '2.001610' }) @IsString() @Length(1, 40) procedureCode!: string;
  @ApiProperty({ type: ApplicantDto }) @IsObject() @ValidateNested() @Type(() => ApplicantDto) applicant!: ApplicantDto;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel!: (typeof CHANNELS)[number];
  @ApiPropertyOptional({ description: 'legal receipt time (ISO 8601); defaults to now; not in the future' })
  @IsOptional() @IsISO8601({ strict: true }) receivedAt?: string;
  @ApiPropertyOptional({ type: ReceptionDto, description: 'default: complete, received' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ReceptionDto) reception?: ReceptionDto;
}
