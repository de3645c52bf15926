import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { AvailabilityService } from '../availability/availability.service';
import { GapDetailDto, GapDto, GapListDto, GapQuery } from './dto/gap.dto';
import { LineServicesRepository } from '../line-services/line-services.repository';
import { FindingsRepository, toGapDto } from './findings.repository';
import { hasAlternatives } from './suggested-alternatives';

const DEFAULT_PAGE = 100;

@Injectable()
export class GapsService {
  constructor(
    private readonly findings: FindingsRepository,
    private readonly services: LineServicesRepository,
    private readonly availability: AvailabilityService,
  ) {}

  async list(query: GapQuery): Promise<Page<GapDto>> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.findings.list({
      state: query.state ?? 'open',
      kind: query.kind,
      severity: query.severity,
      prefecture: query.prefecture,
      operator: query.operator,
      after: decodeCursor(query.cursor, ['timestamp', 'uuid']),
      limit: limit + 1,
    });
    return toPage(rows, limit, toGapDto, (row) => [row.opened_key, row.id]);
  }

  /** Every finding of a service, open and resolved: the record of how long people were left without a channel. */
  async ofService(serviceId: string): Promise<GapListDto> {
    if (!(await this.services.exists(serviceId))) throw notFound(`service ${serviceId}`);
    const rows = await this.findings.list({ state: 'all', serviceIds: [serviceId] });
    return { items: rows.map(toGapDto) };
  }

  /** One finding; while it leaves people without a channel, with where they could turn now. */
  async get(id: string): Promise<GapDetailDto> {
    const [row] = await this.findings.list({ state: 'all', ids: [id] });
    if (!row) throw notFound(`gap ${id}`);
    const gap = toGapDto(row);
    const suggestedAlternatives = hasAlternatives(gap.kind, gap.state === 'open') ? await this.availability.suggestAlternatives(gap.serviceId) : [];
    return { ...gap, suggestedAlternatives };
  }

  async openOf(serviceIds: string[]): Promise<GapDto[]> {
    if (serviceIds.length === 0) return [];
    return (await this.findings.list({ state: 'open', serviceIds })).map(toGapDto);
  }
}
