import { DataSource, EntityManager } from 'typeorm';
import { LineServicesRepository } from '../src/line-services/line-services.repository';
import { ReportCountsRepository } from '../src/reports/report-counts.repository';
import { LINE_2021_CASES, SeedService } from './line-2021-cases';
import { readLocalGovernments } from './local-governments';
import { NATIONAL_BODIES, OPERATOR_NOTES } from './national-bodies';

export const SEED_RECORDER = 'seed: line-2021-cases.md';

export interface SeedSummary {
  localGovernments: number;
  nationalBodies: number;
  servicesCreated: number;
  servicesAlreadyThere: number;
}

/**
 * Idempotent: reference data is upserted (only rows that differ are touched) and each
 * 2021 service is created with its timeline and channels only if its operator does not
 * have a service of that name yet. Running it twice changes nothing.
 */
export async function seed(dataSource: DataSource): Promise<SeedSummary> {
  return dataSource.transaction(async (manager) => {
    const localGovernments = await seedLocalGovernments(manager);
    const nationalBodies = await seedNationalBodies(manager);
    const created: string[] = [];
    const repository = new LineServicesRepository(dataSource);
    for (const service of LINE_2021_CASES) {
      const id = await seedService(manager, repository, service);
      if (id) created.push(id);
    }
    // The report figures of now, as every write keeps them (their findings wait for the engine).
    if (created.length) await new ReportCountsRepository().recount(manager, '= ANY($1::uuid[])', [created]);
    return { localGovernments, nationalBodies, servicesCreated: created.length, servicesAlreadyThere: LINE_2021_CASES.length - created.length };
  });
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
async function seedService(manager: EntityManager, repository: LineServicesRepository, service: SeedService): Promise<string | null> {
  const isNational = !/^\d{6}$/.test(service.operatorCode);
  const [inserted] = await manager.query(
    `INSERT INTO line_services (local_government_code, national_body_code, prefecture_code, name, department, category, audiences,
                                handles_personal_data, life_critical, description, line_hours)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (operator_code, name) DO NOTHING RETURNING id`,
    [
      isNational ? null : service.operatorCode,
      isNational ? service.operatorCode : null,
      isNational ? null : service.operatorCode.slice(0, 2),
      service.name,
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
