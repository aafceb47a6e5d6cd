import { DomainError } from '../common/errors/domain-error.js';
import type { Pack } from '../kernel/pack.entity.js';
import { stateParams, type PackState } from '../kernel/pack-state.js';
import { itemName, type CountedLine } from '../kernel/count-sheet.js';
// A replacement instrument put into the set (which line, how many; the event says who), and the
// head nurse's approval to pack the set short (she is the event's second person).
import { INSTRUMENT_REPLACED, type PackEventType } from '../kernel/pack-event-types.js';

/** A set takes its replacement instruments between collection and packing. */
const REPLACEABLE_IN: readonly PackState[] = ['collected', 'washing', 'cleaned'];

/**
 * The set's open shortfall (seed 1.1, 11.3; issue 18) from its cycle's events, in order: what the
 * count at recycling found missing or damaged — a damaged instrument is taken out of the set too —
 * less what was replaced since, per contents line (provenance reads them all anyway; packing reads
 * them with PackingRepository.openShortfall).
 */
export function shortfallOf(events: { type: PackEventType; data: Record<string, unknown> }[]): CountedLine[] {
  const open = new Map<number, CountedLine>();
  for (const e of events) {
    if (e.type === 'recycle') {
      // Counts recorded before they named template lines (free text) have no line: nothing to follow.
      for (const x of [...asLines(e.data.missing), ...asLines(e.data.damaged)]) {
        const line = open.get(x.line);
        open.set(x.line, {
          line: x.line,
          nameZh: x.nameZh,
          nameEn: x.nameEn,
          specification: x.specification,
          quantity: (line?.quantity ?? 0) + x.quantity,
        });
      }
    } else if (e.type === INSTRUMENT_REPLACED) {
      const line = open.get(e.data.line as number);
      if (line) line.quantity -= e.data.quantity as number;
    }
  }
  return [...open.values()].filter((x) => x.quantity > 0).sort((a, b) => a.line - b.line);
}

/** A replacement for `quantity` of `line`: refused for a line not short by that much, or a set already packed. */
export function assertReplaceable(pack: Pack, open: CountedLine[], line: number, quantity: number): CountedLine {
  if (!REPLACEABLE_IN.includes(pack.state)) {
    throw new DomainError('PACK_WRONG_STATE', stateParams(pack.state), { state: pack.state, allowedFrom: REPLACEABLE_IN });
  }
  const short = open.find((x) => x.line === line);
  if (!short || quantity > short.quantity)
    throw new DomainError(
      'REPLACEMENT_NOT_SHORT',
      { lineNo: line, open: short?.quantity ?? 0, quantity },
      { line, open: short?.quantity ?? 0 },
    );
  return short;
}

/** A register entry (src/repairs/, seed 4.4) as a replacement naming it sees it; `answered`: replaced against it already. */
export interface RegisterEntryRef {
  packId: string;
  line: number;
  quantity: number;
  answered: number;
}

/**
 * A replacement that names the register entry it answers (issue 16: the set's contents record which
 * instrument replaced which) must name that set's open finding for that line — of this cycle, the same
 * line, not already replaced in full.
 */
export function assertAnswersEntry(pack: Pack, entry: RegisterEntryRef | null, line: number, quantity: number): void {
  const open = entry && entry.packId === pack.id && entry.line === line ? entry.quantity - entry.answered : 0;
  if (quantity > open) throw new DomainError('REPLACEMENT_ENTRY_MISMATCH', { lineNo: line, open }, { line, open });
}

/**
 * A set with an open shortfall is not packed as complete (issue 18): refused, naming each
 * instrument and quantity, unless the head nurse approved packing it short.
 */
export function assertPackableAsComplete(open: CountedLine[]): void {
  if (open.length === 0) return;
  throw new DomainError(
    'SHORTFALL_OPEN',
    { itemsZh: describeShortfall(open, 'zh'), itemsEn: describeShortfall(open, 'en') },
    { shortfall: open },
  );
}

/** "缺 止血钳 14cm ×2、…" / "missing Haemostatic forceps 14cm ×2, …": how labels and messages name a shortfall. */
export function describeShortfall(
  lines: Pick<CountedLine, 'nameZh' | 'nameEn' | 'specification' | 'quantity'>[],
  lang: 'zh' | 'en',
): string {
  return lines.map((x) => `${lang === 'zh' ? '缺' : 'missing'} ${itemName(x, lang)} ×${x.quantity}`).join(lang === 'zh' ? '、' : ', ');
}

function asLines(v: unknown): CountedLine[] {
  return Array.isArray(v) ? (v as CountedLine[]).filter((x) => typeof x?.line === 'number' && typeof x.quantity === 'number') : [];
}
