import { AvailabilityRepository, Counter, EVERYTHING, NATIONAL, OrganizationReach, Place, ServiceRow } from './availability.repository';
import { organizationKey } from './availability.sql';
import { AvailabilityService } from './availability.service';
import { Coalesced } from './coalesced';

const row = (key: string, id: string, name = id): ServiceRow => ({
  key,
  id,
  name,
  operatorCode: key,
  operatorName: key,
  level: key === NATIONAL ? 'national' : key.startsWith(organizationKey('')) ? 'organization' : 'municipality',
  department: null,
  category: 'consultation',
  audiences: ['general'],
  lifeCritical: false,
  url: null,
  lineHours: null,
  publicNotice: null,
  successorServiceId: null,
  timeline: [{ status: 'active', effectiveAt: null }],
  channels: [],
});

const place = (code: string): Place => ({ code, name: code, kind: 'city' as Place['kind'], prefectureCode: '01', operators: [{ code, level: 'municipality' }] });

/** A deferred step: reads wait on it until the test lets them go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/**
 * The repository's contract in memory: services, a change counter and log, and reads that
 * can be held while the test does something else. (Unit test of the service's concurrency;
 * the e2e suites run the same paths against PostgreSQL.)
 */
class MemoryRepository {
  readonly services = new Map<string, ServiceRow>();
  private value = 0;
  private readonly log: { counter: number; id: string }[] = [];
  /** Counter reads in flight now, and the most there ever were at once. */
  counterReads = 0;
  maxCounterReads = 0;
  hold: Promise<void> | null = null;
  private reach: OrganizationReach[] = [];

  /** A change to organisations or their coverage: logged as a change to everything, as the triggers do. */
  setReach(reach: OrganizationReach[]): void {
    this.value++;
    this.reach = reach;
    this.log.push({ counter: this.value, id: EVERYTHING });
  }

  write(service: ServiceRow | { remove: string }): void {
    this.value++;
    if ('remove' in service) {
      this.services.delete(service.remove);
      this.log.push({ counter: this.value, id: service.remove });
    } else {
      this.services.set(service.id, service);
      this.log.push({ counter: this.value, id: service.id });
    }
  }

  async findPlace(code: string): Promise<Place | null> {
    return place(code);
  }

  async counter(): Promise<Counter> {
    this.counterReads++;
    this.maxCounterReads = Math.max(this.maxCounterReads, this.counterReads);
    const read = { value: this.value, prunedThrough: 0 };
    await this.hold;
    this.counterReads--;
    return read;
  }

  async changedSince(after: number, upTo: number): Promise<string[]> {
    const ids = [...new Set(this.log.filter((l) => l.counter > after && l.counter <= upTo).map((l) => l.id))];
    await this.hold;
    return ids;
  }

  async read(ids: string[], onPage: (rows: ServiceRow[]) => void): Promise<void> {
    const rows = ids.flatMap((id) => (this.services.has(id) ? [this.services.get(id)!] : []));
    await this.hold;
    onPage(rows);
  }

  async readAll(onSize: (size: { services: number; channels: number; changes: number }) => void, onPage: (rows: ServiceRow[]) => void, onReach: (reach: OrganizationReach[]) => void): Promise<Counter> {
    const counter = { value: this.value, prunedThrough: 0 };
    onSize({ services: this.services.size, channels: 0, changes: this.services.size });
    onReach(this.reach);
    onPage([...this.services.values()]);
    return counter;
  }
}

const names = async (availability: AvailabilityService, code: string) => (await availability.servicesOf(code, {})).items.map((i) => i.id).sort();

describe('Coalesced', () => {
  it('runs one at a time, and answers a caller who arrives during a run with a run that starts after it', async () => {
    const starts: number[] = [];
    let inFlight = 0;
    let most = 0;
    let release = gate();
    const coalesced = new Coalesced(async () => {
      starts.push(starts.length);
      inFlight++;
      most = Math.max(most, inFlight);
      await release.opened;
      inFlight--;
    });
    const first = coalesced.run();
    const during = [coalesced.run(), coalesced.run(), coalesced.run()];
    expect(starts).toEqual([0]);
    const firstRelease = release;
    release = gate();
    firstRelease.open();
    await first;
    // The callers who came during the first run share one run, started after it ended.
    await Promise.resolve();
    await Promise.resolve();
    expect(starts).toEqual([0, 1]);
    release.open();
    await Promise.all(during);
    expect(starts).toEqual([0, 1]);
    expect(most).toBe(1);
  });
});

describe('AvailabilityService index', () => {
  it('answers every request while services are written, replaced and removed during its catch-up: nothing fails, nothing is stale', async () => {
    const repository = new MemoryRepository();
    repository.write(row('011011', 'a'));
    repository.write(row('011011', 'b'));
    repository.write(row(NATIONAL, 'n'));
    const availability = new AvailabilityService(repository as unknown as AvailabilityRepository);
    expect(await names(availability, '011011')).toEqual(['a', 'b', 'n']);

    // Writes land, and the catch-up that reads them is held while many requests arrive and
    // more writes land: the groups they read change under them.
    const held = gate();
    repository.hold = held.opened;
    repository.write({ remove: 'a' });
    repository.write(row(NATIONAL, 'm'));
    const waiting = Array.from({ length: 50 }, () => names(availability, '011011'));
    repository.write({ remove: 'n' });
    repository.write(row('011011', 'c'));
    const later = Array.from({ length: 50 }, () => names(availability, '011011'));
    repository.hold = null;
    held.open();

    const answers = await Promise.all([...waiting, ...later]);
    // Each request saw at least every write made before it arrived.
    for (const answer of answers.slice(0, 50)) expect(answer).not.toContain('a');
    for (const answer of answers.slice(50)) expect(answer).toEqual(['b', 'c', 'm']);
    expect(repository.maxCounterReads).toBe(1);
    expect(await names(availability, '011011')).toEqual(['b', 'c', 'm']);
  });
});

