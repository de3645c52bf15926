import type { ServiceStatus } from '../line-services/vocabulary';
import { SERVICE_STATUSES } from '../line-services/vocabulary';
import { LINE_USABLE, SOMETHING_OPEN, UNKNOWN_FULL_LINE_TAIL, UNKNOWN_FULL_TAIL, UNKNOWN_LINE_TAIL, UNKNOWN_TAIL } from './service-index';
import type { ByteSink, ServiceIndex, SharedHours } from './service-index';

/**
 * An availability answer written as bytes: the services' parts serialised when they were
 * read are copied from the index's arena, and what depends on the time asked (status,
 * open or not, when it closes or opens next, why it is closed, the next 7 days) is made
 * once per distinct hours (SharedHours) and copied to every service and channel with them.
 *
 * `compact` (the default) carries what a person acts on and refers to hours by their
 * position in a table of the distinct hours of the answer (`hours`), with their open
 * intervals over the next 7 days at the same position in `next7Days`; `full` repeats the
 * hours and their intervals in every service and channel and adds department, audiences
 * and contactKnown.
 */
export type View = 'compact' | 'full';
export const VIEWS: readonly View[] = ['compact', 'full'];

export interface AnswerHead {
  /** The place as JSON (PlaceDto). */
  place: Buffer;
  at: number;
  tokyoDate: string;
  publicHoliday: string | null;
  total: number;
  nextCursor: string | null;
}

const iso = (ms: number | null) => (ms === null ? 'null' : `"${new Date(ms).toISOString()}"`);

/**
 * Output buffers, reused: an answer is written into one and handed back once the socket
 * has taken it. Allocating ~100 KB per answer left the allocator's free lists holding
 * hundreds of MB under load.
 */
class BufferPool {
  private readonly free: Buffer[] = [];

  constructor(
    private readonly size: number,
    private readonly keep: number,
  ) {}

  take(atLeast: number): Buffer {
    const buffer = this.free.pop();
    return buffer && buffer.length >= atLeast ? buffer : Buffer.allocUnsafeSlow(Math.max(this.size, atLeast));
  }

  give(buffer: Buffer): void {
    if (this.free.length < this.keep && buffer.length === this.size) this.free.push(buffer);
  }
}

// A default answer (100 services) is ~110 KB; larger ones grow out of the pool.
const POOL = new BufferPool(160 * 1024, 64);

/** An answer's bytes, and the buffer to give back when they have been sent. */
export interface Written {
  body: Buffer;
  release: () => void;
}

/** Buffer's own latin1 writer (undocumented but stable): without the argument checks of write(). */
type LatinWritable = Buffer & { latin1Write(text: string, offset: number): number };

/** Writes into a pooled buffer, growing it (outside the pool) when an answer is larger. */
class Writer implements ByteSink {
  private buffer = POOL.take(0);
  private length = 0;

  private room(size: number): void {
    if (this.length + size <= this.buffer.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.length + size));
    this.buffer.copy(grown, 0, 0, this.length);
    POOL.give(this.buffer);
    this.buffer = grown;
  }

  /** ASCII text (what is written per request is). */
  ascii(text: string): void {
    this.room(text.length);
    this.length += (this.buffer as LatinWritable).latin1Write(text, this.length);
  }

  /** UTF-8 text (the holiday's name). */
  utf8(text: string): void {
    this.room(Buffer.byteLength(text));
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  bytes(source: Buffer, start = 0, end = source.length): void {
    const size = end - start;
    this.room(size);
    // Parts under ~24 bytes: a loop costs less than Buffer.copy's native call (measured: 16–40 ns against ~52).
    if (size < 24) {
      const target = this.buffer;
      for (let i = 0, at = this.length; i < size; i++) target[at + i] = source[start + i];
      this.length += size;
    } else this.length += source.copy(this.buffer, this.length, start, end);
  }

  done(): Written {
    const buffer = this.buffer;
    return { body: buffer.subarray(0, this.length), release: () => POOL.give(buffer) };
  }
}

/** The table of the distinct hours an answer refers to, in the order first referred to. */
class HoursTable {
  readonly order: SharedHours[] = [];
  private readonly answer = ++answers;

  constructor(private readonly at: number) {}

  /** A channel's `,"openNow":…,"acceptingNew":…,"closesAt":…,"nextOpenAt":…,"closedReason":…,"hours":<position>}`. */
  channelTail(hours: SharedHours): Buffer {
    this.enter(hours);
    return hours.answerChannelTail;
  }

  /** LINE's `"withinHours":…,"acceptingNew":…,"closesAt":…,"nextOpenAt":…,"closedReason":…,"hours":<position>},"channels":[`. */
  lineTail(hours: SharedHours, active: boolean): Buffer {
    this.enter(hours);
    return hours.answerLineTail[active ? 1 : 0];
  }

