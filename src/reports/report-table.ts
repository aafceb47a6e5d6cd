import { tzOffset } from '@date-fns/tz';

/**
 * A report as the exports write it: sheets of typed columns, each headed in Chinese and English.
 * The XLSX and PDF writers both read this one shape, so a report is described once.
 */
export type CellKind = 'text' | 'int' | 'decimal' | 'datetime' | 'date';

export interface ReportColumn {
  zh: string;
  en: string;
  kind: CellKind;
  /** Relative width on paper and in the sheet (characters, about). */
  width: number;
}

/** A cell: text, a number, an instant (for datetime), a calendar date YYYY-MM-DD (for date), or empty. */
export type ReportCell = string | number | Date | null;

export interface ReportSheet {
  /** The sheet's name (Chinese; an XLSX sheet name holds at most 31 characters). */
  nameZh: string;
  nameEn: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
}

export interface ReportDocument {
  titleZh: string;
  titleEn: string;
  hospital: string;
  /** The period as printed: 2026-12-03, or 2026-12-01 — 2026-12-31. */
  period: string;
  timezone: string;
  /** Landscape pages for wide tables. */
  landscape: boolean;
  sheets: ReportSheet[];
}

/** The period as printed. */
export function periodLabel(fromDate: string, toDate: string): string {
  return fromDate === toDate ? fromDate : `${fromDate} — ${toDate}`;
}

/**
 * An instant as the hospital's wall-clock time, carried in a Date's UTC fields: what a
 * spreadsheet (which knows no time zones) must store for the cell to read as hospital time.
 */
export function wallClock(instant: Date, timezone: string): Date {
  return new Date(instant.getTime() + tzOffset(timezone, instant) * 60_000);
}

/** An instant as the hospital reads it: YYYY-MM-DD HH:mm:ss. */
export function formatWallClock(instant: Date, timezone: string): string {
  return wallClock(instant, timezone).toISOString().slice(0, 19).replace('T', ' ');
}

/** Passed / failed / not recorded, both languages. */
export function passFail(v: boolean | null | undefined): string {
  return v === true ? '合格 passed' : v === false ? '不合格 failed' : '—';
}

/**
 * A calendar date (a \`date\` column) as YYYY-MM-DD: the driver reads one as the server's local
 * midnight (a Date), an entity as text; either way the same day.
 */
export function calendarDay(v: string | Date | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`;
}
