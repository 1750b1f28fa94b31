import type { DataSource, EntityManager } from 'typeorm';
import type { PetitionRecord } from '../../../workflows/petition.contract';
import { appendAudit } from './audit';
import type { ClockPlanner } from './deadline-clock';

/**
 * Writes a petition's projection at `event.seq`: the event, its audit entry, the open stage's
 * pending alarms and the petition's row, in one transaction, then wakes the deadline clock if an
 * alarm is now earlier than its timer — `writeProgress` for a petition. Idempotent: the row only
 * moves forward (guarded by the event sequence), the event is keyed, so the API's write of the
 * receipt and the workflow's first write of the same event write it once.
 */
export async function writePetition(ds: DataSource, clock: ClockPlanner, { petition: p, event, alarms }: PetitionRecord): Promise<void> {
  const mustWake = await ds.transaction(async (m) => {
    // The clock's lock before any row lock (ClockPlanner.share).
    await clock.share(m, p.code);
    const [previous]: { view: unknown; version: number }[] = await m.query(`SELECT view, version FROM petitions WHERE code = $1 FOR UPDATE`, [p.code]);
    if (previous && previous.version >= event.seq) return previous.version === event.seq ? clock.mustWake(m, p.code) : false;
    const inserted: unknown[] = await m.query(
      `INSERT INTO petition_events (petition_code, seq, type, at, actor, payload) VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (petition_code, seq) DO NOTHING RETURNING seq`,
      [p.code, event.seq, event.type, event.at, event.actor ?? null, JSON.stringify(event.payload)],
    );
    if (inserted.length === 0) return clock.mustWake(m, p.code);
    await appendAudit(m, {
      chain: p.code, actor: event.actor ?? 'system', action: `petition_${event.type}`, entity: 'petition', entityId: String(event.seq),
      before: previous?.view ?? null, after: p, at: event.at, once: true,
    });
    const wake = await clock.plan(m, p.code, alarms);
    if (event.type === 'answered') await queueAnswerMail(m, p);
    const open = p.stages.find((s) => s.key === p.stage && !s.completedAt);
    await m.query(
      `INSERT INTO petitions (code, agency_code, kind, source, subject, message, name, contact, dossier_code, status, stage, stage_due_at,
         received_at, due_at, outcome, assignee, answered_at, answered_on_time, published_at, consent, view, version)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22)
       ON CONFLICT (code) DO UPDATE SET status = EXCLUDED.status, stage = EXCLUDED.stage, stage_due_at = EXCLUDED.stage_due_at,
         outcome = EXCLUDED.outcome, assignee = EXCLUDED.assignee, answered_at = EXCLUDED.answered_at,
         answered_on_time = EXCLUDED.answered_on_time, published_at = EXCLUDED.published_at, consent = EXCLUDED.consent,
         view = EXCLUDED.view, version = EXCLUDED.version, updated_at = now()
       WHERE petitions.version < EXCLUDED.version`,
      [
        p.code, p.agencyCode, p.kind, p.source, p.subject, p.message, p.name ?? null, p.contact ?? null, p.dossierCode ?? null, p.status,
        p.stage ?? null, open?.dueAt ?? null, p.receivedAt, p.dueAt, p.outcome ?? null, p.assignee ?? null, p.answeredAt ?? null,
        p.answeredOnTime ?? null, p.publishedAt ?? null, p.consent ?? null, JSON.stringify(p), event.seq,
      ],
    );
    return wake;
  });
  if (mustWake) await clock.wake(p.code);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Issue 21 item 2: the citizen who left an e-mail address is sent the answer. A row of the
 * notifications outbox (Notifications1766102400000) in the answer's own transaction, keyed by the
 * petition so a repeated write queues nothing twice; the notifier delivers it (SMTP, Mailpit in
 * development) with the outbox's retries.
 */
async function queueAnswerMail(m: EntityManager, p: PetitionRecord['petition']): Promise<void> {
  const to = p.contact?.trim();
  if (!to || !EMAIL.test(to)) return;
  const text = [
    `Kính gửi ${p.name ?? 'Ông/Bà'},`,
    '',
    `Phản ánh, kiến nghị ${p.code} ("${p.subject}") đã được trả lời:`,
    '',
    p.answer ?? '',
    '',
    `Your petition ${p.code} has been answered (above). Tra cứu / look it up with its code and secret on the agency's site.`,
  ].join('\n');
  await m.query(
    `INSERT INTO notifications (agency_code, channel, recipient, kind, dossier_code, subject, body, idempotency_key)
     VALUES ($1, 'email', $2, 'petition_answered', $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING`,
    [p.agencyCode, to, p.code, `Trả lời phản ánh, kiến nghị ${p.code}`, text, `petition:${p.code}:answered:email`],
  );
}
