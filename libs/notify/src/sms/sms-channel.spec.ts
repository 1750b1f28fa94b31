import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { smsChannel, type SmsRequest } from './sms-channel';

const message = { id: 'n-1', channel: 'sms', to: '0987654321', subject: 'Hồ sơ', text: 'Hồ sơ H62-261202-0001 đã được tiếp nhận' };

describe('smsChannel', () => {
  it('is no channel without SMS_URL, and refuses a URL it cannot use', () => {
    expect(smsChannel(undefined)).toBeUndefined();
    expect(() => smsChannel('ftp://x')).toThrow(/SMS_URL/);
  });

  it('log: writes the SMS instead of sending it', async () => {
    const lines: SmsRequest[] = [];
    await smsChannel('log:', { log: (_line, sms) => lines.push(sms) })!.send(message);
    expect(lines).toEqual([{ id: 'n-1', to: '0987654321', text: message.text }]);
  });

  it('POSTs {id, to, text} with the idempotency key to an HTTP gateway, and fails on an answer other than 2xx', async () => {
    const got: { body: SmsRequest; key?: string }[] = [];
    let status = 202;
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        got.push({ body: JSON.parse(raw) as SmsRequest, key: req.headers['idempotency-key'] as string });
        res.writeHead(status).end(status === 202 ? '' : 'quota exceeded');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const channel = smsChannel(`http://127.0.0.1:${(server.address() as AddressInfo).port}/send`)!;
      expect(channel.name).toBe('sms');
      await channel.send(message);
      expect(got).toEqual([{ body: { id: 'n-1', to: '0987654321', text: message.text }, key: 'n-1' }]);
      status = 429;
      await expect(channel.send(message)).rejects.toThrow('SMS provider answered 429: quota exceeded');
    } finally {
      server.close();
    }
  });
});
