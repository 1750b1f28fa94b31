// OpenAPI body of a Biểu 06 row, mirroring libs/contracts (stats.ts `TimelinessRow`).
import { ApiProperty } from '@nestjs/swagger';
import type * as C from '../../../../libs/contracts/src';
import { type Mirrors } from '../common/api-responses';
import { SatisfactionSummary } from '../ratings/ratings.response';

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
  @ApiProperty({ description: 'withdrawn in the period; carried over + received = resolved + withdrawn + pending' }) withdrawn!: number;
  @ApiProperty({ type: Number, nullable: true, description: '(early + on time) / resolved; null when nothing was resolved' }) onTimeRate!: number | null;
  @ApiProperty({ type: SatisfactionSummary, description: "citizens' ratings of the dossiers resolved in the period and group" }) satisfaction!: SatisfactionSummary;
}

export class ServiceIndexCounted {
  @ApiProperty() resolvedEarlyOrOnTime!: number;
  @ApiProperty() resolvedLate!: number;
  @ApiProperty() pendingWithinDeadline!: number;
  @ApiProperty() pendingPastDeadline!: number;
  @ApiProperty({ description: 'timely ones asked to supplement more than once, counted late (SERVICE_INDEX_MULTI_SUPPLEMENT_LATE; 0 when off)' }) multipleSupplements!: number;
}

/** The timeliness component of Decision 766/QĐ-TTg's index for one month (docs/indicators.md). */
export class ServiceIndexTimeliness {
  @ApiProperty({ type: Number, nullable: true, description: 'max × (early or on time + pending within deadline − multiple supplements) / dossiers; null when no dossier counts' }) score!: number | null;
  @ApiProperty({ example: 20 }) max!: number;
  @ApiProperty({ description: 'resolved in the month + pending at its end' }) dossiers!: number;
  @ApiProperty({ type: ServiceIndexCounted }) counted!: ServiceIndexCounted;
}

/** Decision 766's satisfaction rate in receiving and resolving dossiers for one month (docs/indicators.md). */
export class ServiceIndexSatisfaction {
  @ApiProperty({ type: Number, nullable: true, description: '(dossiers − unsatisfied) / dossiers; null when none was resolved' }) rate!: number | null;
  @ApiProperty({ description: 'dossiers resolved in the month' }) dossiers!: number;
  @ApiProperty({ description: 'of them, rated by the citizen' }) rated!: number;
  @ApiProperty({ description: 'of them, rated at or below RATING_LOW_THRESHOLD overall' }) unsatisfied!: number;
}

export class ServiceIndexMonth {
  @ApiProperty({ example: '2026-01' }) month!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ type: ServiceIndexTimeliness }) timeliness!: ServiceIndexTimeliness;
  @ApiProperty({ type: ServiceIndexSatisfaction }) satisfaction!: ServiceIndexSatisfaction;
}

export class ServiceIndex {
  @ApiProperty() agencyCode!: string;
  @ApiProperty({ type: [String], description: 'the agency and every agency merged into it, whose dossiers are counted' }) agencies!: string[];
  @ApiProperty({ type: [ServiceIndexMonth] }) months!: ServiceIndexMonth[];
}

export const _mirrors: [
  Mirrors<ReceivedCounts, C.TimelinessRow['received']>,
  Mirrors<ResolvedCounts, C.TimelinessRow['resolved']>,
  Mirrors<PendingCounts, C.TimelinessRow['pending']>,
  Mirrors<TimelinessRow, C.TimelinessRow>,
  Mirrors<ServiceIndexTimeliness, C.ServiceIndexTimeliness>,
  Mirrors<ServiceIndexSatisfaction, C.ServiceIndexSatisfaction>,
  Mirrors<ServiceIndexMonth, C.ServiceIndexMonth>,
  Mirrors<ServiceIndex, C.ServiceIndex>,
] = [true, true, true, true, true, true, true, true];
