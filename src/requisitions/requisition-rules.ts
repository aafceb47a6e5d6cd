import { DomainError, type Localized } from '../common/errors/domain-error.js';

/**
 * The rules of base quantities, requisitions and handover manifests (issue 16; seed 4.3, 13.7,
 * 15.1, 15.4, 11.3), in one place: the services read and write, these decide.
 */

export const URGENCIES = ['routine', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const REQUISITION_STATUSES = ['open', 'partial', 'fulfilled', 'cancelled', 'refused'] as const;
export type RequisitionStatus = (typeof REQUISITION_STATUSES)[number];
export const CLOSURE_KINDS = ['cancelled', 'refused'] as const;
export type ClosureKind = (typeof CLOSURE_KINDS)[number];

export const ROUND_KINDS = ['delivery', 'collection'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];
export const ROUND_STATUSES = ['open', 'closed', 'signed', 'signed_with_difference'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** A department holds a pack from its dispatch to it until it is collected (or closed): sent, received. */
export const HELD_STATES = ['dispatched', 'received'] as const;
/**
 * In the CSSD's loop for a department: the cycle of a set collected from it, being reprocessed —
 * from collection to release. Once in sterile storage a pack is the stock every department draws
 * on (counted as storage, for low stock), no longer the ward's; a closed cycle (failed, recalled)
 * is not coming back.
 */
export const LOOP_STATES = ['collected', 'washing', 'cleaned', 'packed', 'loaded', 'sterilizing', 'quarantined', 'released'] as const;

/** Most packs of one template a requisition line asks for; most lines on one requisition. */
export const MAX_LINE_QUANTITY = 200;
export const MAX_LINES = 20;
/** The largest base quantity of one template a department keeps. */
export const MAX_BASE_QUANTITY = 999;

const STATUS_NAMES: Record<RequisitionStatus, Localized> = {
  open: { zh: '待发放', en: 'open' },
  partial: { zh: '部分发放', en: 'partly fulfilled' },
  fulfilled: { zh: '已发齐', en: 'fulfilled' },
  cancelled: { zh: '已撤销', en: 'cancelled' },
  refused: { zh: '已拒绝', en: 'refused' },
};

export const statusName = (s: RequisitionStatus): Localized => STATUS_NAMES[s];

/** What a department is short of a template against its base quantity (seed 4.3, 13.7): never below 0. */
export function shortfall(base: number, held: number): number {
  return Math.max(0, base - held);
}

export interface LineProgress {
  templateId: string;
  quantity: number;
  fulfilled: number;
}

/**
 * A requisition's status: a closing (cancelled by the department, refused by the CSSD) ends it;
 * otherwise it is fulfilled when every line is, and stays open while any line is short —
 * partly fulfilled once a pack was counted (issue 16: partial fulfilment stays open).
 */
export function requisitionStatus(lines: LineProgress[], closure: ClosureKind | null): RequisitionStatus {
  if (closure) return closure;
  if (lines.length > 0 && lines.every((l) => l.fulfilled >= l.quantity)) return 'fulfilled';
  return lines.some((l) => l.fulfilled > 0) ? 'partial' : 'open';
}

export const isOpen = (s: RequisitionStatus) => s === 'open' || s === 'partial';

/**
 * Whether a pack of `templateId` dispatched against a requisition counts against it: on the line
 * of its template while that line still lacks packs. A pack beyond the requested quantity, or of
 * a template not requested, is dispatched but does not count (the station is warned, amber).
 */
export function countsAgainst<L extends LineProgress>(
  lines: L[],
  templateId: string,
): { counts: true; line: L } | { counts: false; why: 'not_requested' | 'beyond_quantity'; line: L | null } {
  const line = lines.find((l) => l.templateId === templateId) ?? null;
  if (!line) return { counts: false, why: 'not_requested', line };
  if (line.fulfilled >= line.quantity) return { counts: false, why: 'beyond_quantity', line };
  return { counts: true, line };
}

/** A closed requisition (or a fulfilled one) is not cancelled or refused again: 409, naming what it is. */
export function assertClosable(no: string, status: RequisitionStatus): void {
  if (!isOpen(status)) throw new DomainError('REQUISITION_CLOSED', { no, status: statusName(status) }, { status });
}

/** Packs sent to a department against a requisition the department cancelled or the CSSD refused: refused. */
export function assertDispatchableAgainst(no: string, status: RequisitionStatus): void {
  if (status === 'cancelled' || status === 'refused')
    throw new DomainError('REQUISITION_CLOSED', { no, status: statusName(status) }, { status });
}

/** A manifest's status: open while the CSSD adds to it, then closed until the department signs it, with or without a difference. */
export function roundStatus(closed: boolean, signed: { reconciled: boolean } | null): RoundStatus {
  if (signed) return signed.reconciled ? 'signed' : 'signed_with_difference';
  return closed ? 'closed' : 'open';
}

export interface CountedLine {
  templateId: string;
  counted: number;
  note?: string | null;
}

export interface ReconciledLine {
  templateId: string;
  expected: number;
  counted: number;
  difference: number;
  note: string | null;
}

/**
 * The department's count at handover against the manifest (seed 15.4, 11.3): every template on
 * the manifest is counted, once; a template not on it may be counted too (expected 0). A
 * difference is kept, never lost — it needs a note saying what happened.
 */
export function reconcile(
  expected: Map<string, number>,
  counted: CountedLine[],
  templateLabel: (templateId: string) => Localized,
): { lines: ReconciledLine[]; reconciled: boolean } {
  const seen = new Set<string>();
  for (const c of counted) {
    if (seen.has(c.templateId)) throw new DomainError('ROUND_COUNT_DUPLICATE', { template: templateLabel(c.templateId) });
    seen.add(c.templateId);
  }
  const missing = [...expected.keys()].filter((id) => !seen.has(id));
  if (missing.length > 0) {
    const names = missing.map(templateLabel);
    throw new DomainError(
      'ROUND_COUNT_MISSING',
      { templates: { zh: names.map((n) => n.zh).join('、'), en: names.map((n) => n.en).join(', ') } },
      { missing },
    );
  }
  const lines = counted.map((c) => {
    const want = expected.get(c.templateId) ?? 0;
    const note = c.note?.trim() || null;
    if (c.counted !== want && !note)
      throw new DomainError('ROUND_COUNT_NOTE_REQUIRED', { template: templateLabel(c.templateId), counted: c.counted, expected: want });
    return { templateId: c.templateId, expected: want, counted: c.counted, difference: c.counted - want, note };
  });
  return { lines, reconciled: lines.every((l) => l.difference === 0) };
}

export interface LowStock {
  templateId: string;
  inStorage: number;
  demand: number;
  departments: string[];
}

/**
 * Low stock (issue 16): sterile storage holds fewer usable packs of a template than the
 * departments' shortfalls against their base quantities add up to.
 */
export function lowStock(
  shortfalls: { templateId: string; departmentId: string; shortfall: number }[],
  storage: Map<string, number>,
): LowStock[] {
  const demand = new Map<string, { demand: number; departments: string[] }>();
  for (const s of shortfalls) {
    if (s.shortfall <= 0) continue;
    const d = demand.get(s.templateId) ?? { demand: 0, departments: [] };
    d.demand += s.shortfall;
    d.departments.push(s.departmentId);
    demand.set(s.templateId, d);
  }
  return [...demand.entries()]
    .map(([templateId, d]) => ({ templateId, inStorage: storage.get(templateId) ?? 0, demand: d.demand, departments: d.departments }))
    .filter((x) => x.inStorage < x.demand);
}

/** The barcode of a requisition (scanned at the dispatch station): RQ and its number on 8 digits. */
export function requisitionCode(no: number): string {
  return `RQ${String(no).padStart(8, '0')}`;
}

/** The number a scanned requisition barcode names, or null when it is not one. */
export function readRequisitionCode(code: string): number | null {
  const m = /^RQ(\d{1,9})$/i.exec(code.trim());
  return m ? Number(m[1]) : null;
}

/** A manifest's number as printed: SD (送, delivery) or HS (回收, collection) and its number on 8 digits. */
export function roundCode(kind: RoundKind, no: number): string {
  return `${kind === 'delivery' ? 'SD' : 'HS'}${String(no).padStart(8, '0')}`;
}
