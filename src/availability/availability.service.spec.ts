import { AvailabilityRepository, Counter, NATIONAL, Place, ServiceRow } from './availability.repository';
import { AvailabilityService } from './availability.service';
import { Coalesced } from './coalesced';

const row = (key: string, id: string, name = id): ServiceRow => ({
  key,
  id,
  name,
  operatorCode: key,
  operatorName: key,
  level: key === NATIONAL ? 'national' : 'municipality',
  department: null,
  category: 'consultation',
  audiences: ['general'],
  lifeCritical: false,
  url: null,
  lineHours: null,
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

  async readAll(onSize: (size: { services: number; channels: number; changes: number }) => void, onPage: (rows: ServiceRow[]) => void): Promise<Counter> {
    const counter = { value: this.value, prunedThrough: 0 };
    onSize({ services: this.services.size, channels: 0, changes: this.services.size });
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
