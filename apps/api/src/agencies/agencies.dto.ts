import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class MergeAgencyDto {
  @ApiProperty({ example: '2025-03-01', description: "the first day the successor is in charge (local date): the predecessor's last day in force is the day before" })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveDate must be a YYYY-MM-DD date' })
  effectiveDate!: string;
}
