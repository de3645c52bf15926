import type { Hours } from '../hours/hours';
import { compileHours, tokyoDate, tokyoDay, tokyoMidnight } from '../hours/opening';
import type { ClosedReason, CompiledHours, OpeningMs } from '../hours/opening';
import { AUDIENCES, SERVICE_CATEGORIES, SERVICE_STATUSES } from '../line-services/vocabulary';
import type { Audience, ServiceCategory, ServiceStatus } from '../line-services/vocabulary';
import type { Level, OrganizationReach, ServiceRow } from './availability.repository';
import { organizationKey } from './availability.sql';

/**
 * Every service of the country in memory, laid out for the availability answer: columns of
 * numbers per service, per channel and per timeline entry (typed arrays, one entry per
 * row, no object per service), hours compiled once and shared by every service with the
 * same hours, and the parts an answer copies serialised once as UTF-8: what many
 * services or channels share (operator, level, category; kind, platform, label, notes)
 * once each in a table of their distinct combinations, the rest in one byte arena:
 *
 *   service: {"id":"…","name":…,"url":…,"publicNotice":…,"successorServiceId":…  then  ,"department":…,"audiences":[…]  (full view)
 *   channel: {"id":"…","contact":…
 *
 * so that a service's fixed part is two copies and a channel's two.
 *
 * A service is a slot. Writing a service again gives it a new slot at the end of every
 * column and leaves the old one dead; when the dead outnumber half the live, the columns
 * are compacted. At 100,000 services this holds in about 100 MB (bench/README figures).
 */
export const LEVELS: readonly Level[] = ['municipality', 'prefecture', 'national', 'organization'];

const EMPTY = Buffer.alloc(0);
const iso = (ms: number | null) => (ms === null ? 'null' : `"${new Date(ms).toISOString()}"`);
/** How far ahead `next7Days` reaches: [at, at + 7 days). */
export const NEXT_DAYS_MS = 7 * 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** 'YYYY-MM-DDT' of Tokyo day numbers recently formatted: an answer's ~200 times fall on 8 days. */
const DAY_PREFIX = new Map<number, string>();
/**
 * An instant as Tokyo wall-clock time with its offset, to the second: 2026-12-01T09:00:00+09:00.
 * Formatted from a cached day prefix and two-digit tables: Date#toISOString for each of an
 * answer's interval ends took 4 % of the API's time under load.
 */
export function tokyoIso(ms: number): string {
  const day = tokyoDay(ms);
  let prefix = DAY_PREFIX.get(day);
  if (prefix === undefined) {
    if (DAY_PREFIX.size > 4096) DAY_PREFIX.clear();
    DAY_PREFIX.set(day, (prefix = `${tokyoDate(new Date(ms))}T`));
  }
  const seconds = Math.floor((ms - tokyoMidnight(day)) / 1000);
  return `${prefix}${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}+09:00`;
}
const reasonJson = (reason: ClosedReason | null) => (reason === null ? 'null' : JSON.stringify({ code: reason.code, label: reason.label }));

/**
 * Hours shared by every service and channel that has them. An answer evaluates them all at
 * one instant, and a place's ~420 services share a handful of hours: each keeps its last
 * evaluation and the parts of the answer made of it (answers are made one at a time,
 * without awaiting, so none sees another's).
 */
export class SharedHours {
  /** False for the days form (times not stated): evaluated as unknown hours are. */
  readonly known: boolean;
  private openAt = NaN;
  private open = false;
  private openingAt = NaN;
  private openingValue: OpeningMs = { open: null, acceptingNew: null, closesAt: null, nextOpenAt: null, reason: null };
  private weekAt = NaN;
  private week = EMPTY;
  private compactAt = NaN;
  private compactChannel = EMPTY;
  private compactLine: [Buffer, Buffer] = [EMPTY, EMPTY];
  private fullAt = NaN;
  private fullChannel = EMPTY;
  private fullLine: [Buffer, Buffer] = [EMPTY, EMPTY];
  /**
   * The answer being written (HoursTable), and for it: this hours' tails with its position
   * in the answer's table and what closes them, made once per answer.
   */
  answer = 0;
  answerChannelTail = EMPTY;
  answerLineTail: [Buffer, Buffer] = [EMPTY, EMPTY];

