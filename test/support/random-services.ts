import { DataSource } from 'typeorm';
import { unique } from './app';

/** A small seeded PRNG, so a failing run can be replayed with the seed it prints. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  return { next, pick, chance: (p: number) => next() < p, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const STATUSES = ['planned', 'postponed', 'active', 'suspended', 'discontinued'];

function randomHours(r: ReturnType<typeof prng>) {
  if (r.chance(0.2)) return null;
  if (r.chance(0.2)) return { type: 'always' };
  const days = DAYS.filter(() => r.chance(0.4));
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const ranges = (days.length ? days : ['mon']).map((day) => {
    const start = r.int(0, 47) * 30;
    return { day, start: hhmm(start), end: hhmm((start + r.int(1, 24) * 30) % 1440) };
  });
  return { type: 'weekly', publicHolidays: r.pick(['closed', 'as_usual', 'as_sunday']), ranges };
}

/** Who operates a generated service: a local government (with its prefecture) or a national body. */
export interface RandomOperator {
  code: string;
  prefecture_code: string | null;
}

/**
 * Random services with random timelines (past, undated, future, withdrawn) and channels with
 * random validity, written straight into the tables (no evaluation, no recount). By default
 * their operators are 40 local governments picked at random.
 */
export async function randomServices(db: DataSource, seed: number, count: number, operators?: RandomOperator[]): Promise<string[]> {
  const r = prng(seed);
  operators ??= (await db.query(`SELECT code, prefecture_code FROM local_governments ORDER BY random() LIMIT 40`)) as RandomOperator[];
  const ids: string[] = [];
  const hour = 3_600_000;
  const minute = 60_000;
  for (let i = 0; i < count; i++) {
    const op = r.pick(operators);
    const [{ id }] = await db.query(
      `INSERT INTO line_services (local_government_code, national_body_code, prefecture_code, name, category, audiences, handles_personal_data, life_critical, line_hours)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        op.prefecture_code === null ? null : op.code,
        op.prefecture_code === null ? op.code : null,
        op.prefecture_code,
        unique('random service'),
        r.pick(['consultation', 'information', 'reservation', 'payment', 'application', 'health_monitoring', 'other']),
        ['children', 'youth', 'parents', 'adults', 'general'].filter(() => r.chance(0.3)),
        r.chance(0.5),
        r.chance(0.2),
        JSON.stringify(randomHours(r)),
      ],
    );
    ids.push(id);
    for (let c = r.int(1, 4); c > 0; c--) {
      const when = r.chance(0.15) ? null : new Date(Date.now() + r.int(-2000, 200) * hour);
      await db.query(`INSERT INTO status_changes (service_id, status, effective_at, recorded_by, withdrawn_at) VALUES ($1, $2, $3, 'random', $4)`, [
        id,
        r.pick(STATUSES),
        when,
        when && when.getTime() > Date.now() && r.chance(0.2) ? new Date() : null,
      ]);
    }
    for (let c = r.int(0, 3); c > 0; c--) {
      // Validity: open, or bounded hours away (past or future), or starting or expiring soon,
      // so that stopped services' channels run out before others start (and do not). Never
      // within the quarter of an hour the test takes: the evaluation and the sweep must see
      // the same channels valid.
      const soon = () => Date.now() + r.int(15, 180) * minute;
      const from = r.chance(0.7) ? null : r.chance(0.3) ? new Date(soon()) : new Date(Date.now() + r.int(-500, 300) * hour);
      const until = r.chance(0.6) ? null : r.chance(0.4) ? new Date(Math.max(soon(), from?.getTime() ?? 0)) : new Date((from?.getTime() ?? Date.now()) + r.int(-100, 400) * hour);
      await db.query(`INSERT INTO fallback_channels (service_id, kind, label, contact, hours, valid_from, valid_until) VALUES ($1, $2, 'random', $3, $4, $5, $6)`, [
        id,
        r.pick(['phone', 'email', 'in_person', 'website']),
        r.chance(0.5) ? '' : 'known',
        JSON.stringify(randomHours(r)),
        from,
        until && from && until < from ? from : until,
      ]);
    }
  }
  return ids;
}
