import { Injectable } from '@nestjs/common';
import type { Actor } from '../access/actor';
import { AuditService } from '../access/audit.service';
import { badRequest, conflict, ErrorDetail, fieldProblem, forbidden, notFound } from '../common/errors';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { summaryJa } from '../common/validation';
import { Transactions } from '../database/transactions';
import { labelOf, LEGAL_FORM_LABELS } from '../i18n/labels';
import { render } from '../i18n/messages';
import { LocalGovernmentsRepository } from '../local-governments/local-governments.repository';
import { NationalBodiesRepository } from '../national-bodies/national-bodies.repository';
import { CoverageInputDto, CreateOrganizationDto, OrganizationDto, OrganizationQuery, UpdateOrganizationDto } from './dto/organization.dto';
import { canEditOrganization, canRegisterOrganization } from './organization-access';
import { CoveredPlaceRow, OrganizationCoverageRepository } from './organization-coverage.repository';
import { OrganizationFields, OrganizationRow, OrganizationsRepository } from './organizations.repository';

const DEFAULT_PAGE = 100;

/** A coverage as stored: the flag, or the listed local governments (sorted). */
interface Coverage {
  nationwide: boolean;
  localGovernments: string[];
}

/** What the audit log records of an organisation, before and after a write. */
interface AuditedOrganization extends Omit<OrganizationFields, 'nationwide'> {
  code: string;
  coverage: Coverage;
}

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly organizations: OrganizationsRepository,
    private readonly coverage: OrganizationCoverageRepository,
    private readonly localGovernments: LocalGovernmentsRepository,
    private readonly nationalBodies: NationalBodiesRepository,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateOrganizationDto): Promise<OrganizationDto> {
    if (!canRegisterOrganization(actor)) throw forbidden('only the ministry registers organisations');
    const coverage = await this.checkCoverage(dto.coverage);
    // An organisation's code is its services' operator code, which a national body's must not be too.
    if (await this.nationalBodies.exists(dto.code)) throw codeTaken(dto.code, 'a national body');
    const fields: OrganizationFields = { name: dto.name, nameEn: dto.nameEn ?? null, legalForm: dto.legalForm, url: dto.url ?? null, nationwide: coverage.nationwide };
    await this.transactions.run(async (manager) => {
      if (!(await this.organizations.insert(manager, dto.code, fields))) throw codeTaken(dto.code, 'another organisation');
      await this.coverage.replace(manager, dto.code, coverage.localGovernments);
      await this.audit.record(manager, actor, {
        action: 'organization.create',
        entityType: 'organization',
        entityId: dto.code,
        serviceId: null,
        prefectureCode: null,
        before: null,
        after: audited(dto.code, fields, coverage),
      });
    });
    return this.get(dto.code);
  }

  async update(actor: Actor, code: string, dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    if (!canEditOrganization(actor, code)) {
      if (!(await this.organizations.exists(code))) throw notFound(`organization ${code}`);
      throw forbidden('this organisation is not yours to change');
    }
    if (Object.values(dto).every((value) => value === undefined)) throw badRequest('the body changes nothing: send at least one field to update');
    const newCoverage = dto.coverage === undefined ? null : await this.checkCoverage(dto.coverage);
    await this.transactions.run(async (manager) => {
      const row = await this.organizations.lock(manager, code);
      if (!row) throw notFound(`organization ${code}`);
      const before = audited(code, row, toCoverage(row, await this.coverage.coverageOf([code], manager)));
      const fields: OrganizationFields = {
        name: dto.name ?? row.name,
        nameEn: dto.nameEn === undefined ? row.nameEn : dto.nameEn,
        legalForm: dto.legalForm ?? row.legalForm,
        url: dto.url === undefined ? row.url : dto.url,
        nationwide: newCoverage ? newCoverage.nationwide : row.nationwide,
      };
      const after = audited(code, fields, newCoverage ?? before.coverage);
      // Sent again as it is: nothing to write, nothing to audit (and nothing for availability to rebuild).
      if (JSON.stringify(after) === JSON.stringify(before)) return;
      await this.organizations.update(manager, code, fields);
      if (newCoverage) await this.coverage.replace(manager, code, newCoverage.localGovernments);
      await this.audit.record(manager, actor, { action: 'organization.update', entityType: 'organization', entityId: code, serviceId: null, prefectureCode: null, before, after });
    });
    return this.get(code);
  }

  async get(code: string): Promise<OrganizationDto> {
    const row = await this.organizations.findByCode(code);
    if (!row) throw notFound(`organization ${code}`);
    const [dto] = await this.withDetails([row]);
    return dto;
  }

  async list(query: OrganizationQuery): Promise<Page<OrganizationDto>> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const [afterCode] = (decodeCursor(query.cursor, ['text']) ?? []) as string[];
    const page = toPage(await this.organizations.list(afterCode, limit + 1), limit, (row) => row, (row) => [row.code]);
    return { items: await this.withDetails(page.items), nextCursor: page.nextCursor };
  }

  private async withDetails(rows: OrganizationRow[]): Promise<OrganizationDto[]> {
    const codes = rows.map((row) => row.code);
    const [places, services] = await Promise.all([this.coverage.coverageOf(codes), this.organizations.servicesOf(codes)]);
    return rows.map((row) => ({
      code: row.code,
      name: row.name,
      nameEn: row.nameEn,
      legalForm: row.legalForm,
      legalFormLabel: labelOf(LEGAL_FORM_LABELS, row.legalForm),
      url: row.url,
      coverage: {
        nationwide: row.nationwide,
        localGovernments: places.filter((p) => p.organizationCode === row.code).map(({ code, name, kind }) => ({ code, name, kind })),
      },
      services: services.filter((s) => s.organizationCode === row.code).map(({ id, name }) => ({ id, name })),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    }));
  }

  /** Nationwide, or a list of local governments that all exist: a 400 naming each one that does not. */
  private async checkCoverage(input: CoverageInputDto): Promise<Coverage> {
    const listed = input.localGovernments ?? [];
    if ((input.nationwide === true) === listed.length > 0) throw fieldProblem('coverage', render('validation.coverage.oneOf'));
    if (input.nationwide === true) return { nationwide: true, localGovernments: [] };
    const known = await this.localGovernments.existing(listed);
    const details: ErrorDetail[] = listed.flatMap((code, i) => {
      if (known.has(code)) return [];
      const { message, messageJa } = render('validation.coverage.unknownLocalGovernment', { code });
      return [{ field: `coverage.localGovernments[${i}]`, message, messageJa }];
    });
    if (details.length) throw badRequest(details.map((d) => `${d.field}: ${d.message}`).join('; '), details, summaryJa(details));
    return { nationwide: false, localGovernments: [...listed].sort() };
  }
}

function toCoverage(row: OrganizationRow, places: CoveredPlaceRow[]): Coverage {
  return { nationwide: row.nationwide, localGovernments: places.map((p) => p.code).sort() };
}

function audited(code: string, fields: Omit<OrganizationFields, 'nationwide'>, coverage: Coverage): AuditedOrganization {
  return { code, name: fields.name, nameEn: fields.nameEn, legalForm: fields.legalForm, url: fields.url, coverage };
}

function codeTaken(code: string, holder: string) {
  return conflict(`the code ${code} is already used by ${holder}`, [{ field: 'code', message: `is already used by ${holder}` }]);
}