  constructor(
    readonly compiled: CompiledHours,
    /** The hours as JSON, for the full view and the table of an answer. */
    readonly json: Buffer,
  ) {
    this.known = compiled.known;
  }

  isOpen(ms: number): boolean {
    if (ms !== this.openAt) {
      this.open = this.compiled.isOpen(ms);
      this.openAt = ms;
    }
    return this.open;
  }

  opening(ms: number): OpeningMs {
    if (ms !== this.openingAt) {
      this.openingValue = this.compiled.opening(ms);
      this.openingAt = ms;
    }
    return this.openingValue;
  }

  /**
   * The intervals it is open within [ms, ms + 7 days), merged across midnight, as JSON
   * `[{"from":"…+09:00","to":"…+09:00"},…]`; `null` when the hours are not known.
   */
  next7Days(ms: number): Buffer {
    if (ms !== this.weekAt) {
      const flat = this.compiled.intervals(ms, ms + NEXT_DAYS_MS);
      let text = 'null';
      if (flat !== null) {
        const parts: string[] = [];
        for (let i = 0; i < flat.length; i += 2) parts.push(`{"from":"${tokyoIso(flat[i])}","to":"${tokyoIso(flat[i + 1])}"}`);
        text = `[${parts.join(',')}]`;
      }
      this.week = Buffer.from(text, 'latin1');
      this.weekAt = ms;
    }
    return this.week;
  }

  /**
   * LINE's `"withinHours":…,"acceptingNew":…,"closesAt":…,"nextOpenAt":…,"closedReason":…,"hours":`
   * at `ms` in the compact view (what follows withinHours only for an active service), as bytes.
   */
  lineTail(ms: number, active: boolean): Buffer {
    this.compact(ms);
    return this.compactLine[active ? 1 : 0];
  }

  /** A channel's `,"openNow":…,"acceptingNew":…,"closesAt":…,"nextOpenAt":…,"closedReason":…,"hours":` at `ms`, as bytes. */
  channelTail(ms: number): Buffer {
    this.compact(ms);
    return this.compactChannel;
  }

  /** The full view's LINE: `"withinHours":…,"acceptingNew":…,"nextOpenAt":…,"closedReason":…,"next7Days":…,"hours":<hours>},"channels":[`. */
  fullLineTail(ms: number, active: boolean): Buffer {
    this.full(ms);
    return this.fullLine[active ? 1 : 0];
  }

  /** The full view's channel after its hours: `,"openNow":…,"acceptingNew":…,"closesAt":…,"nextOpenAt":…,"closedReason":…,"next7Days":…}`. */
  fullChannelTail(ms: number): Buffer {
    this.full(ms);
    return this.fullChannel;
  }

  private compact(ms: number): void {
    if (ms === this.compactAt) return;
    const { open, acceptingNew, closesAt, nextOpenAt, reason } = this.opening(ms);
    const why = reasonJson(reason);
    this.compactChannel = Buffer.from(`,"openNow":${open},"acceptingNew":${acceptingNew},"closesAt":${iso(closesAt)},"nextOpenAt":${iso(nextOpenAt)},"closedReason":${why},"hours":`);
    this.compactLine = [
      Buffer.from(`"withinHours":${open},"acceptingNew":null,"closesAt":null,"nextOpenAt":null,"closedReason":null,"hours":`),
      Buffer.from(`"withinHours":${open},"acceptingNew":${acceptingNew},"closesAt":${iso(closesAt)},"nextOpenAt":${iso(nextOpenAt)},"closedReason":${why},"hours":`),
    ];
    this.compactAt = ms;
  }

