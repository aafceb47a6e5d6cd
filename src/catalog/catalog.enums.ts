/**
 * §4.1: the packaging material decides the shelf life; packaging-compatibility.ts decides which
 * sterilization methods it can go through. `crepe_nonwoven` is the steam wrap (medical crepe paper
 * or a non-woven that may contain cellulose); `nonwoven_polypropylene` (SMS wrap) and
 * `tyvek_pouch` (Tyvek/film pouch) are the cellulose-free materials low-temperature methods need.
 */
export const PACKAGING_MATERIALS = [
  'cotton',
  'paper_bag',
  'crepe_nonwoven',
  'paper_plastic_pouch',
  'rigid_container',
  'nonwoven_polypropylene',
  'tyvek_pouch',
] as const;
export type PackagingMaterial = (typeof PACKAGING_MATERIALS)[number];

export const STERILIZATION_METHODS = ['steam_prevacuum', 'steam_gravity', 'h2o2_plasma', 'ethylene_oxide'] as const;
export type SterilizationMethod = (typeof STERILIZATION_METHODS)[number];

/** in_service takes clinical loads; commissioning waits for its qualification tests (§4.2). */
export const STERILIZER_STATUSES = ['in_service', 'commissioning', 'out_of_service'] as const;
export type SterilizerStatus = (typeof STERILIZER_STATUSES)[number];

/** What a person reads for each status, in refusals. */
export const STERILIZER_STATUS_NAMES: Record<SterilizerStatus | 'deactivated', { zh: string; en: string }> = {
  in_service: { zh: '在用', en: 'in service' },
  commissioning: { zh: '验证中', en: 'being qualified' },
  out_of_service: { zh: '停用维修', en: 'out of service' },
  deactivated: { zh: '已停用', en: 'deactivated' },
};
