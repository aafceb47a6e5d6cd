import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { catchUpTallies, type CatchUpResult, type TallyDb } from './day-tallies.js';

/** Event ids one timed run takes in at most: years of history imported at once are caught up over several runs. */
const TIMED_RUN_MAX_EVENTS = 1_000_000;

/**
 * Keeps the reports' day tallies (day-tallies.ts) close behind the events: every
 * CSSD_REPORT_TALLY_SECONDS, outside any station's transaction. The reports are exact without it
 * (they read what is not tallied yet live); it only keeps that part small.
 */
@Injectable()
export class DayTalliesService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DayTallies');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** A timed run still going (a first catch-up on years of history): the next tick is skipped, not queued. */
  private busy = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap() {
    if (this.config.reportTallySeconds === 0) return;
    this.timer = setInterval(() => void this.timedRun(), this.config.reportTallySeconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy() {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running.catch(() => undefined);
  }

  private timedRun() {
    if (this.closed || this.busy) return;
    this.busy = true;
    this.running = this.running
      .then(() => this.run(TIMED_RUN_MAX_EVENTS))
      .then(
        (r) =>
          r.skipped === 'timezone' && this.logger.warn(`the report tallies count days in another time zone: reports read every event live`),
      )
      .catch((e: Error) => this.logger.warn(`report tallies failed: ${e.message}`))
      .finally(() => (this.busy = false));
    return this.running;
  }

  /** Takes in everything settled now (one run after another, never two at once in this process). */
  catchUp(): Promise<CatchUpResult> {
    const run = this.running.catch(() => undefined).then(() => this.run());
    this.running = run.catch(() => undefined);
    return run;
  }

  private run(maxEvents?: number): Promise<CatchUpResult> {
    return catchUpTallies(this.db(), { timezone: this.config.timezone, now: this.clock.instant(), maxEvents });
  }

  private db(): TallyDb {
    return {
      query: (sql, params) => this.ds.query(sql, params),
      transaction: (work) => this.ds.transaction((m) => work({ query: (sql, params) => m.query(sql, params) })),
    };
  }
}
