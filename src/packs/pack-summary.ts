import { In, type EntityManager } from 'typeorm';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
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

export async function summarize(m: EntityManager, pack: Pack): Promise<PackSummary> {
  return (await summarizeMany(m, [pack]))[0];
}

/** Summaries of many packs in two queries (templates, sets), in the packs' order. */
export async function summarizeMany(m: EntityManager, packs: Pack[]): Promise<PackSummary[]> {
  if (packs.length === 0) return [];
  const templateIds = [...new Set(packs.map((p) => p.templateId))];
  const setIds = [...new Set(packs.map((p) => p.setId).filter((id): id is string => id !== null))];
  const templates = new Map((await m.getRepository(SetTemplate).findBy({ id: In(templateIds) })).map((t) => [t.id, t]));
  const sets = new Map(setIds.length ? (await m.getRepository(InstrumentSet).findBy({ id: In(setIds) })).map((s) => [s.id, s]) : []);
  return packs.map((pack) => {
    const template = templates.get(pack.templateId);
    if (!template) throw new Error(`pack ${pack.id}: template ${pack.templateId} not found`);
    return {
      id: pack.id,
      barcode: pack.barcode,
      state: pack.state,
      stateZh: STATE_LABELS[pack.state].zh,
      stateEn: STATE_LABELS[pack.state].en,
      templateCode: template.code,
      nameZh: template.nameZh,
      nameEn: template.nameEn,
      setAssetCode: (pack.setId && sets.get(pack.setId)?.assetCode) || null,
      cycleNo: pack.cycleNo,
      implant: pack.implant,
      sterilizationDate: pack.sterilizationDate,
      expiryDate: pack.expiryDate,
      departmentId: pack.departmentId,
    };
  });
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
