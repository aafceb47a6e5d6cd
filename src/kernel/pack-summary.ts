import type { EntityManager } from 'typeorm';
import { KERNEL_SQL } from './kernel.repository.js';
import { STATE_LABELS, type PackState } from './pack-state.js';
import type { Pack } from './pack.entity.js';

export interface PackSummary {
  id: string;
  barcode: string | null;
  state: PackState;
  stateZh: string;
  stateEn: string;
  templateCode: string;
  nameZh: string;
  nameEn: string;
  setAssetCode: string | null;
  cycleNo: number | null;
  implant: boolean;
  sterilizationDate: string | null;
  expiryDate: string | null;
  departmentId: string | null;
}

export interface Warning {
  code: string;
  zh: string;
  en: string;
  details?: unknown;
}

/** What a station shows after a scan: one line in each language, and the pack. */
export interface StepAnswer {
  outcome: string;
  summary: { zh: string; en: string };
  pack: PackSummary;
  warnings: Warning[];
  [extra: string]: unknown;
}

/** A pack's template names and set asset code, as its summary shows them. */
export interface SummaryNames {
  code: string;
  nameZh: string;
  nameEn: string;
  assetCode: string | null;
}

/**
 * Names read together with a pack's last move (PackLedger.stepEach returns them): the answer to
 * that scan needs no query of its own. Keyed by the pack object, so they live as long as it.
 */
const knownNames = new WeakMap<Pack, SummaryNames>();

export function rememberNames(pack: Pack, names: SummaryNames): void {
  knownNames.set(pack, names);
}

export async function summarize(m: EntityManager, pack: Pack): Promise<PackSummary> {
  return (await summarizeMany(m, [pack]))[0];
}

/** Summaries of many packs in one query (template names, set asset codes), in the packs' order. */
export async function summarizeMany(m: EntityManager, packs: Pack[]): Promise<PackSummary[]> {
  if (packs.length === 0) return [];
  const known = packs.map((p) => knownNames.get(p));
  if (known.every((k) => k !== undefined)) return packs.map((p, i) => summaryOf(p, known[i], known[i].assetCode));
  const rows: { i: number; code: string; name_zh: string; name_en: string; asset_code: string | null }[] = await m.query(
    KERNEL_SQL.summaryNames,
    [packs.map((p) => p.templateId), packs.map((p) => p.setId)],
  );
  const byIndex = new Map(rows.map((r) => [Number(r.i) - 1, r]));
  return packs.map((pack, i) => {
    const row = byIndex.get(i);
    if (!row) throw new Error(`pack ${pack.id}: template ${pack.templateId} not found`);
    return summaryOf(pack, { code: row.code, nameZh: row.name_zh, nameEn: row.name_en }, row.asset_code);
  });
}

/** A pack's summary when its template and set are already at hand (no query). */
export function summaryOf(
  pack: Pack,
  template: { code: string; nameZh: string; nameEn: string },
  setAssetCode: string | null,
): PackSummary {
  return {
    id: pack.id,
    barcode: pack.barcode,
    state: pack.state,
    stateZh: STATE_LABELS[pack.state].zh,
    stateEn: STATE_LABELS[pack.state].en,
    templateCode: template.code,
    nameZh: template.nameZh,
    nameEn: template.nameEn,
    setAssetCode,
    cycleNo: pack.cycleNo,
    implant: pack.implant,
    sterilizationDate: pack.sterilizationDate,
    expiryDate: pack.expiryDate,
    departmentId: pack.departmentId,
  };
}

/** Builds the answer: `line` gets the pack's label (name + barcode or asset code). */
export async function answer(
  m: EntityManager,
  pack: Pack,
  outcome: string,
  line: (label: { zh: string; en: string }) => { zh: string; en: string },
  extra: { warnings?: Warning[]; [k: string]: unknown } = {},
): Promise<StepAnswer> {
  const summary = await summarize(m, pack);
  const id = summary.barcode ?? summary.setAssetCode ?? summary.id;
  const { warnings = [], ...rest } = extra;
  return { outcome, summary: line({ zh: `${summary.nameZh} ${id}`, en: `${summary.nameEn} ${id}` }), pack: summary, warnings, ...rest };
}
