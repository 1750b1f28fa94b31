import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Duration, StepPlan } from '../../../domain/src';

@Entity('procedures')
export class ProcedureEntity {
  @PrimaryColumn() code!: string;
  @PrimaryColumn({ type: 'int' }) version!: number;
  @Column() name!: string;
  @Column({ name: 'agency_code' }) agencyCode!: string;
  @Column({ name: 'legal_time', type: 'jsonb' }) legalTime!: Duration;
  @Column({ type: 'jsonb' }) steps!: StepPlan[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
