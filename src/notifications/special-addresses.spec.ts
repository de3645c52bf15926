import { isPublicAddress, nonPublicReason, SPECIAL_RANGES } from './special-addresses';

const MAX = 'ffff:ffff:ffff:ffff:ffff';

/**
 * Each special block: addresses inside it (its edges where they matter), and its neighbours just
 * outside, which must not be put down to this block (they are public, or in another block).
 */
const BLOCKS: [cidr: string, inside: string[], justOutside: string[]][] = [
  ['0.0.0.0/8', ['0.0.0.0', '0.255.255.255'], ['1.0.0.0']],
  ['10.0.0.0/8', ['10.0.0.0', '10.255.255.255'], ['9.255.255.255', '11.0.0.0']],
  ['100.64.0.0/10', ['100.64.0.0', '100.127.255.255'], ['100.63.255.255', '100.128.0.0']],
  ['127.0.0.0/8', ['127.0.0.1', '127.255.255.255'], ['126.255.255.255', '128.0.0.0']],
  ['169.254.0.0/16', ['169.254.0.0', '169.254.169.254'], ['169.253.255.255', '169.255.0.0']],
  ['172.16.0.0/12', ['172.16.0.0', '172.31.255.255'], ['172.15.255.255', '172.32.0.0']],
  ['192.0.0.0/24', ['192.0.0.0', '192.0.0.255'], ['191.255.255.255', '192.0.1.0']],
  ['192.0.2.0/24', ['192.0.2.0', '192.0.2.255'], ['192.0.1.255', '192.0.3.0']],
  ['192.88.99.0/24', ['192.88.99.1', '192.88.99.255'], ['192.88.98.255', '192.88.100.0']],
  ['192.168.0.0/16', ['192.168.0.1', '192.168.255.255'], ['192.167.255.255', '192.169.0.0']],
  ['198.18.0.0/15', ['198.18.0.0', '198.19.255.255'], ['198.17.255.255', '198.20.0.0']],
  ['198.51.100.0/24', ['198.51.100.0', '198.51.100.255'], ['198.51.99.255', '198.51.101.0']],
  ['203.0.113.0/24', ['203.0.113.0', '203.0.113.255'], ['203.0.112.255', '203.0.114.0']],
  ['224.0.0.0/4', ['224.0.0.1', '239.255.255.255'], ['223.255.255.255', '240.0.0.0']],
  ['240.0.0.0/4', ['240.0.0.0', '255.255.255.254'], ['239.255.255.255', '255.255.255.255']],
  ['255.255.255.255/32', ['255.255.255.255'], ['255.255.255.254']],

  ['::/128', ['::', '0:0:0:0:0:0:0:0'], ['::1']],
  ['::1/128', ['::1', '0:0:0:0:0:0:0:1'], ['::', '::2']],
  ['::ffff:0:0/96', ['::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:8.8.8.8', '::ffff:0:0'], ['::fffe:ffff:ffff', '::1:0:0:0']],
  ['::/96', ['::127.0.0.1', '::8.8.8.8', '::ffff:ffff'], ['::1:0:0', '::ffff:0:0']],
  ['64:ff9b::/96', ['64:ff9b::7f00:1', '64:ff9b::127.0.0.1', '64:ff9b::8.8.8.8', '64:ff9b::ffff:ffff'], ['64:ff9b::1:0:0', `64:ff9a:${MAX}:ffff`]],
  ['64:ff9b:1::/48', ['64:ff9b:1::a00:1', `64:ff9b:1:${MAX}`], ['64:ff9b:2::', '64:ff9b:0:ffff::']],
  ['100::/64', ['100::1', '100::ffff:ffff:ffff:ffff'], ['100:0:0:1::']],
  ['2001::/32', ['2001::1', `2001:0:${MAX}:ffff`], ['2001:1::1', `2000:ffff:${MAX}:ffff`]],
  ['2001:2::/48', ['2001:2::1', `2001:2:0:${MAX}`], ['2001:2:1::', `2001:1:ffff:${MAX}`]],
  ['2001:10::/28', ['2001:10::1', `2001:1f:ffff:${MAX}`], [`2001:f:ffff:${MAX}`]],
  ['2001:20::/28', ['2001:20::1', `2001:2f:ffff:${MAX}`], ['2001:30::']],
  ['2001:db8::/32', ['2001:db8::1', `2001:db8:${MAX}:ffff`], [`2001:db7:${MAX}:ffff`, '2001:db9::']],
  ['2002::/16', ['2002:7f00:1::', `2002:ffff:${MAX}:ffff`], [`2001:ffff:${MAX}:ffff`, '2003::']],
  ['3fff::/20', ['3fff::1', `3fff:fff:${MAX}:ffff`], ['3fff:1000::', `3ffe:ffff:${MAX}:ffff`]],
  ['5f00::/16', ['5f00::1', `5f00:ffff:${MAX}:ffff`], ['5f01::']],
  ['fc00::/7', ['fc00::1', 'fd12:3456:789a::1', `fdff:ffff:${MAX}:ffff`], [`fbff:ffff:${MAX}:ffff`, 'fe00::']],
  ['fe80::/10', ['fe80::1', `febf:ffff:${MAX}:ffff`], [`fe7f:ffff:${MAX}:ffff`, 'fec0::']],
  ['fec0::/10', ['fec0::1', `feff:ffff:${MAX}:ffff`], ['ff00::']],
  ['ff00::/8', ['ff02::1', `ffff:ffff:${MAX}:ffff`], [`feff:ffff:${MAX}:ffff`]],
];

