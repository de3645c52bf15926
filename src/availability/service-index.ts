import type { Hours } from '../hours/hours';
import { compileHours, CompiledHours } from '../hours/opening';
import type { Audience, ServiceCategory, ServiceStatus } from '../line-services/vocabulary';
import type { Level, ServiceRow } from './availability.repository';

/**
 * Every service of the country in memory, in the form an availability answer is made
 * from: what is evaluated per request as numbers (timeline instants, validity bounds,
 * compiled hours shared by every service with the same hours), and what is only copied
 * into the answer as UTF-8 bytes serialised once, when the service is read.
 *
 * Bytes of a service (`bytes`), one buffer each:
 *   [head][extra][channel 0][channel 1]…
 * head:    {"id":…,"name":…,"operatorCode":…,"operatorName":…,"level":…,"category":…,"lifeCritical":…,"url":…
 * extra:   ,"department":…,"audiences":[…]            (the full view only)
 * channel: {"id":…,"kind":…,"platform":…,"label":…,"contact":…,"notes":…
 * The answer adds the parts that depend on the time asked and closes the objects.
 */
export interface SharedHours {
  readonly compiled: CompiledHours;
  /** The hours as JSON, for the full view and the table of an answer. */
  readonly json: Buffer;
}

export interface IndexedService {
  readonly id: string;
  /** Its group: the operator's code, or NATIONAL. */
  readonly key: string;
  readonly name: string;
  readonly operatorCode: string;
  readonly operatorName: string;
  readonly level: Level;
  readonly category: ServiceCategory;
  readonly audiences: readonly Audience[];
  readonly lifeCritical: boolean;
  /** Life-critical consultation: first among services with something open. */
  readonly critical: boolean;
  /** Timeline instants (ms; -Infinity for undated changes, which come first) and the status each sets. */
  readonly changeAt: Float64Array;
  readonly changeStatus: readonly ServiceStatus[];
  readonly lineHours: SharedHours | null;
  /** Per channel, in the order added: valid from / until (ms, ±Infinity when open-ended). */
  readonly channelFrom: Float64Array;
  readonly channelUntil: Float64Array;
  readonly channelHours: readonly (SharedHours | null)[];
  /** Per channel: whether its contact is known (not empty). */
  readonly channelContactKnown: readonly boolean[];
  readonly bytes: Buffer;
  /** Offsets in `bytes`: the end of head, the end of extra, then where each channel ends. */
  readonly ends: Uint32Array;
}

const json = (value: unknown) => JSON.stringify(value);

/** The same strings and arrays held once: names of operators, categories, kinds, audiences. */
class Interner {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, readonly Audience[]>();

  string<T extends string | null>(value: T): T {
    if (value === null) return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known as T;
    this.strings.set(value, value);
    return value;
  }

  audiences(values: Audience[]): readonly Audience[] {
    const key = values.join(',');
    let known = this.lists.get(key);
    if (!known) this.lists.set(key, (known = Object.freeze(values.map((v) => this.string(v)))));
    return known;
  }
}

/** A service index's tables of shared values: distinct hours, interned strings. */
export class SharedValues {
  private readonly hours = new Map<string, SharedHours>();
  private readonly interner = new Interner();

  hoursOf(hours: Hours | null): SharedHours | null {
    if (!hours) return null;
    const text = json(hours);
    let shared = this.hours.get(text);
    if (!shared) this.hours.set(text, (shared = { compiled: compileHours(hours), json: Buffer.from(text) }));
    return shared;
  }

  string<T extends string | null>(value: T): T {
    return this.interner.string(value);
  }

  audiences(values: Audience[]): readonly Audience[] {
    return this.interner.audiences(values);
  }

  get distinctHours(): number {
    return this.hours.size;
  }
}

