import { Injectable } from '@nestjs/common';
import { AvailabilityService } from '../availability/availability.service';
import type { FullAvailabilityDto, FullServiceAvailabilityDto } from '../availability/dto/availability.dto';
import { fieldError, notFound } from '../common/errors';
import { isHttpUrl } from '../common/url';
import { GapsService } from '../gaps/gaps.service';
import { openingAt } from '../hours/opening';
import { AUDIENCE_LABELS, CATEGORY_LABELS, FINDING_KIND_LABELS, labelOf, RESOLUTION_LABELS, SEVERITY_LABELS, STATUS_LABELS } from '../i18n/labels';
import { LineServicesService } from '../line-services/line-services.service';
import { StatusChangesRepository, StatusChangeRow } from '../line-services/status-changes.repository';
import { AUDIENCES, SERVICE_CATEGORIES } from '../line-services/vocabulary';
import type { LocalGovernment } from '../local-governments/local-government.entity';
import { LocalGovernmentsRepository } from '../local-governments/local-governments.repository';
import { dateJa, dateTimeJa, durationJa, tokyoInputs } from './dates-ja';
import { HomeQuery, PlacePageQuery } from './dto/page-queries';
import { categoryLabel, channelView, levelLabel, lineView, options, recordView, ServiceCardView, shortNotice, StatusRecord } from './views';

/** Services per place page: enough to act on, few enough for a phone (and ≤ 80 KB of HTML). */
export const PLACE_PAGE_SIZE = 40;
const SEARCH_LIMIT = 50;
/** A prefecture's place: its answer holds the national services (with the prefecture's own). */
const NATIONAL_PLACE = '130001';
const STOPPED = new Set(['suspended', 'discontinued']);

export interface Group {
  id: string;
  title: string;
  note: string;
  cards: ServiceCardView[];
}

/**
 * What the pages show, from the code paths the API answers with: availability's own answer
 * (AvailabilityService, view=full) for a place, the service's own DTO and its findings for
 * a service. Nothing here decides whether something is open: it only puts answers into words.
 */
@Injectable()
export class PagesService {
  constructor(
    private readonly availability: AvailabilityService,
    private readonly services: LineServicesService,
    private readonly localGovernments: LocalGovernmentsRepository,
    private readonly statusChanges: StatusChangesRepository,
    private readonly gaps: GapsService,
  ) {}

  async home(query: HomeQuery) {
    const q = query.q?.trim() || undefined;
    const [results, prefectures, national] = await Promise.all([
      q ? this.localGovernments.list({ q, limit: SEARCH_LIMIT + 1 }) : Promise.resolve(null),
      this.localGovernments.list({ kind: 'prefecture', limit: 100 }),
      this.nationalOpenNow(),
    ]);
    return {
      title: q ? `「${q}」の検索結果` : '地域から探す',
      q: q ?? '',
      results: results && { items: results.slice(0, SEARCH_LIMIT).map(placeLink), more: results.length > SEARCH_LIMIT },
      prefectures: prefectures.map(placeLink),
      national,
    };
  }

  /** National services with something open now, from availability's answer for a prefecture. */
  private async nationalOpenNow(): Promise<{ at: string; cards: ServiceCardView[] }> {
    const at = Date.now();
    const cards: ServiceCardView[] = [];
    let cursor: string | undefined;
    do {
      const answer = await this.answer({ localGovernment: NATIONAL_PLACE, at: new Date(at).toISOString(), view: 'full', limit: 1000, cursor });
      const open = answer.services.filter((s) => s.somethingOpen);
      cards.push(...(await this.cards(open.filter((s) => s.level === 'national'), at)));
      // Ranked open first: past the open ones there is nothing more to show.
      cursor = open.length === answer.services.length ? (answer.nextCursor ?? undefined) : undefined;
    } while (cursor);
    return { at: dateTimeJa(at), cards };
  }

