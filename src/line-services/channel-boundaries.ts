import type { ChannelBoundary } from '../jobs/jobs';

/** The validity of a channel as stored (PostgreSQL's names). */
export interface ChannelValidity {
  id: string;
  service_id: string;
  valid_from: Date | null;
  valid_until: Date | null;
}

/**
 * The instants after `now` at which a channel becomes valid or stops being valid: at each,
 * its service's findings may change (a gap opens when the last valid channel expires,
 * closes when one starts), so each gets a delayed evaluation. A channel whose validity is
 * empty (retired before it started) is never valid and has none.
 */
export function upcomingBoundaries(channel: ChannelValidity, now = Date.now()): ChannelBoundary[] {
  const { valid_from: from, valid_until: until } = channel;
  if (from && until && until.getTime() <= from.getTime()) return [];
  const edges: [ChannelBoundary['edge'], Date | null][] = [
    ['from', from],
    ['until', until],
  ];
  return edges.flatMap(([edge, at]) => (at && at.getTime() > now ? [{ serviceId: channel.service_id, channelId: channel.id, edge, at }] : []));
}