/** A row read from PostgreSQL, made into what the index holds. */
export function indexService(row: ServiceRow, shared: SharedValues): IndexedService {
  const parts: string[] = [
    `{"id":${json(row.id)},"name":${json(row.name)},"operatorCode":${json(row.operatorCode)},"operatorName":${json(row.operatorName)},"level":${json(row.level)},` +
      `"category":${json(row.category)},"lifeCritical":${row.lifeCritical},"url":${json(row.url)}`,
    `,"department":${json(row.department)},"audiences":${json(row.audiences)}`,
    ...row.channels.map((c) => `{"id":${json(c.id)},"kind":${json(c.kind)},"platform":${json(c.platform)},"label":${json(c.label)},"contact":${json(c.contact)},"notes":${json(c.notes)}`),
  ];
  const ends = new Uint32Array(parts.length);
  let offset = 0;
  parts.forEach((part, i) => (ends[i] = offset += Buffer.byteLength(part)));
  const bytes = Buffer.allocUnsafe(offset);
  offset = 0;
  for (const part of parts) offset += bytes.write(part, offset);
  return {
    id: row.id,
    key: shared.string(row.key),
    name: row.name,
    operatorCode: shared.string(row.operatorCode),
    operatorName: shared.string(row.operatorName),
    level: row.level,
    category: shared.string(row.category),
    audiences: shared.audiences(row.audiences),
    lifeCritical: row.lifeCritical,
    critical: row.lifeCritical && row.category === 'consultation',
    changeAt: Float64Array.from(row.timeline, (c) => c.effectiveAt ?? -Infinity),
    changeStatus: row.timeline.map((c) => shared.string(c.status)),
    lineHours: shared.hoursOf(row.lineHours),
    channelFrom: Float64Array.from(row.channels, (c) => c.validFrom ?? -Infinity),
    channelUntil: Float64Array.from(row.channels, (c) => c.validUntil ?? Infinity),
    channelHours: row.channels.map((c) => shared.hoursOf(c.hours)),
    channelContactKnown: row.channels.map((c) => c.contact !== ''),
    bytes,
    ends,
  };
}

/** The latest non-withdrawn change in effect at `ms` (undated changes count as earliest). */
export function statusAt(service: IndexedService, ms: number): ServiceStatus | null {
  const at = service.changeAt;
  let status: ServiceStatus | null = null;
  for (let i = 0; i < at.length; i++) {
    if (at[i] <= ms) status = service.changeStatus[i];
  }
  return status;
}

/** Whether channel `i` is valid at `ms`: from its start (inclusive) to its end (exclusive). */
export function channelValidAt(service: IndexedService, i: number, ms: number): boolean {
  return service.channelFrom[i] <= ms && service.channelUntil[i] > ms;
}

// The same order as String.prototype.localeCompare with no arguments, at a fraction of the cost.
const collator = new Intl.Collator();

/** A group's order: life-critical consultation first, then name, then id. */
export function byGroupOrder(a: IndexedService, b: IndexedService): number {
  return Number(b.critical) - Number(a.critical) || byName(a, b);
}

/** Name, then id: how services of the same rank and level are ordered. */
export function byName(a: IndexedService, b: IndexedService): number {
  return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** One group's services (one local government's, or every national body's), kept in group order. */
class Group {
  private members: IndexedService[] = [];
  private sorted = true;

  get services(): readonly IndexedService[] {
    if (!this.sorted) {
      this.members.sort(byGroupOrder);
      this.sorted = true;
    }
    return this.members;
  }

  get size(): number {
    return this.members.length;
  }

  add(service: IndexedService): void {
    this.members.push(service);
    this.sorted = false;
  }

  remove(service: IndexedService): void {
    const at = this.members.indexOf(service);
    if (at >= 0) this.members.splice(at, 1);
  }
}

/**
 * The services by id and by group. Changed only by `put` and `remove`, which the caller
 * runs between answers (never while one is being made: answers are made without awaiting).
 */
export class ServiceIndex {
  private readonly byId = new Map<string, IndexedService>();
  private readonly groups = new Map<string, Group>();
  readonly shared = new SharedValues();

  /** Adds or replaces a service. */
  put(row: ServiceRow): void {
    this.remove(row.id);
    const service = indexService(row, this.shared);
    this.byId.set(service.id, service);
    let group = this.groups.get(service.key);
    if (!group) this.groups.set(service.key, (group = new Group()));
    group.add(service);
  }

  remove(id: string): void {
    const service = this.byId.get(id);
    if (!service) return;
    this.byId.delete(id);
    const group = this.groups.get(service.key)!;
    group.remove(service);
    if (group.size === 0) this.groups.delete(service.key);
  }

  /** A group's services in group order (none when it has none). */
  group(key: string): readonly IndexedService[] {
    return this.groups.get(key)?.services ?? [];
  }

  /** Sorts every group now (after a build), rather than on the first answer that reads each. */
  settle(): void {
    for (const group of this.groups.values()) void group.services;
  }

  get size(): number {
    return this.byId.size;
  }
}
