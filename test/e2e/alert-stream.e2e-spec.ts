import { openSse, type SseClient } from '../support/api';
import { useE2eStack } from '../support/e2e';
import { secondsProcedure } from '../support/fixtures';
import { waitFor } from '../support/stack';

jest.setTimeout(90_000);

const stack = useE2eStack();
const streams: SseClient[] = [];
const stream = (lastEventId?: string) =>
  openSse(`${stack.url}/api/alerts/stream`, stack.t.supervisor, { lastEventId }).then((s) => {
    streams.push(s);
    return s;
  });
beforeAll(() => stack.onStop(() => streams.forEach((s) => s.close())));

/** The stream's alerts; each event's SSE id must be its alert's id. */
const alertsOf = (s: SseClient) =>
  s.events.filter((e) => e.type === 'alert').map((e) => {
    const alert = e.data as { id: string; dossierCode: string; kind: string };
    expect(e.id).toBe(alert.id);
    return alert;
  });

/** Every alert of these dossiers in the table, by id. */
async function firedIds(codes: string[]): Promise<string[]> {
  const rows: { id: string }[] = await stack.ds.query(`SELECT id FROM alerts WHERE dossier_code = ANY($1) ORDER BY id`, [codes]);
  return rows.map((r) => r.id);
}

async function register(code: string): Promise<string> {
  const res = await stack.as('reception').post('/api/dossiers').send({ procedureCode: code, applicant: { name: 'Lê Thị Hoa' }, channel: 'online' }).expect(201);
  return res.body.code as string;
}

