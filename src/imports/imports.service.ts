import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, canWriteService } from '../access/actor';
import { AuditService } from '../access/audit.service';
import { retryOnDeadlock } from '../database/retry';
import { conflict, forbidden } from '../common/errors';
import { refreshStatusSql } from '../line-services/current-status.sql';
import { ChannelRow, channelValidAt, StatusChangeRow } from '../line-services/line-services.repository';
import { toChannelDto, toStatusChangeDto } from '../line-services/line-services.mapper';
import { ServiceWrites } from '../line-services/service-writes';
import { StatusChangesService } from '../line-services/status-changes.service';
import { CsvProblem, decode, Encoding, parseCsv } from './csv';
import { ImportResultDto } from './dto/import.dto';
import { deduplicate } from './deduplication';
import { ImportRejected } from './import-errors';
import { ChannelDraft, readHeader, readRow, RowDraft, RowError, ServiceRef, StatusChangeDraft } from './rows';

/** Enough for every LINE service of a prefecture many times over; a bigger file should be split. */
export const MAX_IMPORT_ROWS = 50_000;

interface ResolvedService {
  id: string;
  operator_code: string;
  name: string;
  local_government_code: string | null;
  national_body_code: string | null;
  parent_code: string | null;
  prefecture_code: string | null;
}

/** A valid row with the service it names. */
type Resolved<T extends RowDraft> = T & { service: ResolvedService };

export interface ImportOutcome {
  result: ImportResultDto;
  /** Whether anything was written (201) or the file held nothing new (200). */
  changed: boolean;
}

/**
 * CSV imports of status changes and fallback channels: every row is checked before
 * anything is written, and then everything is written in one transaction, or nothing.
 * Rows already recorded are skipped, so uploading the same file again adds nothing.
 */
