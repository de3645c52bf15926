import { HttpStatus, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor, canWriteService } from '../access/actor';
import { AuditService } from '../access/audit.service';
import { conflict, forbidden } from '../common/errors';
import { Transactions } from '../database/transactions';
import { toChannelDto, toStatusChangeDto } from '../line-services/line-services.mapper';
import { FallbackChannelsService } from '../line-services/fallback-channels.service';
import { LineServicesRepository } from '../line-services/line-services.repository';
import { ServiceWrites } from '../line-services/service-writes';
import { StatusChangesService } from '../line-services/status-changes.service';
import { VerificationRow, VerificationsRepository } from '../line-services/verifications.repository';
import { render, Rendered } from '../i18n/messages';
import { decode, Encoding, parseCsv } from './csv';
import { conflictingServiceInfo, deduplicate, mergeServiceInfo, newVerifications } from './deduplication';
import { ImportFormat, ImportResultDto } from './dto/import.dto';
import { ImportRejected } from './import-errors';
import { ImportsRepository, Resolved, ResolvedService, ServiceInfoInput, ServiceInfoRow, ServiceName } from './imports.repository';
import { ChannelDraft, readHeader, readRow, RowDraft, RowError, ServiceInfoDraft, ServiceRef, SheetColumns, StatusChangeDraft } from './rows';
import type { ColumnName } from './columns';
import { FileProblem, ParsedSheet } from './sheet';
import { looksLikeZip, readXlsx } from './xlsx';

/** Enough for every LINE service of a prefecture many times over; a bigger file should be split. */
export const MAX_IMPORT_ROWS = 50_000;

/** How the file is to be read: the CSV's encoding (else detected), the workbook's sheet (else the first). */
export interface ReadOptions {
  encoding?: Encoding;
  sheet?: string;
}

export interface ImportOutcome {
  result: ImportResultDto;
  /** Whether anything was written (201) or the file held nothing new (200). */
  changed: boolean;
}

