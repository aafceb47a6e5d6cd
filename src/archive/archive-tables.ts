import type { ArchiveKind } from './retention.js';

/** How the tamper-evident record covers a table (src/ledger-seal/covered-tables.ts). */
export type LedgerCover = 'sealed' | 'journaled' | 'none';

/** A table an archival exports rows of and then removes (or, `packs.washer_cycle_id`, detaches). */
export interface ArchivedTable {
  /** The table; `packs.washer_cycle_id` is the packs' pointer to an archived washer cycle. */
  name: string;
  /** The table in the database. */
  table: string;
  /** Its key column and type. */
  key: string;
  keyType: 'bigint' | 'uuid' | 'varchar';
  cover: LedgerCover;
  /** Removed (the default), or only the pointer cleared. */
  detach?: boolean;
}

const t = (name: string, key: string, keyType: ArchivedTable['keyType'], cover: LedgerCover): ArchivedTable => ({
  name,
  table: name,
  key,
  keyType,
  cover,
});

export const PACK_EVENTS = t('pack_events', 'id', 'bigint', 'sealed');
export const WASHER_CYCLES = t('washer_cycles', 'id', 'uuid', 'journaled');
/** A kept pack's pointer to its archived washer cycle: cleared, the value exported (the pack's events keep washer and cycle number). */
export const PACK_WASHER_CYCLE: ArchivedTable = {
  name: 'packs.washer_cycle_id',
  table: 'packs',
  key: 'id',
  keyType: 'uuid',
  cover: 'none',
  detach: true,
};
export const STERILIZER_LOADS = t('sterilizer_loads', 'id', 'uuid', 'journaled');
export const LOAD_ITEMS = t('load_items', 'id', 'bigint', 'sealed');
export const LOAD_CHECKS = t('load_checks', 'id', 'bigint', 'sealed');
export const BI_TESTS = t('bi_tests', 'id', 'uuid', 'journaled');
export const BD_TESTS = t('bd_tests', 'id', 'uuid', 'journaled');
export const EMERGENCY_RELEASES = t('emergency_releases', 'id', 'uuid', 'journaled');
export const VOIDED_LABELS = t('voided_labels', 'barcode', 'varchar', 'journaled');
/** Not in the tamper-evident record itself (its state is covered through its events): checked against the live row. */
export const PACKS = t('packs', 'id', 'uuid', 'none');
/**
 * A pack's line on a delivery or collection manifest, and its count against a requisition (issue 16): they go with the pack.
 * Journaled since migrations/1795779000000-RegistersSealed.ts (issue 17): an archival marks each one it removes.
 */
export const ROUND_ITEMS = t('round_items', 'id', 'uuid', 'journaled');
export const REQUISITION_FULFILMENTS = t('requisition_fulfilments', 'id', 'uuid', 'journaled');

/** What each kind exports and removes, in the order of removal (rows that others point at last). */
export const ARCHIVED_TABLES: Record<ArchiveKind, readonly ArchivedTable[]> = {
  cleaning: [PACK_EVENTS, PACK_WASHER_CYCLE, WASHER_CYCLES],
  sterilization: [
    VOIDED_LABELS,
    PACK_EVENTS,
    ROUND_ITEMS,
    REQUISITION_FULFILMENTS,
    LOAD_ITEMS,
    LOAD_CHECKS,
    EMERGENCY_RELEASES,
    BI_TESTS,
    BD_TESTS,
    PACKS,
    STERILIZER_LOADS,
  ],
};

export const ALL_ARCHIVED_TABLES: readonly ArchivedTable[] = [
  ...new Map([...ARCHIVED_TABLES.cleaning, ...ARCHIVED_TABLES.sterilization].map((a) => [a.name, a])).values(),
];

/** The export file of a table. */
export const fileOf = (a: ArchivedTable) => `${a.name}.jsonl`;

/** The keys left out of a row's digest: a sealed row's id is hashed into its batch, not into its digest (ledger-store.ts). */
export const digestDropKeys = (a: ArchivedTable): string[] => (a.cover === 'sealed' ? [a.key] : []);
