// OpenAPI body of a Biểu 06 row, mirroring libs/contracts (stats.ts `TimelinessRow`).
import { ApiProperty } from '@nestjs/swagger';
import type * as C from '../../../../libs/contracts/src';
import { type Mirrors } from '../common/api-responses';

export class ReceivedCounts {
  @ApiProperty() total!: number;
  @ApiProperty() online!: number;
  @ApiProperty() directOrPostal!: number;
  @ApiProperty({ description: 'received before the period and still open at its start' }) carriedOver!: number;
}

export class ResolvedCounts {
  @ApiProperty() total!: number;
  @ApiProperty() early!: number;
  @ApiProperty() onTime!: number;
  @ApiProperty() late!: number;
}

export class PendingCounts {
  @ApiProperty() total!: number;
  @ApiProperty() withinDeadline!: number;
  @ApiProperty() pastDeadline!: number;
}

/** One row of report form Biểu 06/VPCP/KSTT. */
export class TimelinessRow {
  @ApiProperty({ description: "the group's key (procedure code, department code, month), or the agency for the ungrouped report" }) group!: string;
  @ApiProperty({ type: ReceivedCounts }) received!: ReceivedCounts;
  @ApiProperty({ type: ResolvedCounts }) resolved!: ResolvedCounts;
  @ApiProperty({ type: PendingCounts }) pending!: PendingCounts;
  @ApiProperty({ type: Number, nullable: true, description: '(early + on time) / resolved; null when nothing was resolved' }) onTimeRate!: number | null;
}

export const _mirrors: [
  Mirrors<ReceivedCounts, C.TimelinessRow['received']>,
  Mirrors<ResolvedCounts, C.TimelinessRow['resolved']>,
  Mirrors<PendingCounts, C.TimelinessRow['pending']>,
  Mirrors<TimelinessRow, C.TimelinessRow>,
] = [true, true, true, true];