  private full(ms: number): void {
    if (ms === this.fullAt) return;
    const { open, acceptingNew, closesAt, nextOpenAt, reason } = this.opening(ms);
    const why = reasonJson(reason);
    const week = this.next7Days(ms).toString('latin1');
    const json = this.json.toString();
    this.fullChannel = Buffer.from(`,"openNow":${open},"acceptingNew":${acceptingNew},"closesAt":${iso(closesAt)},"nextOpenAt":${iso(nextOpenAt)},"closedReason":${why},"next7Days":${week}}`);
    this.fullLine = [
      Buffer.from(`"withinHours":${open},"acceptingNew":null,"nextOpenAt":null,"closedReason":null,"next7Days":${week},"hours":${json}},"channels":[`),
      Buffer.from(`"withinHours":${open},"acceptingNew":${acceptingNew},"nextOpenAt":${iso(nextOpenAt)},"closedReason":${why},"next7Days":${week},"hours":${json}},"channels":[`),
    ];
    this.fullAt = ms;
  }
}

/** What a channel and LINE say when their hours are not known (null hours). */
const UNKNOWN_STATE = '"acceptingNew":null,"closesAt":null,"nextOpenAt":null,"closedReason":null';
export const UNKNOWN_TAIL = Buffer.from(`,"openNow":null,${UNKNOWN_STATE},"hours":null}`);
export const UNKNOWN_LINE_TAIL = Buffer.from(`"withinHours":null,${UNKNOWN_STATE},"hours":null},"channels":[`);
export const UNKNOWN_FULL_TAIL = Buffer.from(`,"openNow":null,${UNKNOWN_STATE},"next7Days":null}`);
export const UNKNOWN_FULL_LINE_TAIL = Buffer.from('"withinHours":null,"acceptingNew":null,"nextOpenAt":null,"closedReason":null,"next7Days":null,"hours":null},"channels":[');

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
      // By a quarter: at national scale a column holds 100,000 to 300,000 entries.
      const grown = this.make(Math.max(this.data.length + 1024, Math.ceil(this.data.length * 1.25)));
      grown.set(this.data as never);
      this.data = grown;
    }
    this.data[this.length] = value;
    return this.length++;
  }

  /** Gives back the room past the end but a tenth (after a build: the writes to come take it). */
  shrink(): void {
    const keep = Math.ceil(this.length * 1.1) + 16;
    if (this.data.length > keep) {
      const fitted = this.make(keep);
      fitted.set(this.data.subarray(0, this.length) as never);
      this.data = fitted;
    }
  }
}

const f64 = (capacity?: number) => new Column((n) => new Float64Array(n), capacity);
const i32 = (capacity?: number) => new Column((n) => new Int32Array(n), capacity);
const u32 = (capacity?: number) => new Column((n) => new Uint32Array(n), capacity);
const u8 = (capacity?: number) => new Column((n) => new Uint8Array(n), capacity);

/** UTF-8 text appended to one growable buffer. */
class ByteArena {
  buffer: Buffer;
  length = 0;

  constructor(capacity = 1 << 20) {
    this.buffer = Buffer.allocUnsafeSlow(capacity);
  }

  private room(size: number): void {
    if (this.length + size <= this.buffer.length) return;
    // By a quarter, not double: at national scale the arena is tens of MB.
    const grown = Buffer.allocUnsafeSlow(Math.max(Math.ceil(this.buffer.length * 1.25), this.length + size));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** Appends `text` and returns where it ends. */
  append(text: string): number {
    this.room(Buffer.byteLength(text));
    this.length += this.buffer.write(text, this.length);
    return this.length;
  }

  /** Appends bytes of another arena and returns where they end. */
  appendBytes(source: Buffer, start: number, end: number): number {
    this.room(end - start);
    this.length += source.copy(this.buffer, this.length, start, end);
    return this.length;
  }

  /**
   * Gives back the room past the end but a tenth (after a build), when more than 30 % is
   * spare: a copy holds two buffers until the old one is collected, which costs more than a
   * little spare room that the writes to come will take anyway.
   */
  shrink(): void {
    const keep = Math.ceil(this.length * 1.1) + 1024;
    if (this.buffer.length > Math.ceil(this.length * 1.3) + 1024) {
      const fitted = Buffer.allocUnsafeSlow(keep);
      this.buffer.copy(fitted, 0, 0, this.length);
      this.buffer = fitted;
    }
  }
}

/** Distinct values, each serialised once as JSON: labels, notes, platforms, operators. */
class Table {
  readonly json: Buffer[] = [];
  private readonly ids = new Map<string, number>();