/** The neighbours above that are public, and a few real public resolvers. */
const PUBLIC = [
  '1.0.0.0',
  '1.1.1.1',
  '8.8.8.8',
  '9.255.255.255',
  '11.0.0.0',
  '100.63.255.255',
  '100.128.0.0',
  '126.255.255.255',
  '128.0.0.0',
  '169.253.255.255',
  '169.255.0.0',
  '172.15.255.255',
  '172.32.0.0',
  '191.255.255.255',
  '192.0.1.0',
  '192.0.3.0',
  '192.88.98.255',
  '192.88.100.0',
  '192.167.255.255',
  '192.169.0.0',
  '198.17.255.255',
  '198.20.0.0',
  '198.51.99.255',
  '198.51.101.0',
  '203.0.112.255',
  '203.0.114.0',
  '223.255.255.255',
  '2001:1::1',
  `2000:ffff:${MAX}:ffff`,
  '2001:2:1::',
  `2001:1:ffff:${MAX}`,
  `2001:f:ffff:${MAX}`,
  '2001:30::',
  `2001:db7:${MAX}:ffff`,
  '2001:db9::',
  `2001:ffff:${MAX}:ffff`,
  '2003::',
  '3fff:1000::',
  '2001:4860:4860::8888',
  '2606:4700:4700::1111',
];

describe('special-purpose addresses', () => {
  it('has a case for every block it refuses', () => {
    expect(BLOCKS.map(([cidr]) => cidr).sort()).toEqual(SPECIAL_RANGES.map((r) => r.cidr).sort());
  });

  describe.each(BLOCKS)('%s', (cidr, inside, justOutside) => {
    it.each(inside)('refuses %s, naming the block', (address) => {
      expect(isPublicAddress(address)).toBe(false);
      expect(nonPublicReason(address)).toMatch(new RegExp(`^${cidr.replace(/[.]/g, '\\.')}, `));
    });
    if (justOutside.length > 0) {
      it.each(justOutside)('does not put %s, just outside, down to it', (address) => {
        expect(nonPublicReason(address) ?? 'public').not.toMatch(new RegExp(`^${cidr.replace(/[.]/g, '\\.')}, `));
      });
    }
  });

  it.each(PUBLIC)('takes %s as public', (address) => {
    expect(nonPublicReason(address)).toBeNull();
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each(['1::1', '4000::1', 'e000::1', '::1:0:0', '::ffff:0:0:0'])('refuses %s, outside the IPv6 global unicast space', (address) => {
    expect(nonPublicReason(address)).toMatch(/2000::\/3/);
  });

  it.each(['', 'example.com', '127.0.0.1.nip.io', '2130706433', 'fe80::1%eth0', '2001:4860:4860::8888%1'])('takes %j, not a plain IP address, as not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
});
