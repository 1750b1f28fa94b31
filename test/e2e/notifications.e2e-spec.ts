import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { Client } from 'pg';
import { AppConfigService } from '../../libs/config/src';
import { DEMO_AGENCY_CODE, loadCalendar } from '../../libs/db/src';
import { isWorkingDay, localDate } from '../../libs/domain/src';
import { clockKeeperId } from '../../workflows/dossier.contract';
import { DIGEST_WORKFLOW, digestScheduleId, notifierId } from '../../workflows/notifier.contract';
import { useE2eStack } from '../support/e2e';
import { secondsProcedure } from '../support/fixtures';
import { mailText, searchMail, searchOwnMail } from '../support/mailpit';
import { maybeRecord } from '../support/replay';
import { waitFor } from '../support/stack';

jest.setTimeout(180_000);

const s = useE2eStack();

interface Row { kind: string; channel: string; recipient: string; username: string | null; status: string; subject: string; body: string; not_before: Date }
const notes = (code: string): Promise<Row[]> =>
  s.ds.query(`SELECT kind, channel, recipient, username, status, subject, body, not_before FROM notifications WHERE dossier_code = $1 ORDER BY kind, username, channel`, [code]);
const who = (rows: Row[], kind: string, channel = 'in_app') => rows.filter((r) => r.kind === kind && r.channel === channel).map((r) => r.username).sort();

/** A department head of the one-stop desk and the agency's leader, with mailboxes: made by the admin through the users API, as an agency would. */
beforeAll(async () => {
  const password = 'mat-khau-thu-nghiem-01';
  await s.as('admin').post('/api/users')
    .send({ username: 'truong.motcua', fullName: 'Đỗ Văn Hùng (Trưởng bộ phận Một cửa)', password, departmentCode: 'MOT_CUA', roles: ['approver'], email: 'truong.motcua@demo.dossier-flow.local', position: 'department_head' })
    .expect(201);
  // The leader made without a mailbox or position, then given both (PATCH), as an account is when someone takes the post.
  await s.as('admin').post('/api/users').send({ username: 'giam.doc', fullName: 'Võ Thị Mai (Giám đốc Sở)', password, roles: ['supervisor'] }).expect(201);
  await s.as('admin').patch('/api/users/giam.doc').send({ email: 'giam.doc@demo.dossier-flow.local', position: 'agency_leader' }).expect(200);
});

async function register(stepSeconds: number[], procedurePolicy?: unknown, name = 'Nguyễn Văn An') {
  const p = secondsProcedure(stepSeconds);
  await s.as('admin').post('/api/procedures').send(p).expect(201);
  if (procedurePolicy) {
    const { body: current } = await s.as('admin').get('/api/escalation-policy').expect(200);
    await s.as('admin').put('/api/escalation-policy').send({ policy: current.policy, procedures: { ...current.procedures, [p.code]: procedurePolicy } }).expect(200);
  }
  const { body } = await s.as('reception').post('/api/dossiers').send({ procedureCode: p.code, applicant: { name }, channel: 'online' }).expect(201);
  return body as { code: string };
}