describe('resumable alert stream', () => {
  it('gives a client that reconnects with Last-Event-ID every alert it missed, says so, then the live ones, none twice', async () => {
    // Nobody completes the reception step: each dossier rings 4 alerts within ~3 s.
    const p = secondsProcedure([1, 1]);
    await stack.as('admin').post('/api/procedures').send(p).expect(201);
    const first = await stream();
    const d1 = await register(p.code);
    const [seen] = await waitFor(async () => (alertsOf(first).length ? alertsOf(first) : undefined), 'the first alert on the stream');
    first.close();
    expect(seen.id).toMatch(/^\d+$/);
    const lastSeen = alertsOf(first).at(-1)!.id;

    // While the client is away: the rest of d1's alerts and all of d2's.
    const d2 = await register(p.code);
    await waitFor(async () => ((await firedIds([d1, d2])).length === 8 ? true : undefined), 'both dossiers to ring all their alerts');
    const missed = (await firedIds([d1, d2])).filter((id) => BigInt(id) > BigInt(lastSeen));

    const again = await stream(lastSeen);
    const d3 = await register(p.code);
    await waitFor(async () => ((await firedIds([d3])).length === 4 && alertsOf(again).filter((a) => a.dossierCode === d3).length === 4 ? true : undefined), 'd3 live on the resumed stream');

    const got = alertsOf(again).map((a) => a.id);
    const resumedAt = again.events.findIndex((e) => e.type === 'resumed');
    expect(resumedAt).toBeGreaterThan(0);
    expect(again.events[resumedAt].data).toEqual({ after: lastSeen, missed: missed.length });
    // Before the marker exactly the missed ones, oldest first; after it the live ones; all in id order, none twice.
    expect(again.events.slice(0, resumedAt).filter((e) => e.type === 'alert').map((e) => e.id)).toEqual(missed);
    expect(got).toEqual([...missed, ...(await firedIds([d3]))]);
    expect(new Set(got).size).toBe(got.length);
    expect(got.every((id) => BigInt(id) > BigInt(lastSeen))).toBe(true);
  });

  it('keeps a held stream whole when the API loses its own LISTEN connection: what was committed meanwhile comes on reconnect', async () => {
    const p = secondsProcedure([600, 600]);
    await stack.as('admin').post('/api/procedures').send(p).expect(201);
    const code = await register(p.code);
    const held = await stream();
    const listeners = async () =>
      (await stack.ds.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'listen:dossier_alerts'`)).map((r: { pid: number }) => r.pid) as number[];
    await waitFor(async () => ((await listeners()).length ? true : undefined), 'the API listening');
    let inserted: string | undefined;
    for (let level = 20; !inserted; level++) {
      await stack.ds.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'listen:dossier_alerts'`);
      await waitFor(async () => ((await listeners()).length === 0 ? true : undefined), 'the listener gone');
      // No NOTIFY: only the catch-up after the reconnect can bring this one (if no listener came back before it committed).
      const [{ id }] = await stack.ds.query(`INSERT INTO alerts (kind, dossier_code, step_key, level, due_at) VALUES ('step_overdue', $1, 'reception', $2, now()) RETURNING id::text AS id`, [code, level]);
      if ((await listeners()).length === 0) inserted = id as string;
    }
    await waitFor(async () => (alertsOf(held).some((a) => a.id === inserted) ? true : undefined), 'the alert committed while the API was not listening');
    expect(alertsOf(held).filter((a) => a.id === inserted)).toHaveLength(1);
  });

  it('answers 400 naming the header for a Last-Event-ID that is not an alert id', async () => {
    const res = await fetch(`${stack.url}/api/alerts/stream`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${stack.t.supervisor}`, 'last-event-id': 'yesterday' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { fields: unknown }).fields).toEqual([{ field: 'Last-Event-ID', messages: [expect.any(String)] }]);
  });

  it('takes ids in blocks of commit order without a row version per alert: four writers of 100 alerts at once leave the counter one page', async () => {
    const p = secondsProcedure([600, 600]);
    await stack.as('admin').post('/api/procedures').send(p).expect(201);
    const code = await register(p.code);
    const writers = Array.from({ length: 4 }, () => stack.ds.createQueryRunner());
    try {
      const blocks = await Promise.all(writers.map(async (q, w) => {
        await q.startTransaction();
        const rows: { id: string }[] = await q.query(
          `INSERT INTO alerts (kind, dossier_code, step_key, level, due_at)
           SELECT 'step_overdue', $1, 'review', 1000 + $2 * 100 + g, now() FROM generate_series(1, 100) g RETURNING id`,
          [code, w],
        );
        await q.commitTransaction();
        return rows.map((r) => BigInt(r.id)).sort((a, b) => (a < b ? -1 : 1));
      }));
      // The writers waited for each other: each one's ids all come before or all after another's.
      const ranges = blocks.map((ids) => [ids[0], ids.at(-1)!] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
      for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBeGreaterThan(ranges[i - 1][1]);
      // An UPDATE per id left a dead version each, kept while another writer ran: the table grew page by page.
      const [{ bytes }]: { bytes: string }[] = await stack.ds.query(`SELECT pg_relation_size('alert_stream')::text AS bytes`);
      expect(Number(bytes)).toBeLessThanOrEqual(8192);
    } finally {
      await Promise.all(writers.map((q) => q.release()));
    }
  });

  it('numbers alerts in commit order: an insert waits for an earlier uncommitted one and gets a larger id', async () => {
    const p = secondsProcedure([600, 600]);
    await stack.as('admin').post('/api/procedures').send(p).expect(201);
    const [a, b] = [await register(p.code), await register(p.code)];
    const early = stack.ds.createQueryRunner();
    const late = stack.ds.createQueryRunner();
    await early.startTransaction();
    await late.startTransaction();
    try {
      const insert = (q: typeof early, code: string) =>
        q.query(`INSERT INTO alerts (kind, dossier_code, step_key, level, due_at) VALUES ('step_overdue', $1, 'review', 9, now()) RETURNING id`, [code]).then((r: { id: string }[]) => r[0].id);
      const earlyId = await insert(early, a);
      const [{ pid }]: { pid: number }[] = await late.query(`SELECT pg_backend_pid() AS pid`);
      const lateId = insert(late, b);
      // With ids taken at insert (bigserial) the second insert would not wait, and could commit first with the smaller id.
      await waitFor(async () => ((await stack.ds.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`, [pid])).length ? true : undefined), 'the second insert to wait for the first');
      await early.commitTransaction();
      expect(BigInt(await lateId)).toBeGreaterThan(BigInt(earlyId));
      await late.commitTransaction();
    } finally {
      await early.release();
      await late.release();
    }
  });
});
