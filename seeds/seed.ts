import { DataSource, EntityManager } from 'typeorm';
import { LineServicesRepository } from '../src/line-services/line-services.repository';
import { ReportCountsRepository } from '../src/reports/report-counts.repository';
import { LINE_2021_CASES, SeedService, verificationOf } from './line-2021-cases';
import { FORMER_ENGLISH_CASES, FormerSeedService } from './line-2021-cases-former-english';
import { formerRecordRenames } from './former-records';
import { readLocalGovernments } from './local-governments';
import { NATIONAL_BODIES, OPERATOR_NOTES } from './national-bodies';
import { ORGANIZATION_2021_CASES, OrganizationSeedService, SEED_ORGANIZATIONS } from './organizations';

export const SEED_RECORDER = 'seed: line-2021-cases.md';

export interface SeedSummary {
  localGovernments: number;
  nationalBodies: number;
  organizations: number;
  servicesCreated: number;
  servicesAlreadyThere: number;
  /** Services an earlier seed wrote (in English, or without nameEn), brought up to the current names and texts in place. */
  servicesUpdated: number;
  /** Former records left as they were, because their operator already has a service of the Japanese name. */
  renamesSkipped: SkippedRename[];
}

export interface SkippedRename {
  id: string;
  operatorCode: string;
  formerName: string;
  name: string;
}

/**
 * Idempotent: reference data is upserted (only rows that differ are touched) and each
 * 2021 service is created with its timeline and channels only if its operator does not
 * have a service of that name yet. The records an earlier seed wrote in English are first
 * renamed in place (upgradeFormerRecords). Running it twice changes nothing.
 */
export async function seed(dataSource: DataSource): Promise<SeedSummary> {
  return dataSource.transaction(async (manager) => {
    const localGovernments = await seedLocalGovernments(manager);
    const nationalBodies = await seedNationalBodies(manager);
    const organizations = await seedOrganizations(manager);
    const upgrade = await upgradeFormerRecords(manager);
    const cases = [...LINE_2021_CASES, ...ORGANIZATION_2021_CASES];
    const created = await insertCases(manager, cases, { verify: true });
    return {
      localGovernments,
      nationalBodies,
      organizations,
      servicesCreated: created.length,
      servicesAlreadyThere: cases.length - created.length,
      servicesUpdated: upgrade.renamed.length,
      renamesSkipped: upgrade.skipped,
    };
  });
}

type AnySeedService = SeedService | FormerSeedService | OrganizationSeedService;

/**
 * Creates each case its operator has no service of that name for, with its timeline and
 * channels, and counts the report figures of the new ones; their ids. `cases` without
 * nameEn are what the seed wrote until issue 13 (FORMER_ENGLISH_CASES, for tests). With
 * `verify`, the seed's own services that have no verification of the seed yet are verified
 * as of their source dates (verifySeedRecords), before the figures are counted.
 */
export async function insertCases(manager: EntityManager, cases: readonly AnySeedService[], options: { verify?: boolean } = {}): Promise<string[]> {
  const created: string[] = [];
  const repository = new LineServicesRepository(manager.connection);
  for (const service of cases) {
    const id = await seedService(manager, repository, service);
    if (id) created.push(id);
  }
  const verified = options.verify ? await verifySeedRecords(manager, cases as readonly (SeedService | OrganizationSeedService)[]) : [];
  const counted = [...new Set([...created, ...verified])];
  // The report figures of now, as every write keeps them (their findings wait for the engine).
  if (counted.length) await new ReportCountsRepository().recount(manager, '= ANY($1::uuid[])', [counted]);
  return created;
}

/**
 * The 2021 records are verified as of their source dates (verificationOf): a
 * service_verifications row by the seed, and the service's last verification where it has
 * none as recent. Only the seed's own services (their first status change is the seed's),
 * and only those the seed has not verified yet: a second run changes nothing, and a later
 * verification by a person is never overwritten. One statement; the ids it verified.
 */
async function verifySeedRecords(manager: EntityManager, cases: readonly (SeedService | OrganizationSeedService)[]): Promise<string[]> {
  const rows = cases.map((service) => {
    const { verifiedAt, method, note } = verificationOf(service);
    return { operator_code: service.operatorCode, name: service.name, verified_at: verifiedAt, method, note };
  });
  // An UPDATE … RETURNING in a WITH answers [rows, count] through TypeORM.
  const [verified]: [{ id: string }[], number] = await manager.query(
    `WITH x AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(operator_code text, name text, verified_at timestamptz, method text, note text)
     ),
     due AS (
       SELECT s.id, x.verified_at, x.method, x.note
         FROM x JOIN line_services s ON s.operator_code = x.operator_code AND s.name = x.name
        WHERE (SELECT c.recorded_by FROM status_changes c WHERE c.service_id = s.id ORDER BY c.id LIMIT 1) = $2
          AND NOT EXISTS (SELECT 1 FROM service_verifications v WHERE v.service_id = s.id AND v.verified_by = $2)
     ),
     recorded AS (
       INSERT INTO service_verifications (service_id, method, note, verified_at, verified_by)
       SELECT id, method, note, verified_at, $2 FROM due
       RETURNING service_id, verified_at
     )
     UPDATE line_services s SET last_verified_at = r.verified_at, last_verified_by = $2
       FROM recorded r
      WHERE s.id = r.service_id AND (s.last_verified_at IS NULL OR s.last_verified_at < r.verified_at)
     RETURNING s.id`,
    [JSON.stringify(rows), SEED_RECORDER],
  );
  return verified.map((r) => r.id);
}

