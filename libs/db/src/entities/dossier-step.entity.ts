import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('dossier_steps')
export class DossierStepEntity {
  @PrimaryColumn({ name: 'dossier_code' }) dossierCode!: string;
  @PrimaryColumn({ name: 'step_key' }) stepKey!: string;
  /** The dossier's agency, copied so the inbox filters, sorts and counts on one index. */
  @Column({ name: 'agency_code' }) agencyCode!: string;
  @Column({ type: 'int' }) position!: number;
  @Column({ type: 'int' }) attempt!: number;
  @Column() name!: string;
  @Column() role!: string;
  @Column({ name: 'department_code', type: 'text', nullable: true }) departmentCode!: string | null;
  /** 'working' (office hours on the agency calendar) or 'elapsed' (plain seconds). */
  @Column() clock!: string;
  @Column() status!: string;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  @Column({ name: 'at_risk_at', type: 'timestamptz' }) atRiskAt!: Date;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) timeliness!: string | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ type: 'int' }) version!: number;
}
