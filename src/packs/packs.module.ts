import { Global, Module } from '@nestjs/common';
import { PackLedger } from './pack-ledger.service.js';
import { PacksRepository } from './packs.repository.js';

/** The pack ledger (state machine + events), shared by every stage. */
@Global()
@Module({ providers: [PackLedger, PacksRepository], exports: [PackLedger] })
export class PacksModule {}
