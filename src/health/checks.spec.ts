import { HealthIndicatorService } from '@nestjs/terminus';
import { optional, within } from './checks';

describe('optional', () => {
  const indicators = new HealthIndicatorService();

  it('turns a failed check into degraded, with its message', async () => {
    const result = await optional(indicators.check('redis').attempt(() => Promise.reject(new Error('connect ECONNREFUSED'))));
    expect(result.redis).toEqual(expect.objectContaining({ status: 'degraded', message: 'connect ECONNREFUSED' }));
  });

  it('leaves a passing check up', async () => {
    const result = await optional(indicators.check('redis').attempt(() => undefined));
    expect(result.redis.status).toBe('up');
  });
});

describe('within', () => {
  it('rejects a promise that does not settle in time, naming what did not answer', async () => {
    await expect(within(new Promise(() => undefined), 20, 'Redis')).rejects.toThrow('Redis did not answer within 20 ms');
  });
});
