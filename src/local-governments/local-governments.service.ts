import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { LocalGovernmentDto, LocalGovernmentQuery } from './dto/local-government.dto';
import { LocalGovernment } from './local-government.entity';
import { LocalGovernmentsRepository } from './local-governments.repository';

const DEFAULT_PAGE = 500;

@Injectable()
export class LocalGovernmentsService {
  constructor(private readonly repository: LocalGovernmentsRepository) {}

  async list(query: LocalGovernmentQuery): Promise<Page<LocalGovernmentDto>> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const [afterCode] = (decodeCursor(query.cursor, ['text']) ?? []) as string[];
    const rows = await this.repository.list({ prefecture: query.prefecture, kind: query.kind, q: query.q, afterCode, limit: limit + 1 });
    return toPage(rows, limit, toLocalGovernmentDto, (row) => [row.code]);
  }

  async get(code: string): Promise<LocalGovernmentDto> {
    const row = await this.repository.findByCode(code);
    if (!row) throw notFound(`local government ${code}`);
    return toLocalGovernmentDto(row);
  }
}

export function toLocalGovernmentDto(row: LocalGovernment): LocalGovernmentDto {
  return {
    code: row.code,
    prefectureCode: row.prefectureCode,
    kind: row.kind,
    name: row.name,
    nameKana: row.nameKana,
    parentCode: row.parentCode,
    notes: row.notes,
  };
}
