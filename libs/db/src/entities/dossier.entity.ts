import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Applicant } from '../../../contracts/src';

export type { Applicant };

/** Projection of a dossier written by the workflow's activities; the workflow is the truth while open. */
@Entity('dossiers')
export class DossierEntity {
  @PrimaryColumn() code!: string;
  @Column({ name: 'agency_code' }) agencyCode!: string;
  @Column({ name: 'procedure_code' }) procedureCode!: string;
  @Column({ name: 'procedure_version', type: 'int' }) procedureVersion!: number;
  @Column({ type: 'jsonb' }) applicant!: Applicant;
  @Column({ name: 'applicant_name' }) applicantName!: string;
  @Column() channel!: string;
  @Column() status!: string;
  @Column({ name: 'status_code', type: 'int' }) statusCode!: number;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  @Column({ name: 'at_risk_at', type: 'timestamptz' }) atRiskAt!: Date;
  @Column({ name: 'original_due_at', type: 'timestamptz' }) originalDueAt!: Date;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
  @Column({ name: 'returned_at', type: 'timestamptz', nullable: true }) returnedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) timeliness!: string | null;
  @Column({ type: 'text', nullable: true }) outcome!: string | null;
  @Column({ name: 'supplement_requests', type: 'int' }) supplementRequests!: number;
  @Column({ type: 'boolean' }) rescheduled!: boolean;
  @Column({ name: 'current_step_key', type: 'text', nullable: true }) currentStepKey!: string | null;
  @Column({ name: 'current_department_code', type: 'text', nullable: true }) currentDepartmentCode!: string | null;
  @Column({ type: 'int' }) version!: number;
  /** The workflow's view as last persisted; typed by the workflow contract where it is read. */
  @Column({ type: 'jsonb' }) view!: Record<string, unknown>;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