describe('escalation policy API', () => {
  it('answers the default policy, saves one with a per-procedure override, and names the bad field', async () => {
    const { body } = await s.as('admin').get('/api/escalation-policy').expect(200);
    expect(body.policy.step_overdue).toEqual({ notify: ['assignee', 'department_head'], escalate: { after: { workingHours: 4 }, notify: ['supervisors'] } });
    expect(body.procedures).toEqual({});
    await s.as('supervisor').get('/api/escalation-policy').expect(403);

    const bad = async (send: unknown, field: string) => {
      const res = await s.as('admin').put('/api/escalation-policy').send(send as object).expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    };
    await bad({ policy: { ...body.policy, step_overdue: { notify: ['mayor'] } } }, 'policy.step_overdue.notify[0]');
    await bad({ policy: { ...body.policy, dossier_overdue: { notify: [], escalate: { after: { workingHours: -1 }, notify: ['agency_leader'] } } } }, 'policy.dossier_overdue.escalate.after');
    await bad({ policy: { ...body.policy, dossier_overdue: { notify: [], escalate: { after: { calendarDays: 1 }, notify: ['agency_leader'] } } } }, 'policy.dossier_overdue.escalate.after');
    await bad({ policy: { step_at_risk: body.policy.step_at_risk } }, 'policy.step_overdue');
    await bad({ policy: body.policy, procedures: { 'không.có': { step_overdue: { notify: [] } } } }, 'procedures.không.có');
    await bad({ policy: body.policy, extra: 1 }, 'extra');
    await bad([], 'body');

    const p = secondsProcedure([300]);
    await s.as('admin').post('/api/procedures').send(p).expect(201);
    const saved = await s.as('admin').put('/api/escalation-policy')
      .send({ policy: { ...body.policy, step_at_risk: { notify: ['assignee', 'department_head'] } }, procedures: { [p.code]: { dossier_overdue: { notify: ['agency_leader'], escalate: null } } } })
      .expect(200);
    expect(saved.body.policy.step_at_risk).toEqual({ notify: ['assignee', 'department_head'] });
    expect(saved.body.procedures).toEqual({ [p.code]: { dossier_overdue: { notify: ['agency_leader'], escalate: null } } });
    expect(saved.body.updatedBy).toBe('admin');
    // Back to the default for the chain tests below.
    await s.as('admin').put('/api/escalation-policy').send({ policy: body.defaults }).expect(200);
  });

  it('keeps each user\'s channels and quiet hours, and names the bad field', async () => {
    const { body } = await s.as('reviewer').get('/api/me/notifications').expect(200);
    expect(body).toEqual({ channels: { step_at_risk: ['in_app', 'email', 'push'], step_overdue: ['in_app', 'email', 'push'], dossier_at_risk: ['in_app', 'email', 'push'], dossier_overdue: ['in_app', 'email', 'push'] }, quietHours: null, email: 'reviewer@demo.dossier-flow.local' });
    const bad = async (send: unknown, field: string) => {
      const res = await s.as('reviewer').put('/api/me/notifications').send(send as object).expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    };
    await bad({ channels: { step_overdue: ['fax'] } }, 'channels.step_overdue[0]');
    await bad({ channels: { everything: ['email'] } }, 'channels.everything');
    await bad({ quietHours: { from: '25:00', to: '07:00' } }, 'quietHours.from');
    await bad({ quietHours: { from: '22:00' } }, 'quietHours.to');
    await bad({ quietHours: { from: '22:00', to: '22:00' } }, 'quietHours.to');
    await bad({ channel: {} }, 'channel');
    const saved = await s.as('reviewer').put('/api/me/notifications').send({ channels: { step_at_risk: ['in_app'] }, quietHours: { from: '21:30', to: '06:45' } }).expect(200);
    expect(saved.body.channels.step_at_risk).toEqual(['in_app']);
    expect(saved.body.channels.step_overdue).toEqual(['in_app', 'email', 'push']);
    expect(saved.body.quietHours).toEqual({ from: '21:30', to: '06:45' });
    const cleared = await s.as('reviewer').put('/api/me/notifications').send({ quietHours: null }).expect(200);
    expect(cleared.body).toMatchObject({ quietHours: null, channels: { step_at_risk: ['in_app'] } });
    await s.as('reviewer').put('/api/me/notifications').send({ channels: { step_at_risk: ['in_app', 'email', 'push'] } }).expect(200);
  });

  it('rejects bad filters of GET /api/notifications and keeps it to admins and supervisors', async () => {
    await s.as('supervisor').get('/api/notifications?status=lost').expect(400);
    await s.as('supervisor').get('/api/notifications?channel=E-MAIL').expect(400);
    await s.as('reviewer').get('/api/notifications').expect(403);
    await s.as('admin').get('/api/notifications').expect(200);
  });
});