  async place(code: string, query: PlacePageQuery) {
    const chosen = chosenTime(query);
    const answer = await this.answer({
      localGovernment: code,
      at: chosen === null ? undefined : new Date(chosen).toISOString(),
      view: 'full',
      limit: PLACE_PAGE_SIZE,
      category: query.category,
      audience: query.audience,
      cursor: query.cursor,
    });
    const at = Date.parse(answer.at);
    const [cards, lg, municipalities] = await Promise.all([
      this.cards(answer.services, at),
      this.localGovernments.findByCode(answer.place.code),
      answer.place.kind === 'prefecture' ? this.localGovernments.list({ prefecture: answer.place.prefectureCode, limit: 1000 }) : Promise.resolve([]),
    ]);
    const prefecture = answer.place.kind === 'prefecture' ? null : (await this.localGovernments.list({ prefecture: answer.place.prefectureCode, kind: 'prefecture', limit: 1 }))[0];
    const inputs = tokyoInputs(at);
    const name = answer.place.name;
    const filters = { audience: query.audience ?? '', category: query.category ?? '', date: query.date ?? '', time: query.time ?? '' };
    return {
      title: chosen === null ? `${name}で いま つながる窓口` : `${name}で ${dateTimeJa(at)}に つながる窓口`,
      place: { code: answer.place.code, name, kana: lg?.nameKana ?? '' },
      prefecture: prefecture ? placeLink(prefecture) : null,
      chosen: chosen !== null,
      when: dateTimeJa(at),
      holiday: answer.publicHoliday,
      form: chosen === null ? { date: '', time: '' } : inputs,
      audiences: options(AUDIENCE_LABELS, AUDIENCES, query.audience),
      categories: options(CATEGORY_LABELS, SERVICE_CATEGORIES, query.category),
      total: answer.total,
      shown: answer.services.length,
      groups: groupsOf(answer.services, cards),
      now: `/places/${answer.place.code}${query.audience || query.category ? `?${new URLSearchParams(nonEmpty({ audience: filters.audience, category: filters.category }))}` : ''}`,
      next: answer.nextCursor ? `/places/${answer.place.code}?${new URLSearchParams({ ...nonEmpty(filters), cursor: answer.nextCursor })}` : null,
      municipalities: municipalities.filter((m) => m.kind !== 'prefecture').map(placeLink),
    };
  }

  /** The page of a prefecture given by its number (01–47). */
  async prefecturePath(prefecture: string): Promise<string> {
    const [lg] = await this.localGovernments.list({ prefecture, kind: 'prefecture', limit: 1 });
    if (!lg) throw notFound(`prefecture ${prefecture}`);
    return `/places/${lg.code}`;
  }

