import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/errors/domain-error.js';
import { errorRegistry, messageFor } from '../errors.js';
import {
  LOAD_ACTIONS,
  LOAD_PHASE_COLUMNS,
  LOAD_PHASES,
  assertLoadCan,
  canDoOnLoad,
  loadPhase,
  newLoadColumns,
  nextLoadPhase,
  type LoadAction,
  type LoadPhase,
} from './load-state.js';

/**
 * The load state machine against docs/domain.md §3.2 step 4 (open → packs in and out, the loading
 * check, BIs placed before the start → run → unloaded and judged), §4.2 (a BI is read after the
 * load finished; a positive BI fails the load) and §4.3 (an implant / EO load waits for its BIs;
 * emergency release only while it waits; a control that did not grow withdraws a release). The
 * matrix below is written by hand, one row per phase: what each step does there.
 */

const OK = 'allowed';
/** Expected answer of each step in each phase: a phase it moves to, OK (allowed, no move), or the refusal code. */
const EXPECTED: Record<LoadPhase, Record<LoadAction, string>> = {
  open: {
    add_pack: OK,
    remove_pack: OK,
    check_loading: OK,
    start: 'running',
    cancel: 'cancelled',
    place_bi: OK,
    unload: 'LOAD_NOT_RUNNING',
    read_bi: 'BI_LOAD_NOT_RUN',
    record_pcd: 'PCD_BEFORE_UNLOAD',
    emergency_release: 'EMERGENCY_RELEASE_NOT_ALLOWED',
    release_after_bi: 'LOAD_WRONG_STATE',
    release_withdrawn: 'LOAD_WRONG_STATE',
    bi_positive: 'LOAD_WRONG_STATE',
  },
  running: {
    add_pack: 'LOAD_NOT_OPEN',
    remove_pack: 'LOAD_NOT_OPEN',
    check_loading: 'LOAD_NOT_OPEN',
    start: 'LOAD_NOT_OPEN',
    cancel: 'LOAD_NOT_OPEN',
    place_bi: 'BI_LOAD_STARTED',
    unload: 'released|awaiting_bi|failed',
    read_bi: 'BI_LOAD_RUNNING',
    record_pcd: 'PCD_BEFORE_UNLOAD',
    emergency_release: 'EMERGENCY_RELEASE_NOT_ALLOWED',
    release_after_bi: 'LOAD_WRONG_STATE',
    release_withdrawn: 'LOAD_WRONG_STATE',
    bi_positive: 'LOAD_WRONG_STATE',
  },
  cancelled: {
    add_pack: 'LOAD_NOT_OPEN',
    remove_pack: 'LOAD_NOT_OPEN',
    check_loading: 'LOAD_NOT_OPEN',
    start: 'LOAD_NOT_OPEN',
    cancel: 'LOAD_NOT_OPEN',
    place_bi: 'LOAD_CANCELLED',
    unload: 'LOAD_NOT_RUNNING',
    read_bi: 'LOAD_CANCELLED',
    record_pcd: 'LOAD_CANCELLED',
    emergency_release: 'EMERGENCY_RELEASE_NOT_ALLOWED',
    release_after_bi: 'LOAD_WRONG_STATE',
    release_withdrawn: 'LOAD_WRONG_STATE',
    bi_positive: 'LOAD_WRONG_STATE',
  },
  released: {
    add_pack: 'LOAD_NOT_OPEN',
    remove_pack: 'LOAD_NOT_OPEN',
    check_loading: 'LOAD_NOT_OPEN',
    start: 'LOAD_NOT_OPEN',
    cancel: 'LOAD_NOT_OPEN',
    place_bi: 'BI_LOAD_STARTED',
    unload: 'LOAD_NOT_RUNNING',
    read_bi: OK,
    record_pcd: OK,
    emergency_release: 'EMERGENCY_RELEASE_NOT_ALLOWED',
    release_after_bi: 'LOAD_WRONG_STATE',
    release_withdrawn: 'awaiting_bi',
    bi_positive: 'bi_failed',
  },
  awaiting_bi: {
    add_pack: 'LOAD_NOT_OPEN',
    remove_pack: 'LOAD_NOT_OPEN',
    check_loading: 'LOAD_NOT_OPEN',
    start: 'LOAD_NOT_OPEN',
    cancel: 'LOAD_NOT_OPEN',
    place_bi: 'BI_LOAD_STARTED',
    unload: 'LOAD_NOT_RUNNING',
    read_bi: OK,
    record_pcd: OK,
    emergency_release: OK,
    release_after_bi: 'released',
    release_withdrawn: 'LOAD_WRONG_STATE',
    bi_positive: 'bi_failed',
  },
  bi_failed: {
    add_pack: 'LOAD_NOT_OPEN',
    remove_pack: 'LOAD_NOT_OPEN',
    check_loading: 'LOAD_NOT_OPEN',
    start: 'LOAD_NOT_OPEN',
    cancel: 'LOAD_NOT_OPEN',
    place_bi: 'BI_LOAD_STARTED',
    unload: 'LOAD_NOT_RUNNING',
    read_bi: OK,
    record_pcd: OK,
    emergency_release: 'EMERGENCY_RELEASE_NOT_ALLOWED',
    release_after_bi: 'LOAD_WRONG_STATE',
    release_withdrawn: 'LOAD_WRONG_STATE',
    bi_positive: 'LOAD_WRONG_STATE',
  },
  failed: {
    add_pack: 'LOAD_NOT_OPEN',
    remove_pack: 'LOAD_NOT_OPEN',
    check_loading: 'LOAD_NOT_OPEN',
    start: 'LOAD_NOT_OPEN',
    cancel: 'LOAD_NOT_OPEN',
    place_bi: 'BI_LOAD_STARTED',
    unload: 'LOAD_NOT_RUNNING',
    read_bi: OK,
    record_pcd: OK,
    emergency_release: 'EMERGENCY_RELEASE_NOT_ALLOWED',
    release_after_bi: 'LOAD_WRONG_STATE',
    release_withdrawn: 'LOAD_WRONG_STATE',
    bi_positive: 'LOAD_WRONG_STATE',
  },
};

