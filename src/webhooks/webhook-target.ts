import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks may go. A subscription names any URL, but the service that sends to it sits inside
 * an operator's network: without a guard, a caller could make it POST to the database host, a
 * metadata endpoint or an admin console (SSRF). So loopback, private, link-local, shared, reserved
 * and multicast addresses are refused, unless the operator allows them (development, tests, a
 * receiver on the same network). The check is made on the address actually connected to, after
 * DNS, so a name that resolves to such an address (or starts to, later) is refused too.
 */
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

/** True for an address no webhook may reach unless private targets are allowed. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family !== 6) return true; // not an address at all: refuse rather than guess
  const mapped = ipv4Mapped(address);
  return mapped ? PRIVATE.check(mapped, 'ipv4') : PRIVATE.check(address, 'ipv6');
}

/** `::ffff:10.0.0.1` and `::ffff:a00:1` are IPv4 addresses in IPv6 clothing. */
function ipv4Mapped(address: string): string | null {
  const match = /^(?:0{0,4}:){0,5}:?ffff:(.+)$/i.exec(address);
  if (!match) return null;
  const rest = match[1];
  if (isIP(rest) === 4) return rest;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(rest);
  if (!hex) return null;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/**
 * Why a URL cannot be a webhook target, or null. Checked when a subscription is written (literal
 * addresses and `localhost`, so the mistake shows at once) and again on every connection.
 */
export function targetProblem(url: string, allowPrivate: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url must be an absolute http(s) URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'url must use https';
  if (parsed.protocol === 'http:' && !allowPrivate) {
    return 'url must use https (plain http only where private targets are allowed)';
  }
  if (parsed.username || parsed.password) return 'url must not carry credentials';
  if (parsed.hash) return 'url must not have a fragment';
  if (allowPrivate) return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'url must not point to this machine';
  if (isIP(host) && isPrivateAddress(host)) {
    return 'url must not point to a loopback, private or reserved address';
  }
  return null;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A DNS lookup for `http.request` that refuses private addresses: the connection goes to what was
 * checked, so a name cannot resolve one way for a check and another way for the connection.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    lookup(hostname, { ...options }, (error, address, family) => {
      if (error) return callback(error, address as string, family);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const refused = allowPrivate ? undefined : addresses.find(isPrivateAddress);
      if (refused) return callback(new RefusedTargetError(refused), address, family);
      callback(null, address, family);
    });
  };
}

export class RefusedTargetError extends Error {
  readonly code = 'EREFUSEDTARGET';

  constructor(address: string) {
    super(`target address ${address} is loopback, private or reserved; refused`);
  }
}
