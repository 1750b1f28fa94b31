import type { EntityManager } from 'typeorm';

/**
 * An agency's daily digest for `localDay` (YYYY-MM-DD in `timeZone`), one statement: for each
 * supervisor (the whole agency) and each department head (their department: position
 * `department_head`, or the approvers of a department without one), the open dossiers overdue,
 * due today and at risk, and yesterday's on-time rate, with links; written to the outbox as an
 * in-app row and an e-mail (to users with an address). Idempotent per agency, day, user and
 * channel. Answers how many e-mails wait for delivery.
 */
export async function writeDigest(m: Pick<EntityManager, 'query'>, agencyCode: string, localDay: string, timeZone: string, publicUrl: string): Promise<number> {
  const base = publicUrl.replace(/\/+$/, '');
  const [row]: { pending: number }[] = await m.query(
    `WITH readers AS (
       SELECT u.username, u.full_name, u.email,
              CASE WHEN 'supervisor' = ANY(u.roles) THEN NULL ELSE u.department_code END AS dept
         FROM users u
        WHERE u.active AND u.agency_code = $1 AND ('supervisor' = ANY(u.roles)
           OR (u.department_code IS NOT NULL AND (u."position" = 'department_head' OR ('approver' = ANY(u.roles)
               AND NOT EXISTS (SELECT 1 FROM users h WHERE h.active AND h.department_code = u.department_code AND h."position" = 'department_head')))))
     ), bounds AS (
       SELECT ($2::date::timestamp AT TIME ZONE $3) AS day_start, (($2::date + 1)::timestamp AT TIME ZONE $3) AS day_end,
              (($2::date - 1)::timestamp AT TIME ZONE $3) AS yesterday_start
     ), facts AS (
       SELECT r.*,
              (SELECT coalesce(jsonb_agg(d.code ORDER BY d.due_at), '[]') FROM (SELECT code, due_at FROM dossiers d, bounds b
                 WHERE d.agency_code = $1 AND d.finished_at IS NULL AND d.due_at < now() AND (r.dept IS NULL OR d.current_department_code = r.dept) ORDER BY d.due_at LIMIT 20) d) AS overdue,
              (SELECT count(*) FROM dossiers d WHERE d.agency_code = $1 AND d.finished_at IS NULL AND d.due_at < now() AND (r.dept IS NULL OR d.current_department_code = r.dept))::int AS overdue_n,
              (SELECT coalesce(jsonb_agg(d.code ORDER BY d.due_at), '[]') FROM (SELECT code, due_at FROM dossiers d, bounds b
                 WHERE d.agency_code = $1 AND d.finished_at IS NULL AND d.due_at >= now() AND d.due_at < b.day_end AND (r.dept IS NULL OR d.current_department_code = r.dept) ORDER BY d.due_at LIMIT 20) d) AS due_today,
              (SELECT coalesce(jsonb_agg(d.code ORDER BY d.due_at), '[]') FROM (SELECT code, due_at FROM dossiers d, bounds b
                 WHERE d.agency_code = $1 AND d.finished_at IS NULL AND d.at_risk_at <= now() AND d.due_at >= b.day_end AND (r.dept IS NULL OR d.current_department_code = r.dept) ORDER BY d.due_at LIMIT 20) d) AS at_risk,
              (SELECT round(100.0 * count(*) FILTER (WHERE d.timeliness IN ('early', 'on_time')) / nullif(count(*), 0), 1) FROM dossiers d, bounds b
                 WHERE d.agency_code = $1 AND d.finished_at >= b.yesterday_start AND d.finished_at < b.day_start AND (r.dept IS NULL OR d.handling_department_code = r.dept)) AS on_time_pct
         FROM readers r
     ), worded AS (
       SELECT f.*, 'Báo cáo đầu ngày ' || to_char($2::date, 'DD/MM/YYYY') || ': ' || f.overdue_n || ' hồ sơ quá hạn, '
                || jsonb_array_length(f.due_today) || ' đến hạn hôm nay' AS subject,
              'Kính gửi ' || f.full_name || E',\\n\\n' ||
              'Tình hình giải quyết hồ sơ ' || CASE WHEN f.dept IS NULL THEN 'của cơ quan' ELSE 'của phòng ' || f.dept END || ' đầu ngày ' || to_char($2::date, 'DD/MM/YYYY') || E':\\n\\n' ||
              'Hồ sơ quá hạn: ' || f.overdue_n || E'\\n' || (SELECT coalesce(string_agg('  - ' || c || ': ' || $4 || '/ho-so/' || c, E'\\n'), '  (không có)') FROM jsonb_array_elements_text(f.overdue) c) || E'\\n\\n' ||
              'Hồ sơ đến hạn hôm nay: ' || jsonb_array_length(f.due_today) || E'\\n' || (SELECT coalesce(string_agg('  - ' || c || ': ' || $4 || '/ho-so/' || c, E'\\n'), '  (không có)') FROM jsonb_array_elements_text(f.due_today) c) || E'\\n\\n' ||
              'Hồ sơ sắp đến hạn: ' || jsonb_array_length(f.at_risk) || E'\\n' || (SELECT coalesce(string_agg('  - ' || c || ': ' || $4 || '/ho-so/' || c, E'\\n'), '  (không có)') FROM jsonb_array_elements_text(f.at_risk) c) || E'\\n\\n' ||
              'Tỷ lệ giải quyết đúng hạn ngày hôm qua: ' || coalesce(replace(f.on_time_pct::text, '.', ',') || '%', 'không có hồ sơ giải quyết xong') || E'\\n\\n' ||
              'Bảng cảnh báo: ' || $4 || E'/canh-bao\\n\\n-- \\nHệ thống Một cửa điện tử (Dossier Flow). Thư gửi tự động, vui lòng không trả lời.' AS body
         FROM facts f
     ), notes AS (
       INSERT INTO notifications (agency_code, channel, recipient, username, kind, subject, body, url, idempotency_key, status, sent_at)
       SELECT $1, ch.c, CASE ch.c WHEN 'email' THEN w.email ELSE w.username END, w.username, 'daily_digest', w.subject, w.body, $4 || '/canh-bao',
              'digest:' || $1 || ':' || $2 || ':' || ch.c || ':' || w.username,
              CASE ch.c WHEN 'in_app' THEN 'sent' ELSE 'pending' END, CASE ch.c WHEN 'in_app' THEN now() END
         FROM worded w CROSS JOIN (VALUES ('in_app'), ('email')) AS ch(c)
        WHERE ch.c <> 'email' OR w.email IS NOT NULL
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING status
     )
     SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending FROM notes`,
    [agencyCode, localDay, timeZone, base],
  );
  return row?.pending ?? 0;
}