/** The row columns of each phase, as the CHECK constraints and the triggers know them (status, release). */
const COLUMNS: Record<LoadPhase, [string, string]> = {
  open: ['open', 'pending'],
  running: ['running', 'pending'],
  cancelled: ['cancelled', 'pending'],
  released: ['completed', 'released'],
  awaiting_bi: ['completed', 'awaiting_bi'],
  bi_failed: ['completed', 'failed'],
  failed: ['failed', 'failed'],
};

const row = (phase: LoadPhase) => ({ ...LOAD_PHASE_COLUMNS[phase] });

function answer(phase: LoadPhase, action: LoadAction): string {
  try {
    assertLoadCan(row(phase), action);
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  const to = (LOAD_ACTIONS[action] as { to?: LoadPhase | readonly LoadPhase[] }).to;
  if (to === undefined) return OK;
  return typeof to === 'string' ? to : to.join('|');
}

describe('the load state machine (§3.2 step 4, §4.2, §4.3)', () => {
  it('knows every step the matrix names, and no other', () => {
    expect(Object.keys(LOAD_ACTIONS).sort()).toEqual(Object.keys(EXPECTED.open).sort());
    expect([...LOAD_PHASES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each([...LOAD_PHASES])('a load %s', (phase) => {
    it.each(Object.keys(EXPECTED[phase]) as LoadAction[])(`%s → as expected`, (action) => {
      expect(answer(phase, action)).toBe(EXPECTED[phase][action]);
      expect(canDoOnLoad(row(phase), action)).toBe(!/^[A-Z_]+$/.test(EXPECTED[phase][action]));
    });
  });

  it.each(Object.entries(COLUMNS))('%s is the row (%j) and back', (phase, [status, release]) => {
    expect(LOAD_PHASE_COLUMNS[phase as LoadPhase]).toEqual({ status, release });
    expect(loadPhase({ status, release } as never)).toBe(phase);
  });

  it('a row no step produces (completed, pending) allows nothing', () => {
    const odd = { status: 'completed', release: 'pending' } as const;
    expect(loadPhase(odd)).toBeNull();
    for (const action of Object.keys(LOAD_ACTIONS) as LoadAction[]) expect(canDoOnLoad(odd, action)).toBe(false);
  });

  it('starts open (pending), or — a B-D cycle recorded once it ran — released or failed', () => {
    expect(newLoadColumns('opened')).toEqual({ status: 'open', release: 'pending' });
    expect(newLoadColumns('bd_passed')).toEqual({ status: 'completed', release: 'released' });
    expect(newLoadColumns('bd_failed')).toEqual({ status: 'failed', release: 'failed' });
  });
});

describe('what the machine never allows (§4.3, §4.5)', () => {
  const ACTIONS = Object.keys(LOAD_ACTIONS) as LoadAction[];
  const moves = LOAD_PHASES.flatMap((from) =>
    ACTIONS.filter((a) => canDoOnLoad(row(from), a)).flatMap((a) => {
      const to = (LOAD_ACTIONS[a] as { to?: LoadPhase | readonly LoadPhase[] }).to;
      const targets = to === undefined ? [] : typeof to === 'string' ? [to] : [...to];
      return targets.map((t) => ({ from, action: a, to: t }));
    }),
  );

  it('nothing that failed is ever released again, nor waits for a BI', () => {
    for (const m of moves) if (m.from === 'failed' || m.from === 'bi_failed') throw new Error(`${m.action} moves a failed load to ${m.to}`);
  });

  it('a cancelled load never runs: no step leaves it', () => {
    expect(moves.filter((m) => m.from === 'cancelled')).toEqual([]);
  });

  it('a load is released only by its unloading or by its BIs', () => {
    expect(
      moves
        .filter((m) => m.to === 'released')
        .map((m) => `${m.from}:${m.action}`)
        .sort(),
    ).toEqual(['awaiting_bi:release_after_bi', 'running:unload']);
  });

  it('nothing goes back to open or running once it left', () => {
    expect(moves.filter((m) => m.to === 'open')).toEqual([]);
    expect(moves.filter((m) => m.to === 'running').map((m) => m.from)).toEqual(['open']);
  });
});

describe('refusals say where the load is, in both languages', () => {
  it.each<[LoadPhase, LoadAction, string, string]>([
    ['running', 'add_pack', 'The load is running', '运行中'],
    ['cancelled', 'start', 'The load is cancelled', '已取消'],
    ['failed', 'remove_pack', 'The load is failed', '失败'],
    ['released', 'check_loading', 'The load is completed', '已完成'],
    ['open', 'unload', 'The load is open', '装载中'],
  ])('a load %s, asked to %s', (phase, action, en, zh) => {
    try {
      assertLoadCan(row(phase), action);
      throw new Error('not refused');
    } catch (e) {
      const d = e as DomainError;
      expect(errorRegistry.status(d.code)).toBe(409);
      expect(messageFor(d.code, d.params, 'en')).toContain(en);
      expect(messageFor(d.code, d.params, 'zh-CN')).toContain(zh);
      expect(messageFor(d.code, d.params, 'zh-CN')).not.toMatch(/[a-z]{3}/);
    }
  });

  it('an emergency release of a load not waiting says what the load is', () => {
    try {
      assertLoadCan(row('released'), 'emergency_release');
      throw new Error('not refused');
    } catch (e) {
      const d = e as DomainError;
      expect(d.code).toBe('EMERGENCY_RELEASE_NOT_ALLOWED');
      expect(messageFor(d.code, d.params, 'en')).toContain('the load is released, not waiting for a BI');
    }
  });
});

describe('nextLoadPhase', () => {
  it('unloading needs its outcome, one of the three', () => {
    expect(nextLoadPhase(row('running'), 'unload', 'awaiting_bi')).toBe('awaiting_bi');
    expect(() => nextLoadPhase(row('running'), 'unload')).toThrow(RangeError);
    expect(() => nextLoadPhase(row('running'), 'unload', 'bi_failed')).toThrow(RangeError);
  });

  it('a step that does not move the load keeps its phase; a refused one throws its code', () => {
    expect(nextLoadPhase(row('open'), 'add_pack')).toBe('open');
    expect(nextLoadPhase(row('awaiting_bi'), 'read_bi')).toBe('awaiting_bi');
    expect(() => nextLoadPhase(row('running'), 'start')).toThrow(expect.objectContaining({ code: 'LOAD_NOT_OPEN' }));
  });
});
