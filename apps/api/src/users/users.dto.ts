import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ROLES, type Role } from '../../../../libs/domain/src';

const DEPARTMENT_DOC = 'A department of your agency that is active. Required for reviewers and approvers (400 without): reach never comes from a missing department';
/** Positions the escalation chain tells (libs/notify policy.ts): a department's head, the agency's leader. */
export const POSITIONS = ['department_head', 'agency_leader'] as const;
export type Position = (typeof POSITIONS)[number];
const EMAIL_DOC = 'Where alert e-mails go (the escalation chain); null clears it: the account then gets none';
const POSITION_DOC = 'The position the escalation chain tells the account by; a department_head heads its department (400 naming `position` without departmentCode); null clears it';
const AGENCY_WIDE_DOC = 'Admin-set flag: the account acts across every department of the agency. Admins, and supervisors placed in no department, are agency-wide by their role whatever this says';

export class CreateUserDto {
  @ApiProperty({ example: 'nguyenvana' }) @Matches(/^[a-z][a-z0-9._-]{2,39}$/, { message: 'username must be 3–40 lowercase letters, digits, . _ -' }) username!: string;
  @ApiProperty({ example: 'Nguyễn Văn A' }) @IsString() @Length(1, 200) fullName!: string;
  @ApiProperty({ minLength: 10 }) @IsString() @Length(10, 200) password!: string;
  @ApiPropertyOptional({ example: 'DKKD', description: DEPARTMENT_DOC }) @IsOptional() @IsString() @Length(1, 40) departmentCode?: string;
  @ApiProperty({ enum: ROLES, isArray: true }) @IsArray() @ArrayMinSize(1) @IsIn(ROLES, { each: true }) roles!: Role[];
  @ApiPropertyOptional({ default: false, description: AGENCY_WIDE_DOC }) @IsOptional() @IsBoolean() agencyWide?: boolean;
  @ApiPropertyOptional({ example: 'nguyenvana@so-tu-phap.gov.vn', nullable: true, maxLength: 200, description: EMAIL_DOC })
  @IsOptional() @Length(3, 200) @IsEmail({}, { message: 'email must be an e-mail address' }) email?: string | null;
  @ApiPropertyOptional({ enum: POSITIONS, nullable: true, description: POSITION_DOC }) @IsOptional() @IsIn(POSITIONS) position?: Position | null;
}

/** What an admin may change of an account; absent fields stay. `departmentCode: null` takes it out of its department. */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Nguyễn Văn A' }) @IsOptional() @IsString() @Length(1, 200) fullName?: string;
  @ApiPropertyOptional({ example: 'DKKD', nullable: true, description: DEPARTMENT_DOC }) @IsOptional() @IsString() @Length(1, 40) departmentCode?: string | null;
  @ApiPropertyOptional({ enum: ROLES, isArray: true }) @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(ROLES, { each: true }) roles?: Role[];
  @ApiPropertyOptional({ description: 'false deactivates the account: its sessions end at once' }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ description: AGENCY_WIDE_DOC }) @IsOptional() @IsBoolean() agencyWide?: boolean;
  @ApiPropertyOptional({ example: 'nguyenvana@so-tu-phap.gov.vn', nullable: true, maxLength: 200, description: EMAIL_DOC })
  @IsOptional() @Length(3, 200) @IsEmail({}, { message: 'email must be an e-mail address' }) email?: string | null;
  @ApiPropertyOptional({ enum: POSITIONS, nullable: true, description: POSITION_DOC }) @IsOptional() @IsIn(POSITIONS) position?: Position | null;
}

/** A new password an admin sets for an account (it forgot its own): every session of the account ends. */
export class ResetPasswordDto {
  @ApiProperty({ minLength: 10, maxLength: 200 }) @IsString() @Length(10, 200) password!: string;
}
