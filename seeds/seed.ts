import { DataSource, EntityManager } from 'typeorm';
import { LineServicesRepository } from '../src/line-services/line-services.repository';
import { ReportCountsRepository } from '../src/reports/report-counts.repository';
import { LINE_2021_CASES, SeedService } from './line-2021-cases';
import { FORMER_ENGLISH_CASES, FormerSeedService } from './line-2021-cases-former-english';
import { formerRecordRenames } from './former-records';
import { readLocalGovernments } from './local-governments';
import { NATIONAL_BODIES, OPERATOR_NOTES } from './national-bodies';

export const SEED_RECORDER = 'seed: line-2021-cases.md';

export interface SeedSummary {
  localGovernments: number;
  nationalBodies: number;
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
    const upgrade = await upgradeFormerRecords(manager);
    const created = await insertCases(manager, LINE_2021_CASES);
    return {
      localGovernments,
      nationalBodies,
      servicesCreated: created.length,
      servicesAlreadyThere: LINE_2021_CASES.length - created.length,
      servicesUpdated: upgrade.renamed.length,
      renamesSkipped: upgrade.skipped,
    };
  });
}

/**
 * Creates each case its operator has no service of that name for, with its timeline and
 * channels, and counts the report figures of the new ones; their ids. `cases` without
 * nameEn are what the seed wrote until issue 13 (FORMER_ENGLISH_CASES, for tests).
 */
export async function insertCases(manager: EntityManager, cases: readonly (SeedService | FormerSeedService)[]): Promise<string[]> {
  const created: string[] = [];
  const repository = new LineServicesRepository(manager.connection);
  for (const service of cases) {
    const id = await seedService(manager, repository, service);
    if (id) created.push(id);
  }
  // The report figures of now, as every write keeps them (their findings wait for the engine).
  if (created.length) await new ReportCountsRepository().recount(manager, '= ANY($1::uuid[])', [created]);
  return created;
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
async function seedService(manager: EntityManager, repository: LineServicesRepository, service: SeedService | FormerSeedService): Promise<string | null> {
  const isNational = !/^\d{6}$/.test(service.operatorCode);
  const [inserted] = await manager.query(
    `INSERT INTO line_services (local_government_code, national_body_code, prefecture_code, name, name_en, department, category, audiences,
                                handles_personal_data, life_critical, description, line_hours)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (operator_code, name) DO NOTHING RETURNING id`,
    [
      isNational ? null : service.operatorCode,
      isNational ? service.operatorCode : null,
      isNational ? null : service.operatorCode.slice(0, 2),
      service.name,
      'nameEn' in service ? service.nameEn : null,
      service.department ?? null,
      service.category,
      service.audiences,
      service.handlesPersonalData,
      service.lifeCritical ?? false,
      service.description,
      service.lineHours ? JSON.stringify(service.lineHours) : null,
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
