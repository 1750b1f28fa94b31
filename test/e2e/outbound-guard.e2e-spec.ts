import { useE2eStack } from '../support/e2e';
import { secondsProcedure } from '../support/fixtures';
import { startReceiver, type Receiver } from '../support/http-receiver';
import { waitFor } from '../support/stack';

jest.setTimeout(120_000);

// The default a real installation runs with: a subscription to a host that is private as written
// (a literal address, localhost) is refused by the API; a webhook receiver on loopback (or any
// private or reserved address, by literal or by name) is not called; the delivery fails with the
// reason and ends in the dead-letter list. One try each, so the test waits for no backoff.
const stack = useE2eStack({ OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'false', WEBHOOK_MAX_ATTEMPTS: '1' });

let receiver: Receiver;
afterAll(() => receiver?.close());

it('refuses a subscription to a loopback or private host as written, naming the url field, and stores nothing', async () => {
  for (const url of ['http://127.0.0.1:9/hook', 'http://localhost:9/hook', 'https://[fd00::1]/hook']) {
    const { body } = await stack.as('admin').post('/api/webhooks').send({ url, events: ['dossier.registered'], secret: 'a-secret-of-16-chars' }).expect(400);
    expect(body.fields).toEqual([{ field: 'url', messages: [expect.stringMatching(/^no delivery would be sent: .* is a private or reserved address: refused; OUTBOUND_ALLOW_PRIVATE_NETWORKS=true/)] }]);
  }
  const { body } = await stack.as('admin').get('/api/webhooks').expect(200);
  expect(body).toEqual([]);
});

it('does not call a webhook receiver on a private address, literal or by name, and says why in the delivery', async () => {
  receiver = await startReceiver();
  const port = new URL(receiver.url).port;
  // Subscriptions made while private networks were allowed (the API now refuses them), then the guard turned on.
  const hooks: string[] = await stack.ds.query(
    `INSERT INTO webhooks (agency_code, url, events, secret, created_by)
     SELECT agency_code, u.url, ARRAY['dossier.registered'], 'a-secret-of-16-chars', 'admin' FROM users, unnest($1::text[]) AS u(url) WHERE username = 'admin'
     RETURNING id`,
    [[`http://127.0.0.1:${port}/hook`, `http://localhost:${port}/hook`]],
  ).then((rows: { id: string }[]) => rows.map((r) => r.id));
  expect(hooks).toHaveLength(2);
  const p = secondsProcedure([600]);
  await stack.as('admin').post('/api/procedures').send(p).expect(201);
  await stack.as('reception').post('/api/dossiers').send({ procedureCode: p.code, applicant: { name: 'Trần Văn Bảo' }, channel: 'counter' }).expect(201);

  for (const id of hooks) {
    const [dead] = await waitFor(async () => {
      const { body } = await stack.as('admin').get(`/api/webhooks/${id}/deliveries?status=dead`).expect(200);
      return body.items.length ? (body.items as { attempts: number; lastError?: string; lastStatus?: number }[]) : undefined;
    }, 'the delivery in the dead-letter list');
    expect(dead.attempts).toBe(1);
    expect(dead.lastStatus).toBeUndefined();
    expect(dead.lastError).toMatch(/(127\.0\.0\.1|::1)\)? is a private or reserved address: refused; OUTBOUND_ALLOW_PRIVATE_NETWORKS=true/);
  }
  expect(receiver.received).toEqual([]);
});
