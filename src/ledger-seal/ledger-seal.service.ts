import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { seal, verify, type LedgerDb, type SealResult, type VerifyResult } from './ledger-store.js';

/** Rows per table one timed run seals at most: years of history imported at once are caught up over several minutes. */
const TIMED_RUN_MAX_ROWS = 200_000;

/**
 * The tamper-evident record (issue 15, §4.5): periodic sealed batches, never work inside a
 * station's transaction. See ledger-store.ts for the design and covered-tables.ts for what it covers.
 */
@Injectable()
export class LedgerSealService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LedgerSeal');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap() {
    if (this.config.ledgerSealSeconds === 0) return;
    this.timer = setInterval(() => void this.timedRun(), this.config.ledgerSealSeconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy() {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running.catch(() => undefined);
  }

  private timedRun() {
    if (this.closed) return;
    this.running = this.running
      .then(() => seal(this.db(), { now: this.clock.instant(), maxRowsPerTable: TIMED_RUN_MAX_ROWS }))
      .catch((e: Error) => this.logger.warn(`sealing failed: ${e.message}`));
    return this.running;
  }

  /** Seals what is pending (one run after another, never two at once in this process). */
  sealNow(): Promise<SealResult> {
    const run = this.running.catch(() => undefined).then(() => seal(this.db(), { now: this.clock.instant() }));
    this.running = run.catch(() => undefined);
    return run;
  }

  /** Seals what is pending, then recomputes the whole record. */
  async verify(): Promise<VerifyResult> {
    await this.sealNow();
    return verify(this.db());
  }

  private db(): LedgerDb {
    return {
      query: (sql, params) => this.ds.query(sql, params),
      transaction: (work) => this.ds.transaction((m) => work({ query: (sql, params) => m.query(sql, params) })),
    };
  }
}
