import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';

export const GROUP_BY = ['procedure', 'department', 'month'] as const;

export class TimelinessQueryDto {
  @ApiProperty({ example: '2026-01-01T00:00:00+07:00', description: 'start of the period (inclusive)' }) @IsISO8601({ strict: true }) from!: string;
  @ApiProperty({ example: '2027-01-01T00:00:00+07:00', description: 'end of the period (exclusive)' }) @IsISO8601({ strict: true }) to!: string;
  @ApiPropertyOptional({ enum: GROUP_BY, description: 'by the handling department, the procedure, or one report per month of the period (agency time zone)' }) @IsOptional() @IsIn(GROUP_BY) groupBy?: (typeof GROUP_BY)[number];
}

/** One row of report form Biểu 06/VPCP/KSTT (Circular 01/2020/TT-VPCP). */
export interface TimelinessRow {
  group: string;
  received: { total: number; online: number; directOrPostal: number; carriedOver: number };
  resolved: { total: number; early: number; onTime: number; late: number };
  pending: { total: number; withinDeadline: number; pastDeadline: number };
  /** (early + on time) / resolved; null when nothing was resolved. */
  onTimeRate: number | null;
}