describe('redelivery (issue 22 item 4)', () => {
  /** An e-mail the notifier gave up on, as the dispatcher leaves it after its last try. */
  const deadMail = async (agency = DEMO_AGENCY_CODE, status = 'dead', notBefore = new Date()) => {
    const id = randomUUID();
    const subject = `Gửi lại ${id}`;
    await s.ds.query(
      `INSERT INTO notifications (id, agency_code, channel, recipient, kind, subject, body, idempotency_key, status, attempts, last_error, not_before)
       VALUES ($1, $2, 'email', 'nhan.lai@demo.dossier-flow.local', 'test_redeliver', $3, 'Nội dung gửi lại', $4, $5, 5, 'connect ECONNREFUSED 127.0.0.1:1', $6)`,
      [id, agency, subject, `test:redeliver:${id}`, status, notBefore],
    );
    return { id, subject };
  };

  /**
   * Holds still what else could wake the notifier: the keeper's schedule paused (its round wakes a
   * notifier whose due row waits) with no round of it running. What the outbox's channel announces
   * meanwhile is heard on a connection of the test's own. `end` lets the keeper go again.
   */
  const withoutKeeper = async () => {
    const keeper = s.client.schedule.getHandle(clockKeeperId(s.config.TEMPORAL_TASK_QUEUE));
    await keeper.pause('notifications e2e: the redelivery alone wakes the notifier');
    const listener = new Client({ connectionString: s.config.DATABASE_URL });
    const heard: string[] = [];
    try {
      await waitFor(async () => (await keeper.describe()).info.runningActions.length === 0, 'no keeper round running');
      await listener.connect();
      listener.on('notification', (n) => {
        heard.push(`${n.channel}:${n.payload ?? ''}`);
      });
      await listener.query('LISTEN notifications');
    } catch (err) {
      await keeper.unpause();
      throw err;
    }
    return { heard, end: async () => { await listener.end(); await keeper.unpause(); } };
  };

  it('sends a dead e-mail again under the same id, once, audited; refuses a sent one (409), an unknown or other agency\'s (404), a malformed id (400), a supervisor (403)', async () => {
    const { id, subject } = await deadMail();
    const listed = await s.as('admin').get('/api/notifications?status=dead&channel=email').expect(200);
    expect(listed.body.items.map((n: { id: string }) => n.id)).toContain(id);
    await s.as('supervisor').post(`/api/notifications/${id}/redeliver`).expect(403);

    // Nothing else to wake the notifier: no keeper round, nothing pending, and the notifier asleep
    // with no timer and no activity (its last workflow task ended without a command).
    const notifier = s.client.workflow.getHandle(notifierId(s.config.TEMPORAL_TASK_QUEUE));
    const quiet = await withoutKeeper();
    let sent: { status: string; attempts: number } | undefined;
    try {
      expect(await s.ds.query(`SELECT count(*)::int AS n FROM notifications WHERE status = 'pending'`)).toEqual([{ n: 0 }]);
      const asleep = await waitFor(async () => {
        const events = (await notifier.fetchHistory()).events!;
        return events.at(-1)!.workflowTaskCompletedEventAttributes && events.length;
      }, 'the notifier asleep');

      const res = await s.as('admin').post(`/api/notifications/${id}/redeliver`).expect(202);
      expect(res.body).toMatchObject({ id, status: 'pending', attempts: 0 });
      expect(res.body.lastError).toBeUndefined();
      [sent] = await waitFor(async () => {
        const rows: { status: string; attempts: number }[] = await s.ds.query(`SELECT status, attempts FROM notifications WHERE id = $1`, [id]);
        return rows[0]?.status === 'sent' && rows;
      }, 'the redelivered notification sent', 60_000);

      // The one announcement on the channel was the redelivery's own, and it woke the notifier:
      // one signal, then the round that delivered the row; no timer fired.
      expect(quiet.heard).toEqual(['notifications:redeliver']);
      const since = (await notifier.fetchHistory()).events!.slice(asleep);
      const signals = since.flatMap((e, i) => (e.workflowExecutionSignaledEventAttributes ? [i] : []));
      const delivery = since.findIndex((e) => {
        const scheduled = e.activityTaskScheduledEventAttributes;
        return scheduled?.activityType?.name === 'deliverNotification' && defaultPayloadConverter.fromPayload(scheduled.input!.payloads![0]!) === id;
      });
      expect(signals).toHaveLength(1);
      expect(delivery).toBeGreaterThan(signals[0]!);
      expect(since.filter((e) => e.timerFiredEventAttributes)).toEqual([]);
    } finally {
      await quiet.end();
    }
    expect(sent!.attempts).toBe(1);
    const mails = await waitFor(async () => {
      const found = await searchMail(`subject:"${subject}"`);
      return found.length > 0 && found;
    }, 'the redelivered mail in Mailpit');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.MessageID).toBe(`${id}@dossier-flow.local`);
    expect(mails[0]!.To[0]!.Address).toBe('nhan.lai@demo.dossier-flow.local');
    const audit: { actor: string; before: { status: string } }[] = await s.ds.query(
      `SELECT actor, before FROM audit_log WHERE action = 'notification_redelivered' AND entity = 'notification' AND entity_id = $1`,
      [id],
    );
    expect(audit).toEqual([{ actor: 'admin', before: { status: 'dead' } }]);

    const conflict = await s.as('admin').post(`/api/notifications/${id}/redeliver`).expect(409);
    expect(conflict.body.message).toMatch(/sent/);
    const other = await deadMail('OTHER-AGENCY');
    await s.as('admin').post(`/api/notifications/${other.id}/redeliver`).expect(404);
    await s.as('admin').post(`/api/notifications/${randomUUID()}/redeliver`).expect(404);
    const bad = await s.as('admin').post('/api/notifications/not-a-uuid/redeliver').expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['id']);
    const [{ status }]: { status: string }[] = await s.ds.query(`SELECT status FROM notifications WHERE id = $1`, [other.id]);
    expect(status).toBe('dead');
  });

  it('sends a failed one again too, and refuses a pending one (409)', async () => {
    const { id } = await deadMail(DEMO_AGENCY_CODE, 'failed');
    const res = await s.as('admin').post(`/api/notifications/${id}/redeliver`).expect(202);
    expect(res.body).toMatchObject({ id, status: 'pending', attempts: 0 });
    await waitFor(async () => {
      const rows: { status: string }[] = await s.ds.query(`SELECT status FROM notifications WHERE id = $1`, [id]);
      return rows[0]?.status === 'sent';
    }, 'the failed notification sent', 60_000);

    // Held by quiet hours until tomorrow: pending, and the notifier tries it on its own.
    const held = await deadMail(DEMO_AGENCY_CODE, 'pending', new Date(Date.now() + 86_400_000));
    const pending = await s.as('admin').post(`/api/notifications/${held.id}/redeliver`).expect(409);
    expect(pending.body.message).toMatch(/pending/);
  });
});

