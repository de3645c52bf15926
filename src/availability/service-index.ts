import type { Hours } from '../hours/hours';
import { compileHours, CompiledHours } from '../hours/opening';
import { AUDIENCES, SERVICE_CATEGORIES, SERVICE_STATUSES } from '../line-services/vocabulary';
import type { Audience, ServiceCategory, ServiceStatus } from '../line-services/vocabulary';
import type { Level, ServiceRow } from './availability.repository';

/**
 * Every service of the country in memory, laid out for the availability answer: columns of
 * numbers per service, per channel and per timeline entry (typed arrays, one entry per
 * row, no object per service), hours compiled once and shared by every service with the
 * same hours, strings interned, and the parts of the answer that do not depend on the time
 * asked serialised once as UTF-8 into one byte arena:
 *
 *   head:    {"id":…,"name":…,"operatorCode":…,"operatorName":…,"level":…,"category":…,"lifeCritical":…,"url":…
 *   extra:   ,"department":…,"audiences":[…]            (the full view only)
 *   channel: {"id":…,"kind":…,"platform":…,"label":…,"contact":…,"notes":…
 *
 * A service is a slot. Writing a service again gives it a new slot at the end of every
 * column and leaves the old one dead; when the dead outnumber half the live, the columns
 * are compacted. At 100,000 services this holds in about 100 MB (bench/README figures).
 */
export const LEVELS: readonly Level[] = ['municipality', 'prefecture', 'national'];

/** Hours shared by every service and channel that has them. */
export interface SharedHours {
  readonly compiled: CompiledHours;
  /** The hours as JSON, for the full view and the table of an answer. */
  readonly json: Buffer;
}

type TypedArray = Float64Array | Int32Array | Uint32Array | Uint8Array;

/** A growable column of numbers. */
class Column<A extends TypedArray> {
  data: A;
  length = 0;

  constructor(
    private readonly make: (size: number) => A,
    capacity = 1024,
  ) {
    this.data = make(capacity);
  }

  push(value: number): number {
    if (this.length === this.data.length) {
      const grown = this.make(this.data.length * 2);
      grown.set(this.data as never);
      this.data = grown;
    }
    this.data[this.length] = value;
    return this.length++;
  }
}

const f64 = (capacity?: number) => new Column((n) => new Float64Array(n), capacity);
const i32 = (capacity?: number) => new Column((n) => new Int32Array(n), capacity);
const u32 = (capacity?: number) => new Column((n) => new Uint32Array(n), capacity);
const u8 = (capacity?: number) => new Column((n) => new Uint8Array(n), capacity);

/** UTF-8 text appended to one growable buffer. */
class ByteArena {
  buffer = Buffer.allocUnsafe(1 << 20);
  length = 0;

  /** Appends `text` and returns where it ends. */
  append(text: string): number {
    const size = Buffer.byteLength(text);
    if (this.length + size > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + size));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(text, this.length);
    return this.length;
  }

  /** Appends bytes of another arena and returns where they end. */
  appendBytes(source: Buffer, start: number, end: number): number {
    const size = end - start;
    if (this.length + size > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + size));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += source.copy(this.buffer, this.length, start, end);
    return this.length;
  }
}

/** Every column: per service (svc*), per channel (ch*), per timeline entry (tl*). */
class Columns {
  readonly ids: string[] = [];
  readonly names: string[] = [];
  readonly svcGroup = i32();
  readonly svcOperator = i32();
  /** bit 0: alive, bit 1: life-critical, bit 2: life-critical consultation. */
  readonly svcFlags = u8();
  readonly svcLevel = u8();
  readonly svcCategory = u8();
  readonly svcAudiences = u32();
  readonly svcLineHours = i32();
  readonly svcTimelineStart = u32();
  readonly svcTimelineEnd = u32();
  readonly svcChannelStart = u32();
  readonly svcChannelEnd = u32();
  readonly svcHeadStart = u32();
  readonly svcHeadEnd = u32();
  readonly svcExtraEnd = u32();
  readonly tlAt = f64();
  readonly tlStatus = u8();
  readonly chFrom = f64();
  readonly chUntil = f64();
  readonly chHours = i32();
  readonly chContactKnown = u8();
  readonly chStart = u32();
  readonly chEnd = u32();
  readonly bytes = new ByteArena();
}

