import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('dossier_events')
export class DossierEventEntity {
  @PrimaryColumn({ name: 'dossier_code' }) dossierCode!: string;
  @PrimaryColumn({ type: 'int' }) seq!: number;
  @Column() type!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'text', nullable: true }) actor!: string | null;
  @Column({ type: 'jsonb' }) payload!: Record<string, unknown>;
}
