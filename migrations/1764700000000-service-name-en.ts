import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A service's name is Japanese, as the offices and the sources give it; name_en keeps an
 * English rendering beside it, for readers who need one. Optional, with the name's bounds.
 */
export class ServiceNameEn1764700000000 implements MigrationInterface {
  name = 'ServiceNameEn1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE line_services ADD COLUMN name_en text CONSTRAINT line_services_name_en_length CHECK (length(name_en) BETWEEN 1 AND 200)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE line_services DROP COLUMN name_en`);
  }
}
