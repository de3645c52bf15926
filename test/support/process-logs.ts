import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor } from './worker';

/**
 * A built entry point (dist/src/main.js, dist/src/worker.js) in a process of its own, its
 * stdout and stderr kept: the logs exactly as an operator would collect them.
 */
export class LoggedProcess {
  private output = '';
  private readonly child: ChildProcess;

  constructor(entry: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [resolve(__dirname, '../../dist/src', entry)], { cwd: resolve(__dirname, '../..'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
  }

  /** Everything written so far. */
  get text(): string {
    return this.output;
  }

  /** The JSON lines written so far (a line that is not JSON fails the test). */
  lines(): Record<string, unknown>[] {
    return this.output.split('\n').filter((line) => line.trim()).map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
  }

  /** The first line that matches, once it has been written. */
  waitForLine(match: (line: Record<string, unknown>) => boolean, timeoutMs = 15000): Promise<Record<string, unknown>> {
    return waitFor(async () => {
      if (this.child.exitCode !== null) throw new Error(`process exited (${this.child.exitCode}):\n${this.output}`);
      return this.lines().find(match);
    }, timeoutMs, 50).catch((error: Error) => {
      throw new Error(`${error.message}; the log's last lines:\n${this.output.split('\n').slice(-20).join('\n')}`);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((done) => {
      this.child.once('exit', () => done());
      this.child.kill('SIGTERM');
    });
  }
}
