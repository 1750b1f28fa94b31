import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../../config/src';
import { lookupSecret } from '../../../domain/src/lookup-secret';
import type { ProgressRecord } from '../../../../workflows/dossier.contract';
import { citizenNoticeKind, citizenNotices, type CitizenNoticeSettings } from './notices';

/** The citizen notices' settings from the process's configuration (the worker's and the API's are the same). */
export function citizenNoticeSettings(c: Pick<AppConfig, 'PUBLIC_URL' | 'LOOKUP_SECRET_KEY' | 'AGENCY_TIME_ZONE' | 'FORMS_CIRCULAR_03_2025_FROM' | 'SMS_URL'>): CitizenNoticeSettings {
  return { publicUrl: c.PUBLIC_URL, lookupSecretKey: c.LOOKUP_SECRET_KEY, timeZone: c.AGENCY_TIME_ZONE, circular03From: c.FORMS_CIRCULAR_03_2025_FROM, sms: Boolean(c.SMS_URL) };
}

/**
 * Writes the citizen's notice of an event into the `notifications` outbox, in the projection
 * writer's transaction (`m`), so a committed event has its notice and a rolled-back one none. The
 * key `citizen:<code>:<seq>:<channel>` makes a repeated write insert nothing. An event that owes
 * the citizen nothing, or a citizen who left no address, costs no query. Answers the rows inserted.
 */
export async function writeCitizenNotices(m: EntityManager, { dossier: d, event, applicant }: Pick<ProgressRecord, 'dossier' | 'event' | 'applicant'>, s: CitizenNoticeSettings): Promise<number> {
  if (!citizenNoticeKind(d, event) || !(applicant.email?.trim() || (s.sms && applicant.phone?.trim()))) return 0;
  const [ctx]: { agency_name: string | null; procedure_name: string | null; tz: string }[] = await m.query(
    `SELECT ag.name AS agency_name, p.name AS procedure_name, coalesce(ag.calendar_settings->>'timeZone', $4) AS tz
       FROM (SELECT 1) one
       LEFT JOIN agencies ag ON ag.code = $1
       LEFT JOIN procedures p ON p.code = $2 AND p.version = $3`,
    [d.agencyCode, d.procedureCode, d.procedureVersion, s.timeZone],
  );
  const notices = citizenNotices(d, event, applicant, s, {
    agencyName: ctx?.agency_name ?? d.agencyCode,
    procedureName: ctx?.procedure_name ?? d.procedureCode,
    timeZone: ctx?.tz ?? s.timeZone,
    secret: lookupSecret(s.lookupSecretKey, d.code),
  });
  if (!notices.length) return 0;
  const inserted: unknown[] = await m.query(
    `INSERT INTO notifications (agency_code, channel, recipient, kind, dossier_code, subject, body, url, idempotency_key)
     SELECT $1, n.channel, n.recipient, n.kind, $2, n.subject, n.body, n.url, 'citizen:' || $2 || ':' || $3::text || ':' || n.channel
       FROM jsonb_to_recordset($4::jsonb) AS n(channel text, recipient text, kind text, subject text, body text, url text)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [d.agencyCode, d.code, event.seq, JSON.stringify(notices)],
  );
  return inserted.length;
}
