import { Injectable, Logger } from '@nestjs/common';
import { notFound } from '../common/errors';
import { decodeCursor, encodeCursor } from '../common/pagination';
import { holidayName, tokyoDate } from '../hours/opening';
import { AvailabilityQuery, PlaceDto, ScopeDto, ScopeQuery } from './dto/availability.dto';
import { AvailabilityRepository, Counter, EVERYTHING, Level, NATIONAL, OrganizationReach, Place } from './availability.repository';
import { renderAnswer, View, Written } from './answer';
import { Coalesced } from './coalesced';
import { ServiceIndex } from './service-index';
import { suggestAlternatives, SuggestedAlternative } from './suggestions';

const LEVEL_ORDER: Record<Level, number> = { municipality: 0, prefecture: 1, national: 2, organization: 3 };
const DEFAULT_LIMIT = 100;
/** What reaches everyone in the country: the national bodies' services. */
const NATION: readonly (readonly string[])[] = [[NATIONAL]];

/** A place with its groups of services (nearest first), by level, and its JSON, prepared once. */
interface PreparedPlace {
  place: Place;
  keys: string[];
  /** The group keys of each level: municipality (the place, and its city for a ward), prefecture, national. */
  levels: string[][];
  /** Its own local governments: the place, its city (for a ward), its prefecture. */
  codes: string[];
  /**
   * The groups of the organisations covering it, with the index they were found in: found
   * again when the index is another (every change to an organisation or its coverage
   * rebuilds it), so a place prepared before such a change never keeps its old list.
   */
  organizations: { index: ServiceIndex; keys: string[] } | null;
  json: Buffer;
}

/** What GET /v1/availability answers: the body (to release once sent), or that the caller's copy is current. */
export interface AvailabilityAnswer {
  etag: string;
  written: Written | null;
}

/**
 * "Someone in this place needs to talk to somebody: what can they use, now?" Every
 * service of the country is held in memory (ServiceIndex), built once by reading pages of
 * services in one snapshot, then kept up to date from the change log that every write
 * adds to in its own transaction (the AvailabilityChangeLog migration).
 *
 * Never stale, on any instance: before each answer, one read of the change counter,
 * shared by every request waiting at that moment (at most one in flight), and started
 * after the request arrived, so a write committed before it is in the answer. The
 * services written since are read again before answering. The answer is then made
 * without awaiting anything, so the index cannot change under it.
 */
@Injectable()
export class AvailabilityService {
  private readonly logger = new Logger('Availability');
  private index: ServiceIndex | null = null;
  private counter: Counter = { value: -1, prunedThrough: 0 };
  private readonly places = new Map<string, PreparedPlace>();
  private readonly freshness = new Coalesced(() => this.catchUp());

  constructor(private readonly repository: AvailabilityRepository) {}

  /**
   * Builds the index now, in the background, so that the first question does not wait for
   * it: the API does as it starts (AvailabilityWarmUp); the worker does not, and builds it on
   * its first question (a webhook carrying suggested alternatives).
   */
  warmUp(): void {
    this.freshness.run().catch((error: Error) => this.logger.warn(`availability index not built at start (built on the first question): ${error.message}`));
  }

  async availability(query: AvailabilityQuery, ifNoneMatch?: string): Promise<AvailabilityAnswer> {
    // The place first: between the freshness read and the answer nothing may be awaited, so
    // that no catch-up runs in between (a catch-up applies its pages between its own awaits).
    const place = await this.place(query.localGovernment);
    await this.freshness.run();
    const at = query.at ? Date.parse(query.at) : Date.now();
    const view: View = query.view ?? 'compact';
    const [offset] = (decodeCursor(query.cursor, ['offset']) ?? [0]) as number[];
    const limit = query.limit ?? DEFAULT_LIMIT;
    // Derived from what the answer is made of, not from its bytes: the data (the counter),
    // the question and the time (every evaluation, the next 7 days included, is of the
    // data at that time; the holiday data changes only with a release).
    const etag = `"a${this.counter.value}-${hash(`${view}|${place.place.code}|${at}|${query.category ?? ''}|${query.audience ?? ''}|${offset}|${limit}`)}"`;
    if (ifNoneMatch && matchesEtag(ifNoneMatch, etag)) return { etag, written: null };
    const ranked = this.rank(place, query, at);
    const page = ranked.slice(offset, offset + limit);
    const date = tokyoDate(new Date(at));
    const nextCursor = offset + limit < ranked.length ? encodeCursor([offset + limit]) : null;
    const head = { place: place.json, at, tokyoDate: date, publicHoliday: holidayName(date), total: ranked.length, nextCursor };
    return { etag, written: renderAnswer(this.index!, head, page, at, view) };
  }