const ALIVE = 1;
const LIFE_CRITICAL = 2;
const CRITICAL = 4;
const json = (value: unknown) => JSON.stringify(value);
const STATUS_CODE = new Map(SERVICE_STATUSES.map((s, i) => [s, i]));
const CATEGORY_CODE = new Map(SERVICE_CATEGORIES.map((c, i) => [c, i]));
const AUDIENCE_BIT = new Map(AUDIENCES.map((a, i) => [a, 1 << i]));
const LEVEL_CODE = new Map(LEVELS.map((l, i) => [l, i]));

// The same order as String.prototype.localeCompare with no arguments, at a fraction of the cost.
const collator = new Intl.Collator();

/** A group (one operator's services, or every national body's): its slots in (critical, name, id) order. */
interface Group {
  slots: number[];
  sorted: boolean;
}

export class ServiceIndex {
  private c = new Columns();
  private readonly bySlot = new Map<string, number>();
  private readonly groups: Group[] = [];
  private readonly groupKeys: string[] = [];
  private readonly groupOf = new Map<string, number>();
  private readonly operators: { code: string; name: string }[] = [];
  private readonly operatorOf = new Map<string, number>();
  private readonly hours: SharedHours[] = [];
  private readonly hoursOf = new Map<string, number>();
  private dead = 0;
  /** How many times the columns were compacted (for tests and logs). */
  compactions = 0;

  /** `minDeadToCompact`: dead slots are also at least this many before the columns are compacted. */
  constructor(private readonly minDeadToCompact = 10_000) {}

  /** Adds or replaces a service. */
  put(row: ServiceRow): void {
    this.remove(row.id);
    const c = this.c;
    const slot = c.ids.length;
    c.ids.push(row.id);
    c.names.push(row.name);
    const group = this.groupId(row.key);
    c.svcGroup.push(group);
    c.svcOperator.push(this.operatorId(row.operatorCode, row.operatorName));
    const critical = row.lifeCritical && row.category === 'consultation';
    c.svcFlags.push(ALIVE | (row.lifeCritical ? LIFE_CRITICAL : 0) | (critical ? CRITICAL : 0));
    c.svcLevel.push(LEVEL_CODE.get(row.level)!);
    c.svcCategory.push(CATEGORY_CODE.get(row.category)!);
    c.svcAudiences.push(row.audiences.reduce((bits, a) => bits | (AUDIENCE_BIT.get(a) ?? 0), 0));
    c.svcLineHours.push(this.hoursId(row.lineHours));
    c.svcTimelineStart.push(c.tlAt.length);
    for (const change of row.timeline) {
      c.tlAt.push(change.effectiveAt ?? -Infinity);
      c.tlStatus.push(STATUS_CODE.get(change.status)!);
    }
    c.svcTimelineEnd.push(c.tlAt.length);
    c.svcHeadStart.push(c.bytes.length);
    c.svcHeadEnd.push(
      c.bytes.append(
        `{"id":${json(row.id)},"name":${json(row.name)},"operatorCode":${json(row.operatorCode)},"operatorName":${json(row.operatorName)},"level":${json(row.level)},` +
          `"category":${json(row.category)},"lifeCritical":${row.lifeCritical},"url":${json(row.url)}`,
      ),
    );
    c.svcExtraEnd.push(c.bytes.append(`,"department":${json(row.department)},"audiences":${json(row.audiences)}`));
    c.svcChannelStart.push(c.chFrom.length);
    for (const ch of row.channels) {
      c.chFrom.push(ch.validFrom ?? -Infinity);
      c.chUntil.push(ch.validUntil ?? Infinity);
      c.chHours.push(this.hoursId(ch.hours));
      c.chContactKnown.push(ch.contact !== '' ? 1 : 0);
      c.chStart.push(c.bytes.length);
      c.chEnd.push(c.bytes.append(`{"id":${json(ch.id)},"kind":${json(ch.kind)},"platform":${json(ch.platform)},"label":${json(ch.label)},"contact":${json(ch.contact)},"notes":${json(ch.notes)}`));
    }
    c.svcChannelEnd.push(c.chFrom.length);
    this.bySlot.set(row.id, slot);
    const members = this.groups[group];
    members.slots.push(slot);
    members.sorted = false;
  }

  remove(id: string): void {
    const slot = this.bySlot.get(id);
    if (slot === undefined) return;
    this.bySlot.delete(id);
    const c = this.c;
    c.svcFlags.data[slot] &= ~ALIVE;
    const group = this.groups[c.svcGroup.data[slot]];
    group.slots.splice(group.slots.indexOf(slot), 1);
    c.names[slot] = '';
    this.dead++;
    if (this.dead >= this.minDeadToCompact && this.dead > this.bySlot.size / 2) this.compact();
  }

