import type { TemplateItem } from '../catalog/set-template.entity.js';
import { DomainError } from '../common/errors/domain-error.js';

/** What the collector states for one contents line: its number on the template (from 1) and how many. */
export interface LineCount {
  line: number;
  quantity: number;
}

/** A contents line counted short, named as the template names it (so the record reads the same after the template changes). */
export interface CountedLine {
  line: number;
  nameZh: string;
  nameEn: string;
  specification: string;
  quantity: number;
}

export interface CountSheet {
  templateVersion: number;
  missing: CountedLine[];
  damaged: CountedLine[];
}

/**
 * The count at recycling (§3.2 step 1, seed 1.1): taken against the contents of the template
 * version the set has, line by line. A missing or damaged item names one of its lines, and a
 * line cannot be short by more than it holds (missing and damaged together); anything else —
 * free text, an instrument the set never had — is refused, not recorded.
 */
export function countAgainstTemplate(
  template: { version: number; contents: TemplateItem[] },
  missing: LineCount[] = [],
  damaged: LineCount[] = [],
): CountSheet {
  const { contents, version } = template;
  const short = new Map<number, number>();
  const named = (counts: LineCount[]): CountedLine[] =>
    merge(counts).map(({ line, quantity }) => {
      const item = contents[line - 1];
      if (!item)
        throw new DomainError(
          'COUNT_LINE_UNKNOWN',
          { lineNo: line, version, lines: contents.length },
          { line, version, lines: contents.length },
        );
      short.set(line, (short.get(line) ?? 0) + quantity);
      return { line, nameZh: item.nameZh, nameEn: item.nameEn, specification: item.specification, quantity };
    });
  const sheet = { templateVersion: version, missing: named(missing), damaged: named(damaged) };
  for (const [line, quantity] of short) {
    const item = contents[line - 1];
    if (quantity > item.quantity) {
      throw new DomainError(
        'COUNT_QUANTITY_EXCEEDS',
        { instrumentZh: itemName(item, 'zh'), instrumentEn: itemName(item, 'en'), quantity, expected: item.quantity },
        { line, quantity, expected: item.quantity },
      );
    }
  }
  return sheet;
}

/** A line as a person reads it in one language: name and specification. */
export function itemName(item: { nameZh: string; nameEn: string; specification?: string }, lang: 'zh' | 'en'): string {
  const name = lang === 'zh' ? item.nameZh : item.nameEn;
  return item.specification ? `${name} ${item.specification}` : name;
}

/** The same line named twice counts once, with the quantities added, in line order. */
function merge(counts: LineCount[]): LineCount[] {
  const byLine = new Map<number, number>();
  for (const c of counts) byLine.set(c.line, (byLine.get(c.line) ?? 0) + c.quantity);
  return [...byLine].sort(([a], [b]) => a - b).map(([line, quantity]) => ({ line, quantity }));
}
