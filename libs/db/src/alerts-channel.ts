/** PostgreSQL NOTIFY channel on which recorded alerts are announced (worker → every API instance). */
export const ALERTS_CHANNEL = 'dossier_alerts';
