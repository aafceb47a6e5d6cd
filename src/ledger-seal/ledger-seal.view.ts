import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Bool, Int, Text } from '../common/views.js';

export class LedgerBreakView {
  @Text({ example: 'pack_events' }) table: string;
  @Text({ description: "the row's id, a journaled row's key, or the batch number (table ledger_seals)" }) rowId: string;
  @Text({ nullable: true, description: 'the sealed batch the break is in (null: a journaled row whose journal line is not sealed yet)' })
  batch: string | null;
  @ApiProperty({ enum: ['edited', 'deleted', 'inserted', 'reordered'] }) kind: 'edited' | 'deleted' | 'inserted' | 'reordered';
}

/** The tamper-evident record recomputed: whole, or where it first breaks. */
export class LedgerVerifyView {
  @Bool() ok: boolean;
  @Int() sealedRows: number;
  @Int() batches: number;
  @Int({ description: 'rows written since the last seal (not covered yet)' }) unsealedRows: number;
  @Int({ description: 'sealed rows an archival removed (each named by an archive mark with its sealed digest)' }) archivedRows: number;
  @Text({ nullable: true, description: "the chain's newest hash (hex): note it elsewhere to tell a rebuilt chain" }) headHash:
    string | null;
  @ApiPropertyOptional({ type: LedgerBreakView }) firstBreak?: LedgerBreakView;
}
