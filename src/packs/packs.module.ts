import { Global, Module } from '@nestjs/common';
import { PackLedger } from './pack-ledger.service.js';

/** The pack ledger (state machine + events), shared by every stage. */
@Global()
@Module({ providers: [PackLedger], exports: [PackLedger] })
export class PacksModule {}
