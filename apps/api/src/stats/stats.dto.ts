import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import type { TimelinessGroupBy } from '../../../../libs/contracts/src';

// The report row and its groupings are shared with the web app.
export type { ServiceIndex, TimelinessGroupBy, TimelinessRow } from '../../../../libs/contracts/src';

export const GROUP_BY = ['procedure', 'department', 'month'] as const satisfies readonly TimelinessGroupBy[];

export class TimelinessQueryDto {
  @ApiProperty({ example: '2026-01-01T00:00:00+07:00', description: 'start of the period (inclusive)' }) @IsISO8601({ strict: true }) from!: string;
  @ApiProperty({ example: '2027-01-01T00:00:00+07:00', description: 'end of the period (exclusive)' }) @IsISO8601({ strict: true }) to!: string;
  @ApiPropertyOptional({ enum: GROUP_BY, description: 'by the handling department, the procedure, or one report per month of the period (agency time zone)' }) @IsOptional() @IsIn(GROUP_BY) groupBy?: (typeof GROUP_BY)[number];
}

export class ServiceIndexQueryDto {
  @ApiProperty({ example: '2026-01-01T00:00:00+07:00', description: 'start of the period (inclusive); months are cut in the agency time zone' }) @IsISO8601({ strict: true }) from!: string;
  @ApiProperty({ example: '2027-01-01T00:00:00+07:00', description: 'end of the period (exclusive)' }) @IsISO8601({ strict: true }) to!: string;
}