  /** The slots of a group's services in (critical, name, id) order: none when it has none. */
  group(key: string): readonly number[] {
    const id = this.groupOf.get(key);
    if (id === undefined) return [];
    const group = this.groups[id];
    if (!group.sorted) {
      group.slots.sort((a, b) => this.byGroupOrder(a, b));
      group.sorted = true;
    }
    return group.slots;
  }

  /** Sorts every group now (after a build), rather than on the first answer that reads each. */
  settle(): void {
    for (const key of this.groupKeys) this.group(key);
  }

  get size(): number {
    return this.bySlot.size;
  }

  get distinctHours(): number {
    return this.hours.length;
  }

  /** Bytes held: the arena and every column (for the logs and the benchmark). */
  get bytesHeld(): number {
    const c = this.c;
    let total = c.bytes.buffer.length;
    for (const column of Object.values(c)) if (column instanceof Column) total += column.data.byteLength;
    return total;
  }

  // ── what an answer reads ──

  id(slot: number): string {
    return this.c.ids[slot];
  }

  name(slot: number): string {
    return this.c.names[slot];
  }

  level(slot: number): Level {
    return LEVELS[this.c.svcLevel.data[slot]];
  }

  category(slot: number): ServiceCategory {
    return SERVICE_CATEGORIES[this.c.svcCategory.data[slot]];
  }

  audiences(slot: number): Audience[] {
    const bits = this.c.svcAudiences.data[slot];
    return AUDIENCES.filter((_, i) => bits & (1 << i));
  }

  lifeCritical(slot: number): boolean {
    return (this.c.svcFlags.data[slot] & LIFE_CRITICAL) !== 0;
  }

  /** Life-critical consultation: first among services with something open. */
  critical(slot: number): boolean {
    return (this.c.svcFlags.data[slot] & CRITICAL) !== 0;
  }

  operator(slot: number): { code: string; name: string } {
    return this.operators[this.c.svcOperator.data[slot]];
  }

  /** Whether the service is of this category and for this audience (either may be absent). */
  matches(slot: number, category?: ServiceCategory, audience?: Audience): boolean {
    return (category === undefined || this.c.svcCategory.data[slot] === CATEGORY_CODE.get(category)) && (audience === undefined || (this.c.svcAudiences.data[slot] & AUDIENCE_BIT.get(audience)!) !== 0);
  }

  /** The latest non-withdrawn change in effect at `ms` (undated changes count as earliest). */
  statusAt(slot: number, ms: number): ServiceStatus | null {
    const c = this.c;
    let status = -1;
    for (let i = c.svcTimelineStart.data[slot], end = c.svcTimelineEnd.data[slot]; i < end; i++) {
      if (c.tlAt.data[i] <= ms) status = c.tlStatus.data[i];
    }
    return status < 0 ? null : SERVICE_STATUSES[status];
  }

  lineHours(slot: number): SharedHours | null {
    const id = this.c.svcLineHours.data[slot];
    return id < 0 ? null : this.hours[id];
  }

  /** The service's channels: positions from `channelStart` to `channelEnd`. */
  channelStart(slot: number): number {
    return this.c.svcChannelStart.data[slot];
  }

  channelEnd(slot: number): number {
    return this.c.svcChannelEnd.data[slot];
  }

  /** Valid at `ms`: from its start (inclusive) to its end (exclusive). */
  channelValidAt(channel: number, ms: number): boolean {
    return this.c.chFrom.data[channel] <= ms && this.c.chUntil.data[channel] > ms;
  }

  channelHours(channel: number): SharedHours | null {
    const id = this.c.chHours.data[channel];
    return id < 0 ? null : this.hours[id];
  }

  channelContactKnown(channel: number): boolean {
    return this.c.chContactKnown.data[channel] === 1;
  }

  /** LINE usable (active, and open or hours unknown) and whether anything at all is open, at `ms`. */
  openness(slot: number, status: ServiceStatus, ms: number): { lineUsable: boolean; somethingOpen: boolean } {
    const line = this.lineHours(slot);
    const lineUsable = status === 'active' && (line === null || line.compiled.isOpen(ms));
    let somethingOpen = lineUsable;
    for (let ch = this.channelStart(slot), end = this.channelEnd(slot); !somethingOpen && ch < end; ch++) {
      const hours = this.channelHours(ch);
      somethingOpen = hours !== null && this.channelValidAt(ch, ms) && hours.compiled.isOpen(ms);
    }
    return { lineUsable, somethingOpen };
  }

