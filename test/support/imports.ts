import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The service's source folder: floors are drawn between its top-level folders (scripts/architecture.mjs). */
export const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Every .ts file under `dir`, spec files left out (a floor's unit specs may read from above it). */
export const tsFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : [],
  );

/**
 * Every module of src/ a file's text imports or re-exports (type-only and dynamic imports
 * included), as the specifier written and the path it names relative to src/ (e.g.
 * `catalog/sterilizer.entity.js`). Packages and files outside src/ are left out.
 */
export function srcImports(file: string, text: string): { spec: string; target: string }[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => ({ spec, target: relative(SRC, resolve(dirname(file), spec)) }))
    .filter(({ target }) => !target.startsWith('..'));
}
