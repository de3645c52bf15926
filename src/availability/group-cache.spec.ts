import type { GroupService } from './availability.repository';
import { Group, GroupCache } from './group-cache';

/** A group of `n` services read at `signature` (the cache only counts the services). */
const group = (signature: string, n: number): Group => ({ signature, services: Array.from({ length: n }, (_, i) => ({ id: `${signature}/${i}` }) as GroupService) });

describe('GroupCache', () => {
  it('returns a stored group asked for at its signature, and nothing for a key never stored', () => {
    const cache = new GroupCache(100);
    const a = group('1:1', 2);
    cache.set('01101', a);
    expect(cache.get('01101', '1:1')).toBe(a);
    expect(cache.get('01202', '1:1')).toBeUndefined();
  });

  it('misses once the signature has changed, and hits again once the reloaded group is stored', () => {
    const cache = new GroupCache(100);
    cache.set('01101', group('1:1', 1));
    expect(cache.get('01101', '1:2')).toBeUndefined();
    expect(cache.get('01101', '2:3')).toBeUndefined();
    const reloaded = group('2:3', 2);
    cache.set('01101', reloaded);
    expect(cache.get('01101', '2:3')).toBe(reloaded);
    expect(cache.get('01101', '1:1')).toBeUndefined();
  });

  it('keeps a group with no service, under the empty signature', () => {
    const cache = new GroupCache(100);
    cache.set('national', group('0:0', 0));
    expect(cache.get('national', '0:0')).toEqual({ signature: '0:0', services: [] });
    expect(cache.services).toBe(0);
  });

  it('orders groups by use: storing one again makes it the most recent; looking one up does not', () => {
    const cache = new GroupCache(100);
    cache.set('a', group('1:1', 1));
    cache.set('b', group('1:1', 1));
    cache.set('c', group('1:1', 1));
    expect(cache.keys()).toEqual(['a', 'b', 'c']);
    cache.get('a', '1:1');
    expect(cache.keys()).toEqual(['a', 'b', 'c']);
    cache.set('a', cache.get('a', '1:1')!);
    expect(cache.keys()).toEqual(['b', 'c', 'a']);
    cache.set('b', group('2:2', 1));
    expect(cache.keys()).toEqual(['c', 'a', 'b']);
  });

  it('drops the least recently used groups past the cap, only as many as needed', () => {
    const cache = new GroupCache(10);
    cache.set('a', group('1:1', 4));
    cache.set('b', group('1:1', 3));
    cache.set('c', group('1:1', 3));
    expect(cache.services).toBe(10);
    cache.set('a', cache.get('a', '1:1')!); // a is now the most recent: b goes first
    cache.set('d', group('1:1', 4));
    expect(cache.keys()).toEqual(['a', 'd']);
    expect(cache.services).toBe(8);
    expect(cache.get('b', '1:1')).toBeUndefined();
    expect(cache.get('c', '1:1')).toBeUndefined();
  });

  it('never drops the group just stored, even when it alone is past the cap', () => {
    const cache = new GroupCache(10);
    cache.set('a', group('1:1', 3));
    cache.set('b', group('1:1', 3));
    const big = group('1:1', 25);
    cache.set('big', big);
    expect(cache.keys()).toEqual(['big']);
    expect(cache.get('big', '1:1')).toBe(big);
    expect(cache.services).toBe(25);
    // The next group stored drops it in turn.
    cache.set('c', group('1:1', 1));
    expect(cache.keys()).toEqual(['c']);
    expect(cache.services).toBe(1);
  });

  it('counts the services of the groups it holds through replacements and drops', () => {
    const cache = new GroupCache(10);
    cache.set('a', group('1:1', 4));
    cache.set('b', group('1:1', 2));
    expect(cache.services).toBe(6);
    cache.set('a', group('2:2', 1)); // replaced by a smaller group
    expect(cache.services).toBe(3);
    cache.set('b', group('2:3', 5)); // replaced by a larger group
    expect(cache.services).toBe(6);
    cache.set('c', group('1:1', 7)); // past the cap: a (1), then b (5) are dropped
    expect(cache.keys()).toEqual(['c']);
    expect(cache.services).toBe(7);
    cache.set('c', group('1:1', 7)); // the same size again: nothing is dropped
    expect(cache.keys()).toEqual(['c']);
    expect(cache.services).toBe(7);
  });
});
