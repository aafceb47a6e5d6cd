import type { EntityManager } from 'typeorm';

/**
 * The sterilizer's next cycle number (锅次, per sterilizer, never reused): loads and B-D test
 * cycles share it. The caller holds the sterilizer row locked, so two cannot take the same one.
 */
export async function nextCycleNo(m: EntityManager, sterilizerId: string): Promise<number> {
  const [{ n }] = await m.query('SELECT coalesce(max(cycle_no), 0) + 1 AS n FROM sterilizer_loads WHERE sterilizer_id = $1', [sterilizerId]);
  return n;
}
