import ipaddr from 'ipaddr.js';
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { Agent as HttpAgent, type AgentOptions } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions } from 'node:https';
import { isIP } from 'node:net';

/**
 * Requests to URLs that users give (webhook receivers, push endpoints) go out from the worker, inside
 * the agency's network: without a guard, an admin's webhook or any user's push subscription could
 * make it call the database's port, a cloud metadata service (169.254.169.254) or an intranet page
 * and read the answer in the delivery's error. So by default only public unicast addresses are
 * reached: loopback, private (RFC 1918, unique-local), link-local, carrier-grade NAT, multicast,
 * reserved and IPv4-mapped/translated ranges are refused, for literal addresses and for every
 * address a name resolves to, checked when the connection is made (a name that resolved to a public
 * address when the subscription was made and to a private one now is refused too).
 * OUTBOUND_ALLOW_PRIVATE_NETWORKS=true lifts it (receivers on the intranet, tests on 127.0.0.1).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.parse(address).range() === 'unicast';
}

export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKED';
  constructor(host: string, address: string) {
    super(
      `${host === address ? address : `${host} (${address})`} is a private or reserved address: refused; ` +
        'OUTBOUND_ALLOW_PRIVATE_NETWORKS=true allows receivers on such networks',
    );
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** `dns.lookup` that fails with BlockedAddressError when any address of the name is not public. */
export function guardedLookup(hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const blocked = addresses.find((a) => !isPublicAddress(a.address));
    if (blocked) return callback(new BlockedAddressError(hostname, blocked.address), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

/**
 * The same check for a URL's host when it is a literal address, which Node connects to without a
 * lookup. Throws BlockedAddressError; a name is left to guardedLookup at connection time.
 */
export function assertPublicLiteral(url: string): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !isPublicAddress(host)) throw new BlockedAddressError(host, host);
}

/**
 * Whether a URL's host is, as written, not public: a literal private or reserved address, or a
 * `localhost` name (always loopback, RFC 6761). What can be told without a lookup, so a subscription
 * to it is refused when it is made; a name that resolves to such an address is refused at
 * connection time (guardedLookup). Answers the refusal's message, or undefined.
 */
export function privateHostAsWritten(url: string): string | undefined {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return new BlockedAddressError(host, 'loopback').message;
  try {
    assertPublicLiteral(url);
  } catch (err) {
    if (err instanceof BlockedAddressError) return err.message;
    throw err;
  }
  return undefined;
}

/** Agents for outgoing requests: guarded unless private networks are allowed. */
export function outboundAgents(allowPrivate: boolean, options: HttpsAgentOptions = {}): { http: HttpAgent; https: HttpsAgent } {
  const guard = allowPrivate ? {} : { lookup: guardedLookup as unknown as AgentOptions['lookup'] };
  return { http: new HttpAgent({ ...options, ...guard }), https: new HttpsAgent({ ...options, ...guard }) };
}
