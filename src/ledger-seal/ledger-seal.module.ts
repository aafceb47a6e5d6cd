import { Module } from '@nestjs/common';
import { LedgerSealController } from './ledger-seal.controller.js';
import { LedgerSealService } from './ledger-seal.service.js';

/** The tamper-evident record (issue 15): sealed batches over the history, and their check. */
@Module({ controllers: [LedgerSealController], providers: [LedgerSealService], exports: [LedgerSealService] })
export class LedgerSealModule {}
