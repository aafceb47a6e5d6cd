import { describe, expect, it } from '@jest/globals';
import { loadDemoHospital } from '../seed/demo-seed.js';
import { shelfLife } from '../kernel/expiry.js';
import { PACKAGING_MATERIALS, STERILIZATION_METHODS, type PackagingMaterial } from './catalog.enums.js';
import { assertPackagingSuits, METHOD_NAMES, PACKAGING_BY_METHOD, PACKAGING_NAMES, packagingSuits } from './packaging-compatibility.js';

/** Materials that contain cellulose: they absorb hydrogen peroxide (STERRAD / DuPont instructions). */
const CELLULOSE: PackagingMaterial[] = ['cotton', 'paper_bag', 'crepe_nonwoven', 'paper_plastic_pouch'];

describe('packaging by sterilization method (WS 310.2)', () => {
  it('H₂O₂ plasma accepts nothing cellulose, and accepts the cellulose-free wraps', () => {
    for (const material of CELLULOSE) expect(packagingSuits('h2o2_plasma', material)).toBe(false);
    expect(PACKAGING_BY_METHOD.h2o2_plasma).toEqual(expect.arrayContaining(['nonwoven_polypropylene', 'tyvek_pouch']));
  });

  it('steam accepts the traditional materials but not Tyvek; EO refuses rigid containers (not known to be vented)', () => {
    for (const method of ['steam_prevacuum', 'steam_gravity'] as const) {
      for (const material of [
        'cotton',
        'paper_bag',
        'crepe_nonwoven',
        'paper_plastic_pouch',
        'rigid_container',
        'nonwoven_polypropylene',
      ] as const) {
        expect(packagingSuits(method, material)).toBe(true);
      }
      expect(packagingSuits(method, 'tyvek_pouch')).toBe(false);
    }
    expect(packagingSuits('ethylene_oxide', 'rigid_container')).toBe(false);
    expect(packagingSuits('ethylene_oxide', 'tyvek_pouch')).toBe(true);
  });

  it('every material and method has names in both languages, and every material a shelf life; every method accepts something', () => {
    for (const material of PACKAGING_MATERIALS) {
      expect(PACKAGING_NAMES[material]).toEqual({ zh: expect.any(String), en: expect.any(String) });
      expect(() => shelfLife(material, true)).not.toThrow();
    }
    for (const method of STERILIZATION_METHODS) {
      expect(METHOD_NAMES[method]).toEqual({ zh: expect.any(String), en: expect.any(String) });
      expect(PACKAGING_BY_METHOD[method].length).toBeGreaterThan(0);
    }
  });

  it('the refusal names the material and the method in both languages', () => {
    expect(() => assertPackagingSuits('h2o2_plasma', 'cotton')).toThrow(
      expect.objectContaining({
        code: 'PACKAGING_METHOD_INCOMPATIBLE',
        params: expect.objectContaining({ materialZh: '棉布', methodEn: 'hydrogen peroxide plasma' }),
      }),
    );
  });

  it('every template of the demo hospital suits its method', () => {
    const bad = loadDemoHospital()
      .templates.filter((t) => !packagingSuits(t.method, t.packaging))
      .map((t) => `${t.code}: ${t.packaging} / ${t.method}`);
    expect(bad).toEqual([]);
  });
});
