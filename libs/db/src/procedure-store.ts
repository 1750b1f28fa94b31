import type { DataSource, EntityManager } from 'typeorm';
import type { ClockStart, ProcedurePlan } from '../../domain/src';
import type { ProcedureDocument } from './entities/procedure.entity';

export type ProcedureInput = ProcedurePlan & {
  field?: string;
  documents?: ProcedureDocument[];
  fees?: string;
  legalBasis?: string;
  supplementPolicy?: 'subtract' | 'restart';
  supplementWindowDays?: number;
  maxSupplementRequests?: number;
  supplementRequestsBasis?: string;
  clockStart?: ClockStart;
};

/**
 * One insert for the API and the seed: `first` creates version 1 (nothing if the code exists),
 * `next` appends a version; running dossiers keep the version they started on.
 */
export async function insertProcedure(db: DataSource | EntityManager, p: ProcedureInput, mode: 'first' | 'next'): Promise<{ version: number }[]> {
  const version = mode === 'first' ? '1' : `(SELECT coalesce(max(version), 0) + 1 FROM procedures WHERE code = $1)`;
  return db.query(
    `INSERT INTO procedures (code, version, name, agency_code, legal_time, steps, field, documents, fees, legal_basis, supplement_policy, supplement_window_days,
                             max_supplement_requests, supplement_requests_basis, clock_start)
     VALUES ($1, ${version}, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING RETURNING version`,
    [
      p.code, p.name, p.agencyCode, JSON.stringify(p.legalTime), JSON.stringify(p.steps), p.field ?? '', JSON.stringify(p.documents ?? []),
      p.fees ?? '', p.legalBasis ?? '', p.supplementPolicy ?? 'subtract', p.supplementWindowDays ?? 3,
      p.maxSupplementRequests ?? null, p.supplementRequestsBasis ?? '', p.clockStart ?? 'receipt',
    ],
  );
}