describe('the chain', () => {
  it('tells each position of each alert kind, escalates what still stands, by e-mail in Vietnamese and in-app', async () => {
    const d = await register([3], {
      step_overdue: { notify: ['assignee', 'department_head'], escalate: { after: { seconds: 2 }, notify: ['supervisors'] } },
      dossier_overdue: { notify: ['supervisors', 'agency_leader'], escalate: { after: { seconds: 2 }, notify: ['agency_leader'] } },
    });
    const rows = await waitFor(async () => {
      const r = await notes(d.code);
      return r.some((n) => n.kind === 'escalate:dossier_overdue') && r.some((n) => n.kind === 'escalate:step_overdue') && r;
    }, 'every alert and both escalations', 60_000);
    // The step is unclaimed: its department's officers of its role (the desk) are its assignees.
    expect(who(rows, 'step_at_risk')).toEqual(['reception']);
    expect(who(rows, 'step_overdue')).toEqual(['reception', 'truong.motcua']);
    expect(who(rows, 'dossier_at_risk')).toEqual(['truong.motcua']);
    expect(who(rows, 'dossier_overdue')).toEqual(['giam.doc', 'supervisor']);
    expect(who(rows, 'escalate:step_overdue')).toEqual(['giam.doc', 'supervisor']);
    expect(who(rows, 'escalate:dossier_overdue')).toEqual(['giam.doc']);
    expect(rows.filter((r) => r.channel === 'in_app').every((r) => r.status === 'sent')).toBe(true);

    // Every e-mail reaches the mail server once, to its recipient, in Vietnamese.
    const expected = rows.filter((r) => r.channel === 'email');
    expect(expected.length).toBe(9);
    const mails = await waitFor(async () => {
      const m = await searchOwnMail(s.ds, d.code);
      return m.length >= expected.length && m;
    }, 'the mails in Mailpit', 60_000);
    expect(mails.length).toBe(expected.length);
    expect(mails.map((m) => `${m.To[0]!.Address} ${m.Subject}`).sort()).toEqual(expected.map((r) => `${r.recipient} ${r.subject}`).sort());
    expect(mails.map((m) => m.Subject)).toContain(`Quá hạn: bước "Tiếp nhận" của hồ sơ ${d.code}`);
    expect(mails.map((m) => m.Subject)).toContain(`[Chuyển cấp] Quá hạn trả kết quả: hồ sơ ${d.code}`);
    const overdue = mails.find((m) => m.To[0]!.Address === 'giam.doc@demo.dossier-flow.local' && m.Subject === `Quá hạn trả kết quả: hồ sơ ${d.code}`)!;
    const text = await mailText(overdue.ID);
    expect(text).toContain('Kính gửi Võ Thị Mai (Giám đốc Sở)');
    expect(text).toContain('Người nộp: Nguyễn Văn An');
    expect(text).toContain(`/ho-so/${d.code}`);
    await waitFor(async () => (await notes(d.code)).filter((r) => r.channel === 'email').every((r) => r.status === 'sent'), 'the outbox rows sent');

    // The supervisor's view of the deliveries, filtered; the inbox badge of the recipient.
    const { body: listed } = await s.as('supervisor').get(`/api/notifications?dossierCode=${d.code}&channel=email&status=sent`).expect(200);
    expect(listed.total).toBe(9);
    const { body: inbox } = await s.as('supervisor').get('/api/me/notifications/inbox').expect(200);
    expect(inbox.unread).toBeGreaterThanOrEqual(2);
    expect(inbox.items.some((n: { dossierCode?: string }) => n.dossierCode === d.code)).toBe(true);
    const { body: read } = await s.as('supervisor').post('/api/me/notifications/inbox/read').expect(200);
    expect(read.unread).toBe(0);
  });

  it('cancels a pending escalation when its step completes, and when the dossier pauses', async () => {
    const policy = { step_overdue: { notify: ['assignee'], escalate: { after: { seconds: 8 }, notify: ['supervisors'] } } };
    const completed = await register([2, 300], policy, 'Trần Thị Bình');
    const paused = await register([300, 2, 300], policy, 'Lê Văn Cường');
    await s.as('reception').post(`/api/dossiers/${paused.code}/steps/reception/complete`).send({}).expect(200);
    const escalationAlarm = (code: string) => s.ds.query(`SELECT fire_at FROM deadline_alarms WHERE dossier_code = $1 AND kind = 'escalate:step_overdue'`, [code]) as Promise<{ fire_at: Date }[]>;
    const [[a], [b]] = await Promise.all([
      waitFor(async () => { const r = await escalationAlarm(completed.code); return r.length > 0 && r; }, 'the escalation planned (completed)'),
      waitFor(async () => { const r = await escalationAlarm(paused.code); return r.length > 0 && r; }, 'the escalation planned (paused)'),
    ]);
    await s.as('reception').post(`/api/dossiers/${completed.code}/steps/reception/complete`).send({}).expect(200);
    await s.as('reviewer').post(`/api/dossiers/${paused.code}/supplement-requests`).send({ reason: 'Thiếu điều lệ', items: ['Điều lệ công ty'] }).expect(200);
    await waitFor(async () => (await escalationAlarm(completed.code)).length === 0 && (await escalationAlarm(paused.code)).length === 0, 'both escalations cancelled');
    // Past the instants they were planned for, a sweep later: nobody was told.
    const later = Math.max(a!.fire_at.getTime(), b!.fire_at.getTime()) + 1500;
    await waitFor(async () => Date.now() > later, 'the escalations\' instants to pass');
    const probe = await register([1], undefined, 'Phạm Thị Dung');
    await waitFor(async () => (await notes(probe.code)).some((r) => r.kind === 'step_overdue'), 'a later sweep');
    for (const [d, assignee] of [[completed, 'reception'], [paused, 'reviewer']] as const) {
      const rows = await notes(d.code);
      expect(who(rows, 'step_overdue')).toEqual([assignee]);
      expect(rows.filter((r) => r.kind.startsWith('escalate:'))).toEqual([]);
    }
  });

  it('holds e-mail inside quiet hours until they end, and delivers in-app at once', async () => {
    const tz = 'Asia/Ho_Chi_Minh';
    const hhmm = (ms: number) => new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
    const now = Date.now();
    await s.as('reception').put('/api/me/notifications').send({ quietHours: { from: hhmm(now - 3_600_000), to: hhmm(now + 3_600_000) } }).expect(200);
    try {
      const d = await register([2, 300], { step_overdue: { notify: ['assignee', 'department_head'], escalate: null } }, 'Hoàng Văn Em');
      const rows = await waitFor(async () => {
        const r = await notes(d.code);
        return r.filter((n) => n.kind === 'step_overdue' && n.channel === 'email').length === 2 && r;
      }, 'the overdue notifications');
      const held = rows.find((r) => r.kind === 'step_overdue' && r.channel === 'email' && r.username === 'reception')!;
      const free = rows.find((r) => r.kind === 'step_overdue' && r.channel === 'email' && r.username === 'truong.motcua')!;
      expect(held.status).toBe('pending');
      // The end of the quiet hours: the next HH:mm of "to", i.e. within the minute before now + 1 h.
      expect(held.not_before.getTime()).toBeGreaterThan(now + 3_600_000 - 61_000);
      expect(held.not_before.getTime()).toBeLessThanOrEqual(now + 3_600_000);
      expect(rows.find((r) => r.kind === 'step_overdue' && r.channel === 'in_app' && r.username === 'reception')!.status).toBe('sent');
      await waitFor(async () => (await searchOwnMail(s.ds, d.code)).some((m) => m.To[0]!.Address === free.recipient && m.Subject === free.subject), 'the department head\'s mail');
      await waitFor(async () => (await notes(d.code)).filter((r) => r.channel === 'email' && r.status === 'sent').length >= 1, 'the free mail marked sent');
      expect((await searchOwnMail(s.ds, d.code)).filter((m) => m.To[0]!.Address === 'reception@demo.dossier-flow.local' && m.Subject === held.subject)).toEqual([]);
      expect((await notes(d.code)).find((r) => r.kind === 'step_overdue' && r.channel === 'email' && r.username === 'reception')!.status).toBe('pending');
    } finally {
      await s.as('reception').put('/api/me/notifications').send({ quietHours: null }).expect(200);
    }
  });
});