  async service(id: string) {
    const { body: service } = await this.services.getVersioned(id);
    const [gaps, operator] = await Promise.all([this.gaps.ofService(id), service.operatorType === 'local_government' ? this.localGovernments.findByCode(service.operatorCode) : null]);
    const at = Date.now();
    const current = latestInEffect(service.timeline.map(toRecordRow), at, service.currentStatus);
    const lineState = service.currentStatus === 'active' ? toState(openingAt(service.lineHours, new Date(at))) : null;
    // An organisation (認定NPO法人 and the like) is neither a government nor the state: named as availability's level is.
    const level = service.operatorType === 'organization' ? 'organization' : operator === null ? 'national' : operator.kind === 'prefecture' ? 'prefecture' : 'municipality';
    return {
      title: service.name,
      service: {
        id: service.id,
        name: service.name,
        operatorName: service.operatorName,
        operatorLink: operator ? placeLink(operator) : null,
        level: levelLabel(level),
        category: categoryLabel(service.category),
        audiences: service.audiences.map((a) => labelOf(AUDIENCE_LABELS, a)).join('・'),
        department: service.department,
        description: service.description,
        url: service.url,
        lifeCritical: service.lifeCritical,
      },
      when: dateTimeJa(at),
      record: recordView(service, gaps.items),
      line: lineView(service.currentStatus, service.lineHours, lineState, current, at),
      channels: service.fallbackChannels.map((channel) => ({
        ...channelView(channel, channel.validNow ? toState(openingAt(channel.hours, new Date(at))) : { open: false, acceptingNew: false, closesAt: null, nextOpenAt: null, closedReason: null }, at),
        validity: validityJa(channel.validNow, channel.validFrom, channel.validUntil),
      })),
      timeline: service.timeline.map((change) => ({
        date: change.effectiveAt ? dateJa(change.effectiveAt) : '日付不明',
        status: labelOf(STATUS_LABELS, change.status),
        state: change.withdrawnAt ? `取り下げ（${dateJa(change.withdrawnAt)}）` : change.inEffect ? '' : '予定',
        reason: change.reason,
        sourceUrl: change.sourceUrl,
        sourceLinkable: change.sourceUrl !== null && isHttpUrl(change.sourceUrl),
      })).reverse(),
      gaps: gaps.items.map((gap) => ({
        kind: labelOf(FINDING_KIND_LABELS, gap.kind),
        severity: labelOf(SEVERITY_LABELS, gap.severity),
        open: gap.state === 'open',
        openedAt: dateTimeJa(gap.openedAt),
        duration: durationJa(gap.openSeconds),
        resolvedAt: gap.resolvedAt ? dateTimeJa(gap.resolvedAt) : null,
        resolution: gap.resolution ? labelOf(RESOLUTION_LABELS, gap.resolution) : null,
      })),
    };
  }

  /** availability's answer (the API's own bytes), read as the JSON the API sends. */
  private async answer(query: Parameters<AvailabilityService['availability']>[0]): Promise<FullAvailabilityDto> {
    const { written } = await this.availability.availability(query);
    try {
      return JSON.parse(written!.body.toString('utf8')) as FullAvailabilityDto;
    } finally {
      written!.release();
    }
  }

  /** Service cards, with the date and public reason of a stop (the status change that made it). */
  private async cards(services: FullServiceAvailabilityDto[], at: number): Promise<ServiceCardView[]> {
    const stopped = services.filter((s) => s.status !== 'active').map((s) => s.id);
    const rows = await this.statusChanges.timelinesOf(stopped);
    const records = new Map<string, StatusRecord | null>();
    for (const id of stopped) records.set(id, latestInEffect(rows.filter((r) => r.service_id === id).map(rowRecord), at, services.find((s) => s.id === id)!.status));
    return services.map((s) => ({
      id: s.id,
      name: s.name,
      operatorName: s.operatorName,
      level: levelLabel(s.level),
      category: categoryLabel(s.category),
      lifeCritical: s.lifeCritical,
      url: s.url,
      notice: shortNotice(s.publicNotice),
      line: lineView(s.status, s.line.hours, s.status === 'active' ? lineState(s, at) : null, records.get(s.id) ?? null, at),
      channels: s.channels.map((c) => channelView(c, { open: c.openNow, acceptingNew: c.acceptingNew, closesAt: c.closesAt, nextOpenAt: c.nextOpenAt, closedReason: c.closedReason }, at)),
    }));
  }
}

const WEEK_MS = 7 * 86_400_000;

/**
 * LINE's state in availability's full answer: within its hours or not, when it opens next,
 * and when it closes: the end of its first open interval of the next 7 days, unless that
 * is the end of the window (it does not close within it).
 */
function lineState(s: FullServiceAvailabilityDto, at: number) {
  const first = s.line.next7Days?.[0];
  const open = s.line.withinHours;
  // The window's end is given to the second, like every time in the answer.
  const closesAt = open && first && Date.parse(first.to) < Math.floor(at / 1000) * 1000 + WEEK_MS ? first.to : null;
  return { open, acceptingNew: s.line.acceptingNew, closesAt, nextOpenAt: s.line.nextOpenAt, closedReason: s.line.closedReason };
}

