import { PACK_ACTIONS, type PackAction } from './pack-state.js';

/**
 * Every type a pack event may have (pack_events.type, varchar(32)) — one list, so a step, a
 * report or the provenance page that names a type the service never writes does not compile.
 *
 * - a move: one of the state machine's actions (PACK_ACTIONS), the event of `PackLedger.step`;
 * - `recycle`: the first event of a set's new cycle (a dressing pack's first event is `pack`);
 * - a note: an event that records something about the pack and leaves its state as it is.
 */
export const RECYCLE = 'recycle';

/** The pack's printed label named a load it has left: its barcode is voided and it gets a new one (PackLedger.relabel). */
export const RELABEL = 'relabel';
/** A label printed for the pack, and one printed again (labels). */
export const LABEL_PRINTED = 'label_printed';
export const LABEL_REPRINTED = 'label_reprinted';
/** An instrument counted short at recycling replaced before packing (seed 1.1). */
export const INSTRUMENT_REPLACED = 'instrument_replaced';
/** A head nurse approved packing the set short (seed 1.1). */
export const PACK_SHORT_APPROVED = 'pack_short_approved';
/** A department reported a problem with a pack it had already used (the pack stays `used`). */
export const PROBLEM_AFTER_USE = 'problem_after_use';
/** Collected from another department than the one the pack was sent to (issue 18). */
export const COLLECTED_ELSEWHERE = 'collected_elsewhere';
/** A shorter expiry: sterile storage left its limits (seed 13.4); data holds the new and the previous expiry. */
export const EXPIRY_SHORTENED = 'expiry_shortened';
/** A recalled pack accounted for: pulled from storage in the CSSD, or returned by its department (§4.4). */
export const RECALL_ACCOUNTED = ['recall_pulled', 'recall_returned'] as const;

export const PACK_NOTES = [
  RELABEL,
  LABEL_PRINTED,
  LABEL_REPRINTED,
  INSTRUMENT_REPLACED,
  PACK_SHORT_APPROVED,
  PROBLEM_AFTER_USE,
  COLLECTED_ELSEWHERE,
  EXPIRY_SHORTENED,
  ...RECALL_ACCOUNTED,
] as const;
export type PackNote = (typeof PACK_NOTES)[number];

export type PackEventType = PackAction | typeof RECYCLE | PackNote;

/** Every pack event type, moves first. */
export const PACK_EVENT_TYPES: readonly PackEventType[] = [...(Object.keys(PACK_ACTIONS) as PackAction[]), RECYCLE, ...PACK_NOTES];