describe('AvailabilityService and organisations', () => {
  const org = (code: string) => organizationKey(code);

  it('lists the services of the organisations covering the place or the whole country, and follows a change of coverage in the very next answer', async () => {
    const repository = new MemoryRepository();
    repository.setReach([
      { code: 'covers_place', nationwide: false, localGovernments: ['011011'] },
      { code: 'elsewhere', nationwide: false, localGovernments: ['270008'] },
      { code: 'everywhere', nationwide: true, localGovernments: [] },
    ]);
    repository.write(row('011011', 'own'));
    repository.write(row(org('covers_place'), 'near'));
    repository.write(row(org('elsewhere'), 'far'));
    repository.write(row(org('everywhere'), 'all'));
    const availability = new AvailabilityService(repository as unknown as AvailabilityRepository);
    const scope = await availability.servicesOf('011011', {});
    expect(scope.items.map((i) => [i.id, i.level])).toEqual([
      ['own', 'municipality'],
      ['all', 'organization'],
      ['near', 'organization'],
    ]);

    // The place is prepared and kept (asked again: the first build emptied the places), its organisations are not: the coverage changes and the next answer has it.
    expect(await names(availability, '011011')).toEqual(['all', 'near', 'own']);
    repository.setReach([
      { code: 'covers_place', nationwide: false, localGovernments: ['270008'] },
      { code: 'elsewhere', nationwide: false, localGovernments: ['270008', '011011'] },
      { code: 'everywhere', nationwide: false, localGovernments: ['130001'] },
    ]);
    expect(await names(availability, '011011')).toEqual(['far', 'own']);
    // A service an organisation adds afterwards, caught up without a rebuild, is there too.
    repository.write(row(org('elsewhere'), 'far2'));
    expect(await names(availability, '011011')).toEqual(['far', 'far2', 'own']);
  });

  it('ranks an organisation\'s service after the national bodies\' when equally open', async () => {
    const repository = new MemoryRepository();
    repository.setReach([{ code: 'npo', nationwide: true, localGovernments: [] }]);
    repository.write(row(org('npo'), 'a-npo'));
    repository.write(row(NATIONAL, 'z-national'));
    repository.write(row('011011', 'y-own'));
    const availability = new AvailabilityService(repository as unknown as AvailabilityRepository);
    const answer = await availability.availability({ localGovernment: '011011', at: '2026-12-01T12:00:00+09:00' });
    const body = JSON.parse(answer.written!.body.toString('utf8'));
    answer.written!.release();
    expect(body.services.map((s: { id: string; level: string }) => [s.id, s.level])).toEqual([
      ['y-own', 'municipality'],
      ['z-national', 'national'],
      ['a-npo', 'organization'],
    ]);
  });
});

describe('AvailabilityService suggested alternatives from organisations', () => {
  const org = (code: string) => organizationKey(code);

  it('suggest the services of organisations covering the gap\'s place or the whole country; for an organisation\'s gap, the nation\'s, the nationwide ones\' and its own', async () => {
    const repository = new MemoryRepository();
    repository.setReach([
      { code: 'covers_place', nationwide: false, localGovernments: ['011011'] },
      { code: 'elsewhere', nationwide: false, localGovernments: ['270008'] },
      { code: 'everywhere', nationwide: true, localGovernments: [] },
    ]);
    const suspended = (key: string, id: string): ServiceRow => ({ ...row(key, id), timeline: [{ status: 'suspended', effectiveAt: null }] });
    repository.write(suspended('011011', 'gap'));
    repository.write(suspended(org('elsewhere'), 'org-gap'));
    repository.write(row(org('covers_place'), 'near'));
    repository.write(row(org('elsewhere'), 'far'));
    repository.write(row(org('everywhere'), 'all'));
    repository.write(row(NATIONAL, 'n'));
    const availability = new AvailabilityService(repository as unknown as AvailabilityRepository);
    const suggested = async (id: string) => (await availability.suggestAlternatives(id)).map((s) => s.id).sort();
    expect(await suggested('gap')).toEqual(['all', 'n', 'near']);
    expect(await suggested('org-gap')).toEqual(['all', 'far', 'n']);
  });
});

describe('AvailabilityService suggested alternatives', () => {
  it('answers from the index brought up to date, for the place of the service\'s operator, and nothing for a service it does not hold', async () => {
    const repository = new MemoryRepository();
    const gap: ServiceRow = { ...row('011011', 'gap'), timeline: [{ status: 'suspended', effectiveAt: null }] };
    repository.write(gap);
    repository.write(row('011011', 'b'));
    repository.write(row('012025', 'elsewhere'));
    repository.write(row(NATIONAL, 'n'));
    const availability = new AvailabilityService(repository as unknown as AvailabilityRepository);
    const suggested = async (id: string) => (await availability.suggestAlternatives(id)).map((s) => s.id);
    expect(await suggested('gap')).toEqual(['b', 'n']);

    repository.write({ remove: 'b' });
    repository.write(row(NATIONAL, 'm'));
    expect(await suggested('gap')).toEqual(['m', 'n']);
    // A national body's service: the nation's services only.
    expect(await suggested('n')).toEqual(['m']);
    expect(await suggested('unknown')).toEqual([]);
  });
});
