import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../access/actor';
import { AuditService } from '../access/audit.service';
import { badRequest, conflict, fieldProblem, notFound } from '../common/errors';
import { render } from '../i18n/messages';
import { Versioned } from '../common/etag.interceptor';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { LocalGovernmentsRepository } from '../local-governments/local-governments.repository';
import { NationalBodiesRepository } from '../national-bodies/national-bodies.repository';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { CreateLineServiceDto, LineServiceDto, LineServiceQuery, TransitionInput, UpdateLineServiceDto } from './dto/line-service.dto';
import { groupBy, toServiceDto, toServiceFields } from './line-services.mapper';
import { LineServicesRepository, ServiceRow, TransitionColumns } from './line-services.repository';
import { FallbackChannelsRepository } from './fallback-channels.repository';
import { ServiceWrites } from './service-writes';
import { StatusChangesRepository } from './status-changes.repository';
import { StatusChangesService } from './status-changes.service';
import { GapsService } from '../gaps/gaps.service';

const DEFAULT_PAGE = 50;
const MAX_SERVICE_PAGE = 200;

interface Operator {
  localGovernmentCode: string | null;
  nationalBodyCode: string | null;
  organizationCode: string | null;
  parentCode: string | null;
  prefectureCode: string | null;
}

// camelCase DTO field → column, for the fields a PATCH may change (transition: its four columns, below).
const UPDATABLE: Record<Exclude<keyof UpdateLineServiceDto, 'transition'>, string> = {
  name: 'name',
  nameEn: 'name_en',
  department: 'department',
  category: 'category',
  audiences: 'audiences',
  handlesPersonalData: 'handles_personal_data',
  lifeCritical: 'life_critical',
  description: 'description',
  url: 'url',
  lineHours: 'line_hours',
  publicNotice: 'public_notice',
  successorServiceId: 'successor_service_id',
  handlesConfidentialData: 'handles_confidential_data',
  conversationDataStorage: 'conversation_data_storage',
};

function transitionColumns(transition: TransitionInput | null | undefined): TransitionColumns {
  return {
    transition_to_kind: transition?.toKind ?? null,
    transition_to_platform: transition?.toPlatform ?? null,
    transition_switch_on: transition?.switchOn ?? null,
    transition_stop_on: transition?.stopOn ?? null,
  };
}

