import type { AlertView } from './alert.view';

/** Runs SQL with `$n` parameters (DataSource.query, a pg client's query): the rows back. */
export type StepNameQuery = (sql: string, params: unknown[]) => Promise<{ dossier_code: string; step_key: string; name: string }[]>;

/**
 * Each step alert with its step's name as the dossier's step row holds it (the procedure's own
 * name, e.g. "Thẩm định"): readers show the name, never the key (`review`). One query per batch, so
 * a burst of alerts costs one round trip, not one per alert.
 */
export async function withStepNames(alerts: AlertView[], query: StepNameQuery): Promise<AlertView[]> {
  const keyed = alerts.filter((a) => a.stepKey);
  if (keyed.length === 0) return alerts;
  const rows = await query(
    `SELECT s.dossier_code, s.step_key, s.name
       FROM dossier_steps s
       JOIN unnest($1::text[], $2::text[]) AS k(dossier_code, step_key) ON s.dossier_code = k.dossier_code AND s.step_key = k.step_key`,
    [keyed.map((a) => a.dossierCode), keyed.map((a) => a.stepKey)],
  );
  const names = new Map(rows.map((r) => [`${r.dossier_code}\u0000${r.step_key}`, r.name]));
  return alerts.map((a) => {
    const stepName = a.stepKey ? names.get(`${a.dossierCode}\u0000${a.stepKey}`) : undefined;
    return stepName ? { ...a, stepName } : a;
  });
}
