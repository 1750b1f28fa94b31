import { DEFAULT_CHANNELS, DEFAULT_POLICY } from './policy';

/**
 * The deadline clock's escalation alarms are rows of `deadline_alarms` whose kind is this prefix
 * and the alert kind they follow (`escalate:step_overdue`), with that alert's step and level. They
 * ring no alert: they notify the policy's next level. A projection write keeps them while the
 * alarm they follow is still planned (its step open, the dossier running) and drops them otherwise
 * (libs/db/src/deadline-clock.ts `plan`), which is what cancels a pending escalation.
 */
export const ESCALATION_PREFIX = 'escalate:';

/** Parameters the statement built by `alertNotificationsCte` reads, in order after the caller's own. */
export interface AlertNotificationParams {
  /** The web app's address, for links. */
  publicUrl: string;
  /** Time zone of an agency without calendar settings of its own. */
  timeZone: string;
  /** Channels a row is written for: in_app and the channels the worker can deliver. */
  channels: string[];
}

export const alertNotificationValues = (p: AlertNotificationParams): unknown[] => [
  JSON.stringify(DEFAULT_POLICY), JSON.stringify(DEFAULT_CHANNELS), p.publicUrl.replace(/\/+$/, ''), p.timeZone, p.channels,
];

/**
 * CTE bodies (to put after `ins` — the alerts just inserted — and `due` — the alarms just taken)
 * that write one notification per person the escalation policy names and channel that person
 * chose: `ev` the events (each new alert, each escalation alarm rung), `esc` the new alerts whose
 * rule escalates (the caller plans their escalation alarms), `notes` the insert. Set-based: one
 * statement for the whole batch. `$n` is the first of the five parameters of `alertNotificationValues`.
 *
 * In-app rows are written `sent` (the inbox reads them); other channels `pending`, deferred to the
 * end of the recipient's quiet hours (local times in the agency's time zone) when written inside them.
 */