  async servicesOf(code: string, query: ScopeQuery): Promise<ScopeDto> {
    const place = await this.place(code);
    await this.freshness.run();
    const now = Date.now();
    const index = this.index!;
    const items = [...place.keys, ...this.organizationKeys(place)]
      .flatMap((key) => index.group(key))
      .filter((slot) => index.matches(slot, query.category, query.audience))
      .map((slot) => ({
        id: index.id(slot),
        name: index.name(slot),
        operatorCode: index.operator(slot).code,
        operatorName: index.operator(slot).name,
        level: index.level(slot),
        category: index.category(slot),
        audiences: index.audiences(slot),
        lifeCritical: index.lifeCritical(slot),
        status: index.statusAt(slot, now),
      }))
      .sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.name.localeCompare(b.name));
    return { place: toPlaceDto(place.place), items };
  }

  /**
   * The services of the place in the order of usefulness: something open first; among
   * those, life-critical consultation first; then the nearest level, then name. Each group
   * is kept in (critical, name) order, so this is a partition, not a sort.
   *
   * Organisations' services come after the national bodies' at the same openness: the
   * level only orders services that are equally open and equally critical, so an open NPO
   * line still comes before every closed government one; among open ones the public
   * services, whose follow-up (an office, a callback, a referral) the place's own
   * government answers for, are shown first.
   */
  private rank(place: PreparedPlace, query: ScopeQuery, at: number): number[] {
    const index = this.index!;
    const levels = place.levels.map((keys) => index.merge(keys));
    levels.push(index.merge(this.organizationKeys(place)));
    return index.rank(levels, at, query.category, query.audience);
  }

  /** The groups of the organisations whose services reach the place, in the index as it is now. */
  private organizationKeys(place: PreparedPlace): string[] {
    const index = this.index!;
    if (place.organizations?.index !== index) place.organizations = { index, keys: index.organizationsReaching(place.codes) };
    return place.organizations.keys;
  }

  private async place(code: string): Promise<PreparedPlace> {
    const known = this.places.get(code);
    if (known) return known;
    const place = await this.repository.findPlace(code);
    if (!place) throw notFound(`local government ${code}`);
    const levels = [place.operators.filter((o) => o.level === 'municipality').map((o) => o.code), place.operators.filter((o) => o.level === 'prefecture').map((o) => o.code), [NATIONAL]];
    const codes = place.operators.map((o) => o.code);
    const prepared: PreparedPlace = { place, keys: [...codes, NATIONAL], levels, codes, organizations: null, json: Buffer.from(JSON.stringify(toPlaceDto(place))) };
    this.places.set(code, prepared);
    return prepared;
  }

  /** Brings the index up to the counter: the services written since, or everything. */
  private async catchUp(): Promise<void> {
    if (!this.index) return this.rebuild();
    const counter = await this.repository.counter();
    if (counter.value === this.counter.value) return;
    if (counter.prunedThrough > this.counter.value) return this.rebuild();
    const ids = await this.repository.changedSince(this.counter.value, counter.value);
    if (ids.includes(EVERYTHING)) return this.rebuild();
    // Applied a page at a time, in one snapshot: no answer is made until this run ends
    // (every request awaits a run, and makes its answer without awaiting anything after it).
    const present = new Set<string>();
    await this.repository.read(ids, (page) => {
      for (const row of page) {
        present.add(row.id);
        this.index!.put(row);
      }
    });
    for (const id of ids) if (!present.has(id)) this.index.remove(id);
    this.counter = counter;
    this.logger.debug(`availability index: ${ids.length} services read again (counter ${counter.value})`);
  }

  private async rebuild(): Promise<void> {
    const started = Date.now();
    let index = new ServiceIndex();
    let reach: OrganizationReach[] = [];
    const counter = await this.repository.readAll(
      (size) => (index = new ServiceIndex(size)),
      (rows) => {
        for (const row of rows) index.put(row);
      },
      (read) => (reach = read),
    );
    index.setReach(reach);
    index.settle();
    this.index = index;
    this.counter = counter;
    this.places.clear();
    const mb = (bytes: number) => Math.round(bytes / 1048576);
    this.logger.log(`availability index: built ${index.size} services in ${Date.now() - started} ms (${index.distinctHours} distinct hours, ${mb(index.bytesHeld)} MB in columns and bytes, counter ${counter.value})`);
  }

  /**
   * Up to five services the people of this service could turn to at `at` (suggestions.ts):
   * among those that reach its operator's place (a municipality's or a prefecture's, as
   * availability answers for that place, organisations covering it included; a national
   * body's or an organisation's: the nation, the organisations reaching the whole country,
   * and the organisation's own), ranked by availability's rules, from the index brought up
   * to date first. Empty when the service is not known.
   */
  async suggestAlternatives(serviceId: string, at = Date.now()): Promise<SuggestedAlternative[]> {
    await this.freshness.run();
    let slot = this.index!.slotOf(serviceId);
    if (slot === undefined) return [];
    const place = await this.placeReached(this.index!.level(slot), this.index!.operator(slot).code);
    // The place may have been read from the database: the index is brought up to date again,
    // and nothing is awaited between that and the answer (as for an availability answer).
    if (place) {
      await this.freshness.run();
      slot = this.index!.slotOf(serviceId);
      if (slot === undefined) return [];
    }
    // The organisations from the index as it is now (a rebuild may have changed them).
    const levels = place ? [...place.levels, this.organizationKeys(place)] : [...NATION, this.organizationsOfTheNation(slot)];
    return suggestAlternatives(this.index!, slot, levels, at);
  }

  /** The place a service of this operator serves: a municipality's or a prefecture's; null for the nation (a national body's, an organisation's). */
  private async placeReached(level: Level, operatorCode: string): Promise<PreparedPlace | null> {
    if (level === 'municipality' || level === 'prefecture') return this.place(operatorCode);
    return null;
  }

  /** The organisations reaching the whole country, and, for an organisation's service, its own. */
  private organizationsOfTheNation(slot: number): string[] {
    const index = this.index!;
    const keys = index.organizationsReaching([]);
    if (index.level(slot) === 'organization') keys.push(index.groupKey(slot));
    return [...new Set(keys)];
  }
}

function toPlaceDto(place: Place): PlaceDto {
  return { code: place.code, name: place.name, kind: place.kind, prefectureCode: place.prefectureCode, operators: place.operators.map((o) => o.code) };
}

/** FNV-1a, 32 bits, as base 36: a short, stable tag of the question (not of the answer's bytes). */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** If-None-Match: `*`, or a list of tags, weak or strong (a GET compares weakly). */
function matchesEtag(header: string, etag: string): boolean {
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}
