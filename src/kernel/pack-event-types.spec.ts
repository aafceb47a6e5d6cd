import { describe, expect, it } from '@jest/globals';
import { PACK_EVENT_TYPES, PACK_NOTES } from './pack-event-types.js';
import { PACK_ACTIONS } from './pack-state.js';

describe('the pack event types', () => {
  it('name every event the service writes besides the moves, each once', () => {
    // Written out here, not read from the list: the notes a pack's history may hold, and the
    // first event of a set's cycle.
    const expected = [
      'recycle',
      'relabel',
      'label_printed',
      'label_reprinted',
      'instrument_replaced',
      'pack_short_approved',
      'problem_after_use',
      'collected_elsewhere',
      'expiry_shortened',
      'recall_pulled',
      'recall_returned',
    ];
    const moves = Object.keys(PACK_ACTIONS);
    expect(PACK_EVENT_TYPES.filter((t) => !moves.includes(t)).sort()).toEqual([...expected].sort());
    expect(new Set(PACK_EVENT_TYPES).size).toBe(PACK_EVENT_TYPES.length);
  });

  it('every move of the state machine is a type, and no note shares a name with a move', () => {
    for (const action of Object.keys(PACK_ACTIONS)) expect(PACK_EVENT_TYPES).toContain(action);
    expect(PACK_NOTES.filter((n) => n in PACK_ACTIONS)).toEqual([]);
  });

  it('each fits the column (pack_events.type is varchar(32)) and reads as a plain identifier', () => {
    for (const t of PACK_EVENT_TYPES) expect(t).toMatch(/^[a-z][a-z_]{1,31}$/);
  });
});
