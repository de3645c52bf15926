import { jobIds } from '../jobs/jobs';
import { upcomingBoundaries } from './channel-boundaries';

describe('upcomingBoundaries', () => {
  const now = Date.parse('2026-11-30T00:00:00Z');
  const at = (minutes: number) => new Date(now + minutes * 60_000);
  const channel = (from: Date | null, until: Date | null) => ({ id: 'c1', service_id: 's1', valid_from: from, valid_until: until });

  it('lists the start and the end still ahead, in that order', () => {
    expect(upcomingBoundaries(channel(at(5), at(10)), now)).toEqual([
      { serviceId: 's1', channelId: 'c1', edge: 'from', at: at(5) },
      { serviceId: 's1', channelId: 'c1', edge: 'until', at: at(10) },
    ]);
  });

  it('leaves out bounds that are open or already passed, and the instant now itself', () => {
    expect(upcomingBoundaries(channel(null, null), now)).toEqual([]);
    expect(upcomingBoundaries(channel(at(-5), null), now)).toEqual([]);
    expect(upcomingBoundaries(channel(at(-5), at(3)), now).map((b) => b.edge)).toEqual(['until']);
    expect(upcomingBoundaries(channel(at(0), at(3)), now).map((b) => b.edge)).toEqual(['until']);
    expect(upcomingBoundaries(channel(null, at(0)), now)).toEqual([]);
  });

  it('gives an empty validity (a channel retired before it started) none', () => {
    expect(upcomingBoundaries(channel(at(5), at(5)), now)).toEqual([]);
  });

  it('names each boundary by channel, edge and instant', () => {
    const [b] = upcomingBoundaries(channel(null, at(10)), now);
    expect(jobIds.boundary(b.channelId, b.edge, b.at)).toBe(`boundary-c1-until-${now + 600_000}`);
  });
});
