import type { DataSource, EntityManager } from 'typeorm';

/**
 * The two series of receipt codes, each with its daily sequence per agency: a dossier's
 * `<agency>-<YYMMDD>-<NNNN>` and a petition's `<agency>-PA-<YYMMDD>-<NNNN>`. The `PA` tells them
 * apart (`isPetitionCode`); the agency prefix keeps the agency scoping of alerts and audit chains
 * (which go by code prefix) true for both.
 */
export type CodeSeries = 'dossier' | 'petition';

const SERIES: Record<CodeSeries, { table: string; column: string; infix: string }> = {
  dossier: { table: 'dossier_sequences', column: 'last_value', infix: '' },
  petition: { table: 'petition_sequences', column: 'last', infix: 'PA-' },
};

/**
 * The next code of `series` for `agencyCode` on local day `localDay` (YYYY-MM-DD). One upsert of
 * the day's row: concurrent callers serialise on that row only (no global lock), and inside the
 * caller's transaction (an EntityManager) the number is only spent if that transaction commits.
 */
export async function nextReceiptCode(db: DataSource | EntityManager, series: CodeSeries, agencyCode: string, localDay: string): Promise<string> {
  const { table, column, infix } = SERIES[series];
  const [{ n }]: { n: number }[] = await db.query(
    `INSERT INTO ${table} (agency_code, day, ${column}) VALUES ($1, $2::date, 1)
     ON CONFLICT (agency_code, day) DO UPDATE SET ${column} = ${table}.${column} + 1 RETURNING ${column} AS n`,
    [agencyCode, localDay],
  );
  return `${agencyCode}-${infix}${localDay.slice(2).replace(/-/g, '')}-${String(n).padStart(4, '0')}`;
}
