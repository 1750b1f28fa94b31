import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import type { Duration, StepRole } from '../../../../../libs/domain/src';
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

export class UpdateProcedureDto {
  @ApiProperty({ example: 'Đăng ký thành lập doanh nghiệp tư nhân' }) @IsString() @Length(1, 300) name!: string;
  @ApiProperty({ example: '000.00.10.H62' }) @IsString() @Matches(/^[A-Za-z0-9.]{1,30}$/, { message: 'agencyCode must be 1–30 letters, digits or dots' }) agencyCode!: string;
  @ApiProperty({ type: DurationDoc }) @IsDuration() legalTime!: Duration;
  @ApiProperty({ type: [StepPlanDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => StepPlanDto) steps!: StepPlanDto[];
}

export class CreateProcedureDto extends UpdateProcedureDto {
  @ApiProperty({ example: '1.001612' }) @IsString() @Matches(/^\d\.\d{6}(\.[A-Za-z0-9]{1,10})?$/, { message: 'code must look like d.dddddd with an optional local suffix, e.g. 1.001612 or 1.000948.H38' }) code!: string;
}
