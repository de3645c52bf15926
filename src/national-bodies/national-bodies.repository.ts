import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface NationalBodyRow {
  code: string;
  name: string;
  nameEn: string;
  notes: string | null;
}

/** The national_bodies table (ministries and agencies that run LINE services). */
@Injectable()
export class NationalBodiesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async exists(code: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM national_bodies WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  list(): Promise<NationalBodyRow[]> {
    return this.dataSource.query(`SELECT code, name, name_en AS "nameEn", notes FROM national_bodies ORDER BY code`);
  }
}
