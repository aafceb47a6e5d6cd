import type { Logger } from '@nestjs/common';

/**
 * A background job of the service (sealing the record, catching up the report tallies): run every
 * few seconds by a timer and on demand, never two runs at once in this process. A tick that comes
 * while a run is still going (a first catch-up on years of history outlasts the interval) is
 * skipped, not queued behind it; a failed timed run is logged and the next tick tries again.
 */
export class SerialJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private busy = false;
  private closed = false;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  /** Runs `work` every `seconds` (never with 0), the timer not keeping the process alive. */
  every(seconds: number, work: () => Promise<unknown>): void {
    if (seconds === 0) return;
    this.timer = setInterval(() => this.tick(work), seconds * 1000);
    this.timer.unref();
  }

  /** Runs `work` once the run going (if any) has ended. */
  now<T>(work: () => Promise<T>): Promise<T> {
    const run = this.running.catch(() => undefined).then(work);
    this.running = run.catch(() => undefined);
    return run;
  }

  /** Stops the timer and waits for the run going. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running.catch(() => undefined);
  }

  private tick(work: () => Promise<unknown>): void {
    if (this.closed || this.busy) return;
    this.busy = true;
    this.running = this.running
      .then(work)
      .catch((e: Error) => this.logger.warn(`${this.what} failed: ${e.message}`))
      .finally(() => (this.busy = false));
  }
}