  id(key: string, json: () => string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      this.ids.set(key, (id = this.json.length));
      this.json.push(Buffer.from(json()));
    }
    return id;
  }
}

/** How many rows of each kind a build will hold, to size the columns once. */
export interface IndexSize {
  services: number;
  channels: number;
  changes: number;
}

/** Every column: per service (svc*), per channel (ch*), per timeline entry (tl*). */
class Columns {
  readonly ids: string[] = [];
  readonly names: string[] = [];
  readonly svcGroup: Column<Int32Array>;
  readonly svcOperator: Column<Int32Array>;
  /** Its operator, level, category and whether life-critical, as one entry of a table (few distinct ones). */
  readonly svcMiddle: Column<Int32Array>;
  /** bit 0: alive, bit 1: life-critical, bit 2: life-critical consultation. */
  readonly svcFlags: Column<Uint8Array>;
  readonly svcLevel: Column<Uint8Array>;
  readonly svcCategory: Column<Uint8Array>;
  readonly svcAudiences: Column<Uint32Array>;
  readonly svcLineHours: Column<Int32Array>;
  readonly svcTimelineStart: Column<Uint32Array>;
  readonly svcTimelineEnd: Column<Uint32Array>;
  readonly svcChannelStart: Column<Uint32Array>;
  readonly svcChannelEnd: Column<Uint32Array>;
  /** In the arena: where `{"id":"…","name":…,"url":…,"publicNotice":…,"successorServiceId":…` starts and ends, and where the full view's department and audiences end. */
  readonly svcBytes: Column<Uint32Array>;
  readonly svcUrlEnd: Column<Uint32Array>;
  readonly svcAudiencesEnd: Column<Uint32Array>;
  readonly tlAt: Column<Float64Array>;
  readonly tlStatus: Column<Uint8Array>;
  readonly chFrom: Column<Float64Array>;
  readonly chUntil: Column<Float64Array>;
  readonly chHours: Column<Int32Array>;
  /** Its kind, platform, label and notes, as one entry of a table (few distinct ones). */
  readonly chMiddle: Column<Int32Array>;
  readonly chContactKnown: Column<Uint8Array>;
  /** In the arena: where `{"id":"…","contact":…` starts and ends. */
  readonly chBytes: Column<Uint32Array>;
  readonly chContactEnd: Column<Uint32Array>;
  readonly bytes: ByteArena;

  constructor(size: IndexSize = { services: 1024, channels: 1024, changes: 1024 }) {
    const [s, ch, tl] = [Math.max(size.services, 16), Math.max(size.channels, 16), Math.max(size.changes, 16)];
    this.svcGroup = i32(s);
    this.svcOperator = i32(s);
    this.svcMiddle = i32(s);
    this.svcFlags = u8(s);
    this.svcLevel = u8(s);
    this.svcCategory = u8(s);
    this.svcAudiences = u32(s);
    this.svcLineHours = i32(s);
    this.svcTimelineStart = u32(s);
    this.svcTimelineEnd = u32(s);
    this.svcChannelStart = u32(s);
    this.svcChannelEnd = u32(s);
    this.svcBytes = u32(s);
    this.svcUrlEnd = u32(s);
    this.svcAudiencesEnd = u32(s);
    this.tlAt = f64(tl);
    this.tlStatus = u8(tl);
    this.chFrom = f64(ch);
    this.chUntil = f64(ch);
    this.chHours = i32(ch);
    this.chMiddle = i32(ch);
    this.chContactKnown = u8(ch);
    this.chBytes = u32(ch);
    this.chContactEnd = u32(ch);
    // About 260 bytes a service (its head with the public notice and successor, and the full
    // view's part) and 70 a channel, measured on the benchmark's data (437 bytes a service with
    // its 2.5 channels): a build that outgrows its arena copies it while the old one still
    // counts, tens of MB at national scale (+49 MB of RSS at 100,000 services when this said 170).
    this.bytes = new ByteArena(Math.max(1 << 16, s * 280 + ch * 70));
  }

