import type { EntityManager } from 'typeorm';
import { KERNEL_SQL } from './kernel.repository.js';

/** Standard sterile storage environment (§4.1): below 24 °C and below 70 % RH. */
export const STORAGE_LIMITS = { temperatureMaxC: 24, humidityMaxPct: 70 };

/**
 * Whether sterile storage currently meets the standard, from the latest temperature and
 * humidity readings. Cotton packs get 14 days when it does, 7 when it does not. With no
 * reading recorded yet the standard is assumed met (the department's own environment log
 * is the source; an unrecorded environment is a monitoring gap shown elsewhere, not a
 * reason to silently halve every cotton pack's life).
 */
export async function storageCompliant(m: EntityManager): Promise<boolean> {
  const rows: { within_limits: boolean }[] = await m.query(KERNEL_SQL.latestStorageReadings);
  return rows.every((r) => r.within_limits);
}
