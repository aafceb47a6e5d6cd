import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { SRC, srcImports, tsFiles } from '../support/imports.js';

// Issue 14, the house's lower floors (docs/architecture.md). The chain's kernel (src/kernel) is
// the vocabulary every stage shares, so it imports none of them: only common/, config/,
// database/ and the catalog's reference data (its entities and enums). database/ is the
// connection: it imports no feature either — the entity list is handed to it from the wiring
// floor (src/entities.ts). Unit specs are not part of a floor.
const FLOORS: Record<string, (target: string) => boolean> = {
  kernel: (t) =>
    ['kernel', 'common', 'config', 'database'].includes(t.split(sep)[0]) ||
    /^catalog\/[\w-]+\.entity\.js$/.test(t) ||
    t === join('catalog', 'catalog.enums.js'),
  database: (t) => ['database', 'common', 'config'].includes(t.split(sep)[0]),
};

/** What a file of `floor` imports from src/ that the floor may not. */
function forbidden(floor: string, file: string, text: string): string[] {
  return srcImports(file, text)
    .filter(({ target }) => !FLOORS[floor](target))
    .map(({ spec }) => spec);
}

describe.each(Object.keys(FLOORS))('%s/ imports no stage', (floor) => {
  it(`no file under src/${floor} imports from a stage folder`, () => {
    const found = tsFiles(join(SRC, floor)).flatMap((file) =>
      forbidden(floor, file, readFileSync(file, 'utf8')).map((spec) => `${relative(SRC, file)} imports ${spec}`),
    );
    expect(found).toEqual([]);
  });
});

describe('the kernel rule', () => {
  it('sees a stage, a catalog service and the wiring floor, and lets reference data through', () => {
    const file = join(SRC, 'kernel/example.ts');
    const text = [
      `import type { Pack } from './pack.entity.js';`,
      `import { Sterilizer } from '../catalog/sterilizer.entity.js';`,
      `import type { PackagingMaterial } from '../catalog/catalog.enums.js';`,
      `import { DomainError } from '../common/errors/domain-error.js';`,
      `import { numeric } from '../database/columns.js';`,
      `import { CatalogService } from '../catalog/catalog.service.js';`,
      `import type { LoadGate } from '../sterilization/load-gate.js';`,
      `export { PackLedger } from '../packs/pack-ledger.service.js';`,
      `const m = await import('../usage/usage.service.js');`,
      `import { ENTITIES } from '../entities.js';`,
    ].join('\n');
    expect(forbidden('kernel', file, text)).toEqual([
      '../catalog/catalog.service.js',
      '../sterilization/load-gate.js',
      '../packs/pack-ledger.service.js',
      '../usage/usage.service.js',
      '../entities.js',
    ]);
  });
});
