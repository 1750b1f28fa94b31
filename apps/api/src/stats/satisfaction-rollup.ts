import type { DataSource } from 'typeorm';
import { RATING_CRITERIA } from '../../../../libs/contracts/src/ratings';
import type { RatingSums } from '../../../../libs/domain/src';

export type RatingGroup = 'procedure' | 'department' | 'total';

const GROUP: Record<RatingGroup, string> = { procedure: 'r.procedure_code', department: 'r.department_code', total: `'total'` };
const each = (expr: (k: string) => string) => `ARRAY[${RATING_CRITERIA.map(expr).join(', ')}]::int[]`;

/**
 * The sums of the ratings of the dossiers whose processing ended in each period (as Biểu 06 counts
 * them resolved), per group: one index range of `dossier_ratings` per period. A month's ratings
 * thus sit beside the same month's on-time rate, whenever the citizen rated.
 */
export async function ratingSums(ds: DataSource, agencies: string[], periods: { from: Date; to: Date }[], group: RatingGroup): Promise<Map<string, RatingSums>[]> {
  const rows: { k: number; grp: string; ratings: number; low: number; answered: number[]; total: number[] }[] = await ds.query(
    `SELECT p.k::int AS k, ${GROUP[group]} AS grp, count(*)::int AS ratings, (count(*) FILTER (WHERE r.low))::int AS low,
            ${each((k) => `count(r.scores -> '${k}')`)} AS answered,
            ${each((k) => `coalesce(sum((r.scores ->> '${k}')::int), 0)`)} AS total
       FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS p(lo, hi, k)
       JOIN dossier_ratings r ON r.agency_code = ANY($1::text[]) AND r.finished_at >= p.lo AND r.finished_at < p.hi
      GROUP BY 1, 2`,
    [agencies, periods.map((p) => p.from), periods.map((p) => p.to)],
  );
  const out = periods.map(() => new Map<string, RatingSums>());
  const byKey = (values: number[]) => Object.fromEntries(RATING_CRITERIA.map((k, i) => [k, values[i]]));
  for (const r of rows) out[r.k - 1].set(r.grp, { ratings: r.ratings, low: r.low, answered: byKey(r.answered), total: byKey(r.total) });
  return out;
}