  /** The arena and the ranges in it: [head start, head end, extra end]; a channel's [start, end]. */
  get bytes(): Buffer {
    return this.c.bytes.buffer;
  }

  head(slot: number): [number, number, number] {
    const c = this.c;
    return [c.svcHeadStart.data[slot], c.svcHeadEnd.data[slot], c.svcExtraEnd.data[slot]];
  }

  channelBytes(channel: number): [number, number] {
    return [this.c.chStart.data[channel], this.c.chEnd.data[channel]];
  }

  /** Name, then id: how services of the same rank and level are ordered. */
  byName(a: number, b: number): number {
    const c = this.c;
    return collator.compare(c.names[a], c.names[b]) || (c.ids[a] < c.ids[b] ? -1 : c.ids[a] > c.ids[b] ? 1 : 0);
  }

  private byGroupOrder(a: number, b: number): number {
    return Number(this.critical(b)) - Number(this.critical(a)) || this.byName(a, b);
  }

  private groupId(key: string): number {
    let id = this.groupOf.get(key);
    if (id === undefined) {
      this.groupOf.set(key, (id = this.groups.length));
      this.groups.push({ slots: [], sorted: true });
      this.groupKeys.push(key);
    }
    return id;
  }

  private operatorId(code: string, name: string): number {
    const key = `${code}\u0000${name}`;
    let id = this.operatorOf.get(key);
    if (id === undefined) {
      this.operatorOf.set(key, (id = this.operators.length));
      this.operators.push({ code, name });
    }
    return id;
  }

  private hoursId(hours: Hours | null): number {
    if (!hours) return -1;
    const text = json(hours);
    let id = this.hoursOf.get(text);
    if (id === undefined) {
      this.hoursOf.set(text, (id = this.hours.length));
      this.hours.push({ compiled: compileHours(hours), json: Buffer.from(text) });
    }
    return id;
  }

  /** Copies the live slots into new columns, in slot order, and renumbers the groups. */
  private compact(): void {
    const old = this.c;
    const next = new Columns();
    const renumbered = new Int32Array(old.ids.length).fill(-1);
    for (let slot = 0; slot < old.ids.length; slot++) {
      if (!(old.svcFlags.data[slot] & ALIVE)) continue;
      const to = next.ids.length;
      renumbered[slot] = to;
      next.ids.push(old.ids[slot]);
      next.names.push(old.names[slot]);
      for (const name of ['svcGroup', 'svcOperator', 'svcFlags', 'svcLevel', 'svcCategory', 'svcAudiences', 'svcLineHours'] as const) next[name].push(old[name].data[slot]);
      next.svcTimelineStart.push(next.tlAt.length);
      for (let i = old.svcTimelineStart.data[slot]; i < old.svcTimelineEnd.data[slot]; i++) {
        next.tlAt.push(old.tlAt.data[i]);
        next.tlStatus.push(old.tlStatus.data[i]);
      }
      next.svcTimelineEnd.push(next.tlAt.length);
      next.svcHeadStart.push(next.bytes.length);
      next.svcHeadEnd.push(next.bytes.appendBytes(old.bytes.buffer, old.svcHeadStart.data[slot], old.svcHeadEnd.data[slot]));
      next.svcExtraEnd.push(next.bytes.appendBytes(old.bytes.buffer, old.svcHeadEnd.data[slot], old.svcExtraEnd.data[slot]));
      next.svcChannelStart.push(next.chFrom.length);
      for (let ch = old.svcChannelStart.data[slot]; ch < old.svcChannelEnd.data[slot]; ch++) {
        next.chFrom.push(old.chFrom.data[ch]);
        next.chUntil.push(old.chUntil.data[ch]);
        next.chHours.push(old.chHours.data[ch]);
        next.chContactKnown.push(old.chContactKnown.data[ch]);
        next.chStart.push(next.bytes.length);
        next.chEnd.push(next.bytes.appendBytes(old.bytes.buffer, old.chStart.data[ch], old.chEnd.data[ch]));
      }
      next.svcChannelEnd.push(next.chFrom.length);
      this.bySlot.set(old.ids[slot], to);
    }
    // Slot order is kept, so each group's order is too.
    for (const group of this.groups) group.slots = group.slots.map((slot) => renumbered[slot]);
    this.c = next;
    this.dead = 0;
    this.compactions++;
  }
}
