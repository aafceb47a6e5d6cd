import { DomainError } from '../common/errors/domain-error.js';
import type { PackagingMaterial, SterilizationMethod } from './catalog.enums.js';

/**
 * Which packaging materials each sterilization method accepts (WS 310.2: packaging chosen by
 * method; the sterilizer and packaging makers' instructions). The one place this rule lives:
 * the catalog refuses a template that breaks it, packing and loading refuse a pack that does.
 *
 * - Steam: every traditional wrap, pouch and container. Tyvek (polyethylene) is left out: it is
 *   made for low-temperature methods and does not stand a 132–134 °C cycle.
 * - H₂O₂ plasma: nothing cellulose. Cotton, paper bags, crepe paper and the paper side of
 *   paper-plastic pouches absorb hydrogen peroxide: the cycle aborts or the pack is not sterilized
 *   (STERRAD and DuPont instructions). `crepe_nonwoven` may be crepe paper, so it is refused too;
 *   polypropylene non-woven, Tyvek pouches and rigid containers are accepted — a container only
 *   as the sterilizer maker lists it (non-cellulose filters), which the catalog cannot tell apart.
 * - Ethylene oxide: porous wraps and pouches (cotton, paper, crepe, non-woven, paper-plastic and
 *   Tyvek pouches, AAMI ST41). Rigid containers are refused: only vented containers validated for
 *   EO qualify, and the catalog has no way to say a container is one.
 */
export const PACKAGING_BY_METHOD: Record<SterilizationMethod, readonly PackagingMaterial[]> = {
  steam_prevacuum: ['cotton', 'paper_bag', 'crepe_nonwoven', 'paper_plastic_pouch', 'rigid_container', 'nonwoven_polypropylene'],
  steam_gravity: ['cotton', 'paper_bag', 'crepe_nonwoven', 'paper_plastic_pouch', 'rigid_container', 'nonwoven_polypropylene'],
  h2o2_plasma: ['nonwoven_polypropylene', 'tyvek_pouch', 'rigid_container'],
  ethylene_oxide: ['cotton', 'paper_bag', 'crepe_nonwoven', 'paper_plastic_pouch', 'nonwoven_polypropylene', 'tyvek_pouch'],
};

/** Names as a nurse reads them, for messages. */
export const PACKAGING_NAMES: Record<PackagingMaterial, { zh: string; en: string }> = {
  cotton: { zh: '棉布', en: 'cotton cloth' },
  paper_bag: { zh: '纸袋', en: 'paper bag' },
  crepe_nonwoven: { zh: '皱纹纸/无纺布', en: 'crepe paper / non-woven' },
  paper_plastic_pouch: { zh: '纸塑袋', en: 'paper-plastic pouch' },
  rigid_container: { zh: '硬质容器', en: 'rigid container' },
  nonwoven_polypropylene: { zh: '聚丙烯无纺布', en: 'polypropylene non-woven' },
  tyvek_pouch: { zh: '特卫强（Tyvek）袋', en: 'Tyvek pouch' },
};

export const METHOD_NAMES: Record<SterilizationMethod, { zh: string; en: string }> = {
  steam_prevacuum: { zh: '脉动真空压力蒸汽', en: 'pre-vacuum steam' },
  steam_gravity: { zh: '下排气压力蒸汽', en: 'gravity steam' },
  h2o2_plasma: { zh: '过氧化氢低温等离子', en: 'hydrogen peroxide plasma' },
  ethylene_oxide: { zh: '环氧乙烷', en: 'ethylene oxide' },
};

export function packagingSuits(method: SterilizationMethod, material: PackagingMaterial): boolean {
  return PACKAGING_BY_METHOD[method].includes(material);
}

/** 422 PACKAGING_METHOD_INCOMPATIBLE naming the material, the method and what the method accepts. */
export function assertPackagingSuits(
  method: SterilizationMethod,
  material: PackagingMaterial,
  details: Record<string, unknown> = {},
): void {
  if (packagingSuits(method, material)) return;
  const accepted = PACKAGING_BY_METHOD[method];
  throw new DomainError(
    'PACKAGING_METHOD_INCOMPATIBLE',
    {
      material,
      method,
      materialZh: PACKAGING_NAMES[material].zh,
      materialEn: PACKAGING_NAMES[material].en,
      methodZh: METHOD_NAMES[method].zh,
      methodEn: METHOD_NAMES[method].en,
      acceptedZh: accepted.map((x) => PACKAGING_NAMES[x].zh).join('、'),
      acceptedEn: accepted.map((x) => PACKAGING_NAMES[x].en).join(', '),
    },
    { material, method, accepted, ...details },
  );
}
