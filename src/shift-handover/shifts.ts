/**
 * The department's shifts (issue 17, seed 17): one named place, a fixed list. A handover is written
 * for a hospital day, one of these shifts and one zone; a night shift belongs to the day it starts.
 * To change the times, change them here (the pages read them from GET /api/shift-handovers/shifts).
 */
export const SHIFTS = [
  { code: 'early', nameZh: '早班', nameEn: 'Early shift', start: '08:00', end: '16:00' },
  { code: 'middle', nameZh: '中班', nameEn: 'Middle shift', start: '16:00', end: '24:00' },
  { code: 'night', nameZh: '夜班', nameEn: 'Night shift', start: '00:00', end: '08:00' },
] as const;
export const SHIFT_CODES = SHIFTS.map((s) => s.code) as ['early', 'middle', 'night'];
export type ShiftCode = (typeof SHIFTS)[number]['code'];

/**
 * The end-of-shift checklist of a zone (seed 17, 2.1, 11.6): water, power, gas and steam turned off,
 * the area cleaned. Every item is answered; one not done carries the reason.
 */
export const CHECK_ITEMS = ['water', 'power', 'gas', 'steam', 'cleaned'] as const;
export type CheckItem = (typeof CHECK_ITEMS)[number];
export const CHECK_ITEM_NAMES: Record<CheckItem, { zh: string; en: string }> = {
  water: { zh: '水已关闭', en: 'Water off' },
  power: { zh: '电已关闭', en: 'Power off' },
  gas: { zh: '气已关闭', en: 'Gas off' },
  steam: { zh: '蒸汽已关闭', en: 'Steam off' },
  cleaned: { zh: '区域已清洁', en: 'Area cleaned' },
};
