import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../common/page.dto';

export const TIMELINESS_FILTERS = ['within', 'overdue', 'early', 'on_time', 'late'] as const;
export const STATUS_FILTERS = ['received', 'processing', 'awaiting_return', 'returned', 'open', 'finished'] as const;

export class ListDossiersDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATUS_FILTERS }) @IsOptional() @IsIn(STATUS_FILTERS) status?: (typeof STATUS_FILTERS)[number];
  @ApiPropertyOptional({ enum: TIMELINESS_FILTERS }) @IsOptional() @IsIn(TIMELINESS_FILTERS) timeliness?: (typeof TIMELINESS_FILTERS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40) procedureCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40) departmentCode?: string;
  @ApiPropertyOptional({ description: 'dossier code prefix or part of the applicant name' }) @IsOptional() @IsString() @Length(1, 100) q?: string;
}
