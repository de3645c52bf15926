import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { likePattern, SqlFilter } from '../common/sql';
import { toHiragana } from '../common/text';
import { LocalGovernment, LgKind } from './local-government.entity';

export interface LocalGovernmentFilter {
  prefecture?: string;
  kind?: LgKind;
  q?: string;
  afterCode?: string;
  limit: number;
}

const COLUMNS = `code, prefecture_code AS "prefectureCode", kind, name, name_kana AS "nameKana", parent_code AS "parentCode", notes`;

@Injectable()
export class LocalGovernmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findByCode(code: string): Promise<LocalGovernment | null> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM local_governments WHERE code = $1`, [code]);
    return row ?? null;
  }

  /** Which of `codes` are local governments (one statement, however many). */
  async existing(codes: string[]): Promise<Set<string>> {
    const rows: { code: string }[] = await this.dataSource.query(`SELECT code FROM local_governments WHERE code = ANY ($1::text[])`, [codes]);
    return new Set(rows.map((r) => r.code));
  }

  list(filter: LocalGovernmentFilter): Promise<LocalGovernment[]> {
    const sql = new SqlFilter();
    if (filter.prefecture) sql.where(`prefecture_code = ${sql.param(filter.prefecture)}`);
    if (filter.kind) sql.where(`kind = ${sql.param(filter.kind)}`);
    if (filter.q) {
      // NFKC first: half-width ｻｯﾎﾟﾛ and full-width letters read as people meant them.
      const q = filter.q.normalize('NFKC');
      sql.where(`(name LIKE ${sql.param(likePattern(q))} OR name_kana LIKE ${sql.param(likePattern(toHiragana(q)))})`);
    }
    if (filter.afterCode) sql.where(`code > ${sql.param(filter.afterCode)}`);
    return this.dataSource.query(`SELECT ${COLUMNS} FROM local_governments ${sql.toSql()} ORDER BY code LIMIT ${sql.param(filter.limit)}`, sql.params);
  }
}
