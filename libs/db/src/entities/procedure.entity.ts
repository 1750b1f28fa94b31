import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ClockStart, Duration, StepPlan } from '../../../domain/src';

/** A paper to bring: name, how many, original or copy. */
export interface ProcedureDocument {
  name: string;
  copies?: number;
  original?: boolean;
}

@Entity('procedures')
export class ProcedureEntity {
  @PrimaryColumn() code!: string;
  @PrimaryColumn({ type: 'int' }) version!: number;
  @Column() name!: string;
  @Column({ name: 'agency_code' }) agencyCode!: string;
  @Column({ name: 'legal_time', type: 'jsonb' }) legalTime!: Duration;
  @Column({ type: 'jsonb' }) steps!: StepPlan[];
  @Column() field!: string;
  @Column({ type: 'jsonb' }) documents!: ProcedureDocument[];
  @Column() fees!: string;
  @Column({ name: 'legal_basis' }) legalBasis!: string;
  @Column({ name: 'supplement_policy' }) supplementPolicy!: 'subtract' | 'restart';
  @Column({ name: 'supplement_window_days', type: 'int' }) supplementWindowDays!: number;
  /** Supplement requests the procedure's specialised law allows; null: Decree 118/2025's one. */
  @Column({ name: 'max_supplement_requests', type: 'int', nullable: true }) maxSupplementRequests!: number | null;
  /** The specialised law that allows more than one, cited in the 409 of the request too many. */
  @Column({ name: 'supplement_requests_basis', type: 'text' }) supplementRequestsBasis!: string;
  @Column({ name: 'clock_start', type: 'text' }) clockStart!: ClockStart;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
