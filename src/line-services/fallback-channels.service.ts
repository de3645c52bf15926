import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../access/actor';
import { badRequest, conflict, ErrorDetail, notFound } from '../common/errors';
import { Versioned } from '../common/etag.interceptor';
import { Enqueuer } from '../jobs/enqueuer';
import { ChannelValidity, upcomingBoundaries } from './channel-boundaries';
import { CHANNEL_KIND_LABELS } from '../i18n/labels';
import { MessageId, render } from '../i18n/messages';
import { ChannelKind, contactProblem } from './contact';
import { CreateFallbackChannelDto, FallbackChannelDto, FallbackChannelListDto, UpdateFallbackChannelDto } from './dto/fallback-channel.dto';
import { toChannelDto } from './line-services.mapper';
import { ChannelRow, FallbackChannelsRepository, hoursParam } from './fallback-channels.repository';
import { LineServicesRepository } from './line-services.repository';
import { ServiceWrites } from './service-writes';

/** A channel as it will be stored, for the checks that span several fields. */
interface ChannelDraft {
  kind: ChannelKind;
  platform: string | null;
  contact: string;
  validFrom: string | Date | null;
  validUntil: string | Date | null;
}

/** What a contact of each kind must be (the catalogue's message, whose English is contactProblem's). */
export const CONTACT_MESSAGES: Record<ChannelKind, MessageId> = {
  phone: 'channel.contact.phone',
  fax: 'channel.contact.phone',
  email: 'channel.contact.email',
  web_form: 'channel.contact.url',
  website: 'channel.contact.url',
  chat_platform: 'channel.contact.chat',
  in_person: 'channel.contact.address',
  postal: 'channel.contact.address',
};

const CHAT_JA = { chatJa: CHANNEL_KIND_LABELS.chat_platform.label };

/** The rules that span fields, in English and Japanese (a contact's character problem has the English only: the filter gives it the generic Japanese). */
export function channelProblems(draft: ChannelDraft): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (draft.kind === 'chat_platform' && !draft.platform) problems.push({ field: 'platform', ...render('channel.platform.required', CHAT_JA) });
  if (draft.kind !== 'chat_platform' && draft.platform) problems.push({ field: 'platform', ...render('channel.platform.onlyForChat', CHAT_JA) });
  const contact = contactProblem(draft.kind, draft.contact);
  if (contact) {
    const byKind = render(CONTACT_MESSAGES[draft.kind]);
    problems.push(contact === byKind.message ? { field: 'contact', ...byKind } : { field: 'contact', message: contact });
  }
  if (draft.validFrom && draft.validUntil && new Date(draft.validUntil) < new Date(draft.validFrom)) {
    problems.push({ field: 'validUntil', ...render('channel.validUntil.beforeFrom') });
  }
  return problems;
}

