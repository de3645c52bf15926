import request from 'supertest';
import { bearer, createService, expectNothingStored, fieldsOf, issueTestTokens, serviceBody, startApp, TestApp, TestToken, UNKNOWN_ID } from './support/app';

// The facts of a record that issue 14 adds to a service: its public notice, its switch-first
// plan, its successor and its data handling. Dates of plans are taken from the clock.

const NOTICE = 'LINE相談はしばらくお休みします。お電話かメールでご相談ください';

/** A Tokyo day `days` from today, YYYY-MM-DD. */
function tokyoDay(days: number): string {
  return new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

describe('a service record: public notice, transition, successor, data handling', () => {
  let t: TestApp;
  let osaka: TestToken, hokkaido: TestToken, ministry: TestToken;

  beforeAll(async () => {
    t = await startApp();
    ({ osaka, hokkaido, ministry } = await issueTestTokens(t, 'records'));
  });
  afterAll(() => t.close());

  it('a new service carries what it is given, and defaults that say "not known"', async () => {
    const plan = { toKind: 'chat_platform', toPlatform: 'Webチャット', switchOn: tokyoDay(10), stopOn: tokyoDay(20) };
    const created = await createService(t, osaka.token, '270008', {
      publicNotice: NOTICE,
      transition: plan,
      handlesConfidentialData: true,
      conversationDataStorage: 'operator_system_in_japan',
    });
    expect(created).toEqual(
      expect.objectContaining({
        publicNotice: NOTICE,
        transition: plan,
        handlesPersonalData: true,
        handlesConfidentialData: true,
        conversationDataStorage: 'operator_system_in_japan',
        successorServiceId: null,
        successor: null,
        lastVerifiedAt: null,
        lastVerifiedBy: null,
      }),
    );
    const plain = await createService(t, osaka.token, '270008');
    expect(plain).toEqual(expect.objectContaining({ publicNotice: null, transition: null, handlesConfidentialData: null, conversationDataStorage: 'unknown' }));
    const [row] = await t.db.query(`SELECT transition_switch_on::text AS switch_on, transition_stop_on::text AS stop_on FROM line_services WHERE id = $1`, [created.id]);
    expect(row).toEqual({ switch_on: plan.switchOn, stop_on: plan.stopOn });
  });

  it('PATCH changes the notice and the plan, clears them with null, and the audit log keeps each change', async () => {
    const service = await createService(t, osaka.token, '270008');
    const patch = (body: object) => request(t.http).patch(`/v1/services/${service.id}`).set(bearer(osaka.token)).send(body);
    const withNotice = await patch({ publicNotice: NOTICE, transition: { toKind: 'phone', switchOn: tokyoDay(3) } }).expect(200);
    expect(withNotice.body.publicNotice).toBe(NOTICE);
    expect(withNotice.body.transition).toEqual({ toKind: 'phone', toPlatform: null, switchOn: tokyoDay(3), stopOn: null });
    const cleared = await patch({ publicNotice: null, transition: null }).expect(200);
    expect(cleared.body).toEqual(expect.objectContaining({ publicNotice: null, transition: null }));

    const audit = await request(t.http).get('/v1/audit').set(bearer(ministry.token)).query({ serviceId: service.id }).expect(200);
    const updates = audit.body.items.filter((e: { action: string }) => e.action === 'service.update');
    const notices = updates.map((e: { before: { publicNotice: string | null }; after: { publicNotice: string | null } }) => [e.before.publicNotice, e.after.publicNotice]);
    expect(notices).toEqual(expect.arrayContaining([[null, NOTICE], [NOTICE, null]]));
  });

  it('a discontinued service points to its successor, by id and name', async () => {
    const successor = await createService(t, osaka.token, '270008');
    const old = await createService(t, osaka.token, '270008', { successorServiceId: successor.id });
    expect(old.successor).toEqual({ id: successor.id, name: successor.name });
    const read = await request(t.http).get(`/v1/services/${old.id}`).expect(200);
    expect(read.body.successorServiceId).toBe(successor.id);
  });

  it('refuses a bad record with a 400 naming the field, and stores nothing', async () => {
    const service = await createService(t, osaka.token, '270008');
    const cases: [object, string][] = [
      [{ successorServiceId: UNKNOWN_ID }, 'successorServiceId'],
      [{ successorServiceId: 'not-a-uuid' }, 'successorServiceId'],
      [{ successorServiceId: service.id }, 'successorServiceId'],
      [{ transition: { toKind: 'pigeon' } }, 'transition.toKind'],
      [{ transition: { toKind: 'phone', switchOn: '2021-02-30' } }, 'transition.switchOn'],
      [{ transition: { toKind: 'phone', stopOn: '1 April' } }, 'transition.stopOn'],
      [{ transition: { switchOn: tokyoDay(1) } }, 'transition.toKind'],
      [{ conversationDataStorage: 'the cloud' }, 'conversationDataStorage'],
      [{ handlesConfidentialData: 'yes' }, 'handlesConfidentialData'],
      [{ publicNotice: 'あ'.repeat(501) }, 'publicNotice'],
    ];
    for (const [body, field] of cases) {
      const res = await expectNothingStored(t.db, () => request(t.http).patch(`/v1/services/${service.id}`).set(bearer(osaka.token)).send(body));
      expect([res.status, fieldsOf(res.body)]).toEqual([400, [field]]);
    }
    const create = await expectNothingStored(t.db, () => request(t.http).post('/v1/services').set(bearer(osaka.token)).send(serviceBody('270008', { successorServiceId: UNKNOWN_ID })));
    expect([create.status, fieldsOf(create.body)]).toEqual([400, ['successorServiceId']]);
    const unknownOperator = await request(t.http).post('/v1/services').set(bearer(ministry.token)).send(serviceBody('no_such_body')).expect(400);
    expect(fieldsOf(unknownOperator.body)).toEqual(['operatorCode']);
    expect(unknownOperator.body.details[0].message).toContain('no_such_body');
  });

  it('only the jurisdiction may write the new fields', async () => {
    const service = await createService(t, osaka.token, '270008');
    await request(t.http).patch(`/v1/services/${service.id}`).set(bearer(hokkaido.token)).send({ publicNotice: NOTICE }).expect(403);
  });
});