  columns(): Column<TypedArray>[] {
    return Object.values(this).filter((value): value is Column<TypedArray> => value instanceof Column);
  }
}

const ALIVE = 1;
const LIFE_CRITICAL = 2;
const CRITICAL = 4;
const json = (value: unknown) => JSON.stringify(value);
const STATUS_CODE = new Map(SERVICE_STATUSES.map((s, i) => [s, i]));
const CATEGORY_CODE = new Map(SERVICE_CATEGORIES.map((c, i) => [c, i]));
const AUDIENCE_BIT = new Map(AUDIENCES.map((a, i) => [a, 1 << i]));
const LEVEL_CODE = new Map(LEVELS.map((l, i) => [l, i]));
const ACTIVE = STATUS_CODE.get('active')!;

// The same order as String.prototype.localeCompare with no arguments, at a fraction of the cost.
const collator = new Intl.Collator();

/**
 * The status a timeline (entries `start` to `end`, in timeline order) gives at `ms`: the
 * latest change in effect then, undated changes counting as earliest; -1 when none is.
 */
function statusCodeAt(at: Float64Array, status: Uint8Array, start: number, end: number, ms: number): number {
  let found = -1;
  for (let i = start; i < end; i++) if (at[i] <= ms) found = status[i];
  return found;
}

/** A group (one operator's services, or every national body's): its slots in (critical, name, id) order. */
interface Group {
  slots: number[];
  sorted: boolean;
  /** Changes with every slot added or removed. */
  version: number;
}

/** Groups merged into one list (a ward's and its city's services), kept until one of them changes. */
interface Merged {
  versions: number[];
  slots: number[];
}

export const LINE_USABLE = 1;
export const SOMETHING_OPEN = 2;

/** Where an answer is written: ASCII text, and bytes copied from the index. */
export interface ByteSink {
  ascii(text: string): void;
  bytes(source: Buffer, start?: number, end?: number): void;
}


export class ServiceIndex {
  private c: Columns;
  private readonly bySlot = new Map<string, number>();
  private readonly groups: Group[] = [];
  private readonly groupKeys: string[] = [];
  private readonly groupOf = new Map<string, number>();
  private readonly merged = new Map<string, Merged>();
  private readonly operators: { code: string; name: string }[] = [];
  private readonly operatorOf = new Map<string, number>();
  /** `,"operatorCode":…,"operatorName":…,"level":…,"category":…,"lifeCritical":…` */
  private readonly serviceMiddles = new Table();
  private readonly hours: SharedHours[] = [];
  private readonly hoursOf = new Map<string, number>();
  /** `,"kind":…,"platform":…,"label":…,"notes":…` */
  private readonly channelMiddles = new Table();
  /** The groups of the organisations that reach the whole country, and of those that cover each local government. */
  private nationwide: string[] = [];
  private readonly covering = new Map<string, string[]>();
  private dead = 0;
  /** Per slot, what the last ranking found: status << 2 | openness. */
  private found = new Uint8Array(0);
  /** How many times the columns were compacted (for tests and logs). */
  compactions = 0;

  /**
   * `size`: what a build will hold, to size the columns once (they grow past it).
   * `minDeadToCompact`: dead slots are also at least this many before the columns are compacted.
   */
  constructor(size?: IndexSize, private readonly minDeadToCompact = 10_000) {
    this.c = new Columns(size);
  }

  /**
   * Where organisations reach, read in the snapshot the index was built from. It does not
   * change while the index lives: a change to an organisation or its coverage is logged as a
   * change to everything, and the index is built anew.
   */
  setReach(reach: readonly OrganizationReach[]): void {
    this.nationwide = reach.filter((r) => r.nationwide).map((r) => organizationKey(r.code));
    this.covering.clear();
    for (const r of reach) {
      if (r.nationwide) continue;
      for (const code of r.localGovernments) {
        const keys = this.covering.get(code);
        if (keys) keys.push(organizationKey(r.code));
        else this.covering.set(code, [organizationKey(r.code)]);
      }
    }
  }

