import { Test } from '@nestjs/testing';
import { AvailabilityCoreModule, AvailabilityModule } from './availability.module';
import { AvailabilityRepository } from './availability.repository';
import { AvailabilityService } from './availability.service';

/** A repository that only counts the builds asked of it (and answers an empty country). */
function countingRepository() {
  const calls = { readAll: 0 };
  const repository = {
    calls,
    async readAll() {
      calls.readAll++;
      return { value: 0, prunedThrough: 0 };
    },
    async counter() {
      return { value: 0, prunedThrough: 0 };
    },
  };
  return repository;
}

async function started(module: typeof AvailabilityModule | typeof AvailabilityCoreModule) {
  const repository = countingRepository();
  const app = await Test.createTestingModule({ imports: [module] }).overrideProvider(AvailabilityRepository).useValue(repository).compile();
  await app.init();
  return { app, repository };
}

describe('where the availability index is built', () => {
  it('the API builds it as it starts', async () => {
    const { app, repository } = await started(AvailabilityModule);
    expect(repository.calls.readAll).toBe(1);
    await app.close();
  });

  it('the core alone (the worker\'s) builds it on its first question only', async () => {
    const { app, repository } = await started(AvailabilityCoreModule);
    expect(repository.calls.readAll).toBe(0);
    expect(await app.get(AvailabilityService).suggestAlternatives('00000000-0000-4000-8000-000000000001')).toEqual([]);
    expect(repository.calls.readAll).toBe(1);
    await app.close();
  });
});
