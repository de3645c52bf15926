import request from 'supertest';
import type { DataSource } from 'typeorm';
import { bearer, createService, startApp, TestApp, tokenFor, unique } from './support/app';

/**
 * The change counter and log that keep every API instance's availability index exact
 * (migration AvailabilityChangeLog): what bumps the counter and logs a service, what does
 * not, and that the counter follows the order of commits, not of the writes.
 */
describe('availability change log', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startApp();
    token = await tokenFor(t, 'municipality', '011002');
  });
  afterAll(() => t.close());

  const counter = async (db: DataSource = t.db) => Number((await db.query(`SELECT value FROM availability_counter`))[0].value);
  /** The services logged under each counter value after `after`. */
  const loggedAfter = async (after: number) => {
    const rows: { counter: string; service_id: string }[] = await t.db.query(
      `SELECT m.counter, c.service_id FROM availability_commits m JOIN availability_changes c ON c.xid = m.xid WHERE m.counter > $1 ORDER BY m.counter, c.service_id`,
      [after],
    );
    const byCounter = new Map<number, string[]>();
    for (const r of rows) byCounter.set(Number(r.counter), [...(byCounter.get(Number(r.counter)) ?? []), r.service_id]);
    return byCounter;
  };
  const NIL = '00000000-0000-0000-0000-000000000000';
  /**
   * Runs `write` and says which services each counter value it took logged: the values
   * that logged one of `ids` (other suites write meanwhile, to other services).
   */
  const logOf = async (ids: string[], write: () => Promise<unknown>) => {
    const before = await counter();
    await write();
    return [...(await loggedAfter(before)).entries()].filter(([, logged]) => logged.some((id) => ids.includes(id)));
  };
  const valuesOf = (log: [number, string[]][]) => log.map(([, logged]) => logged);

  it('logs each write of the API once per transaction, with the service it touched', async () => {
    const before = await counter();
    const { id } = await createService(t, token, '011002');
    // The service and its first status change: one transaction, one value.
    expect([...(await loggedAfter(before)).values()].filter((logged) => logged.includes(id))).toEqual([[id]]);

    const channel = await logOf([id], () => request(t.http).post(`/v1/services/${id}/fallback-channels`).set(bearer(token)).send({ kind: 'phone', label: '電話', contact: '011-211-2111', hours: { type: 'always' } }).expect(201));
    expect(valuesOf(channel)).toEqual([[id]]);
    const patched = await logOf([id], () => request(t.http).patch(`/v1/services/${id}`).set(bearer(token)).send({ name: unique('改名した相談') }).expect(200));
    expect(valuesOf(patched)).toEqual([[id]]);
    // A scheduled change (one already in effect cannot be withdrawn).
    const change = await request(t.http).post(`/v1/services/${id}/status-changes`).set(bearer(token)).send({ status: 'suspended', effectiveAt: new Date(Date.now() + 3600_000).toISOString() }).expect(201);
    const withdrawn = await logOf([id], () => request(t.http).post(`/v1/services/${id}/status-changes/${change.body.id}/withdraw`).set(bearer(token)).expect(200));
    expect(valuesOf(withdrawn)).toEqual([[id]]);
  });

  it('does not log what an answer does not show: the engine\'s current status, a statement that changed no row', async () => {
    const { id } = await createService(t, token, '011002');
    const log = await logOf([id, NIL], async () => {
      await t.db.query(`UPDATE line_services SET current_status = 'suspended', current_status_since = now() WHERE id = $1`, [id]);
      await t.db.query(`UPDATE fallback_channels SET notes = 'x' WHERE service_id = $1`, [id]); // it has none
      await t.db.query(`UPDATE local_governments SET name = name WHERE code = '011002'`);
    });
    expect(log).toEqual([]);
  });

  it('logs every row of a many-row statement in one set, and a registry change as everything', async () => {
    const a = await createService(t, token, '011002');
    const b = await createService(t, token, '011002');
    const both = await logOf([a.id, b.id], () => t.db.query(`UPDATE line_services SET department = $2 WHERE id = ANY ($1::uuid[])`, [[a.id, b.id], unique('課')]));
    expect(valuesOf(both)).toEqual([[a.id, b.id].sort()]);
    const original = (await t.db.query(`SELECT name FROM local_governments WHERE code = '011002'`))[0].name;
    try {
      const renamed = await logOf([NIL], () => t.db.query(`UPDATE local_governments SET name = name || '（仮）' WHERE code = '011002'`));
      expect(valuesOf(renamed)).toEqual([[NIL]]);
    } finally {
      await t.db.query(`UPDATE local_governments SET name = $1 WHERE code = '011002'`, [original]);
    }
  });

  it('takes nothing for a rolled-back transaction or savepoint', async () => {
    const { id } = await createService(t, token, '011002');
    const before = await counter();
    const runner = t.db.createQueryRunner();

    try {
      await runner.startTransaction();
      await runner.query(`INSERT INTO fallback_channels (service_id, kind, label) VALUES ($1, 'phone', '取り消される電話')`, [id]);
      await runner.rollbackTransaction();
      await runner.startTransaction();
      await runner.query(`SAVEPOINT s`);
      await runner.query(`INSERT INTO fallback_channels (service_id, kind, label) VALUES ($1, 'phone', '取り消される電話')`, [id]);
      await runner.query(`ROLLBACK TO SAVEPOINT s`);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect([...(await loggedAfter(before)).values()].filter((logged) => logged.includes(id))).toEqual([]);

  });

  it('numbers transactions in the order they commit, not the order they wrote', async () => {
    const first = await createService(t, token, '011002');
    const second = await createService(t, token, '011002');
    const before = await counter();
    const [early, late] = [t.db.createQueryRunner(), t.db.createQueryRunner()];
    try {
      await early.startTransaction();
      await late.startTransaction();
      // `early` writes first but commits last.
      await early.query(`INSERT INTO fallback_channels (service_id, kind, label) VALUES ($1, 'phone', '先に書いた電話')`, [first.id]);
      await late.query(`INSERT INTO fallback_channels (service_id, kind, label) VALUES ($1, 'phone', '後に書いた電話')`, [second.id]);
      await late.commitTransaction();
      // `early` has no value yet: until it commits, no reader sees one for it.
      expect((await logOf([first.id], async () => undefined))).toEqual([]);
      expect([...(await loggedAfter(before)).values()].flat()).not.toContain(first.id);
      await early.commitTransaction();
    } finally {
      await early.release();
      await late.release();
    }
    const log = [...(await loggedAfter(before)).entries()].filter(([, logged]) => logged.includes(first.id) || logged.includes(second.id));
    expect(log.map(([, logged]) => logged)).toEqual([[second.id], [first.id]]);
    expect(log[0][0]).toBeLessThan(log[1][0]);
  });
});
