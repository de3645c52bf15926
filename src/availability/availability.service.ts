import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors';
import { decodeCursor, encodeCursor } from '../common/pagination';
import { holidayName, isOpenAt, openingAt, tokyoDate } from '../hours/opening';
import type { ServiceStatus } from '../line-services/vocabulary';
import { AvailabilityDto, AvailabilityQuery, PlaceDto, ScopeDto, ScopeQuery, ServiceAvailabilityDto } from './dto/availability.dto';
import { AvailabilityRepository, GroupService, Level, NATIONAL, Place, Signature } from './availability.repository';
import { Group, GroupCache } from './group-cache';

const LEVEL_ORDER = { municipality: 0, prefecture: 1, national: 2 };
const DEFAULT_LIMIT = 100;
// At national scale every group cached at once would hold 100,000 services (over 400 MB);
// the least recently used groups are dropped past this many services.
export const MAX_CACHED_SERVICES = 20_000;
const EMPTY: Signature = '0:0';

/** A cached service and what it is to the place asked about. */
interface ScopeService {
  service: GroupService;
  level: Level;
}

/**
 * "Someone in this place needs to talk to somebody: what can they use, now?" Services are
 * cached by group (one local government's, or every national body's), shared by all the
 * places they reach. Each request first asks PostgreSQL for the signatures of its groups
 * (count and sum of versions), which every write changes, and reloads only the groups that
 * changed: an answer is never stale after a write, on any instance. Opening hours are
 * evaluated per request, at the time asked.
 */
@Injectable()
export class AvailabilityService {
  private readonly places = new Map<string, Place>();
  private readonly groups = new GroupCache(MAX_CACHED_SERVICES);

  constructor(private readonly repository: AvailabilityRepository) {}

  async availability(query: AvailabilityQuery): Promise<AvailabilityDto> {
    const at = query.at ? new Date(query.at) : new Date();
    const { place, services } = await this.scope(query.localGovernment);
    const date = tokyoDate(at);
    // Ranked on what is cheap to know (open or not); the full answer, with the next opening
    // times, is built only for the page returned.
    const ranked = services
      .filter(({ service }) => matches(service, query))
      .map((entry) => rank(entry, at))
      .filter((r) => r.status !== null)
      .sort(byUsefulness);
    const [offset] = (decodeCursor(query.cursor, ['offset']) ?? [0]) as number[];
    const limit = query.limit ?? DEFAULT_LIMIT;
    const page = ranked.slice(offset, offset + limit).map((r) => evaluate(r, at));
    const nextCursor = offset + limit < ranked.length ? encodeCursor([offset + limit]) : null;
    return { place: toPlaceDto(place), at: at.toISOString(), tokyoDate: date, publicHoliday: holidayName(date), services: page, total: ranked.length, nextCursor };
  }

  async servicesOf(code: string, query: ScopeQuery): Promise<ScopeDto> {
    const { place, services } = await this.scope(code);
    const now = Date.now();
    const items = services
      .filter(({ service }) => matches(service, query))
      .map(({ service: s, level }) => ({
        id: s.id,
        name: s.name,
        operatorCode: s.operatorCode,
        operatorName: s.operatorName,
        level,
        category: s.category,
        audiences: s.audiences,
        lifeCritical: s.lifeCritical,
        status: statusAt(s, now),
      }))
      .sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.name.localeCompare(b.name));
    return { place: toPlaceDto(place), items };
  }

  private async scope(code: string): Promise<{ place: Place; services: ScopeService[] }> {
    const place = await this.place(code);
    const codes = place.operators.map((o) => o.code);
    const keys = [...codes, NATIONAL];
    const current = await this.repository.signatures(codes);
    // The groups still fresh are held from here: another request may drop them from the
    // cache while this one waits for the stale ones to load.
    const fresh = new Map(keys.map((k) => [k, this.groups.get(k, current.get(k) ?? EMPTY)]));
    const stale = keys.filter((k) => !fresh.get(k));
    const loaded = stale.length ? await this.repository.load(stale) : null;
    const inScope = new Map<string, Group>();
    for (const key of keys) {
      const group = fresh.get(key) ?? { signature: loaded!.signatures.get(key) ?? EMPTY, services: loaded!.groups.get(key) ?? [] };
      inScope.set(key, group);
      this.groups.set(key, group);
    }
    const levelOf = (key: string): Level => (key === NATIONAL ? 'national' : place.operators.find((o) => o.code === key)!.level);
    return { place, services: keys.flatMap((key) => inScope.get(key)!.services.map((service) => ({ service, level: levelOf(key) }))) };
  }

  private async place(code: string): Promise<Place> {
    const known = this.places.get(code);
    if (known) return known;
    const place = await this.repository.findPlace(code);
    if (!place) throw notFound(`local government ${code}`);
    this.places.set(code, place);
    return place;
  }
}