  /**
   * The groups of the organisations whose services reach a place whose own local governments
   * (itself, its designated city, its prefecture) are `codes`: the nationwide ones, and those
   * covering any of them; each once, in code order.
   */
  organizationsReaching(codes: readonly string[]): string[] {
    const keys = new Set(this.nationwide);
    for (const code of codes) for (const key of this.covering.get(code) ?? []) keys.add(key);
    return [...keys].sort();
  }

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
    c.svcMiddle.push(
      this.serviceMiddles.id(`${row.operatorCode}\u0000${row.operatorName}\u0000${row.level}\u0000${row.category}\u0000${row.lifeCritical}`, () =>
        `,"operatorCode":${json(row.operatorCode)},"operatorName":${json(row.operatorName)},"level":${json(row.level)},"category":${json(row.category)},"lifeCritical":${row.lifeCritical}`,
      ),
    );
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
    c.svcBytes.push(c.bytes.length);
    c.svcUrlEnd.push(c.bytes.append(`{"id":${json(row.id)},"name":${json(row.name)},"url":${json(row.url)},"publicNotice":${json(row.publicNotice)},"successorServiceId":${json(row.successorServiceId)}`));
    c.svcAudiencesEnd.push(c.bytes.append(`,"department":${json(row.department)},"audiences":${json(row.audiences)}`));
    c.svcChannelStart.push(c.chFrom.length);
    for (const ch of row.channels) {
      c.chFrom.push(ch.validFrom ?? -Infinity);
      c.chUntil.push(ch.validUntil ?? Infinity);
      c.chHours.push(this.hoursId(ch.hours));
      c.chMiddle.push(
        this.channelMiddles.id(json([ch.kind, ch.platform, ch.label, ch.notes]), () => `,"kind":${json(ch.kind)},"platform":${json(ch.platform)},"label":${json(ch.label)},"notes":${json(ch.notes)}`),
      );
      c.chContactKnown.push(ch.contact !== '' ? 1 : 0);
      c.chBytes.push(c.bytes.length);
      c.chContactEnd.push(c.bytes.append(`{"id":${json(ch.id)},"contact":${json(ch.contact)}`));
    }
    c.svcChannelEnd.push(c.chFrom.length);
    this.bySlot.set(row.id, slot);
    const members = this.groups[group];
    members.slots.push(slot);
    members.sorted = false;
    members.version++;
  }

  remove(id: string): void {
    const slot = this.bySlot.get(id);
    if (slot === undefined) return;
    this.bySlot.delete(id);
    const c = this.c;
    c.svcFlags.data[slot] &= ~ALIVE;
    const group = this.groups[c.svcGroup.data[slot]];
    group.slots.splice(group.slots.indexOf(slot), 1);
    group.version++;
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

  /**
   * The services of several groups of the same level (a ward's and its city's) in
   * (critical, name, id) order, merged once and kept until one of the groups changes.
   */
  merge(keys: readonly string[]): readonly number[] {
    if (keys.length === 0) return [];
    if (keys.length === 1) return this.group(keys[0]);
    const lists = keys.map((key) => this.group(key));
    const versions = keys.map((key) => this.groups[this.groupOf.get(key) ?? -1]?.version ?? -1);
    const id = keys.join('|');
    const known = this.merged.get(id);
    if (known && known.versions.every((v, i) => v === versions[i])) return known.slots;
    const slots = lists.flat().sort((a, b) => this.byGroupOrder(a, b));
    this.merged.set(id, { versions, slots });
    return slots;
  }

  /** After a build: sorts every group, and gives back the room the columns and the arena did not use. */
  settle(): void {
    for (const key of this.groupKeys) this.group(key);
    for (const column of this.c.columns()) column.shrink();
    this.c.bytes.shrink();
  }

  get size(): number {
    return this.bySlot.size;
  }

  get distinctHours(): number {
    return this.hours.length;
  }

  /** Bytes held in the arena and the columns (for the logs and the benchmark). */
  get bytesHeld(): number {
    return this.c.bytes.buffer.length + this.c.columns().reduce((total, column) => total + column.data.byteLength, 0);
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
    const status = statusCodeAt(c.tlAt.data, c.tlStatus.data, c.svcTimelineStart.data[slot], c.svcTimelineEnd.data[slot], ms);
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

  /**
   * The services of a place ranked at `ms`: something open first; among those, life-critical
   * consultation first; then level (the lists of `levels` in order), then name. Each list is
   * in (critical, name, id) order, so this is a partition, not a sort. Services without a
   * status then are left out. What it found for each is kept (`evaluated`) until the next
   * ranking, for the answer made right after it. One loop over the columns: the hot path.
   */
  rank(levels: readonly (readonly number[])[], ms: number, category?: ServiceCategory, audience?: Audience): number[] {
    const c = this.c;
    if (this.found.length < c.ids.length) this.found = new Uint8Array(Math.ceil(c.ids.length * 1.25));
    const found = this.found;
    const [tlStart, tlEnd, tlAt, tlStatus] = [c.svcTimelineStart.data, c.svcTimelineEnd.data, c.tlAt.data, c.tlStatus.data];
    const [chStart, chEnd, chFrom, chUntil, chHours] = [c.svcChannelStart.data, c.svcChannelEnd.data, c.chFrom.data, c.chUntil.data, c.chHours.data];
    const [lineHours, flags, categories, audiences] = [c.svcLineHours.data, c.svcFlags.data, c.svcCategory.data, c.svcAudiences.data];
    const wantedCategory = category === undefined ? -1 : CATEGORY_CODE.get(category)!;
    const wantedAudience = audience === undefined ? 0 : AUDIENCE_BIT.get(audience)!;
    const hours = this.hours;
    // [open critical, open other, closed critical, closed other], each by level.
    const buckets: number[][][] = [[], [], [], []].map(() => levels.map(() => []));
    levels.forEach((slots, level) => {
      for (const slot of slots) {
        if ((wantedCategory >= 0 && categories[slot] !== wantedCategory) || (wantedAudience !== 0 && (audiences[slot] & wantedAudience) === 0)) continue;
        const status = statusCodeAt(tlAt, tlStatus, tlStart[slot], tlEnd[slot], ms);
        if (status < 0) continue;
        let openness = 0;
        const line = lineHours[slot];
        // LINE with hours not known (none, or days without times) counts as usable, as its status says.
        if (status === ACTIVE && (line < 0 || !hours[line].known || hours[line].isOpen(ms))) openness = LINE_USABLE | SOMETHING_OPEN;
        else {
          for (let ch = chStart[slot], end = chEnd[slot]; ch < end; ch++) {
            const h = chHours[ch];
            if (h >= 0 && chFrom[ch] <= ms && chUntil[ch] > ms && hours[h].isOpen(ms)) {
              openness = SOMETHING_OPEN;
              break;
            }
          }
        }
        found[slot] = (status << 2) | openness;
        buckets[(openness === 0 ? 2 : 0) + (flags[slot] & CRITICAL ? 0 : 1)][level].push(slot);
      }
    });
    const ranked: number[] = [];
    for (const byLevel of buckets) for (const list of byLevel) for (const slot of list) ranked.push(slot);
    return ranked;
  }

  /** What the last ranking found for a service it ranked: its status, and its openness (LINE_USABLE, SOMETHING_OPEN). */
  ranked(slot: number): { status: ServiceStatus; openness: number } {
    return { status: SERVICE_STATUSES[this.found[slot] >> 2], openness: this.found[slot] & 3 };
  }

  /**
   * `{"id":…,"name":…,"url":…,"publicNotice":…,"successorServiceId":…`, with `extra` (the full view) `,"department":…,"audiences":[…]`,
   * then `,"operatorCode":…,"operatorName":…,"level":…,"category":…,"lifeCritical":…`.
   */
  writeServiceHead(out: ByteSink, slot: number, extra: boolean): void {
    const c = this.c;
    out.bytes(c.bytes.buffer, c.svcBytes.data[slot], extra ? c.svcAudiencesEnd.data[slot] : c.svcUrlEnd.data[slot]);
    out.bytes(this.serviceMiddles.json[c.svcMiddle.data[slot]]);
  }

  /** `{"id":…,"contact":…,"kind":…,"platform":…,"label":…,"notes":…` */
  writeChannelHead(out: ByteSink, channel: number): void {
    const c = this.c;
    out.bytes(c.bytes.buffer, c.chBytes.data[channel], c.chContactEnd.data[channel]);
    out.bytes(this.channelMiddles.json[c.chMiddle.data[channel]]);
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
      this.groups.push({ slots: [], sorted: true, version: 0 });
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
      this.hours.push(new SharedHours(compileHours(hours), Buffer.from(text)));
    }
    return id;
  }

  /** Copies the live slots into new columns, in slot order, and renumbers the groups. */
  private compact(): void {
    const old = this.c;
    const next = new Columns({ services: this.bySlot.size, channels: old.chFrom.length, changes: old.tlAt.length });
    const renumbered = new Int32Array(old.ids.length).fill(-1);
    const copy = <K extends keyof Columns>(names: readonly K[], from: number) => {
      for (const name of names) (next[name] as Column<TypedArray>).push((old[name] as Column<TypedArray>).data[from]);
    };
    for (let slot = 0; slot < old.ids.length; slot++) {
      if (!(old.svcFlags.data[slot] & ALIVE)) continue;
      const to = next.ids.length;
      renumbered[slot] = to;
      next.ids.push(old.ids[slot]);
      next.names.push(old.names[slot]);
      copy(['svcGroup', 'svcOperator', 'svcMiddle', 'svcFlags', 'svcLevel', 'svcCategory', 'svcAudiences', 'svcLineHours'], slot);
      next.svcTimelineStart.push(next.tlAt.length);
      for (let i = old.svcTimelineStart.data[slot]; i < old.svcTimelineEnd.data[slot]; i++) copy(['tlAt', 'tlStatus'], i);
      next.svcTimelineEnd.push(next.tlAt.length);
      // The arena ranges move together: shifted by where the service's bytes now start.
      const shift = next.bytes.length - old.svcBytes.data[slot];
      next.svcBytes.push(next.bytes.length);
      next.bytes.appendBytes(old.bytes.buffer, old.svcBytes.data[slot], old.svcAudiencesEnd.data[slot]);
      for (const name of ['svcUrlEnd', 'svcAudiencesEnd'] as const) next[name].push(old[name].data[slot] + shift);
      next.svcChannelStart.push(next.chFrom.length);
      for (let ch = old.svcChannelStart.data[slot]; ch < old.svcChannelEnd.data[slot]; ch++) {
        copy(['chFrom', 'chUntil', 'chHours', 'chMiddle', 'chContactKnown'], ch);
        next.chBytes.push(next.bytes.length);
        next.chContactEnd.push(next.bytes.appendBytes(old.bytes.buffer, old.chBytes.data[ch], old.chContactEnd.data[ch]));
      }
      next.svcChannelEnd.push(next.chFrom.length);
      this.bySlot.set(old.ids[slot], to);
    }
    // Slot order is kept, so each group's order is too.
    for (const group of this.groups) group.slots = group.slots.map((slot) => renumbered[slot]);
    this.merged.clear();
    this.c = next;
    this.dead = 0;
    this.compactions++;
  }

  /** The key of the group a service is in: its operator's code, NATIONAL, or an organisation's key. */
  groupKey(slot: number): string {
    return this.groupKeys[this.c.svcGroup.data[slot]];
  }

  /** The slot of a service held, or undefined (suggested alternatives start from the gap's own service). */
  slotOf(id: string): number | undefined {
    return this.bySlot.get(id);
  }
}
