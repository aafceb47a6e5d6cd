import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { SRC, srcImports, tsFiles } from '../support/imports.js';

// Issue 14, "errors owned by their modules": common/ is the floor every feature stands on, so it
// imports none of them — not even a type. (The error registry, which needs every module's codes,
// is assembled above the features in src/errors.ts.) Besides itself, common/ may read the typed
// configuration (src/config) and packages. Its unit specs are not part of the floor: they may read
// statuses from the assembled registry.
const ALLOWED = ['common', 'config'];

/** Every module a file's text imports or re-exports (type-only and dynamic imports included) that lies in src/ outside the allowed folders. */
function importsOutside(file: string, text: string): string[] {
  return srcImports(file, text)
    .filter(({ target }) => !ALLOWED.includes(target.split(sep)[0]))
    .map(({ spec }) => spec);
}

describe('common/ imports no feature', () => {
  it('no file under src/common imports from a feature folder', () => {
    const found = tsFiles(join(SRC, 'common')).flatMap((file) =>
      importsOutside(file, readFileSync(file, 'utf8')).map((spec) => `${relative(SRC, file)} imports ${spec}`),
    );
    expect(found).toEqual([]);
  });

  it('sees every kind of import a file could make of a feature', () => {
    const file = join(SRC, 'common/errors/example.ts');
    const text = [
      `import { LABEL_ERRORS } from '../../labels/labels.errors.js';`,
      `import type { Pack } from '../../packs/pack.entity.js';`,
      `export { X } from '../../recall/recall.errors.js';`,
      `const m = await import('../../usage/usage.service.js');`,
      `import { fill } from './domain-error.js';`,
      `import { APP_CONFIG } from '../../config/config.js';`,
      `import { Injectable } from '@nestjs/common';`,
    ].join('\n');
    expect(importsOutside(file, text)).toEqual([
      '../../labels/labels.errors.js',
      '../../packs/pack.entity.js',
      '../../recall/recall.errors.js',
      '../../usage/usage.service.js',
    ]);
  });
});