/** Groups of the place page: open now; opens later; stopped with an alternative; stopped without one. */
function groupsOf(services: FullServiceAvailabilityDto[], cards: ServiceCardView[]): Group[] {
  const groups: Group[] = [
    { id: 'open', title: 'いま開いている', note: 'LINEか代わりの窓口のどれかが、いま受け付けています。', cards: [] },
    { id: 'later', title: 'このあと開く', note: 'いまは時間外です。次に開く日時を確かめてください。', cards: [] },
    { id: 'stopped-alt', title: '停止中（代替手段あり）', note: 'LINEは止まっています。代わりの窓口は、いまは時間外です。', cards: [] },
    { id: 'stopped-none', title: '停止中（代替手段なし）', note: 'LINEが止まっていて、代わりの窓口も登録されていません。', cards: [] },
  ];
  services.forEach((s, i) => {
    const group = s.somethingOpen ? 0 : !STOPPED.has(s.status) ? 1 : s.channels.length > 0 ? 2 : 3;
    groups[group].cards.push(cards[i]);
  });
  return groups;
}

interface RecordRow extends StatusRecord {
  status: string;
  withdrawn: boolean;
}

const rowRecord = (r: StatusChangeRow): RecordRow => ({ status: r.status, effectiveAt: r.effective_at, reason: r.reason, sourceUrl: r.source_url, withdrawn: r.withdrawn_at !== null });
const toRecordRow = (c: { status: string; effectiveAt: string | null; reason: string | null; sourceUrl: string | null; withdrawnAt: string | null }): RecordRow => ({
  status: c.status,
  effectiveAt: c.effectiveAt,
  reason: c.reason,
  sourceUrl: c.sourceUrl,
  withdrawn: c.withdrawnAt !== null,
});

/**
 * The change behind a status availability reported at `at`: of a timeline in its order
 * (undated first, then by effective time), the last not withdrawn and in effect by then, if
 * it is of that status. Only for its date and reason: the status itself is availability's.
 */
function latestInEffect(timeline: RecordRow[], at: number, status: string | null): StatusRecord | null {
  let latest: RecordRow | null = null;
  for (const change of timeline) if (!change.withdrawn && (change.effectiveAt === null || new Date(change.effectiveAt).getTime() <= at)) latest = change;
  return latest && latest.status === status ? latest : null;
}

/** The chosen Tokyo date and time as an instant; null for "now". A part left out is now's. */
function chosenTime(query: PlacePageQuery): number | null {
  if (!query.date && !query.time) return null;
  const now = tokyoInputs(Date.now());
  const date = query.date ?? now.date;
  const ms = Date.parse(`${date}T${query.time ?? now.time}:00+09:00`);
  if (Number.isNaN(ms) || tokyoInputs(ms).date !== date) throw fieldError('date', '暦にない日付です');
  const year = Number(date.slice(0, 4));
  if (year < 1990 || year > 2100) throw fieldError('date', '1990年から2100年までの日付で指定してください');
  return ms;
}

const placeLink = (lg: Pick<LocalGovernment, 'code' | 'name'> & Partial<Pick<LocalGovernment, 'kind' | 'parentCode'>>) => ({ code: lg.code, name: lg.name, ward: lg.kind === 'designated_city_ward' });
const nonEmpty = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
const toState = (o: ReturnType<typeof openingAt>) => ({ open: o.open, acceptingNew: o.acceptingNew, closesAt: o.closesAt, nextOpenAt: o.nextOpenAt, closedReason: o.reason });

function validityJa(validNow: boolean, from: string | null, until: string | null): string | null {
  if (!validNow && from) return `${dateJa(from)}から`;
  if (until) return `${dateJa(until)}まで`;
  return null;
}

