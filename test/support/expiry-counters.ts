import { expect } from '@jest/globals';
import { addLocalDays, startOfLocalDay } from '../../src/common/clock.js';
import { DayTalliesService } from '../../src/reports/day-tallies.service.js';
import type { TestApp } from './app.js';
import { bearer, type TestUser } from './factories.js';

type Ind = { numerator: number; denominator: number; rate: number | null };
type IndicatorMonth = { month: string; hospital: Record<string, Ind> };

/**
 * What the "expired in storage" tests read, for the app and head nurse `get()` gives (set in a
 * beforeAll): the indicator by hand-countable month, the catch-up, a pack's expiry, and the tallies'
 * 'expiry' counters checked against a recount of report_pack_shelf done here in TypeScript.
 */
export function expiryProbe(get: () => { t: TestApp; head: TestUser }, tz: string) {
  /** What the head nurse reads for a month: [expired on the shelf, stored]. */
  const expired = async (month: string): Promise<[number, number]> => {
    const { t, head } = get();
    const res = await t.http().get(`/api/reports/quality-indicators?from=${month}&to=${month}`).set(bearer(head.token));
    expect(res.status).toBe(200);
    const m = (res.body.months as IndicatorMonth[]).find((x) => x.month === month);
    const ind = m?.hospital.expiredInStorage;
    return [ind?.numerator ?? 0, ind?.denominator ?? 0];
  };
  const caughtUp = async () => {
    const r = await get().t.app.get(DayTalliesService).catchUp();
    expect(r.skipped).toBeUndefined();
  };
  const expiryOf = async (barcodes: string[]): Promise<string> => {
    const rows = await get().t.ds.query(`SELECT DISTINCT to_char(expiry_date, 'YYYY-MM-DD') AS expiry FROM packs WHERE barcode = ANY($1)`, [
      barcodes,
    ]);
    expect(rows).toHaveLength(1);
    return rows[0].expiry as string;
  };
  /**
   * Once every event is tallied: the 'expiry' counters equal a recount of report_pack_shelf by the
   * documented rule (stored before the expiry day's end; and not left by then), done here.
   */
  const expectCountersMatchShelf = async () => {
    const { t } = get();
    const [{ behind }] = await t.ds.query(
      `SELECT (SELECT coalesce(max(id), 0) FROM pack_events) > (SELECT through_id FROM report_tally_state WHERE id = 1) AS behind`,
    );
    expect(behind).toBe(false);
    const shelf: { expiry: string | null; stored_at: Date | null; left_at: Date | null }[] = await t.ds.query(
      `SELECT to_char(expiry_date, 'YYYY-MM-DD') AS expiry, stored_at, left_at FROM report_pack_shelf`,
    );
    const mine = new Map<string, number>();
    const add = (k: string) => mine.set(k, (mine.get(k) ?? 0) + 1);
    for (const r of shelf) {
      if (!r.expiry || !r.stored_at) continue;
      const ends = startOfLocalDay(addLocalDays(r.expiry, 1), tz).getTime();
      if (r.stored_at.getTime() >= ends) continue;
      add(`${r.expiry} stored`);
      if (!r.left_at || r.left_at.getTime() >= ends) add(`${r.expiry} on_shelf`);
    }
    const counters: { k: string; n: number }[] = await t.ds.query(
      `SELECT to_char(day, 'YYYY-MM-DD') || ' ' || kind AS k, sum(n)::int AS n FROM report_day_tallies
        WHERE dim = 'expiry' GROUP BY day, kind HAVING sum(n) <> 0`,
    );
    expect(Object.fromEntries(counters.map((r) => [r.k, r.n]))).toEqual(Object.fromEntries(mine));
  };
  return { expired, caughtUp, expiryOf, expectCountersMatchShelf };
}