@Injectable()
export class LineServicesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: LineServicesRepository,
    private readonly localGovernments: LocalGovernmentsRepository,
    private readonly nationalBodies: NationalBodiesRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly channels: FallbackChannelsRepository,
    private readonly changes: StatusChangesRepository,
    private readonly writes: ServiceWrites,
    private readonly audit: AuditService,
    private readonly statusChanges: StatusChangesService,
    private readonly gaps: GapsService,
  ) {}

  async create(actor: Actor, dto: CreateLineServiceDto): Promise<Versioned<LineServiceDto>> {
    const operator = await this.findOperator(dto.operatorCode);
    this.writes.authorize(actor, {
      local_government_code: operator.localGovernmentCode,
      national_body_code: operator.nationalBodyCode,
      organization_code: operator.organizationCode,
      parent_code: operator.parentCode,
      prefecture_code: operator.prefectureCode,
    });
    const { id, change, requestId } = await this.transactions.run(async (manager) => {
      if (dto.successorServiceId) await this.checkSuccessor(manager, null, dto.successorServiceId);
      const serviceId = await this.insert(manager, operator, dto);
      const initial = dto.initialStatus ?? { status: 'active' as const };
      const change = await this.statusChanges.insert(manager, actor, serviceId, initial);
      const created = await this.repository.findById(serviceId, manager);
      await this.audit.record(manager, actor, {
        action: 'service.create',
        entityType: 'line_service',
        entityId: serviceId,
        serviceId,
        prefectureCode: operator.prefectureCode,
        before: null,
        after: { ...toServiceFields(created!), initialStatus: initial },
      });
      return { id: serviceId, change, requestId: await this.writes.finishWrite(manager, serviceId) };
    });
    this.writes.evaluateSoon(id, requestId);
    this.statusChanges.scheduleIfPending(change);
    const view = await this.get(id);
    return new Versioned(view, view.version);
  }

  async update(actor: Actor, id: string, ifMatch: number | undefined, dto: UpdateLineServiceDto): Promise<Versioned<LineServiceDto>> {
    const fields = (Object.keys(UPDATABLE) as (keyof typeof UPDATABLE)[]).filter((key) => dto[key] !== undefined);
    if (fields.length === 0 && dto.transition === undefined) throw badRequest('the body changes nothing: send at least one field to update');
    const { version } = await this.writes.run(actor, id, ifMatch, async (manager, { before: serviceBefore, audit }) => {
      if (dto.successorServiceId) await this.checkSuccessor(manager, id, dto.successorServiceId);
      const values = fields.map((key): [string, unknown] => [UPDATABLE[key], key === 'lineHours' && dto.lineHours !== null ? JSON.stringify(dto.lineHours) : dto[key]]);
      if (dto.transition !== undefined) values.push(...Object.entries(transitionColumns(dto.transition)));
      try {
        await this.repository.update(manager, id, values);
      } catch (error) {
        throw this.duplicateOr(error);
      }
      const after = await this.repository.findById(id, manager);
      await audit({ action: 'service.update', entityType: 'line_service', entityId: id, before: toServiceFields(serviceBefore), after: toServiceFields(after!) });
    });
    const view = await this.get(id);
    return new Versioned(view, version);
  }

  async get(id: string): Promise<LineServiceDto> {
    const row = await this.repository.findById(id);
    if (!row) throw notFound(`service ${id}`);
    const [withDetails] = await this.withDetails([row]);
    return withDetails;
  }

  async getVersioned(id: string): Promise<Versioned<LineServiceDto>> {
    const view = await this.get(id);
    return new Versioned(view, view.version);
  }

  async list(query: LineServiceQuery): Promise<Page<LineServiceDto>> {
    const limit = Math.min(query.limit ?? DEFAULT_PAGE, MAX_SERVICE_PAGE);
    const sort = query.sort ?? 'createdAt';
    const rows = await this.repository.list({
      operator: query.operator,
      prefecture: query.prefecture,
      status: query.status,
      category: query.category,
      audience: query.audience,
      q: query.q,
      modifiedAfter: query.modifiedAfter,
      hasOpenGap: query.hasOpenGap,
      sort,
      after: decodeCursor(query.cursor, [sort === 'name' ? 'text' : 'timestamp', 'uuid']),
      limit: limit + 1,
    });
    const page = toPage(rows, limit, (row) => row, (row) => [sortKey(row, sort), row.id]);
    return { items: await this.withDetails(page.items), nextCursor: page.nextCursor };
  }

  private async withDetails(rows: ServiceRow[]): Promise<LineServiceDto[]> {
    const ids = rows.map((row) => row.id);
    const [channels, timelines, gaps] = await Promise.all([this.channels.channelsOf(ids), this.changes.timelinesOf(ids), this.gaps.openOf(ids)]);
    const channelsByService = groupBy(channels, (c) => c.service_id);
    const timelineByService = groupBy(timelines, (c) => c.service_id);
    const gapsByService = groupBy(gaps, (g) => g.serviceId);
    return rows.map((row) => ({
      ...toServiceDto(row, channelsByService.get(row.id) ?? [], timelineByService.get(row.id) ?? []),
      openGaps: gapsByService.get(row.id) ?? [],
    }));
  }

  /**
   * The operator a code names: a local government (six digits), else a national body, else an
   * organisation. Organisations may not take a national body's code (OrganizationsService),
   * so the order only matters for data written before that rule.
   */
  private async findOperator(code: string): Promise<Operator> {
    if (/^\d{6}$/.test(code)) {
      const lg = await this.localGovernments.findByCode(code);
      if (!lg) throw fieldProblem('operatorCode', render('validation.operatorCode.unknownLocalGovernment', { code }));
      return { localGovernmentCode: lg.code, nationalBodyCode: null, organizationCode: null, parentCode: lg.parentCode, prefectureCode: lg.prefectureCode };
    }
    if (await this.nationalBodies.exists(code)) return { localGovernmentCode: null, nationalBodyCode: code, organizationCode: null, parentCode: null, prefectureCode: null };
    if (await this.organizations.exists(code)) return { localGovernmentCode: null, nationalBodyCode: null, organizationCode: code, parentCode: null, prefectureCode: null };
    throw fieldProblem('operatorCode', render('validation.operatorCode.unknownOperator', { code }));
  }

  /** A successor is another service that exists (checked in the write's transaction). */
  private async checkSuccessor(manager: EntityManager, serviceId: string | null, successorId: string): Promise<void> {
    if (successorId === serviceId) throw fieldProblem('successorServiceId', render('validation.successorServiceId.self', {}));
    if ((await this.repository.nameOf(successorId, manager)) === null) throw fieldProblem('successorServiceId', render('validation.successorServiceId.unknown', { id: successorId }));
  }

  private async insert(manager: EntityManager, operator: Operator, dto: CreateLineServiceDto): Promise<string> {
    try {
      return await this.repository.insert(manager, {
        localGovernmentCode: operator.localGovernmentCode,
        nationalBodyCode: operator.nationalBodyCode,
        organizationCode: operator.organizationCode,
        prefectureCode: operator.prefectureCode,
        name: dto.name,
        nameEn: dto.nameEn ?? null,
        department: dto.department ?? null,
        category: dto.category,
        audiences: dto.audiences,
        handlesPersonalData: dto.handlesPersonalData,
        lifeCritical: dto.lifeCritical ?? false,
        description: dto.description ?? null,
        url: dto.url ?? null,
        lineHours: dto.lineHours ?? null,
        publicNotice: dto.publicNotice ?? null,
        successorServiceId: dto.successorServiceId ?? null,
        transition: transitionColumns(dto.transition),
        handlesConfidentialData: dto.handlesConfidentialData ?? null,
        conversationDataStorage: dto.conversationDataStorage ?? 'unknown',
      });
    } catch (error) {
      throw this.duplicateOr(error);
    }
  }

  private duplicateOr(error: unknown): unknown {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'line_services_operator_name') {
      return conflict('this operator already has a service with that name', [{ field: 'name', message: 'is already used by another service of this operator' }]);
    }
    return error;
  }
}

function sortKey(row: ServiceRow, sort: 'createdAt' | 'updatedAt' | 'name'): string {
  if (sort === 'name') return row.name;
  return sort === 'updatedAt' ? row.updated_key : row.created_key;
}
