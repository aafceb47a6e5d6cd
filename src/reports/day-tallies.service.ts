import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { SerialJob } from '../common/serial-job.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { dataSourceDb } from '../database/settled.js';
import { catchUpTallies, type CatchUpResult } from './day-tallies.js';

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
  private readonly job = new SerialJob(this.logger, 'report tallies');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap() {
    this.job.every(this.config.reportTallySeconds, async () => {
      const r = await this.run(TIMED_RUN_MAX_EVENTS);
      if (r.skipped === 'timezone') this.logger.warn(`the report tallies count days in another time zone: reports read every event live`);
    });
  }

  onModuleDestroy() {
    return this.job.close();
  }

  /** Takes in everything settled now (one run after another, never two at once in this process). */
  catchUp(): Promise<CatchUpResult> {
    return this.job.now(() => this.run());
  }

  private run(maxEvents?: number): Promise<CatchUpResult> {
    return catchUpTallies(dataSourceDb(this.ds), { timezone: this.config.timezone, now: this.clock.instant(), maxEvents });
  }
}
