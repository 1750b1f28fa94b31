import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { CLOCK_STARTS, type ClockStart, type Duration, type StepRole } from '../../../../../libs/domain/src';
import { DurationDoc, IsDuration } from '../../common/is-duration';

const ROLES: StepRole[] = ['reception', 'reviewer', 'approver', 'return'];

export class StepPlanDto {
  @ApiProperty({ example: 'review' }) @IsString() @Matches(/^[a-z][a-z0-9_-]{0,39}$/, { message: 'key must be 1–40 lowercase letters, digits, _ or -, starting with a letter' }) key!: string;
  @ApiProperty({ example: 'Thẩm định hồ sơ' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: StepRole;
  @ApiPropertyOptional({ example: 'DKKD' }) @IsOptional() @IsString() @Length(1, 40) departmentCode?: string;
  @ApiProperty({ type: DurationDoc }) @IsDuration() duration!: Duration;
  @ApiPropertyOptional({ example: 0.75, description: 'share of the step time after which it is at risk' })
  @IsOptional() @IsNumber() @Min(0.01) @Max(0.99) atRiskRatio?: number;
}

export class ProcedureDocumentDto {
  @ApiProperty({ example: 'Giấy đề nghị đăng ký doanh nghiệp' }) @IsString() @Length(1, 500) name!: string;
  @ApiPropertyOptional({ example: 1 }) @IsOptional() @IsInt() @Min(1) @Max(20) copies?: number;
  @ApiPropertyOptional({ description: 'original (true) or copy' }) @IsOptional() @IsBoolean() original?: boolean;
}

export class UpdateProcedureDto {
  @ApiProperty({ example: 'Đăng ký thành lập doanh nghiệp tư nhân' }) @IsString() @Length(1, 300) name!: string;
  @ApiProperty({ example: '000.00.10.H62' }) @IsString() @Matches(/^[A-Za-z0-9.]{1,30}$/, { message: 'agencyCode must be 1–30 letters, digits or dots' }) agencyCode!: string;
  @ApiProperty({ type: DurationDoc }) @IsDuration() legalTime!: Duration;
  @ApiPropertyOptional({ example: 'Thành lập và hoạt động của doanh nghiệp' }) @IsOptional() @IsString() @Length(0, 300) field?: string;
  @ApiPropertyOptional({ type: [ProcedureDocumentDto] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ProcedureDocumentDto) documents?: ProcedureDocumentDto[];
  @ApiPropertyOptional({ example: '50.000 đồng/lần' }) @IsOptional() @IsString() @Length(0, 1000) fees?: string;
  @ApiPropertyOptional({ example: 'Luật Doanh nghiệp 2020; Nghị định 168/2025/NĐ-CP' }) @IsOptional() @IsString() @Length(0, 2000) legalBasis?: string;
  @ApiPropertyOptional({ enum: ['subtract', 'restart'], description: 'after a supplement: subtract the wait (766 index) or restart the period (decree text)' })
  @IsOptional() @IsIn(['subtract', 'restart']) supplementPolicy?: 'subtract' | 'restart';
  @ApiPropertyOptional({ example: 3, description: 'working days after receipt during which a supplement may be requested' })
  @IsOptional() @IsInt() @Min(0) @Max(60) supplementWindowDays?: number;
  @ApiPropertyOptional({ example: 2, description: "supplement requests the procedure's specialised law allows; absent: one (Decree 118/2025/NĐ-CP). More than one needs supplementRequestsBasis" })
  @IsOptional() @IsInt() @Min(1) @Max(10) maxSupplementRequests?: number;
  @ApiPropertyOptional({ example: 'Luật … Điều …', description: 'the specialised law (act and article) that allows maxSupplementRequests; cited when a request too many is refused' })
  // Empty is what a procedure without one reads back as (GET → PUT must round-trip).
  @ValidateIf((o: UpdateProcedureDto) => (o.maxSupplementRequests ?? 1) > 1 || (o.supplementRequestsBasis !== undefined && o.supplementRequestsBasis !== ''))
  @IsString() @Length(3, 500, { message: 'supplementRequestsBasis must cite the specialised law (3–500 characters) when maxSupplementRequests is more than 1' })
  supplementRequestsBasis?: string;
  @ApiPropertyOptional({ enum: CLOCK_STARTS, description: "when the legal period starts: at receipt (default), or the next working day's opening for a dossier received after the agency's cut-off (paperCutoff), after closing or on a day off" })
  @IsOptional() @IsIn(CLOCK_STARTS) clockStart?: ClockStart;
  @ApiProperty({ type: [StepPlanDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => StepPlanDto) steps!: StepPlanDto[];
}

export class CreateProcedureDto extends UpdateProcedureDto {
  @ApiProperty({ example: '2.001610' }) @IsString() @Matches(/^\d\.\d{6}(\.[A-Za-z0-9]{1,10})?$/, { message: 'code must look like d.dddddd with an optional local suffix, e.g. 2.001610 or 1.000948.H38' }) code!: string;
}
