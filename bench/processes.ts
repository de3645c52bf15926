import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { log, sleep } from './util';

/**
 * The benchmark's child processes (the API, the worker, the bare baseline): started with
 * their output in log files, stopped by their own pid (SIGTERM, then SIGKILL), also when
 * the benchmark fails or exits.
 */
export class Child {
  readonly process: ChildProcess;
  private readonly logStream: WriteStream;
  private readonly tail: string[] = [];
  private readonly listeners: ((line: string) => void)[] = [];
  private exited = false;
  exitCode: number | null = null;

  constructor(
    readonly name: string,
    script: string,
    env: Record<string, string>,
    cwd: string,
    readonly logPath: string,
    nodeFlags: string[] = [],
  ) {
    this.logStream = createWriteStream(logPath);
    this.process = spawn(process.execPath, [...nodeFlags, script], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.process.stdout!, this.process.stderr!]) {
      // A chunk may end in the middle of a line: the rest waits for the next chunk, so that
      // a line is seen whole (facts are parsed from lines).
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        this.logStream.write(chunk);
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop()!;
        for (const line of lines) this.take(line);
      });
      stream.on('end', () => this.take(partial));
    }
    this.process.on('exit', (code) => {
      this.exited = true;
      this.exitCode = code;
    });
    RUNNING.add(this);
  }

  get pid(): number {
    return this.process.pid!;
  }

  get alive(): boolean {
    return !this.exited;
  }

  private take(line: string): void {
    if (!line.trim()) return;
    this.tail.push(line);
    if (this.tail.length > 200) this.tail.splice(0, this.tail.length - 200);
    for (const listener of this.listeners) listener(line);
  }

  /**
   * Calls `listener` with each line it prints from now on, the moment it arrives (the tail
   * keeps only the last 200 lines). Register it right after the constructor to see every line.
   */
  onLine(listener: (line: string) => void): void {
    this.listeners.push(listener);
  }

  /** The last lines it printed (for error messages and parsed facts such as the worker's sweep time). */
  lines(): string[] {
    return [...this.tail];
  }

  async stop(graceMs = 8000): Promise<void> {
    if (this.alive) {
      this.process.kill('SIGTERM');
      const deadline = Date.now() + graceMs;
      while (this.alive && Date.now() < deadline) await sleep(50);
      if (this.alive) {
        log(`${this.name} (pid ${this.pid}) did not stop in ${graceMs} ms: SIGKILL`);
        this.process.kill('SIGKILL');
        const hard = Date.now() + 2000;
        while (this.alive && Date.now() < hard) await sleep(20);
      }
    }
    RUNNING.delete(this);
    await new Promise<void>((resolve) => this.logStream.end(resolve));
  }
}

const RUNNING = new Set<Child>();

/** Last resort (process 'exit' handlers are synchronous): SIGKILL whatever is still running. */
export function killAllSync(): void {
  for (const child of RUNNING) {
    if (child.alive) {
      try {
        child.process.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  RUNNING.clear();
}

export async function stopAll(): Promise<void> {
  await Promise.all([...RUNNING].map((child) => child.stop()));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls a URL until it answers 200 (bounded); fails early if the process died. */
export async function waitForHttp(url: string, child: Child, timeoutMs: number, accept: (body: unknown) => boolean = () => true): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!child.alive) throw new Error(`${child.name} exited (code ${child.exitCode}) before answering ${url}:\n${child.lines().slice(-20).join('\n')}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const text = await response.text();
      last = `${response.status} ${text.slice(0, 300)}`;
      if (response.ok) {
        const body = text.startsWith('{') ? JSON.parse(text) : text;
        if (accept(body)) return body;
      }
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`${url} did not become ready in ${timeoutMs} ms (last: ${last}); ${child.name} log: ${child.logPath}`);
}

export interface MemoryPeak {
  /** Highest VmRSS seen by the sampler, MB. */
  peakRssMb: number;
  /** The kernel's high-water mark (VmHWM) at the last sample, MB. */
  hwmMb: number;
  /** Highest VmRSS per phase of the benchmark, MB. */
  byPhase: Record<string, number>;
  samples: number;
}

/** Its resident set size now, MB (null when it is gone). */
export function rssMb(pid: number): number | null {
  const kb = readStatusKb(pid);
  return kb ? Math.round(kb.rss / 102.4) / 10 : null;
}

function readStatusKb(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return rss && hwm ? { rss: Number(rss[1]), hwm: Number(hwm[1]) } : null;
  } catch {
    return null;
  }
}

/** Samples VmRSS / VmHWM of the children every `intervalMs`, by phase. */
export class MemorySampler {
  private readonly peaks = new Map<string, MemoryPeak>();
  private readonly timer: NodeJS.Timeout;
  phase = 'start';

  constructor(
    private readonly children: () => Child[],
    intervalMs = 200,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    for (const child of this.children()) {
      if (!child.alive) continue;
      const kb = readStatusKb(child.pid);
      if (!kb) continue;
      const peak = this.peaks.get(child.name) ?? { peakRssMb: 0, hwmMb: 0, byPhase: {}, samples: 0 };
      const rssMb = kb.rss / 1024;
      peak.peakRssMb = Math.max(peak.peakRssMb, rssMb);
      peak.hwmMb = Math.max(peak.hwmMb, kb.hwm / 1024);
      peak.byPhase[this.phase] = Math.max(peak.byPhase[this.phase] ?? 0, rssMb);
      peak.samples++;
      this.peaks.set(child.name, peak);
    }
  }

  stop(): Record<string, MemoryPeak> {
    this.sample();
    clearInterval(this.timer);
    const round = (mb: number) => Math.round(mb * 10) / 10;
    return Object.fromEntries(
      [...this.peaks].map(([name, p]) => [
        name,
        { peakRssMb: round(p.peakRssMb), hwmMb: round(p.hwmMb), samples: p.samples, byPhase: Object.fromEntries(Object.entries(p.byPhase).map(([k, v]) => [k, round(v)])) },
      ]),
    );
  }
}
