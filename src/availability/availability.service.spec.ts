import { AvailabilityRepository, GroupService, NATIONAL, Place, Signature } from './availability.repository';
import { AvailabilityService, MAX_CACHED_SERVICES } from './availability.service';

const service = (group: string, i: number): GroupService => ({
  id: `${group}-${i}`,
  name: `${group} ${i}`,
  operatorCode: group,
  operatorName: group,
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

/**
 * A repository in memory: each group's services and signature, and loads that can be held
 * until the test lets them go.
 */
class FakeRepository {
  readonly data = new Map<string, { signature: Signature; services: GroupService[] }>();
  private readonly held: Promise<void>[] = [];
  loadStarted: () => void = () => undefined;

  setGroup(key: string, signature: Signature, n: number): void {
    this.data.set(key, { signature, services: Array.from({ length: n }, (_, i) => service(key, i)) });
  }

  /** The next load waits for the returned function to be called. */
  holdNextLoad(): () => void {
    let release!: () => void;
    this.held.push(new Promise<void>((resolve) => (release = resolve)));
    return release;
  }

  async findPlace(code: string): Promise<Place | null> {
    return place(code);
  }

  async signatures(codes: string[]): Promise<Map<string, Signature>> {
    return new Map([...codes, NATIONAL].filter((k) => this.data.has(k)).map((k) => [k, this.data.get(k)!.signature]));
  }

  async load(keys: string[]): Promise<{ signatures: Map<string, Signature>; groups: Map<string, GroupService[]> }> {
    const read = new Map(keys.map((k) => [k, this.data.get(k)]));
    this.loadStarted();
    await this.held.shift();
    return {
      signatures: new Map(keys.filter((k) => read.get(k)).map((k) => [k, read.get(k)!.signature])),
      groups: new Map(keys.map((k) => [k, read.get(k)?.services ?? []])),
    };
  }
}

describe('AvailabilityService group cache', () => {
  it('answers with the groups it found fresh even when another request drops them from the cache while it loads the stale ones', async () => {
    const repository = new FakeRepository();
    const availability = new AvailabilityService(repository as unknown as AvailabilityRepository);
    repository.setGroup('01101', '1:1', 1);
    repository.setGroup(NATIONAL, '1:1', 1);
    // A large city: its group alone takes the cache to its cap, less the national group.
    repository.setGroup('01202', '1:1', MAX_CACHED_SERVICES - 1);
    await availability.servicesOf('01101', {}); // caches 01101, then national

    // A national service is written: both requests below find the national group stale.
    repository.setGroup(NATIONAL, '1:2', 1);
    const release = repository.holdNextLoad();
    const started = new Promise<void>((resolve) => (repository.loadStarted = resolve));
    // 01101 is fresh for this request, which now waits for the national group to load…
    const first = availability.servicesOf('01101', {});
    await started;
    repository.loadStarted = () => undefined;
    // …while this one caches the large city and drops 01101, the least recently used.
    const second = await availability.servicesOf('01202', {});
    expect(second.items).toHaveLength(MAX_CACHED_SERVICES);
    release();

    const answer = await first;
    expect(answer.items.map((i) => i.id)).toEqual(['01101-0', `${NATIONAL}-0`]);
  });
});
