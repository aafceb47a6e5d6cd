/** A contents line a set is short of since recycling, as the service names it (src/packing/shortfall.ts). */
export interface ShortLine {
  line: number;
  nameZh: string;
  nameEn: string;
  specification: string;
  quantity: number;
}

/** "止血钳 14cm × 2" in the page's language. */
export function shortLineText(x: ShortLine, zh: boolean): string {
  return `${zh ? x.nameZh : x.nameEn}${x.specification ? ` ${x.specification}` : ''} × ${x.quantity}`;
}