function matches(service: GroupService, query: { category?: string; audience?: string }): boolean {
  return (!query.category || service.category === query.category) && (!query.audience || service.audiences.includes(query.audience as never));
}

/** The latest non-withdrawn change in effect at `at` (undated changes count as earliest). */
function statusAt(service: GroupService, at: number): ServiceStatus | null {
  let status: ServiceStatus | null = null;
  for (const change of service.timeline) {
    if (change.effectiveAt === null || change.effectiveAt <= at) status = change.status;
  }
  return status;
}

/** What a service is at `at`, as far as ranking needs: its status, and whether anything is open. */
interface Ranked {
  service: GroupService;
  level: Level;
  status: ServiceStatus | null;
  channels: GroupService['channels'];
  lineUsable: boolean;
  somethingOpen: boolean;
}

function rank({ service, level }: ScopeService, at: Date): Ranked {
  const time = at.getTime();
  const status = statusAt(service, time);
  const channels = service.channels.filter((c) => (c.validFrom === null || c.validFrom <= time) && (c.validUntil === null || c.validUntil > time));
  const lineUsable = status === 'active' && isOpenAt(service.lineHours, at) !== false;
  const somethingOpen = lineUsable || channels.some((c) => isOpenAt(c.hours, at) === true);
  return { service, level, status, channels, lineUsable, somethingOpen };
}

function evaluate({ service, level, status, channels, lineUsable, somethingOpen }: Ranked, at: Date): ServiceAvailabilityDto {
  const line = openingAt(service.lineHours, at);
  return {
    id: service.id,
    name: service.name,
    operatorCode: service.operatorCode,
    operatorName: service.operatorName,
    level,
    department: service.department,
    category: service.category,
    audiences: service.audiences,
    lifeCritical: service.lifeCritical,
    url: service.url,
    status,
    line: { usable: lineUsable, withinHours: line.open, nextOpenAt: status === 'active' ? (line.nextOpenAt?.toISOString() ?? null) : null, hours: service.lineHours },
    channels: channels.map((c) => {
      const opening = openingAt(c.hours, at);
      return {
        id: c.id,
        kind: c.kind,
        platform: c.platform,
        label: c.label,
        contact: c.contact,
        contactKnown: c.contact !== '',
        hours: c.hours,
        notes: c.notes,
        openNow: opening.open,
        closesAt: opening.closesAt?.toISOString() ?? null,
        nextOpenAt: opening.nextOpenAt?.toISOString() ?? null,
      };
    }),
    somethingOpen,
  };
}

/** Something open first; among those, life-critical consultation first; then nearest level, then name. */
function byUsefulness(a: Ranked, b: Ranked): number {
  const critical = (r: Ranked) => (r.service.lifeCritical && r.service.category === 'consultation' ? 0 : 1);
  return (
    Number(b.somethingOpen) - Number(a.somethingOpen) ||
    critical(a) - critical(b) ||
    LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
    a.service.name.localeCompare(b.service.name) ||
    a.service.id.localeCompare(b.service.id)
  );
}

function toPlaceDto(place: Place): PlaceDto {
  return { code: place.code, name: place.name, kind: place.kind, prefectureCode: place.prefectureCode, operators: place.operators.map((o) => o.code) };
}
