import type { SetTemplate } from '../catalog/set-template.entity.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { InspectionDto } from './dto/packing.dto.js';

/** The items of the packing inspection (seed 1.3, 11.3), each passed or failed. */
export const INSPECTION_ITEMS = ['clean', 'functional', 'complete', 'label', 'indicatorTape', 'weight'] as const;
export type InspectionItem = (typeof INSPECTION_ITEMS)[number];

export const INSPECTION_ITEM_NAMES: Record<InspectionItem, { zh: string; en: string }> = {
  clean: { zh: '清洁度', en: 'cleanliness' },
  functional: { zh: '功能', en: 'function' },
  complete: { zh: '数量', en: 'count' },
  label: { zh: '标识', en: 'label' },
  indicatorTape: { zh: '包外化学指示胶带', en: 'indicator tape' },
  weight: { zh: '重量', en: 'weight' },
};

/** The checklist as recorded: every item's result; the weight only where the template sets a limit. */
export interface InspectionRecord {
  clean: boolean;
  functional: boolean;
  complete: boolean;
  label: boolean;
  indicatorTape: boolean;
  /** null: the template sets no weight limit. */
  weight: boolean | null;
  weightKg: number | null;
  maxWeightKg: number | null;
  note: string | null;
  failed: InspectionItem[];
}

/**
 * The packing inspection (seed 1.3: cleanliness, function, label, indicator tape; the weight
 * where the template sets a limit, WS 310.2). Any failed item sends the set back, as a failed
 * inspection always did; a template with a limit cannot be inspected without weighing.
 */
export function judgeInspection(template: Pick<SetTemplate, 'maxWeightKg'>, dto: InspectionDto): InspectionRecord {
  const max = template.maxWeightKg;
  if (max !== null && dto.weightKg === undefined) throw new DomainError('INSPECTION_WEIGHT_REQUIRED', { maxKg: max }, { maxWeightKg: max });
  const weight = max === null ? null : dto.weightKg! <= max;
  const results: Record<InspectionItem, boolean | null> = {
    clean: dto.clean,
    functional: dto.functional,
    complete: dto.complete,
    label: dto.label,
    indicatorTape: dto.indicatorTape,
    weight,
  };
  return {
    clean: dto.clean,
    functional: dto.functional,
    complete: dto.complete,
    label: dto.label,
    indicatorTape: dto.indicatorTape,
    weight,
    weightKg: dto.weightKg ?? null,
    maxWeightKg: max,
    note: dto.note ?? null,
    failed: INSPECTION_ITEMS.filter((i) => results[i] === false),
  };
}

/** "清洁度、重量（8.2 kg，上限 7 kg）" / "cleanliness, weight (8.2 kg, limit 7 kg)": why the set went back. */
export function describeFailures(r: InspectionRecord, lang: 'zh' | 'en'): string {
  return r.failed
    .map((i) => {
      const name = INSPECTION_ITEM_NAMES[i][lang];
      if (i !== 'weight') return name;
      return lang === 'zh'
        ? `${name}（${r.weightKg} kg，上限 ${r.maxWeightKg} kg）`
        : `${name} (${r.weightKg} kg, limit ${r.maxWeightKg} kg)`;
    })
    .join(lang === 'zh' ? '、' : ', ');
}