  /** Adds `hours` to the table the first time this answer refers to it, with its tails. */
  private enter(hours: SharedHours): void {
    if (hours.answer === this.answer) return;
    const position = this.order.length;
    this.order.push(hours);
    hours.answer = this.answer;
    hours.answerChannelTail = Buffer.concat([hours.channelTail(this.at), Buffer.from(`${position}}`)]);
    const lineEnd = Buffer.from(`${position}},"channels":[`);
    hours.answerLineTail = [Buffer.concat([hours.lineTail(this.at, false), lineEnd]), Buffer.concat([hours.lineTail(this.at, true), lineEnd])];
  }
}

/** Answers written so far: each its own number, so hours know which table they are in. */
let answers = 0;

/** `,"status":…,"somethingOpen":…,"line":{"usable":…,` for each status, openness and usability. */
const STATUS_PARTS = Object.fromEntries(
  SERVICE_STATUSES.map((status) => [
    status,
    [0, 1, 2, 3].map((openness) => Buffer.from(`,"status":"${status}","somethingOpen":${(openness & SOMETHING_OPEN) !== 0},"line":{"usable":${(openness & LINE_USABLE) !== 0},`)),
  ]),
) as Record<ServiceStatus, Buffer[]>;

/** `page`: the slots of the services of the answer, in order, as ServiceIndex.rank found them at `at` just before. */
export function renderAnswer(index: ServiceIndex, head: AnswerHead, page: readonly number[], at: number, view: View): Written {
  const out = new Writer();
  out.ascii('{"place":');
  out.bytes(head.place);
  out.ascii(`,"at":${iso(head.at)},"tokyoDate":"${head.tokyoDate}","publicHoliday":`);
  if (head.publicHoliday === null) out.ascii('null');
  else out.utf8(JSON.stringify(head.publicHoliday));
  out.ascii(`,"total":${head.total},"nextCursor":${JSON.stringify(head.nextCursor)},"services":[`);
  const table = new HoursTable(at);
  page.forEach((slot, i) => {
    if (i > 0) out.ascii(',');
    const { status, openness } = index.ranked(slot);
    if (view === 'compact') compactService(out, index, slot, status, openness, at, table);
    else fullService(out, index, slot, status, openness, at);
  });
  out.ascii(']');
  if (view === 'compact') {
    out.ascii(',"hours":[');
    table.order.forEach((hours, i) => {
      if (i > 0) out.ascii(',');
      out.bytes(hours.json);
    });
    // Aligned with `hours`: a channel's or LINE's position indexes both.
    out.ascii('],"next7Days":[');
    table.order.forEach((hours, i) => {
      if (i > 0) out.ascii(',');
      out.bytes(hours.next7Days(at));
    });
    out.ascii(']');
  }
  out.ascii('}');
  return out.done();
}

function compactService(out: Writer, index: ServiceIndex, slot: number, status: ServiceStatus, openness: number, at: number, table: HoursTable): void {
  index.writeServiceHead(out, slot, false);
  out.bytes(STATUS_PARTS[status][openness]);
  const hours = index.lineHours(slot);
  out.bytes(hours ? table.lineTail(hours, status === 'active') : UNKNOWN_LINE_TAIL);
  let first = true;
  for (let ch = index.channelStart(slot), end = index.channelEnd(slot); ch < end; ch++) {
    if (!index.channelValidAt(ch, at)) continue;
    if (!first) out.ascii(',');
    first = false;
    index.writeChannelHead(out, ch);
    const channelHours = index.channelHours(ch);
    out.bytes(channelHours ? table.channelTail(channelHours) : UNKNOWN_TAIL);
  }
  out.ascii(']}');
}

// The loop over the channels is written out in both views on purpose: one shared loop (with
// a callback or a branch on the view) measured 8 % fewer answers a second on the compact view.
function fullService(out: Writer, index: ServiceIndex, slot: number, status: ServiceStatus, openness: number, at: number): void {
  index.writeServiceHead(out, slot, true);
  const hours = index.lineHours(slot);
  out.ascii(`,"status":"${status}","line":{"usable":${(openness & LINE_USABLE) !== 0},`);
  out.bytes(hours ? hours.fullLineTail(at, status === 'active') : UNKNOWN_FULL_LINE_TAIL);
  let first = true;
  for (let ch = index.channelStart(slot), end = index.channelEnd(slot); ch < end; ch++) {
    if (!index.channelValidAt(ch, at)) continue;
    if (!first) out.ascii(',');
    first = false;
    index.writeChannelHead(out, ch);
    const channelHours = index.channelHours(ch);
    out.ascii(`,"contactKnown":${index.channelContactKnown(ch)},"hours":`);
    hoursJson(out, channelHours);
    out.bytes(channelHours ? channelHours.fullChannelTail(at) : UNKNOWN_FULL_TAIL);
  }
  out.ascii(`],"somethingOpen":${(openness & SOMETHING_OPEN) !== 0}}`);
}

function hoursJson(out: Writer, hours: SharedHours | null): void {
  if (hours) out.bytes(hours.json);
  else out.ascii('null');
}