/**
 * Organisations other than governments (D×P): upserted, only rows that differ touched; a
 * listed coverage is added where missing (never taken away: someone may have widened it).
 * A statement on organization_coverage tells availability that everything changed, so
 * none runs when nothing is missing.
 */
async function seedOrganizations(manager: EntityManager): Promise<number> {
  const rows = SEED_ORGANIZATIONS.map((o) => ({ code: o.code, name: o.name, legal_form: o.legalForm, nationwide: 'nationwide' in o.coverage }));
  await manager.query(
    `INSERT INTO organizations (code, name, legal_form, nationwide)
     SELECT code, name, legal_form, nationwide FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, legal_form text, nationwide boolean)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, legal_form = EXCLUDED.legal_form, nationwide = EXCLUDED.nationwide, updated_at = now()
      WHERE (organizations.name, organizations.legal_form, organizations.nationwide) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.legal_form, EXCLUDED.nationwide)`,
    [JSON.stringify(rows)],
  );
  const coverage = SEED_ORGANIZATIONS.flatMap((o) => ('localGovernments' in o.coverage ? o.coverage.localGovernments.map((lg) => ({ organization_code: o.code, local_government_code: lg })) : []));
  if (coverage.length) {
    const [{ missing }] = await manager.query(
      `SELECT count(*)::int AS missing FROM jsonb_to_recordset($1::jsonb) AS x(organization_code text, local_government_code text)
        WHERE NOT EXISTS (SELECT 1 FROM organization_coverage c WHERE c.organization_code = x.organization_code AND c.local_government_code = x.local_government_code)`,
      [JSON.stringify(coverage)],
    );
    if (missing > 0) {
      await manager.query(
        `INSERT INTO organization_coverage (organization_code, local_government_code)
         SELECT organization_code, local_government_code FROM jsonb_to_recordset($1::jsonb) AS x(organization_code text, local_government_code text)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(coverage)],
      );
    }
  }
  return SEED_ORGANIZATIONS.length;
}

/**
 * Renames in place the records an earlier seed wrote in English (FORMER_ENGLISH_CASES): the
 * service keeps its id and gets its Japanese name, its English one as name_en, and the
 * Japanese description, reasons, channel labels and notes wherever the English text is still
 * the one the seed wrote (a text someone has since edited is left alone). Only the seed's
 * own services are touched: those whose first status change the seed recorded, under the
 * former or the current name, and that have no name_en (the former seed wrote none; a
 * migration reverted and run again leaves none either). A service whose operator already has
 * another service of the Japanese name is not merged with it: it is left as it is and
 * reported. Three set-based statements; after them every seed record has its name_en, so
 * none matches again and a second run changes nothing.
 */
async function upgradeFormerRecords(manager: EntityManager): Promise<{ renamed: string[]; skipped: SkippedRename[] }> {
  const renames = formerRecordRenames(LINE_2021_CASES, FORMER_ENGLISH_CASES);
  const former: (SkippedRename & { blocked: boolean })[] = await manager.query(
    `WITH x AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS x(operator_code text, former_name text, name text, name_en text, former_description text, description text)
     ),
     former AS (
       SELECT s.id, x.*, EXISTS (SELECT 1 FROM line_services o WHERE o.operator_code = s.operator_code AND o.name = x.name AND o.id <> s.id) AS blocked
         FROM x JOIN line_services s ON s.operator_code = x.operator_code AND s.name IN (x.former_name, x.name) AND s.name_en IS NULL
        WHERE (SELECT c.recorded_by FROM status_changes c WHERE c.service_id = s.id ORDER BY c.id LIMIT 1) = $2
     ),
     renamed AS (
       UPDATE line_services s
          SET name = f.name, name_en = f.name_en,
              description = CASE WHEN s.description IS NOT DISTINCT FROM f.former_description THEN f.description ELSE s.description END,
              version = s.version + 1, updated_at = now()
         FROM former f
        WHERE s.id = f.id AND NOT f.blocked
     )
     SELECT id, operator_code AS "operatorCode", former_name AS "formerName", name, blocked FROM former ORDER BY operator_code, name`,
    [JSON.stringify(renames.services), SEED_RECORDER],
  );
  const renamed = former.filter((f) => !f.blocked).map((f) => f.id);
  if (renamed.length) {
    await manager.query(
      `UPDATE status_changes c SET reason = x.reason
         FROM jsonb_to_recordset($1::jsonb) AS x(operator_code text, name text, former_reason text, reason text), line_services s
        WHERE s.id = ANY ($2::uuid[]) AND s.operator_code = x.operator_code AND s.name = x.name
          AND c.service_id = s.id AND c.recorded_by = $3 AND c.reason = x.former_reason`,
      [JSON.stringify(renames.reasons), renamed, SEED_RECORDER],
    );
    await manager.query(
      `UPDATE fallback_channels ch
          SET label = x.label, notes = CASE WHEN ch.notes IS NOT DISTINCT FROM x.former_notes THEN x.notes ELSE ch.notes END, updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS x(operator_code text, name text, kind text, former_label text, label text, former_notes text, notes text),
              line_services s
        WHERE s.id = ANY ($2::uuid[]) AND s.operator_code = x.operator_code AND s.name = x.name
          AND ch.service_id = s.id AND ch.kind = x.kind AND ch.label = x.former_label`,
      [JSON.stringify(renames.channels), renamed],
    );
  }
  return { renamed, skipped: former.filter((f) => f.blocked).map(({ blocked: _, ...skipped }) => skipped) };
}

async function seedLocalGovernments(manager: EntityManager): Promise<number> {
  const rows = readLocalGovernments().map((row) => ({ ...row, notes: OPERATOR_NOTES[row.code] ?? null }));
  await manager.query(
    `INSERT INTO local_governments (code, prefecture_code, kind, name, name_kana, parent_code, notes)
     SELECT code, prefecture_code, kind, name, name_kana, parent_code, notes
       FROM jsonb_to_recordset($1::jsonb) AS x(code text, prefecture_code text, kind text, name text, name_kana text, parent_code text, notes text)
     ON CONFLICT (code) DO UPDATE
        SET prefecture_code = EXCLUDED.prefecture_code, kind = EXCLUDED.kind, name = EXCLUDED.name,
            name_kana = EXCLUDED.name_kana, parent_code = EXCLUDED.parent_code, notes = EXCLUDED.notes
      WHERE (local_governments.prefecture_code, local_governments.kind, local_governments.name, local_governments.name_kana,
             local_governments.parent_code, local_governments.notes)
            IS DISTINCT FROM (EXCLUDED.prefecture_code, EXCLUDED.kind, EXCLUDED.name, EXCLUDED.name_kana, EXCLUDED.parent_code, EXCLUDED.notes)`,
    [JSON.stringify(rows)],
  );
  return rows.length;
}

async function seedNationalBodies(manager: EntityManager): Promise<number> {
  await manager.query(
    `INSERT INTO national_bodies (code, name, name_en, notes)
     SELECT code, name, "nameEn", notes FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, "nameEn" text, notes text)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en, notes = EXCLUDED.notes
      WHERE (national_bodies.name, national_bodies.name_en, national_bodies.notes) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.name_en, EXCLUDED.notes)`,
    [JSON.stringify(NATIONAL_BODIES)],
  );
  return NATIONAL_BODIES.length;
}

/** Creates the service with its timeline and channels; its id, or null when it was there already. */
async function seedService(manager: EntityManager, repository: LineServicesRepository, service: AnySeedService): Promise<string | null> {
  const isOrganization = SEED_ORGANIZATIONS.some((o) => o.code === service.operatorCode);
  const isLocal = /^\d{6}$/.test(service.operatorCode);
  const isNational = !isLocal && !isOrganization;
  const [inserted] = await manager.query(
    `INSERT INTO line_services (local_government_code, national_body_code, organization_code, prefecture_code, name, name_en, department, category, audiences,
                                handles_personal_data, life_critical, description, line_hours, public_notice, conversation_data_storage)
     VALUES ($1, $2, $13, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $14, $15)
     ON CONFLICT (operator_code, name) DO NOTHING RETURNING id`,
    [
      isLocal ? service.operatorCode : null,
      isNational ? service.operatorCode : null,
      isLocal ? service.operatorCode.slice(0, 2) : null,
      service.name,
      'nameEn' in service ? (service.nameEn ?? null) : null,
      service.department ?? null,
      service.category,
      service.audiences,
      service.handlesPersonalData,
      service.lifeCritical ?? false,
      service.description,
      service.lineHours ? JSON.stringify(service.lineHours) : null,
      isOrganization ? service.operatorCode : null,
      service.publicNotice ?? null,
      service.conversationDataStorage ?? 'unknown',
    ],
  );
  if (!inserted) return null;
  // One by one, in order: undated changes are ordered by when they were recorded.
  for (const change of service.timeline) {
    await manager.query(`INSERT INTO status_changes (service_id, status, effective_at, reason, recorded_by) VALUES ($1, $2, $3, $4, $5)`, [
      inserted.id,
      change.status,
      change.effectiveAt,
      change.reason,
      SEED_RECORDER,
    ]);
  }
  if (service.channels?.length) {
    await manager.query(
      `INSERT INTO fallback_channels (service_id, kind, label, contact, hours, notes)
       SELECT $1, kind, label, '', hours, notes FROM jsonb_to_recordset($2::jsonb) AS x(kind text, label text, hours jsonb, notes text)`,
      [inserted.id, JSON.stringify(service.channels)],
    );
  }
  await repository.refreshCurrentStatus(manager, inserted.id);
  return inserted.id;
}
