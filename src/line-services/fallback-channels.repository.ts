import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Hours } from '../hours/hours';
import type { ChannelBoundary } from '../jobs/jobs';
import type { ChannelFields } from './channel-fields';
import { channelColumns, updateColumnsSql } from './line-services.sql';

/** A fallback channel as the API reads it (snake_case, as PostgreSQL names the columns). */
export interface ChannelRow extends Omit<ChannelFields<Date>, 'validFrom' | 'validUntil'> {
  id: string;
  service_id: string;
  valid_from: Date | null;
  valid_until: Date | null;
  valid_now: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface NewChannel extends ChannelFields<string> {
  serviceId: string;
}

const COLUMNS = channelColumns('c');

/** The fallback_channels table. */
@Injectable()
export class FallbackChannelsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Channels of the given services: those valid now or later, or every one with `all`. */
  channelsOf(serviceIds: string[], state: 'current' | 'all' = 'current'): Promise<ChannelRow[]> {
    if (serviceIds.length === 0) return Promise.resolve([]);
    if (state === 'all') {
      return this.dataSource.query(`SELECT ${COLUMNS} FROM fallback_channels c WHERE c.service_id = ANY ($1::uuid[]) ORDER BY c.service_id, c.created_at, c.id`, [serviceIds]);
    }
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM fallback_channels c
        WHERE c.service_id = ANY ($1::uuid[]) AND (c.valid_until IS NULL OR c.valid_until > now())
        ORDER BY c.service_id, c.created_at, c.id`,
      [serviceIds],
    );
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<ChannelRow | null> {
    const [row] = await manager.query(`SELECT ${COLUMNS} FROM fallback_channels c WHERE c.id = $1`, [id]);
    return row ?? null;
  }

  /** Locks the channel row in the caller's transaction and reads it; null if there is none. */
  async lock(manager: EntityManager, id: string): Promise<ChannelRow | null> {
    await manager.query(`SELECT id FROM fallback_channels WHERE id = $1 FOR UPDATE`, [id]);
    return this.findById(id, manager);
  }

  async insert(manager: EntityManager, channel: NewChannel): Promise<string> {
    const [{ id }] = await manager.query(
      `INSERT INTO fallback_channels (service_id, kind, platform, label, contact, hours, notes, valid_from, valid_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [channel.serviceId, channel.kind, channel.platform, channel.label, channel.contact, hoursParam(channel.hours), channel.notes, channel.validFrom, channel.validUntil],
    );
    return id;
  }

  /** Sets the given columns (names from the caller's fixed list of updatable ones). */
  async update(manager: EntityManager, id: string, values: [column: string, value: unknown][]): Promise<void> {
    await manager.query(updateColumnsSql('fallback_channels', values.map(([column]) => column), ['updated_at = now()']), [id, ...values.map(([, value]) => value)]);
  }

  /**
   * Validity boundaries (a channel starting or ending) in the next ten minutes, for their
   * delayed evaluations, as StatusChangesRepository.dueInTheNextTenMinutes for scheduled
   * changes. Empty validities (retired before they started) have none. Both bounds are
   * indexed (fallback_channels_valid_from, fallback_channels_valid_until).
   */
  boundariesInTheNextTenMinutes(): Promise<ChannelBoundary[]> {
    return this.dataSource.query(
      `SELECT id AS "channelId", service_id AS "serviceId", 'from' AS edge, valid_from AS at FROM fallback_channels
        WHERE valid_from > now() AND valid_from <= now() + interval '10 minutes' AND (valid_until IS NULL OR valid_until > valid_from)
       UNION ALL
       SELECT id, service_id, 'until', valid_until FROM fallback_channels
        WHERE valid_until > now() AND valid_until <= now() + interval '10 minutes' AND (valid_from IS NULL OR valid_from < valid_until)`,
    );
  }

  /**
   * Validity boundaries that passed in the last minute, of channels last written before
   * them: their delayed jobs lived in Redis, which keeps nothing on disk, so the relay adds
   * them again. A bound written as already passed (a retirement, a PATCH into the past) was
   * evaluated through the outbox with its write.
   */
  boundariesInTheLastMinute(): Promise<ChannelBoundary[]> {
    return this.dataSource.query(
      `SELECT id AS "channelId", service_id AS "serviceId", 'from' AS edge, valid_from AS at FROM fallback_channels
        WHERE valid_from <= now() AND valid_from > now() - interval '1 minute' AND updated_at < valid_from
          AND (valid_until IS NULL OR valid_until > valid_from)
       UNION ALL
       SELECT id, service_id, 'until', valid_until FROM fallback_channels
        WHERE valid_until <= now() AND valid_until > now() - interval '1 minute' AND updated_at < valid_until
          AND (valid_from IS NULL OR valid_from < valid_until)`,
    );
  }

  /** Ends the validity now; a channel that was to start later gets an empty validity. */
  async retire(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE fallback_channels
          SET valid_until = now(), valid_from = CASE WHEN valid_from > now() THEN now() ELSE valid_from END, updated_at = now()
        WHERE id = $1`,
      [id],
    );
  }
}

/** Hours are stored as JSON (jsonb); null when unknown. */
export const hoursParam = (hours: Hours | null | undefined) => (hours ? JSON.stringify(hours) : null);