describe('the daily digest', () => {
  it('is scheduled per agency at the opening of office hours, sends supervisors and department heads their figures on a working day, nothing on a day off', async () => {
    const schedule = await s.client.schedule.getHandle(digestScheduleId(s.config.TEMPORAL_TASK_QUEUE, DEMO_AGENCY_CODE)).describe();
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: DIGEST_WORKFLOW, args: [DEMO_AGENCY_CODE] });
    expect(schedule.spec.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(schedule.spec.calendars?.[0]?.hour).toEqual([{ start: 7, end: 7, step: 1 }]);
    expect(schedule.spec.calendars?.[0]?.minute).toEqual([{ start: 30, end: 30, step: 1 }]);

    const { calendar } = await loadCalendar(s.ds, new AppConfigService(s.config).baseCalendar(), DEMO_AGENCY_CODE);
    const today = localDate(new Date(), calendar.timeZone);
    const working = isWorkingDay(today, calendar);
    const runs: string[] = [];
    const run = () => {
      runs.push(`digest-test-${randomUUID()}`);
      return s.client.workflow.execute(DIGEST_WORKFLOW, { taskQueue: s.config.TEMPORAL_TASK_QUEUE, workflowId: runs.at(-1)!, args: [DEMO_AGENCY_CODE] }) as Promise<number>;
    };
    const digests = (): Promise<Row[]> =>
      s.ds.query(`SELECT kind, channel, recipient, username, status, subject, body, not_before FROM notifications WHERE kind = 'daily_digest' AND idempotency_key LIKE $1 ORDER BY username, channel`, [`digest:${DEMO_AGENCY_CODE}:${today}:%`]);

    // Today turned into the opposite by an override: a day off sends nothing.
    await s.as('admin').put(`/api/calendar/overrides/${today}`).send({ kind: working ? 'day_off' : 'working_day', reason: 'Thử nghiệm báo cáo đầu ngày', source: 'Kiểm thử' }).expect(200);
    const first = await run();
    await s.as('admin').delete(`/api/calendar/overrides/${today}`).expect((r) => expect(r.status).toBeLessThan(300));
    const second = await run();
    const [offRun, workRun] = working ? [first, second] : [second, first];
    expect(offRun).toBe(0);
    expect(workRun).toBe(4);
    await maybeRecord(s.client, runs[working ? 1 : 0], 'daily-digest-v1-working-day');

    const rows = await digests();
    expect(rows.filter((r) => r.channel === 'email').map((r) => r.username)).toEqual(['approver', 'giam.doc', 'supervisor', 'truong.motcua']);
    const supervisor = rows.find((r) => r.username === 'supervisor' && r.channel === 'email')!;
    const overdue: { code: string }[] = await s.ds.query(`SELECT code FROM dossiers WHERE agency_code = $1 AND finished_at IS NULL AND due_at < now() ORDER BY due_at LIMIT 1`, [DEMO_AGENCY_CODE]);
    expect(supervisor.body).toContain('Hồ sơ quá hạn: ');
    expect(supervisor.body).toContain(`/ho-so/${overdue[0]!.code}`);
    expect(supervisor.body).toContain('Tỷ lệ giải quyết đúng hạn ngày hôm qua: ');
    const mail = await waitFor(async () => (await searchOwnMail(s.ds, `subject:"Báo cáo đầu ngày"`)).find((m) => m.To[0]!.Address === 'truong.motcua@demo.dossier-flow.local'), 'the department head\'s digest in Mailpit');
    expect(mail.Subject).toBe(rows.find((r) => r.username === 'truong.motcua' && r.channel === 'email')!.subject);
    expect(await mailText(mail.ID)).toContain('của phòng MOT_CUA');
  });
});
