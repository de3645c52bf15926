import { MigrationInterface, QueryRunner } from 'typeorm';

/** The availability lookup reads every national body's services with each place's own. */
export class Availability1764100000000 implements MigrationInterface {
  name = 'Availability1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX line_services_national ON line_services (national_body_code) WHERE national_body_code IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX line_services_national`);
  }
}
