import { randomUUID } from 'node:crypto';
import { DEMO_AGENCY_CODE } from '../../libs/db/src';
import { searchMail } from '../support/mailpit';
import { waitFor } from '../support/stack';
import { startSpawnedWorkerStack, type SpawnedWorkerStack } from '../support/worker-process';

jest.setTimeout(240_000);

let stack: SpawnedWorkerStack;
beforeAll(async () => {
  stack = await startSpawnedWorkerStack();
});
afterAll(() => stack?.stop());

describe('a worker killed mid-delivery', () => {
  it('neither loses nor duplicates a mail: each notification reaches the mail server once', async () => {
    const tag = `kt${randomUUID().slice(0, 8)}`;
    const n = 200;
    // Written as any writer does (the outbox's trigger announces them on commit), before a worker runs.
    await stack.ds.query(
      `INSERT INTO notifications (agency_code, channel, recipient, kind, subject, body, idempotency_key)
       SELECT $1, 'email', 'nhan.vien' || i || '@demo.dossier-flow.local', 'test', 'Thông báo thử ' || $2 || ' số ' || i, 'Nội dung thử nghiệm tiếng Việt: hồ sơ quá hạn.', $2 || ':' || i
         FROM generate_series(1, $3::int) AS i`,
      [DEMO_AGENCY_CODE, tag, n],
    );
    const sent = async () => Number((await stack.ds.query(`SELECT count(*) AS n FROM notifications WHERE idempotency_key LIKE $1 AND status = 'sent'`, [`${tag}:%`]))[0].n);

    const first = await stack.spawnWorker();
    await waitFor(async () => (await searchMail(tag)).length > 0, 'the first mail');
    first.kill('SIGKILL');
    await waitFor(async () => first.signalCode === 'SIGKILL', 'the worker to die');
    const sentAtKill = await sent();
    // The kill fell in the middle of the delivery, not after it.
    expect(sentAtKill).toBeLessThan(n);

    await stack.spawnWorker();
    await waitFor(async () => (await sent()) === n, 'every notification sent by the second worker', 120_000);
    const mails = await searchMail(tag);
    expect(mails.length).toBe(n);
    const ids: { id: string }[] = await stack.ds.query(`SELECT id FROM notifications WHERE idempotency_key LIKE $1`, [`${tag}:%`]);
    // Each mail's Message-ID is its notification's id: one mail per notification, none twice.
    expect(mails.map((m) => m.MessageID).sort()).toEqual(ids.map((r) => `${r.id}@dossier-flow.local`).sort());
    const rows: { attempts: number }[] = await stack.ds.query(`SELECT attempts FROM notifications WHERE idempotency_key LIKE $1`, [`${tag}:%`]);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });
});
