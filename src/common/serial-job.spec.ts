import { jest } from '@jest/globals';
import type { Logger } from '@nestjs/common';
import { SerialJob } from './serial-job.js';

/** A run that ends when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('SerialJob (the background jobs: sealing the record, catching up the report tallies)', () => {
  const warnings: string[] = [];
  const logger = { warn: (m: string) => warnings.push(m) } as unknown as Logger;
  beforeEach(() => {
    warnings.length = 0;
    jest.useFakeTimers();
  });
  afterEach(() => jest.useRealTimers());

  it('skips a tick while a timed run is still going, and runs again on the next tick after it', async () => {
    const job = new SerialJob(logger, 'catch-up');
    const g = gate();
    let started = 0;
    job.every(60, async () => {
      started++;
      if (started === 1) await g.opened;
    });
    jest.advanceTimersByTime(60_000);
    await flush();
    expect(started).toBe(1);
    // Three more ticks while the first run is still going: none queued behind it.
    jest.advanceTimersByTime(180_000);
    await flush();
    expect(started).toBe(1);
    g.open();
    await flush();
    expect(started).toBe(1);
    jest.advanceTimersByTime(60_000);
    await flush();
    expect(started).toBe(2);
    await job.close();
  });

  it('runs work asked for now after the run going, never two at once, and returns its result', async () => {
    const job = new SerialJob(logger, 'sealing');
    const g = gate();
    const order: string[] = [];
    const first = job.now(async () => {
      order.push('first starts');
      await g.opened;
      order.push('first ends');
      return 1;
    });
    const second = job.now(async () => {
      order.push('second starts');
      return 2;
    });
    await flush();
    expect(order).toEqual(['first starts']);
    g.open();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(order).toEqual(['first starts', 'first ends', 'second starts']);
  });

  it('logs a failed timed run and tries again on the next tick; a failed run asked for now rejects to its caller only', async () => {
    const job = new SerialJob(logger, 'report tallies');
    let runs = 0;
    job.every(10, async () => {
      runs++;
      if (runs === 1) throw new Error('connection lost');
    });
    jest.advanceTimersByTime(10_000);
    await flush();
    expect(warnings).toEqual(['report tallies failed: connection lost']);
    jest.advanceTimersByTime(10_000);
    await flush();
    expect(runs).toBe(2);
    await expect(job.now(() => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(await job.now(async () => 'after')).toBe('after');
    await job.close();
  });

  it('never starts a timer with 0 seconds, and starts nothing once closed', async () => {
    let runs = 0;
    const off = new SerialJob(logger, 'sealing');
    off.every(0, async () => void runs++);
    jest.advanceTimersByTime(3_600_000);
    const closed = new SerialJob(logger, 'sealing');
    closed.every(1, async () => void runs++);
    await closed.close();
    jest.advanceTimersByTime(10_000);
    await flush();
    expect(runs).toBe(0);
  });
});
