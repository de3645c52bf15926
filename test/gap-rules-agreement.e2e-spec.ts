import { DataSource } from 'typeorm';
import { connect } from '../src/database/connect';
import { FINDING_KINDS, findingSeverity, gapSeverity, LESSER_KINDS, lowerSeverity, lowerSeveritySql, SEVERITIES, severitySql, SeverityInput } from '../src/gaps/gap-rules';
import { AUDIENCES, SERVICE_CATEGORIES } from '../src/line-services/vocabulary';
import { TEST_DATABASE_URL } from './support/env';

/**
 * The severity rule has one definition (SEVERITY_RULES in gap-rules.ts) and two evaluators
 * built from it: the SQL the engine and the reports run, and the TypeScript the docs and
 * unit tests read. Here PostgreSQL evaluates the SQL for every combination of the inputs
 * the rule reads — each category, life-critical or not, personal data or not, and every
 * subset of audiences (7 × 2 × 2 × 1,024 = 28,672 services) — and each answer must be the
 * TypeScript's. The same for the step down of the lesser findings, for every severity.
 */
describe('the severity rule in SQL and in TypeScript', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await connect(TEST_DATABASE_URL, 'line-tracker-test-rules');
  });
  afterAll(() => db.destroy());

  function everyService(): SeverityInput[] {
    const inputs: SeverityInput[] = [];
    for (const category of SERVICE_CATEGORIES) {
      for (const lifeCritical of [false, true]) {
        for (const handlesPersonalData of [false, true]) {
          for (let mask = 0; mask < 1 << AUDIENCES.length; mask++) {
            inputs.push({ category, lifeCritical, handlesPersonalData, audiences: AUDIENCES.filter((_, i) => mask & (1 << i)) });
          }
        }
      }
    }
    return inputs;
  }

  it('gives every service the same severity', async () => {
    const inputs = everyService();
    expect(inputs).toHaveLength(SERVICE_CATEGORIES.length * 4 * 2 ** AUDIENCES.length);
    const rows: { i: number; severity: string }[] = await db.query(
      `SELECT s.i, ${severitySql('s')} AS severity
         FROM unnest($1::text[], $2::boolean[], $3::boolean[], $4::text[]) WITH ORDINALITY
              AS u (category, life_critical, handles_personal_data, audience_list, i)
        CROSS JOIN LATERAL (SELECT u.i::int AS i, u.category, u.life_critical, u.handles_personal_data, string_to_array(u.audience_list, ',') AS audiences) AS s
        ORDER BY s.i`,
      [inputs.map((s) => s.category), inputs.map((s) => s.lifeCritical), inputs.map((s) => s.handlesPersonalData), inputs.map((s) => s.audiences.join(','))],
    );
    expect(rows).toHaveLength(inputs.length);
    const disagreements = rows.filter((row) => row.severity !== gapSeverity(inputs[row.i - 1])).map((row) => ({ input: inputs[row.i - 1], sql: row.severity, ts: gapSeverity(inputs[row.i - 1]) }));
    expect(disagreements).toEqual([]);
    // Every severity the rule can give is reached, so the comparison covered each branch.
    expect(new Set(rows.map((r) => r.severity))).toEqual(new Set(['critical', 'high', 'medium']));
  });

  it('steps the lesser findings down alike, for every severity and kind', async () => {
    const rows: { severity: string; lower: string }[] = await db.query(`SELECT s AS severity, ${lowerSeveritySql('s')} AS lower FROM unnest($1::text[]) AS s`, [[...SEVERITIES]]);
    expect(rows.map((r) => [r.severity, r.lower])).toEqual(SEVERITIES.map((s) => [s, lowerSeverity(s)]));
    // findingSeverity is the gap's severity, one step lower for the lesser kinds, as reconcile.sql.ts applies it.
    const service = everyService()[0];
    for (const kind of FINDING_KINDS) {
      expect(findingSeverity(kind, service)).toBe(LESSER_KINDS.includes(kind) ? lowerSeverity(gapSeverity(service)) : gapSeverity(service));
    }
  });
});
