import { BlockList, isIP } from 'node:net';

interface SpecialRange {
  cidr: string;
  name: string;
}

/**
 * Addresses a webhook must never reach: every block of IANA's "IPv4 Special-Purpose Address
 * Registry" and "IPv6 Special-Purpose Address Registry" that is not globally reachable (and a few
 * that are, but only as anycast services no receiver would live on), plus multicast, the
 * deprecated site-local block and the IPv4 limited broadcast address. A delivery that could
 * reach one of them could reach the worker's own network: its loopback, its cloud's metadata
 * service, its neighbours.
 *
 * The IPv6 blocks that carry an IPv4 address inside (IPv4-mapped, IPv4-compatible, NAT64, 6to4,
 * Teredo) are refused whole rather than judged by the IPv4 address they carry: a NAT64 gateway
 * or a relay would deliver to that IPv4 address from inside our network, and no honest receiver
 * needs them. Beyond this list, an IPv6 address outside 2000::/3 (IANA "Internet Protocol
 * Version 6 Address Space": the only block allocated for global unicast) is refused as well.
 */
// Each list most specific first, so an address is named by the smallest block that holds it.
const IPV4_RANGES: SpecialRange[] = [
  { cidr: '0.0.0.0/8', name: '"this network" (RFC 791)' },
  { cidr: '10.0.0.0/8', name: 'private use (RFC 1918)' },
  { cidr: '100.64.0.0/10', name: 'shared address space, carrier-grade NAT (RFC 6598)' },
  { cidr: '127.0.0.0/8', name: 'loopback (RFC 1122)' },
  { cidr: '169.254.0.0/16', name: 'link local, cloud metadata (RFC 3927)' },
  { cidr: '172.16.0.0/12', name: 'private use (RFC 1918)' },
  { cidr: '192.0.0.0/24', name: 'IETF protocol assignments (RFC 6890)' },
  { cidr: '192.0.2.0/24', name: 'documentation, TEST-NET-1 (RFC 5737)' },
  { cidr: '192.88.99.0/24', name: '6to4 relay anycast (RFC 7526)' },
  { cidr: '192.168.0.0/16', name: 'private use (RFC 1918)' },
  { cidr: '198.18.0.0/15', name: 'benchmarking (RFC 2544)' },
  { cidr: '198.51.100.0/24', name: 'documentation, TEST-NET-2 (RFC 5737)' },
  { cidr: '203.0.113.0/24', name: 'documentation, TEST-NET-3 (RFC 5737)' },
  { cidr: '224.0.0.0/4', name: 'multicast (RFC 5771)' },
  { cidr: '255.255.255.255/32', name: 'limited broadcast (RFC 919)' },
  { cidr: '240.0.0.0/4', name: 'reserved (RFC 1112)' },
];

const IPV6_RANGES: SpecialRange[] = [
  { cidr: '::/128', name: 'unspecified (RFC 4291)' },
  { cidr: '::1/128', name: 'loopback (RFC 4291)' },
  { cidr: '::ffff:0:0/96', name: 'IPv4-mapped (RFC 4291)' },
  { cidr: '::/96', name: 'IPv4-compatible, deprecated (RFC 4291)' },
  { cidr: '64:ff9b::/96', name: 'NAT64 well-known prefix (RFC 6052)' },
  { cidr: '64:ff9b:1::/48', name: 'NAT64 local-use prefix (RFC 8215)' },
  { cidr: '100::/64', name: 'discard-only (RFC 6666)' },
  { cidr: '2001::/32', name: 'Teredo (RFC 4380)' },
  { cidr: '2001:2::/48', name: 'benchmarking (RFC 5180)' },
  { cidr: '2001:10::/28', name: 'ORCHID, deprecated (RFC 4843)' },
  { cidr: '2001:20::/28', name: 'ORCHIDv2 (RFC 7343)' },
  { cidr: '2001:db8::/32', name: 'documentation (RFC 3849)' },
  { cidr: '2002::/16', name: '6to4 (RFC 3056)' },
  { cidr: '3fff::/20', name: 'documentation (RFC 9637)' },
  { cidr: '5f00::/16', name: 'segment routing SIDs (RFC 9602)' },
  { cidr: 'fc00::/7', name: 'unique local (RFC 4193)' },
  { cidr: 'fe80::/10', name: 'link local (RFC 4291)' },
  { cidr: 'fec0::/10', name: 'site local, deprecated (RFC 3879)' },
  { cidr: 'ff00::/8', name: 'multicast (RFC 4291)' },
];

type Family = 'ipv4' | 'ipv6';

/**
 * One BlockList per block, checked only against addresses of its own family: a BlockList
 * matches an IPv4 address against IPv6 rules through its IPv4-mapped form (and the reverse),
 * which would make ::ffff:0:0/96 swallow every IPv4 address.
 */
function compile(ranges: SpecialRange[], family: Family) {
  return ranges.map(({ cidr, name }) => {
    const [network, prefix] = cidr.split('/');
    const list = new BlockList();
    list.addSubnet(network, Number(prefix), family);
    return { cidr, name, list };
  });
}

const SPECIAL = { ipv4: compile(IPV4_RANGES, 'ipv4'), ipv6: compile(IPV6_RANGES, 'ipv6') };
const GLOBAL_UNICAST_V6 = compile([{ cidr: '2000::/3', name: 'global unicast' }], 'ipv6')[0].list;

/**
 * Why an address is not public (the special block it is in), or null for a public address.
 * Anything that is not an IP address, and IPv6 addresses with a zone (fe80::1%eth0), are not public.
 */
export function nonPublicReason(address: string): string | null {
  const version = isIP(address);
  if (version === 0 || address.includes('%')) return 'not a plain IP address';
  const family: Family = version === 4 ? 'ipv4' : 'ipv6';
  const range = SPECIAL[family].find(({ list }) => list.check(address, family));
  if (range) return `${range.cidr}, ${range.name}`;
  if (family === 'ipv6' && !GLOBAL_UNICAST_V6.check(address, 'ipv6')) return 'outside 2000::/3, the IPv6 global unicast space';
  return null;
}

export const isPublicAddress = (address: string): boolean => nonPublicReason(address) === null;

/** Every special block, for tests and documentation. */
export const SPECIAL_RANGES: readonly SpecialRange[] = [...IPV4_RANGES, ...IPV6_RANGES];
