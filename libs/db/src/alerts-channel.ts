/** PostgreSQL NOTIFY channel on which recorded alerts are announced (worker → every API instance). */
export const ALERTS_CHANNEL = 'dossier_alerts';

const isoUtc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The NOTIFY payload (an `AlertView` as JSON text) of an inserted `alerts` row, as an SQL
 * expression over its columns: every writer of alerts announces them in this one shape.
 */
export const ALERT_NOTIFY_PAYLOAD = `jsonb_strip_nulls(jsonb_build_object(
  'id', id::text, 'kind', kind, 'level', level, 'dossierCode', dossier_code, 'stepKey', nullif(step_key, ''),
  'departmentCode', department_code, 'dueAt', ${isoUtc('due_at')}, 'firedAt', ${isoUtc('fired_at')}))::text`;
