import type { ReadingKind } from './environment-reading.entity.js';

/**
 * Limits from the standards (seed 3.7, 7; §4.1): air colony counts, storage climate, final
 * rinse water, wash (tap) water (GB 5749: total colonies ≤ 100 cfu/mL). "Below" limits are
 * strict (storage below 24 °C and below 70 % RH). Disinfectant and cleaning-agent concentration
 * depend on the product: its range comes with the reading.
 */
export const DEFAULT_LIMITS: Record<ReadingKind, { unit: string; max?: number; strictMax?: boolean } | null> = {
  air_colony_sterile_storage: { unit: 'cfu/m3', max: 200 },
  air_colony_packing: { unit: 'cfu/m3', max: 500 },
  storage_temperature: { unit: '°C', max: 24, strictMax: true },
  storage_humidity: { unit: '%RH', max: 70, strictMax: true },
  water_conductivity: { unit: 'uS/cm', max: 15 },
  wash_water_colony: { unit: 'cfu/mL', max: 100 },
  disinfectant_concentration: null,
  cleaning_agent_concentration: null,
};

/** What each reading is, as a person reads it (a corrective action names the failed reading). */
export const READING_NAMES: Record<ReadingKind, { zh: string; en: string }> = {
  air_colony_sterile_storage: { zh: '无菌物品存放区空气菌落数', en: 'Air colonies, sterile storage' },
  air_colony_packing: { zh: '检查包装区空气菌落数', en: 'Air colonies, packing area' },
  storage_temperature: { zh: '无菌物品存放区温度', en: 'Sterile storage temperature' },
  storage_humidity: { zh: '无菌物品存放区相对湿度', en: 'Sterile storage humidity' },
  disinfectant_concentration: { zh: '消毒剂浓度', en: 'Disinfectant concentration' },
  water_conductivity: { zh: '终末漂洗水电导率', en: 'Final rinse water conductivity' },
  cleaning_agent_concentration: { zh: '清洗剂浓度', en: 'Cleaning agent concentration' },
  wash_water_colony: { zh: '清洗用水菌落总数', en: 'Wash water colony count' },
};

export function withinLimits(value: number, min: number | null, max: number | null, strictMax = false): boolean {
  if (min !== null && value < min) return false;
  if (max !== null && (strictMax ? value >= max : value > max)) return false;
  return true;
}
