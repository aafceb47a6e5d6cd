import type { ReadingKind } from './environment-reading.entity.js';

/**
 * Limits from the standards (seed 3.7, 7; §4.1): air colony counts, storage climate, final
 * rinse water. "Below" limits are strict (storage below 24 °C and below 70 % RH).
 * Disinfectant concentration depends on the product: its range comes with the reading.
 */
export const DEFAULT_LIMITS: Record<ReadingKind, { unit: string; max?: number; strictMax?: boolean } | null> = {
  air_colony_sterile_storage: { unit: 'cfu/m3', max: 200 },
  air_colony_packing: { unit: 'cfu/m3', max: 500 },
  storage_temperature: { unit: '°C', max: 24, strictMax: true },
  storage_humidity: { unit: '%RH', max: 70, strictMax: true },
  water_conductivity: { unit: 'uS/cm', max: 15 },
  disinfectant_concentration: null,
};

export function withinLimits(value: number, min: number | null, max: number | null, strictMax = false): boolean {
  if (min !== null && value < min) return false;
  if (max !== null && (strictMax ? value >= max : value > max)) return false;
  return true;
}
