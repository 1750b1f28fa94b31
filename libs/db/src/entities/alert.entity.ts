import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AlertKind = 'step_at_risk' | 'step_overdue' | 'dossier_at_risk' | 'dossier_overdue';

@Entity('alerts')
export class AlertEntity {
  // Set by a trigger in commit order (AlertStream1765584000000); bigint comes back from pg as a
  // string: keep it a string end to end to stay exact.
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column() kind!: AlertKind;
  @Column({ name: 'dossier_code' }) dossierCode!: string;
  @Column({ name: 'step_key' }) stepKey!: string;
  @Column({ type: 'int' }) level!: number;
  @Column({ name: 'department_code', type: 'text', nullable: true }) departmentCode!: string | null;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  @Column({ name: 'fired_at', type: 'timestamptz' }) firedAt!: Date;
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true }) acknowledgedAt!: Date | null;
  @Column({ name: 'acknowledged_by', type: 'text', nullable: true }) acknowledgedBy!: string | null;
}
