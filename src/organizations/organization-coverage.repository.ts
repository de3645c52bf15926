import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A local government an organisation covers, with what a reader needs to recognise it. */
export interface CoveredPlaceRow {
  organizationCode: string;
  code: string;
  name: string;
  kind: string;
}

/**
 * The organization_coverage table: the local governments an organisation that is not
 * nationwide covers (a prefecture covers every place in it). A change to it logs a change to
 * everything for availability (its triggers).
 */
@Injectable()
export class OrganizationCoverageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The covered places of each organisation, by code. */
  coverageOf(codes: string[], manager: EntityManager = this.dataSource.manager): Promise<CoveredPlaceRow[]> {
    return manager.query(
      `SELECT c.organization_code AS "organizationCode", lg.code, lg.name, lg.kind
         FROM organization_coverage c JOIN local_governments lg ON lg.code = c.local_government_code
        WHERE c.organization_code = ANY ($1::text[])
        ORDER BY c.organization_code, lg.code`,
      [codes],
    );
  }

  /** Makes the organisation's coverage exactly `localGovernments` (none for a nationwide one): two statements whatever their number. */
  async replace(manager: EntityManager, organizationCode: string, localGovernments: string[]): Promise<void> {
    await manager.query(`DELETE FROM organization_coverage WHERE organization_code = $1 AND local_government_code <> ALL ($2::text[])`, [organizationCode, localGovernments]);
    if (localGovernments.length === 0) return;
    await manager.query(
      `INSERT INTO organization_coverage (organization_code, local_government_code) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [organizationCode, localGovernments],
    );
  }
}