/**
 * Imports of status changes and fallback channels from a CSV or an Excel workbook (told
 * apart by the zip signature, whatever the Content-Type): every row is checked before
 * anything is written, and then everything is written in one transaction, or nothing.
 * Rows already recorded are skipped, so uploading the same file again adds nothing.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly repository: ImportsRepository,
    private readonly writes: ServiceWrites,
    private readonly statusChanges: StatusChangesService,
    private readonly channels: FallbackChannelsService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
    private readonly services: LineServicesRepository,
    private readonly verifications: VerificationsRepository,
  ) {}

  async import(actor: Actor, bytes: Buffer, options: ReadOptions = {}): Promise<ImportOutcome> {
    // An npo token scoped to an organisation imports that organisation's services (an unscoped one writes nothing).
    if (actor.role !== 'prefecture' && actor.role !== 'municipality' && !(actor.role === 'npo' && actor.scope !== null)) {
      throw forbidden('imports are for prefecture and municipality tokens, and npo tokens scoped to an organisation');
    }
    const { format, encoding, sheet, records, columns, checked } = await this.read(bytes, options);
    const { services, errors: serviceErrors } = await this.resolve(actor, columns, checked.flatMap((c) => (c.ref ? [{ row: c.row, ref: c.ref }] : [])));
    const errors = [...checked.flatMap((c) => c.errors), ...serviceErrors];
    if (errors.length === 0) {
      const withServices = checked.map(({ draft }) => ({ ...draft!, service: services.get(draft!.row)! }));
      for (const c of conflictingServiceInfo(withServices)) errors.push(columns.error(c.row, c.column as ColumnName, render('import.serviceInfo.conflict', { earlier: c.earlier })));
    }
    if (errors.length) {
      const badRows = new Set(errors.map((e) => e.row)).size;
      const summary = render('import.file.rowErrors', { errors: errors.length, plural: errors.length === 1 ? '' : 's', badRows, rows: records, rowsPlural: records === 1 ? '' : 's' });
      throw new ImportRejected(HttpStatus.UNPROCESSABLE_ENTITY, summary, errors);
    }
    const rows = checked.map(({ draft }) => ({ ...draft!, service: services.get(draft!.row)! }));
    const importId = randomUUID();
    const { applied, skipped, changes, channels, touched, requests } = await this.transactions.runRetryingDeadlocks((manager) => this.apply(manager, actor, importId, rows));
    this.writes.evaluateManySoon(requests);
    for (const change of changes) this.statusChanges.scheduleIfPending(change);
    this.channels.scheduleBoundaries(channels);
    return {
      changed: applied.statusChanges + applied.fallbackChannels + applied.serviceInfo > 0,
      result: { importId, format, encoding, sheet, rows: records, applied, skippedDuplicates: skipped.length, skippedRows: skipped, services: touched },
    };
  }

  /** Reads the file (CSV or XLSX), checks the header, then every row on its own. */
  private async read(bytes: Buffer, options: ReadOptions) {
    let parsed: ParsedSheet;
    let format: ImportFormat;
    let encoding: Encoding;
    let sheet: string | null = null;
    try {
      if (looksLikeZip(bytes)) {
        if (options.encoding) throw new FileProblem(render('import.file.encodingNotForXlsx'), 'encoding');
        const workbook = await readXlsx(bytes, options.sheet, MAX_IMPORT_ROWS);
        [parsed, format, encoding, sheet] = [workbook, 'xlsx', 'utf-8', workbook.sheet];
      } else {
        if (options.sheet !== undefined) throw new FileProblem(render('import.file.sheetNotForCsv'), 'sheet');
        const decoded = decode(bytes, options.encoding);
        [parsed, format, encoding] = [parseCsv(decoded.text), 'csv', decoded.encoding];
      }
    } catch (error) {
      if (error instanceof FileProblem) throw ImportRejected.ofFile(error);
      throw error;
    }
    const { records } = parsed;
    if (records.length === 0) throw new ImportRejected(HttpStatus.BAD_REQUEST, render('import.file.noDataRows'), []);
    if (records.length > MAX_IMPORT_ROWS) throw new ImportRejected(HttpStatus.BAD_REQUEST, render('import.file.tooManyRows', { rows: records.length, max: MAX_IMPORT_ROWS }), []);
    const { columns, errors: headerErrors } = readHeader(parsed);
    if (headerErrors.length) throw new ImportRejected(HttpStatus.BAD_REQUEST, render('import.file.badHeader'), headerErrors);
    const checked = records.map((record) => ({ row: record.row, ...readRow(record, columns) }));
    return { format, encoding, sheet, records: records.length, columns, checked };
  }

  /**
   * Finds every row's service in one query and checks that the token may write it: the
   * service of each row (by row number), and the rows whose service is unknown or not the
   * token's.
   */
  private async resolve(actor: Actor, columns: SheetColumns, refs: { row: number; ref: ServiceRef }[]): Promise<{ services: Map<number, ResolvedService>; errors: RowError[] }> {
    const ids = [...new Set(refs.flatMap(({ ref }) => (ref.serviceId ? [ref.serviceId] : [])))];
    const pairs = new Map<string, ServiceName>();
    for (const { ref } of refs) {
      if (!ref.serviceId && ref.operatorCode && ref.serviceName) pairs.set(pairKey(ref.operatorCode, ref.serviceName), { operatorCode: ref.operatorCode, name: ref.serviceName });
    }
    const found = await this.repository.findServices(ids, [...pairs.values()]);
    const byId = new Map(found.map((s) => [s.id, s]));
    const byName = new Map(found.map((s) => [pairKey(s.operator_code, s.name), s]));

    const errors: RowError[] = [];
    const services = new Map<number, ResolvedService>();
    for (const { row, ref } of refs) {
      const fail = (column: 'service_id' | 'operator_code' | 'service_name', problem: Rendered) => errors.push(columns.error(row, column, problem));
      const idHeader = columns.headerOf('service_id');
      let service: ResolvedService | undefined;
      if (ref.serviceId) {
        service = byId.get(ref.serviceId);
        if (!service) {
          fail('service_id', render('import.service.unknownId'));
          continue;
        }
        if (ref.operatorCode && ref.operatorCode !== service.operator_code) fail('operator_code', render('import.service.operatorMismatch', { code: service.operator_code, idHeader }));
        if (ref.serviceName && ref.serviceName !== service.name) fail('service_name', render('import.service.nameMismatch', { name: service.name, idHeader }));
      } else {
        service = byName.get(pairKey(ref.operatorCode!, ref.serviceName!));
        if (!service) {
          fail('service_name', render('import.service.unknownName', { code: ref.operatorCode! }));
          continue;
        }
      }
      const allowed = canWriteService(actor, {
        localGovernmentCode: service.local_government_code,
        nationalBodyCode: service.national_body_code,
        organizationCode: service.organization_code,
        parentCode: service.parent_code,
        prefectureCode: service.prefecture_code,
      });
      if (!allowed) {
        fail(ref.serviceId ? 'service_id' : 'operator_code', render('import.service.outsideJurisdiction', { role: actor.role, scope: actor.scope ?? '', code: service.operator_code }));
        continue;
      }
      services.set(row, service);
    }
    return { services, errors };
  }

  /** The transaction: lock, skip what is already there, write the rest, audit each row. */
  private async apply(manager: EntityManager, actor: Actor, importId: string, rows: Resolved<RowDraft>[]) {
    const serviceIds = [...new Set(rows.map((r) => r.service.id))];
    const locked = await this.services.lockMany(manager, serviceIds);
    if (locked.length !== serviceIds.length) throw conflict('a service named by the file was deleted while it was being imported; upload it again');

    const all = byType(rows);
    const verified = new Set(await this.repository.recordedVerifications(manager, all.infos));
    const recorded = [
      ...(await this.repository.recordedStatusChanges(manager, all.changes)),
      ...(await this.repository.recordedChannels(manager, all.channels)),
      ...(await this.recordedServiceInfo(manager, all.infos, verified)),
    ];
    const { fresh, skipped } = deduplicate(rows, recorded, Date.now());

    const { changes: newChanges, channels: newChannels, infos: newInfos } = byType(fresh);
    const applied = { statusChanges: newChanges.length, fallbackChannels: newChannels.length, serviceInfo: newInfos.length, verifications: 0 };
    const touched = [...new Set(fresh.map((r) => r.service.id))].sort();
    if (fresh.length === 0) return { applied, skipped, changes: [], channels: [], touched, requests: new Map<string, string>() };

    const changes = await this.repository.insertStatusChanges(manager, actor, newChanges);
    if (newChanges.length) await this.services.refreshCurrentStatus(manager, ...new Set(newChanges.map((r) => r.service.id)));
    const channels = await this.repository.insertChannels(manager, newChannels);
    const info = await this.writeServiceInfo(manager, actor, newInfos, verified);
    applied.verifications = new Set(info.verifications.map((v) => v.id)).size;

    // Every write moves the version; only edits move updated_at (a verification alone is not one).
    const edited = new Set([...newChanges, ...newChannels].map((r) => r.service.id).concat(info.edited));
    await this.services.bumpVersions(manager, touched.filter((id) => edited.has(id)));
    await this.services.bumpVersionsOnly(manager, touched.filter((id) => !edited.has(id)));

    await this.audit.recordMany(
      manager,
      actor,
      fresh.map((row) => {
        const base = { serviceId: row.service.id, prefectureCode: row.service.prefecture_code };
        if (row.type === 'status_change') {
          const change = changes.get(row.row)!;
          return { ...base, before: null, action: 'import.status_change', entityType: 'status_change', entityId: change.id, after: { importId, row: row.row, ...toStatusChangeDto(change) } };
        }
        if (row.type === 'fallback_channel') {
          const channel = channels.get(row.row)!;
          return { ...base, before: null, action: 'import.fallback_channel', entityType: 'fallback_channel', entityId: channel.id, after: { importId, row: row.row, ...toChannelDto(channel) } };
        }
        const verification = info.verifications.find((v) => v.row === row.row);
        return {
          ...base,
          action: 'import.service_info',
          entityType: 'line_service',
          entityId: row.service.id,
          before: toServiceInfoFields(info.before.get(row.service.id)!),
          after: { importId, row: row.row, ...toServiceInfoFields(info.after.get(row.service.id)!), verification: verification ? toVerificationFields(verification) : null },
        };
      }),
    );
    const requests = await this.writes.finishWrites(manager, touched);
    return { applied, skipped, changes: [...changes.values()], channels: [...channels.values()], touched, requests };
  }

  /**
   * service_info rows already recorded: their fields are what is recorded (or they give none)
   * and their verification, if any, is recorded.
   */
  private async recordedServiceInfo(manager: EntityManager, rows: Resolved<ServiceInfoDraft>[], verified: ReadonlySet<number>): Promise<number[]> {
    if (rows.length === 0) return [];
    const unchanged = await this.repository.serviceInfoUnchanged(manager, rows.map((r) => serviceInfoInput(r.service.id, r)));
    return rows.filter((r, i) => unchanged.has(i) && (r.verification === null || verified.has(r.row))).map((r) => r.row);
  }

  /**
   * The rows' fields (merged per service, set-based) and the verifications not yet recorded
   * (`verified`: rows whose verification is), recorded as the verifications endpoint records
   * one; with the services' information before and after, for the audit.
   */
  private async writeServiceInfo(manager: EntityManager, actor: Actor, rows: Resolved<ServiceInfoDraft>[], verified: ReadonlySet<number>) {
    const ids = [...new Set(rows.map((r) => r.service.id))];
    const byId = (found: ServiceInfoRow[]) => new Map(found.map((f) => [f.id, f]));
    const before = byId(await this.repository.serviceInfoOf(manager, ids));
    const edited = await this.repository.updateServiceInfo(manager, [...mergeServiceInfo(rows)].map(([id, fields]) => serviceInfoInput(id, fields)));
    const wanted = newVerifications(rows, verified);
    const recorded = await this.verifications.record(
      manager,
      actor,
      wanted.map(({ serviceId, verification: v }) => ({ serviceId, method: v.method, sourceUrl: v.sourceUrl, note: null, verifiedAt: v.verifiedAt })),
    );
    const verifications: ImportedVerification[] = wanted.flatMap((w, i) => w.rows.map((row) => ({ ...recorded[i], row })));
    const after = byId(await this.repository.serviceInfoOf(manager, ids));
    return { edited, verifications, before, after };
  }
}

