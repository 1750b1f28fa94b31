import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertPublicLiteral, BlockedAddressError, isPublicAddress, outboundAgents, privateHostAsWritten } from './outbound-guard';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1', '10.0.0.8', '172.16.4.1', '192.168.1.10', '100.64.0.1', '169.254.169.254', '0.0.0.0', '224.0.0.1', '255.255.255.255',
    '192.0.2.1', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '64:ff9b::7f00:1', 'ff02::1', 'not an address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '203.162.4.190', '2001:4860:4860::8888'])('allows %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('assertPublicLiteral', () => {
  it('refuses a URL whose host is a literal non-public address, IPv4 or bracketed IPv6', () => {
    expect(() => assertPublicLiteral('http://127.0.0.1:5432/')).toThrow(BlockedAddressError);
    expect(() => assertPublicLiteral('https://[::1]/push')).toThrow('::1 is a private or reserved address');
    expect(() => assertPublicLiteral('http://169.254.169.254/latest/meta-data')).toThrow(BlockedAddressError);
  });

  it('leaves public literals and names alone (names are checked when connecting)', () => {
    expect(() => assertPublicLiteral('https://8.8.8.8/hook')).not.toThrow();
    expect(() => assertPublicLiteral('https://localhost/hook')).not.toThrow();
  });
});

describe('privateHostAsWritten', () => {
  it.each(['http://127.0.0.1:8080/hook', 'https://[fd00::1]/hook', 'http://10.1.2.3/', 'http://localhost:3000/hook', 'https://LOCALHOST./hook', 'http://portal.localhost/hook'])(
    'refuses %s with the reason',
    (url) => {
      expect(privateHostAsWritten(url)).toMatch(/is a private or reserved address: refused; OUTBOUND_ALLOW_PRIVATE_NETWORKS=true/);
    },
  );

  it.each(['https://portal.example.gov.vn/hooks', 'https://203.162.4.190/hook', 'https://[2001:4860:4860::8888]/hook', 'https://localhost.example.vn/hook'])('leaves %s to the connection-time check', (url) => {
    expect(privateHostAsWritten(url)).toBeUndefined();
  });
});

describe('outboundAgents', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('inside'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const fetchThrough = (agent: ReturnType<typeof outboundAgents>['http']) =>
    new Promise<string>((resolve, reject) => {
      get(`http://localhost:${port}/`, { agent }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      }).on('error', reject);
    });

  it('refuses, at connection time, a name that resolves to a loopback address', async () => {
    const { http } = outboundAgents(false);
    await expect(fetchThrough(http)).rejects.toThrow(/^localhost \((127\.0\.0\.1|::1)\) is a private or reserved address: refused; OUTBOUND_ALLOW_PRIVATE_NETWORKS=true/);
    http.destroy();
  });

  it('reaches it when private networks are allowed', async () => {
    const { http } = outboundAgents(true);
    await expect(fetchThrough(http)).resolves.toBe('inside');
    http.destroy();
  });
});
