import { INestApplicationContext } from '@nestjs/common';
import { GapsEngine } from '../../src/gaps/gaps-engine';
import { createWorker } from '../../src/worker';

export interface TestWorker {
  context: INestApplicationContext;
  engine: GapsEngine;
  close(): Promise<void>;
}

/** The worker, in this test process, on the test database and queues. */
export async function startWorker(): Promise<TestWorker> {
  const context = await createWorker();
  await context.init();
  return { context, engine: context.get(GapsEngine), close: () => context.close() };
}

/** Polls until the check returns a value (not undefined), or fails after the timeout. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 5000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