function rejectProblems(problems: ErrorDetail[]): void {
  if (problems.length) throw badRequest(problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
}

/** Retired: its validity has ended (or, retired before it started, is empty). */
function isRetired(channel: ChannelRow): boolean {
  return channel.valid_until !== null && channel.valid_until <= new Date();
}

// camelCase DTO field → column, for the fields a PATCH may change.
const UPDATABLE: Record<keyof UpdateFallbackChannelDto, string> = {
  kind: 'kind',
  platform: 'platform',
  label: 'label',
  contact: 'contact',
  hours: 'hours',
  notes: 'notes',
  validFrom: 'valid_from',
  validUntil: 'valid_until',
};

@Injectable()
export class FallbackChannelsService {
  constructor(
    private readonly services: LineServicesRepository,
    private readonly channels: FallbackChannelsRepository,
    private readonly writes: ServiceWrites,
    private readonly enqueuer: Enqueuer,
  ) {}

  async create(actor: Actor, serviceId: string, ifMatch: number | undefined, dto: CreateFallbackChannelDto): Promise<Versioned<FallbackChannelDto>> {
    const contact = dto.contact?.trim() ?? '';
    rejectProblems(channelProblems({ kind: dto.kind, platform: dto.platform ?? null, contact, validFrom: dto.validFrom ?? null, validUntil: dto.validUntil ?? null }));
    const { result, version } = await this.writes.run(actor, serviceId, ifMatch, async (manager, { audit }) => {
      const id = await this.channels.insert(manager, {
        serviceId,
        kind: dto.kind,
        platform: dto.platform ?? null,
        label: dto.label,
        contact,
        hours: dto.hours ?? null,
        notes: dto.notes ?? null,
        validFrom: dto.validFrom ?? null,
        validUntil: dto.validUntil ?? null,
      });
      const channel = await this.channels.findById(id, manager);
      await audit({ action: 'fallback_channel.create', entityType: 'fallback_channel', entityId: id, before: null, after: toChannelDto(channel!) });
      return channel!;
    });
    this.scheduleBoundaries([result]);
    return new Versioned(toChannelDto(result), version);
  }

  async update(actor: Actor, channelId: string, ifMatch: number | undefined, dto: UpdateFallbackChannelDto): Promise<Versioned<FallbackChannelDto>> {
    const fields = (Object.keys(UPDATABLE) as (keyof UpdateFallbackChannelDto)[]).filter((key) => dto[key] !== undefined);
    if (fields.length === 0) throw badRequest('the body changes nothing: send at least one field to update');
    const serviceId = await this.serviceOf(channelId);
    const { result, version } = await this.writes.run(actor, serviceId, ifMatch, async (manager, { audit }) => {
      const before = await this.lockChannel(manager, channelId);
      if (isRetired(before)) throw conflict('the channel is retired; add a new channel instead');
      const merged: ChannelDraft = {
        kind: dto.kind ?? before.kind,
        platform: dto.platform !== undefined ? dto.platform : before.platform,
        contact: dto.contact !== undefined ? dto.contact.trim() : before.contact,
        validFrom: dto.validFrom !== undefined ? dto.validFrom : before.valid_from,
        validUntil: dto.validUntil !== undefined ? dto.validUntil : before.valid_until,
      };
      rejectProblems(channelProblems(merged));
      await this.channels.update(
        manager,
        channelId,
        fields.map((key) => [UPDATABLE[key], key === 'hours' ? hoursParam(dto.hours) : key === 'contact' ? merged.contact : dto[key]]),
      );
      const after = await this.channels.findById(channelId, manager);
      await audit({ action: 'fallback_channel.update', entityType: 'fallback_channel', entityId: channelId, before: toChannelDto(before), after: toChannelDto(after!) });
      return after!;
    });
    // Whatever the PATCH changed: a boundary it left alone keeps its job id, so this adds nothing twice.
    this.scheduleBoundaries([result]);
    return new Versioned(toChannelDto(result), version);
  }

  /**
   * After commit: a delayed evaluation at each validity boundary still ahead (a channel
   * starting or expiring), as for a scheduled status change. The write itself is evaluated
   * through the outbox; best effort, as the worker re-creates the jobs of the next minutes
   * and catches up on those that passed.
   */
  scheduleBoundaries(channels: ChannelValidity[]): void {
    const now = Date.now();
    const boundaries = channels.flatMap((channel) => upcomingBoundaries(channel, now));
    if (boundaries.length) void this.enqueuer.evaluateAtBoundaries(boundaries);
  }

  /**
   * Ends the channel's validity now; it stays in the history. Retiring a retired channel
   * changes nothing. This is an immediate change, evaluated through the outbox like any
   * write (ServiceWrites); the jobs of boundaries it had ahead run later and change nothing.
   */
  async retire(actor: Actor, channelId: string, ifMatch: number | undefined): Promise<Versioned<FallbackChannelDto>> {
    const current = await this.channels.findById(channelId);
    if (!current) throw notFound(`fallback channel ${channelId}`);
    if (isRetired(current)) {
      const service = await this.services.findById(current.service_id);
      this.writes.authorize(actor, { ...service!, parent_code: service!.parent_code });
      return new Versioned(toChannelDto(current), service!.version);
    }
    const { result, version } = await this.writes.run(actor, current.service_id, ifMatch, async (manager, { audit }) => {
      const before = await this.lockChannel(manager, channelId);
      // A channel that was to start later is retired too: its validity becomes empty.
      await this.channels.retire(manager, channelId);
      const after = await this.channels.findById(channelId, manager);
      await audit({ action: 'fallback_channel.retire', entityType: 'fallback_channel', entityId: channelId, before: toChannelDto(before), after: toChannelDto(after!) });
      return after!;
    });
    return new Versioned(toChannelDto(result), version);
  }

  async list(serviceId: string, state: 'current' | 'all' = 'current'): Promise<FallbackChannelListDto> {
    if (!(await this.services.exists(serviceId))) throw notFound(`service ${serviceId}`);
    const rows = await this.channels.channelsOf([serviceId], state);
    return { items: rows.map(toChannelDto) };
  }

  private async serviceOf(channelId: string): Promise<string> {
    const channel = await this.channels.findById(channelId);
    if (!channel) throw notFound(`fallback channel ${channelId}`);
    return channel.service_id;
  }

  private async lockChannel(manager: EntityManager, channelId: string): Promise<ChannelRow> {
    const channel = await this.channels.lock(manager, channelId);
    if (!channel) throw notFound(`fallback channel ${channelId}`);
    return channel;
  }
}
