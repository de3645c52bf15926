import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { OrganizationLegalForm } from '../line-services/vocabulary';

/** An organisation as the organizations table holds it. */
export interface OrganizationRow {
  code: string;
  name: string;
  nameEn: string | null;
  legalForm: OrganizationLegalForm;
  url: string | null;
  nationwide: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** The columns a write may set (the code never changes). */
export interface OrganizationFields {
  name: string;
  nameEn: string | null;
  legalForm: OrganizationLegalForm;
  url: string | null;
  nationwide: boolean;
}

const COLUMNS = `code, name, name_en AS "nameEn", legal_form AS "legalForm", url, nationwide, created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * The organizations table: operators other than governments (認定NPO法人 and the like). Its
 * triggers log a change to availability as a change to everything (the places an
 * organisation's services reach depend on it).
 */
@Injectable()
export class OrganizationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findByCode(code: string, manager: EntityManager = this.dataSource.manager): Promise<OrganizationRow | null> {
    const [row] = await manager.query(`SELECT ${COLUMNS} FROM organizations WHERE code = $1`, [code]);
    return row ?? null;
  }

  async exists(code: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM organizations WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  /** The row, locked until the transaction ends (a write reads what it changes from it). */
  async lock(manager: EntityManager, code: string): Promise<OrganizationRow | null> {
    const [row] = await manager.query(`SELECT ${COLUMNS} FROM organizations WHERE code = $1 FOR UPDATE`, [code]);
    return row ?? null;
  }

  /** Ordered by code, after `afterCode`. */
  list(afterCode: string | undefined, limit: number): Promise<OrganizationRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM organizations WHERE $1::text IS NULL OR code > $1 ORDER BY code LIMIT $2`, [afterCode ?? null, limit]);
  }

  /** False when the code is taken. */
  async insert(manager: EntityManager, code: string, fields: OrganizationFields): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO organizations (code, name, name_en, legal_form, url, nationwide) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING RETURNING code`,
      [code, fields.name, fields.nameEn, fields.legalForm, fields.url, fields.nationwide],
    );
    return rows.length > 0;
  }

  async update(manager: EntityManager, code: string, fields: OrganizationFields): Promise<void> {
    await manager.query(`UPDATE organizations SET name = $2, name_en = $3, legal_form = $4, url = $5, nationwide = $6, updated_at = now() WHERE code = $1`, [
      code,
      fields.name,
      fields.nameEn,
      fields.legalForm,
      fields.url,
      fields.nationwide,
    ]);
  }

  /**
   * The services each organisation operates, by name (ids and names only: the service itself
   * is read through /v1/services). Read here, by organisation, as the organisation's answer
   * needs them.
   */
  servicesOf(codes: string[]): Promise<{ organizationCode: string; id: string; name: string }[]> {
    return this.dataSource.query(
      `SELECT organization_code AS "organizationCode", id, name FROM line_services WHERE organization_code = ANY ($1::text[]) ORDER BY organization_code, name, id`,
      [codes],
    );
  }
}
