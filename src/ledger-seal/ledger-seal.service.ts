import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { SerialJob } from '../common/serial-job.js';
import { dataSourceDb } from '../database/settled.js';
import { seal, verify, type SealResult, type VerifyResult } from './ledger-store.js';

/** Rows per table one timed run seals at most: years of history imported at once are caught up over several minutes. */
const TIMED_RUN_MAX_ROWS = 200_000;

/**
 * The tamper-evident record (issue 15, §4.5): periodic sealed batches, never work inside a
 * station's transaction. See ledger-store.ts for the design and covered-tables.ts for what it covers.
 */
@Injectable()
export class LedgerSealService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job = new SerialJob(new Logger('LedgerSeal'), 'sealing');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap() {
    this.job.every(this.config.ledgerSealSeconds, () =>
      seal(dataSourceDb(this.ds), { now: this.clock.instant(), maxRowsPerTable: TIMED_RUN_MAX_ROWS }),
    );
  }

  onModuleDestroy() {
    return this.job.close();
  }

  /** Seals what is pending (one run after another, never two at once in this process). */
  sealNow(): Promise<SealResult> {
    return this.job.now(() => seal(dataSourceDb(this.ds), { now: this.clock.instant() }));
  }

  /** Seals what is pending, then recomputes the whole record. */
  async verify(): Promise<VerifyResult> {
    await this.sealNow();
    return verify(dataSourceDb(this.ds));
  }
}