function serviceInfoInput(serviceId: string, fields: Pick<ServiceInfoDraft, 'publicNotice' | 'handlesPersonalData' | 'handlesConfidentialData' | 'conversationDataStorage' | 'transition'>): ServiceInfoInput {
  const { publicNotice, handlesPersonalData, handlesConfidentialData, conversationDataStorage, transition } = fields;
  return { serviceId, publicNotice, handlesPersonalData, handlesConfidentialData, conversationDataStorage, transition };
}

/** A service's information as the audit log keeps it (the API's field names). */
function toServiceInfoFields(row: ServiceInfoRow) {
  return {
    publicNotice: row.public_notice,
    dataHandling: { handlesPersonalData: row.handles_personal_data, handlesConfidentialData: row.handles_confidential_data, conversationDataStorage: row.conversation_data_storage },
    transition: row.transition_to_kind
      ? { toKind: row.transition_to_kind, toPlatform: row.transition_to_platform, switchOn: row.transition_switch_on, stopOn: row.transition_stop_on }
      : null,
    lastVerifiedAt: row.last_verified_at ? row.last_verified_at.toISOString() : null,
    lastVerifiedBy: row.last_verified_by,
  };
}

/** A verification an import recorded, with a row that gave it. */
type ImportedVerification = VerificationRow & { row: number };

function toVerificationFields(v: ImportedVerification) {
  return { id: v.id, method: v.method, sourceUrl: v.source_url, verifiedAt: v.verified_at.toISOString(), verifiedBy: v.verified_by };
}

/** The status changes, the channels and the service information among the rows, each in the file's order. */
function byType(rows: Resolved<RowDraft>[]) {
  return {
    changes: rows.filter((r): r is Resolved<StatusChangeDraft> => r.type === 'status_change'),
    channels: rows.filter((r): r is Resolved<ChannelDraft> => r.type === 'fallback_channel'),
    infos: rows.filter((r): r is Resolved<ServiceInfoDraft> => r.type === 'service_info'),
  };
}

/** A key for a service named by operator and name. */
function pairKey(operatorCode: string, name: string): string {
  return `${operatorCode}\u0000${name}`;
}