export function alertNotificationsCte(n: number): string {
  const [policy, defaultChannels, publicUrl, tz, channels] = [0, 1, 2, 3, 4].map((i) => `$${n + i}`);
  return `
     ev AS (
       SELECT i.id AS alert_id, i.kind, i.dossier_code, i.step_key, i.level, i.department_code, i.due_at, false AS escalation FROM ins i
       UNION ALL
       SELECT NULL, substr(d.kind, ${ESCALATION_PREFIX.length + 1}), d.dossier_code, d.step_key, d.level, d.department_code, d.due_at, true
         FROM due d WHERE d.kind LIKE '${ESCALATION_PREFIX}%'
     ), ruled AS (
       SELECT ev.*, dz.agency_code, dz.procedure_code, dz.procedure_version, dz.applicant_name, dz.current_step_key, dz.petition, dz.petition_assignee,
              coalesce(ag.calendar_settings->>'timeZone', ${tz}) AS tz,
              coalesce((SELECT p.policy->ev.kind FROM escalation_policies p WHERE p.agency_code = dz.agency_code AND p.procedure_code = dz.procedure_code),
                       (SELECT p.policy->ev.kind FROM escalation_policies p WHERE p.agency_code = dz.agency_code AND p.procedure_code = ''),
                       ${policy}::jsonb->ev.kind) AS rule
         -- A petition's alerts (issue 21: its code, the stage as step key) follow its agency's policy
         -- (no procedure); its assignee audience is the officer it is assigned to, before that the supervisors.
         FROM ev JOIN (
           SELECT code, agency_code, procedure_code, procedure_version, applicant_name, current_step_key, false AS petition, NULL::text AS petition_assignee FROM dossiers
           UNION ALL
           SELECT code, agency_code, '', 0, coalesce(name, ''), stage, true, assignee FROM petitions
         ) dz ON dz.code = ev.dossier_code LEFT JOIN agencies ag ON ag.code = dz.agency_code
     ), esc AS (
       SELECT dossier_code, step_key, kind, level, department_code, due_at, agency_code, rule->'escalate'->'after' AS after
         FROM ruled WHERE NOT escalation AND jsonb_typeof(rule->'escalate') = 'object'
     ), people AS (
       SELECT DISTINCT ON (r.dossier_code, r.step_key, r.kind, r.level, r.escalation, u.username)
              r.*, u.username, u.full_name, u.email, st.name AS step_name
         FROM ruled r
         LEFT JOIN dossier_steps st ON st.dossier_code = r.dossier_code AND st.step_key = coalesce(nullif(r.step_key, ''), r.current_step_key)
         CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN r.escalation THEN r.rule->'escalate'->'notify' ELSE r.rule->'notify' END) AS aud(a)
         JOIN users u ON u.active AND u.agency_code = r.agency_code AND (
              (aud.a = 'supervisors' AND 'supervisor' = ANY(u.roles))
           OR (aud.a = 'agency_leader' AND u."position" = 'agency_leader')
           OR (aud.a = 'department_head' AND u.department_code = r.department_code AND (u."position" = 'department_head'
                 OR ('approver' = ANY(u.roles) AND NOT EXISTS (SELECT 1 FROM users h WHERE h.active AND h.department_code = r.department_code AND h."position" = 'department_head'))))
           OR (aud.a = 'assignee' AND st.status = 'active' AND CASE WHEN st.assignee IS NOT NULL THEN u.username = st.assignee
                 ELSE u.department_code = st.department_code AND (CASE st.role WHEN 'return' THEN 'reception' ELSE st.role END) = ANY(u.roles) END)
           OR (aud.a = 'assignee' AND r.petition AND CASE WHEN r.petition_assignee IS NOT NULL THEN u.username = r.petition_assignee ELSE 'supervisor' = ANY(u.roles) END))
        ORDER BY r.dossier_code, r.step_key, r.kind, r.level, r.escalation, u.username
     ), worded AS (
       SELECT p.*, pref.quiet_from, pref.quiet_to, ch.c AS channel, (now() AT TIME ZONE p.tz) AS local_now,
              CASE WHEN p.escalation THEN '[Chuyển cấp] ' ELSE '' END ||
              CASE WHEN p.petition THEN
                CASE WHEN p.kind = 'step_at_risk' THEN 'Sắp đến hạn' ELSE 'Quá hạn' END || ': bước "' ||
                CASE p.step_key WHEN 'classify' THEN 'Phân loại' WHEN 'assign' THEN 'Giao xử lý' WHEN 'answer' THEN 'Trả lời' WHEN 'publish' THEN 'Công khai' ELSE p.step_key END ||
                '" của phản ánh, kiến nghị ' || p.dossier_code
              ELSE CASE p.kind
                WHEN 'step_at_risk' THEN 'Sắp đến hạn: bước "' || coalesce(p.step_name, p.step_key) || '" của hồ sơ ' || p.dossier_code
                WHEN 'step_overdue' THEN 'Quá hạn: bước "' || coalesce(p.step_name, p.step_key) || '" của hồ sơ ' || p.dossier_code
                WHEN 'dossier_at_risk' THEN 'Sắp đến hạn trả kết quả: hồ sơ ' || p.dossier_code
                ELSE 'Quá hạn trả kết quả: hồ sơ ' || p.dossier_code END END AS subject
         FROM people p
         LEFT JOIN notification_preferences pref ON pref.username = p.username
         CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(pref.channels->p.kind, ${defaultChannels}::jsonb)) AS ch(c)
        WHERE ch.c = ANY(${channels}::text[]) AND (ch.c <> 'email' OR p.email IS NOT NULL)
          AND (ch.c <> 'push' OR EXISTS (SELECT 1 FROM push_subscriptions s WHERE s.username = p.username))
     ), notes AS (
       INSERT INTO notifications (agency_code, channel, recipient, username, kind, dossier_code, alert_id, subject, body, url, idempotency_key, status, sent_at, not_before)
       SELECT w.agency_code, w.channel, CASE w.channel WHEN 'email' THEN w.email ELSE w.username END, w.username,
              CASE WHEN w.escalation THEN '${ESCALATION_PREFIX}' ELSE '' END || w.kind, w.dossier_code, w.alert_id, w.subject,
              'Kính gửi ' || w.full_name || E',\\n\\n' || w.subject || E'.\\n' ||
              CASE WHEN w.petition THEN 'Người gửi: ' ELSE 'Người nộp: ' END || w.applicant_name || E'\\n' ||
              'Hạn xử lý: ' || to_char(w.due_at AT TIME ZONE w.tz, 'HH24:MI "ngày" DD/MM/YYYY') || E'\\n' ||
              CASE WHEN w.escalation THEN E'Cảnh báo chưa được xử lý sau thời hạn chuyển cấp theo quy chế của cơ quan.\\n' ELSE '' END ||
              CASE WHEN w.petition THEN E'\\nXem phản ánh: ' ELSE E'\\nXem hồ sơ: ' END || ${publicUrl} || CASE WHEN w.petition THEN '/kien-nghi/' ELSE '/ho-so/' END || w.dossier_code || E'\\n\\n-- \\nHệ thống Một cửa điện tử (Dossier Flow). Thư gửi tự động, vui lòng không trả lời.',
              ${publicUrl} || CASE WHEN w.petition THEN '/kien-nghi/' ELSE '/ho-so/' END || w.dossier_code,
              CASE WHEN w.escalation THEN 'escalation:' || w.dossier_code || ':' || w.step_key || ':' || w.kind || ':' || w.level
                   ELSE 'alert:' || w.alert_id END || ':' || w.channel || ':' || w.username,
              CASE w.channel WHEN 'in_app' THEN 'sent' ELSE 'pending' END,
              CASE w.channel WHEN 'in_app' THEN now() END,
              CASE WHEN w.channel = 'in_app' OR w.quiet_from IS NULL OR w.quiet_to IS NULL THEN now()
                   WHEN (w.quiet_from < w.quiet_to AND w.local_now::time >= w.quiet_from AND w.local_now::time < w.quiet_to)
                     OR (w.quiet_from > w.quiet_to AND (w.local_now::time >= w.quiet_from OR w.local_now::time < w.quiet_to))
                   THEN ((w.local_now::date + w.quiet_to + CASE WHEN w.local_now::time >= w.quiet_to THEN interval '1 day' ELSE interval '0' END) AT TIME ZONE w.tz)
                   ELSE now() END
         FROM worded w
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING status, not_before
     )`;
}
