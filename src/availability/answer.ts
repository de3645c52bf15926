import type { ServiceStatus } from '../line-services/vocabulary';
import { channelValidAt, IndexedService, SharedHours } from './service-index';

/**
 * An availability answer written as bytes: the services' parts serialised when they were
 * read are copied, and only what depends on the time asked (status, open or not, when it
 * closes or opens next) is written per request, all ASCII.
 *
 * `compact` (the default) carries what a person acts on and refers to hours by their
 * position in a table of the distinct hours of the answer (`hours`); `full` repeats the
 * hours in every service and channel and adds department, audiences and contactKnown.
 */
export type View = 'compact' | 'full';
export const VIEWS: readonly View[] = ['compact', 'full'];

/** A service on the page, with what ranking already found out at the time asked. */
export interface RankedService {
  service: IndexedService;
  status: ServiceStatus;
  lineUsable: boolean;
  somethingOpen: boolean;
}

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

/** The parts of an answer, copied into one buffer at the end. */
class Parts {
  private readonly parts: (Buffer | string)[] = [];
  private length = 0;

  /** Bytes as they are. */
  bytes(buffer: Buffer, start = 0, end = buffer.length): void {
    this.parts.push(start === 0 && end === buffer.length ? buffer : buffer.subarray(start, end));
    this.length += end - start;
  }

  /** ASCII text (what is written per request is). */
  ascii(text: string): void {
    this.parts.push(text);
    this.length += text.length;
  }

  toBuffer(): Buffer {
    const out = Buffer.allocUnsafe(this.length);
    let offset = 0;
    for (const part of this.parts) {
      if (typeof part === 'string') offset += out.write(part, offset, 'latin1');
      else offset += part.copy(out, offset);
    }
    return out;
  }
}

/** The table of the distinct hours an answer refers to, in the order first referred to. */
class HoursTable {
  readonly order: SharedHours[] = [];
  private readonly ids = new Map<SharedHours, number>();

  ref(hours: SharedHours | null): string {
    if (!hours) return 'null';
    let id = this.ids.get(hours);
    if (id === undefined) {
      this.ids.set(hours, (id = this.order.length));
      this.order.push(hours);
    }
    return String(id);
  }
}

export function renderAnswer(head: AnswerHead, page: readonly RankedService[], at: number, view: View): Buffer {
  const out = new Parts();
  out.ascii('{"place":');
  out.bytes(head.place);
  out.ascii(`,"at":${iso(head.at)},"tokyoDate":"${head.tokyoDate}","publicHoliday":`);
  if (head.publicHoliday === null) out.ascii('null');
  else out.bytes(Buffer.from(JSON.stringify(head.publicHoliday)));
  out.ascii(`,"total":${head.total},"nextCursor":${JSON.stringify(head.nextCursor)},"services":[`);
  const table = new HoursTable();
  page.forEach((ranked, i) => {
    if (i > 0) out.ascii(',');
    if (view === 'compact') compactService(out, ranked, at, table);
    else fullService(out, ranked, at);
  });
  out.ascii(']');
  if (view === 'compact') {
    out.ascii(',"hours":[');
    table.order.forEach((hours, i) => {
      if (i > 0) out.ascii(',');
      out.bytes(hours.json);
    });
    out.ascii(']');
  }
  out.ascii('}');
  return out.toBuffer();
}

function compactService(out: Parts, { service: s, status, lineUsable, somethingOpen }: RankedService, at: number, table: HoursTable): void {
  out.bytes(s.bytes, 0, s.ends[0]);
  const line = s.lineHours?.compiled.opening(at) ?? null;
  const active = status === 'active';
  out.ascii(
    `,"status":"${status}","somethingOpen":${somethingOpen},"line":{"usable":${lineUsable},"withinHours":${line ? line.open : null},` +
      `"closesAt":${iso(active ? (line?.closesAt ?? null) : null)},"nextOpenAt":${iso(active ? (line?.nextOpenAt ?? null) : null)},"hours":${table.ref(s.lineHours)}},"channels":[`,
  );
  let first = true;
  for (let i = 0; i < s.channelFrom.length; i++) {
    if (!channelValidAt(s, i, at)) continue;
    if (!first) out.ascii(',');
    first = false;
    out.bytes(s.bytes, s.ends[1 + i], s.ends[2 + i]);
    const hours = s.channelHours[i];
    const opening = hours?.compiled.opening(at) ?? null;
    out.ascii(`,"openNow":${opening ? opening.open : null},"closesAt":${iso(opening?.closesAt ?? null)},"nextOpenAt":${iso(opening?.nextOpenAt ?? null)},"hours":${table.ref(hours)}}`);
  }
  out.ascii(']}');
}

function fullService(out: Parts, { service: s, status, lineUsable, somethingOpen }: RankedService, at: number): void {
  out.bytes(s.bytes, 0, s.ends[1]);
  const line = s.lineHours?.compiled.opening(at) ?? null;
  out.ascii(`,"status":"${status}","line":{"usable":${lineUsable},"withinHours":${line ? line.open : null},"nextOpenAt":${iso(status === 'active' ? (line?.nextOpenAt ?? null) : null)},"hours":`);
  hoursJson(out, s.lineHours);
  out.ascii('},"channels":[');
  let first = true;
  for (let i = 0; i < s.channelFrom.length; i++) {
    if (!channelValidAt(s, i, at)) continue;
    if (!first) out.ascii(',');
    first = false;
    out.bytes(s.bytes, s.ends[1 + i], s.ends[2 + i]);
    const hours = s.channelHours[i];
    const opening = hours?.compiled.opening(at) ?? null;
    out.ascii(`,"contactKnown":${s.channelContactKnown[i]},"hours":`);
    hoursJson(out, hours);
    out.ascii(`,"openNow":${opening ? opening.open : null},"closesAt":${iso(opening?.closesAt ?? null)},"nextOpenAt":${iso(opening?.nextOpenAt ?? null)}}`);
  }
  out.ascii(`],"somethingOpen":${somethingOpen}}`);
}

function hoursJson(out: Parts, hours: SharedHours | null): void {
  if (hours) out.bytes(hours.json);
  else out.ascii('null');
}
