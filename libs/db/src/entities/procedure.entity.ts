import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Duration, StepPlan } from '../../../domain/src';

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
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
