/**
 * Runs `work` for whoever asks, never more than one run at a time, and every caller is
 * answered by a run that started after it asked: callers that arrive while a run is in
 * flight share the next one. (A run already in flight may have read before the caller's
 * write committed; the next one cannot have.)
 */
export class Coalesced {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(private readonly work: () => Promise<void>) {}

  run(): Promise<void> {
    if (!this.running) return this.start();
    if (!this.queued) {
      this.queued = this.running.then(settled, settled).then(() => {
        this.queued = null;
        return this.start();
      });
    }
    return this.queued;
  }

  private start(): Promise<void> {
    const run: Promise<void> = this.work().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }
}

function settled(): void {}