@Injectable()
export class ImportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: ServiceWrites,
    private readonly statusChanges: StatusChangesService,
    private readonly audit: AuditService,
  ) {}

  async import(actor: Actor, bytes: Buffer, forcedEncoding?: Encoding): Promise<ImportOutcome> {
    if (actor.role !== 'prefecture' && actor.role !== 'municipality') {
      throw forbidden('imports are for prefecture and municipality tokens');
    }
    const { encoding, records, checked } = this.read(bytes, forcedEncoding);
    const { services, errors: serviceErrors } = await this.resolve(actor, checked.flatMap((c) => (c.ref ? [{ row: c.row, ref: c.ref }] : [])));
    const errors = [...checked.flatMap((c) => c.errors), ...serviceErrors];
    if (errors.length) {
      const badRows = new Set(errors.map((e) => e.row)).size;
      throw new ImportRejected(
        HttpStatus.UNPROCESSABLE_ENTITY,
        `${errors.length} error${errors.length === 1 ? '' : 's'} in ${badRows} of ${records} row${records === 1 ? '' : 's'}; nothing was applied`,
        errors,
      );
    }
    const rows = checked.map(({ draft }) => ({ ...draft!, service: services.get(draft!.row)! }));
    const importId = randomUUID();
    const { applied, skipped, changes, touched, requests } = await retryOnDeadlock(() => this.dataSource.transaction((manager) => this.apply(manager, actor, importId, rows)));
    this.writes.evaluateManySoon(requests);
    for (const change of changes) this.statusChanges.scheduleIfPending(change);
    return {
      changed: applied.statusChanges + applied.fallbackChannels > 0,
      result: { importId, encoding, rows: records, applied, skippedDuplicates: skipped.length, skippedRows: skipped, services: touched },
    };
  }

  /** Decodes, parses and checks the header, then every row on its own. */
  private read(bytes: Buffer, forcedEncoding?: Encoding) {
    let parsed: ReturnType<typeof parseCsv>;
    let encoding: Encoding;
    try {
      const decoded = decode(bytes, forcedEncoding);
      encoding = decoded.encoding;
      parsed = parseCsv(decoded.text);
    } catch (error) {
      if (error instanceof CsvProblem) throw new ImportRejected(HttpStatus.BAD_REQUEST, error.message, []);
      throw error;
    }
    const { header, records } = parsed;
    if (records.length === 0) throw new ImportRejected(HttpStatus.BAD_REQUEST, 'the file has a header but no data rows', []);
    if (records.length > MAX_IMPORT_ROWS) {
      throw new ImportRejected(HttpStatus.BAD_REQUEST, `the file has ${records.length} data rows; an import takes at most ${MAX_IMPORT_ROWS}: split it`, []);
    }
    const { columns, errors: headerErrors } = readHeader(header, records);
    if (headerErrors.length) {
      throw new ImportRejected(HttpStatus.BAD_REQUEST, 'the header is not that of an import (see GET /v1/imports/template.csv); nothing was applied', headerErrors);
    }
    const checked = records.map((record) => ({ row: record.row, ...readRow(record, columns, header.length) }));
    return { encoding, records: records.length, checked };
  }

  /**
   * Finds every row's service in one query and checks that the token may write it: the
   * service of each row (by row number), and the rows whose service is unknown or not the
   * token's.
   */
  private async resolve(actor: Actor, refs: { row: number; ref: ServiceRef }[]): Promise<{ services: Map<number, ResolvedService>; errors: RowError[] }> {
    const ids = [...new Set(refs.flatMap(({ ref }) => (ref.serviceId ? [ref.serviceId] : [])))];
    const pairs = new Map<string, [string, string]>();
    for (const { ref } of refs) {
      if (!ref.serviceId && ref.operatorCode && ref.serviceName) pairs.set(pairKey(ref.operatorCode, ref.serviceName), [ref.operatorCode, ref.serviceName]);
    }
    const found: ResolvedService[] = await this.dataSource.query(
      `SELECT s.id, s.operator_code, s.name, s.local_government_code, s.national_body_code, lg.parent_code, s.prefecture_code
         FROM line_services s LEFT JOIN local_governments lg ON lg.code = s.local_government_code
        WHERE s.id = ANY ($1::uuid[])
       UNION
       SELECT s.id, s.operator_code, s.name, s.local_government_code, s.national_body_code, lg.parent_code, s.prefecture_code
         FROM unnest($2::text[], $3::text[]) AS wanted (operator_code, name)
         JOIN line_services s ON s.operator_code = wanted.operator_code AND s.name = wanted.name
         LEFT JOIN local_governments lg ON lg.code = s.local_government_code`,
      [ids, [...pairs.values()].map((p) => p[0]), [...pairs.values()].map((p) => p[1])],
    );
    const byId = new Map(found.map((s) => [s.id, s]));
    const byName = new Map(found.map((s) => [pairKey(s.operator_code, s.name), s]));

    const errors: RowError[] = [];
    const services = new Map<number, ResolvedService>();
    for (const { row, ref } of refs) {
      const fail = (column: string, message: string) => errors.push({ row, column, message });
      let service: ResolvedService | undefined;
      if (ref.serviceId) {
        service = byId.get(ref.serviceId);
        if (!service) {
          fail('service_id', 'no service has this id');
          continue;
        }
        if (ref.operatorCode && ref.operatorCode !== service.operator_code) fail('operator_code', `does not match service_id: that service's operator is ${service.operator_code}`);
        if (ref.serviceName && ref.serviceName !== service.name) fail('service_name', `does not match service_id: that service is named "${service.name}"`);
      } else {
        service = byName.get(pairKey(ref.operatorCode!, ref.serviceName!));
        if (!service) {
          fail('service_name', `operator ${ref.operatorCode} has no service of this name`);
          continue;
        }
      }
      const allowed = canWriteService(actor, {
        localGovernmentCode: service.local_government_code,
        nationalBodyCode: service.national_body_code,
        parentCode: service.parent_code,
        prefectureCode: service.prefecture_code,
      });
      if (!allowed) {
        fail(ref.serviceId ? 'service_id' : 'operator_code', `the service is outside the jurisdiction of this ${actor.role} token (${actor.scope}): it is operated by ${service.operator_code}`);
        continue;
      }
      services.set(row, service);
    }
    return { services, errors };
  }

  /** The transaction: lock, skip what is already there, write the rest, audit each row. */
  private async apply(manager: EntityManager, actor: Actor, importId: string, rows: Resolved<RowDraft>[]) {
    const serviceIds = [...new Set(rows.map((r) => r.service.id))].sort();
    // In id order, so that two imports cannot deadlock each other (the sweep still may: see retryOnDeadlock).
    const locked: { id: string }[] = await manager.query(`SELECT id FROM line_services WHERE id = ANY ($1::uuid[]) ORDER BY id FOR UPDATE`, [serviceIds]);
    if (locked.length !== serviceIds.length) throw conflict('a service named by the file was deleted while it was being imported; upload it again');

    const statusRows = rows.filter((r): r is Resolved<StatusChangeDraft> => r.type === 'status_change');
    const channelRows = rows.filter((r): r is Resolved<ChannelDraft> => r.type === 'fallback_channel');
    const recorded = [...(await this.recordedStatusChanges(manager, statusRows)), ...(await this.recordedChannels(manager, channelRows))];
    const { fresh, skipped } = deduplicate(rows, recorded, Date.now());

    const newChanges = fresh.filter((r): r is Resolved<StatusChangeDraft> => r.type === 'status_change');
    const newChannels = fresh.filter((r): r is Resolved<ChannelDraft> => r.type === 'fallback_channel');
    const applied = { statusChanges: newChanges.length, fallbackChannels: newChannels.length };
    const touched = [...new Set(fresh.map((r) => r.service.id))].sort();
    if (fresh.length === 0) return { applied, skipped, changes: [] as StatusChangeRow[], touched, requests: new Map<string, string>() };

    // As every write through the API: the version moves once per service and write.
    await manager.query(`UPDATE line_services SET version = version + 1, updated_at = now() WHERE id = ANY ($1::uuid[])`, [touched]);
    const changes = await this.insertStatusChanges(manager, actor, newChanges);
    const channels = await this.insertChannels(manager, newChannels);

    await this.audit.recordMany(
      manager,
      actor,
      fresh.map((row) => {
        const base = { serviceId: row.service.id, prefectureCode: row.service.prefecture_code, before: null };
        if (row.type === 'status_change') {
          const change = changes.get(row.row)!;
          return { ...base, action: 'import.status_change', entityType: 'status_change', entityId: change.id, after: { importId, row: row.row, ...toStatusChangeDto(change) } };
        }
        const channel = channels.get(row.row)!;
        return { ...base, action: 'import.fallback_channel', entityType: 'fallback_channel', entityId: channel.id, after: { importId, row: row.row, ...toChannelDto(channel) } };
      }),
    );
    const requests = await this.writes.requestEvaluations(manager, touched);
    return { applied, skipped, changes: [...changes.values()], touched, requests };
  }

  /** Rows whose service already has a non-withdrawn change with the same status, effective time and reason. */
  private async recordedStatusChanges(manager: EntityManager, rows: Resolved<StatusChangeDraft>[]): Promise<number[]> {
    if (rows.length === 0) return [];
    const found: { row: number }[] = await manager.query(
      `SELECT u.n AS "row" FROM unnest($1::int[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[]) AS u (n, service_id, status, effective_at, reason)
        WHERE EXISTS (SELECT 1 FROM status_changes sc
                       WHERE sc.service_id = u.service_id AND sc.withdrawn_at IS NULL AND sc.status = u.status
                         AND sc.effective_at = u.effective_at AND sc.reason IS NOT DISTINCT FROM u.reason)`,
      [rows.map((r) => r.row), rows.map((r) => r.service.id), rows.map((r) => r.status), rows.map((r) => r.effectiveAt), rows.map((r) => r.reason)],
    );
    return found.map((f) => f.row);
  }

  /**
   * Rows whose service already has a channel of the same kind, label and contact that is
   * not retired, or one with the very same validity (a past channel imported before).
   */
  private async recordedChannels(manager: EntityManager, rows: Resolved<ChannelDraft>[]): Promise<number[]> {
    if (rows.length === 0) return [];
    const found: { row: number }[] = await manager.query(
      `SELECT u.n AS "row"
         FROM unnest($1::int[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[])
              AS u (n, service_id, kind, label, contact, valid_from, valid_until)
        WHERE EXISTS (SELECT 1 FROM fallback_channels c
                       WHERE c.service_id = u.service_id AND c.kind = u.kind AND c.label = u.label AND c.contact = u.contact
                         AND ((c.valid_until IS NULL OR c.valid_until > now())
                              OR (c.valid_from IS NOT DISTINCT FROM u.valid_from AND c.valid_until IS NOT DISTINCT FROM u.valid_until)))`,
      [
        rows.map((r) => r.row),
        rows.map((r) => r.service.id),
        rows.map((r) => r.kind),
        rows.map((r) => r.label),
        rows.map((r) => r.contact),
        rows.map((r) => r.validFrom),
        rows.map((r) => r.validUntil),
      ],
    );
    return found.map((f) => f.row);
  }

  /**
   * As StatusChangesService.insert, for many rows at once: the changes, then each touched
   * service's current status (and its status_changed event) in one statement.
   */
  private async insertStatusChanges(manager: EntityManager, actor: Actor, rows: Resolved<StatusChangeDraft>[]): Promise<Map<number, StatusChangeRow>> {
    if (rows.length === 0) return new Map();
    // Rows left are distinct in (service, status, effective time, reason): that joins each back to its row.
    const inserted: (StatusChangeRow & { row: number })[] = await manager.query(
      `WITH input AS (
         SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::text[]) AS u (n, service_id, status, effective_at, reason, source_url)
       ), inserted AS (
         INSERT INTO status_changes (service_id, status, effective_at, reason, source_url, recorded_by_token_id, recorded_by)
         SELECT service_id, status, effective_at, reason, source_url, $7, $8 FROM input ORDER BY n
         RETURNING *
       )
       SELECT i.n AS "row", c.id::text, c.service_id, c.status, c.effective_at, c.withdrawn_at IS NULL AND c.effective_at <= now() AS in_effect,
              c.reason, c.source_url, c.recorded_by, c.recorded_at, c.withdrawn_at, c.withdrawn_by
         FROM inserted c
         JOIN input i ON i.service_id = c.service_id AND i.status = c.status AND i.effective_at = c.effective_at AND i.reason IS NOT DISTINCT FROM c.reason`,
      [
        rows.map((r) => r.row),
        rows.map((r) => r.service.id),
        rows.map((r) => r.status),
        rows.map((r) => r.effectiveAt),
        rows.map((r) => r.reason),
        rows.map((r) => r.sourceUrl),
        actor.tokenId,
        actor.name,
      ],
    );
    const services = [...new Set(rows.map((r) => r.service.id))];
    await manager.query(refreshStatusSql('= ANY($1::uuid[])', false), [services]);
    return new Map(inserted.map(({ row, ...change }) => [row, change]));
  }

  private async insertChannels(manager: EntityManager, rows: Resolved<ChannelDraft>[]): Promise<Map<number, ChannelRow>> {
    if (rows.length === 0) return new Map();
    const ids = rows.map(() => randomUUID());
    const inserted: ChannelRow[] = await manager.query(
      `INSERT INTO fallback_channels (id, service_id, kind, platform, label, contact, hours, notes, valid_from, valid_until)
       SELECT id, service_id, kind, platform, label, contact, hours::jsonb, notes, valid_from, valid_until
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[])
              AS u (id, service_id, kind, platform, label, contact, hours, notes, valid_from, valid_until)
       RETURNING id, service_id, kind, platform, label, contact, hours, notes, valid_from, valid_until,
                 ${channelValidAt('fallback_channels', 'now()')} AS valid_now, created_at, updated_at`,
      [
        ids,
        rows.map((r) => r.service.id),
        rows.map((r) => r.kind),
        rows.map((r) => r.platform),
        rows.map((r) => r.label),
        rows.map((r) => r.contact),
        rows.map((r) => (r.hours ? JSON.stringify(r.hours) : null)),
        rows.map((r) => r.notes),
        rows.map((r) => r.validFrom),
        rows.map((r) => r.validUntil),
      ],
    );
    const byId = new Map(inserted.map((c) => [c.id, c]));
    return new Map(rows.map((r, i) => [r.row, byId.get(ids[i])!]));
  }
}

/** A key for a service named by operator and name. */
function pairKey(operatorCode: string, name: string): string {
  return `${operatorCode}\u0000${name}`;
}
