import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
export const WORKER_SCRIPT = join(ROOT, 'dist', 'src', 'worker.js');
export const API_SCRIPT = join(ROOT, 'dist', 'src', 'main.js');

/** What a built entry point prints once it is ready: the worker, or the API with its availability index built. */
const READY: Record<string, RegExp> = { [WORKER_SCRIPT]: /worker started/, [API_SCRIPT]: /availability index: built/ };

export interface ChildWorkerEnv {
  DATABASE_URL: string;
  REDIS_URL: string;
  QUEUE_PREFIX: string;
  LOG_LEVEL?: string;
  [key: string]: string | undefined;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The built worker (`node dist/src/worker.js`, as in production), or the built API
 * (`dist/src/main.js`), as a child process of the test, on the Node that runs the tests.
 * `npm test` builds dist/ first (pretest).
 */
export class ChildWorker {
  readonly output: string[] = [];
  readonly exited: Promise<Exit>;
  private exit?: Exit;

  private constructor(
    private readonly child: ChildProcess,
    private readonly script: string,
  ) {
    this.exited = new Promise<Exit>((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString('utf8'));
      // Bounded: only the latest lines matter for a failure message.
      if (this.output.length > 400) this.output.splice(0, this.output.length - 400);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  static spawn(env: ChildWorkerEnv, script = WORKER_SCRIPT): ChildWorker {
    if (!existsSync(script)) throw new Error(`${script} is missing: run npm run build (npm test does it in pretest)`);
    const child = spawn(process.execPath, [script], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'log', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ChildWorker(child, script);
  }

  /**
   * Spawns the worker and waits until it has started. A build running at that moment (nest
   * build empties dist/ first) makes the child fail to load its modules: it is then spawned
   * again, a bounded number of times.
   */
  static async start(env: ChildWorkerEnv, timeoutMs = 20_000, script = WORKER_SCRIPT): Promise<ChildWorker> {
    for (let attempt = 1; ; attempt++) {
      const deadline = Date.now() + 60_000;
      while (!existsSync(script) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      const child = ChildWorker.spawn(env, script);
      try {
        await child.started(timeoutMs);
        return child;
      } catch (error) {
        await child.kill();
        if (attempt >= 10 || !/Cannot find module|MODULE_NOT_FOUND/.test(child.log)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  get log(): string {
    return this.output.join('').slice(-8000);
  }

  /** Resolves once the process logged that it is ready; fails if it exits or is not within the timeout. */
  async started(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!READY[this.script].test(this.output.join(''))) {
      if (!this.running) throw new Error(`${this.script} exited before it was ready (${JSON.stringify(this.exit)}):\n${this.log}`);
      if (Date.now() > deadline) throw new Error(`${this.script} was not ready within ${timeoutMs} ms:\n${this.log}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** The exit, or null if it has not exited within the timeout. */
  async waitForExit(timeoutMs: number): Promise<Exit | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Makes sure this child is gone (SIGKILL, this process only). */
  async kill(): Promise<Exit> {
    this.signal('SIGKILL');
    return this.exited;
  }
}
