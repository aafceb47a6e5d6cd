import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * docs/domain.md names, for every rule, the file that enforces it and the test that proves it. A
 * reader in an audit checks those names; this test checks them first: every path named exists,
 * every function named after a path is in that file, every test title quoted after a test file is
 * in that file, every code or setting named exists in the service, and every "§N.M" the code
 * cites is a section of the page.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC = 'docs/domain.md';
const doc = readFileSync(join(ROOT, DOC), 'utf8');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** A path in backticks, then optionally (`symbol`, …) or “test title fragment”, “…”. */
const REFERENCE = /`((?:src|test|migrations|web|docs|bench|scripts)\/[^`\s]*)`(\s*\((?:`[^`]+`(?:,\s*)?)+\))?((?:[\s,]*“[^”]+”)*)/g;

interface Reference {
  path: string;
  symbols: string[];
  titles: string[];
}

function references(): Reference[] {
  return [...doc.matchAll(REFERENCE)].map(([, path, symbols = '', titles = '']) => ({
    path,
    symbols: [...symbols.matchAll(/`([^`]+)`/g)].map((m) => m[1]),
    titles: [...titles.matchAll(/“([^”]+)”/g)].map((m) => m[1]),
  }));
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : filesUnder(path);
    return /\.(ts|tsx|mjs)$/.test(e.name) ? [path] : [];
  });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('docs/domain.md', () => {
  const refs = references();

  it('names the files that enforce its rules and the tests that prove them', () => {
    expect(refs.filter((r) => r.path.startsWith('src/')).length).toBeGreaterThan(50);
    expect(refs.filter((r) => r.path.startsWith('test/') && r.titles.length > 0).length).toBeGreaterThan(50);
  });

  it('names only paths that exist', () => {
    const missing = refs.map((r) => r.path).filter((p) => !existsSync(join(ROOT, p)));
    expect([...new Set(missing)]).toEqual([]);
  });

  it('names only functions, classes and constants that are in the file named before them', () => {
    const absent = refs
      .filter((r) => existsSync(join(ROOT, r.path)) && statSync(join(ROOT, r.path)).isFile())
      .flatMap((r) => {
        const text = read(r.path);
        // `ReleaseService.withdrawAfterFailedControl`: the method is what the file must hold.
        return r.symbols.filter((s) => !new RegExp(`\\b${escape(s.split('.').at(-1)!)}\\b`).test(text)).map((s) => `${r.path}: ${s}`);
      });
    expect(absent).toEqual([]);
  });

  it('quotes only test titles that are in the test file named before them', () => {
    const absent = refs
      .filter((r) => r.titles.length > 0 && existsSync(join(ROOT, r.path)))
      .flatMap((r) => {
        const text = read(r.path);
        return r.titles.filter((t) => !text.includes(t)).map((t) => `${r.path}: “${t}”`);
      });
    expect(absent).toEqual([]);
  });

  it('names only error codes, warnings and settings the service has', () => {
    const source = filesUnder('src').map(read).join('\n');
    const named = new Set([...doc.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?:=[^`]*)?`/g)].map((m) => m[1]));
    expect([...named].filter((code) => !new RegExp(`\\b${code}\\b`).test(source))).toEqual([]);
  });

  it('explains every "seed N.M" the code cites in its table of seed sections', () => {
    const rows = new Set([...doc.matchAll(/^\| (\d+(?:\.\d+)?)(?: \(section\))? \|/gm)].map((m) => m[1]));
    const cited = ['src', 'test', 'migrations', 'web/src']
      .flatMap(filesUnder)
      .filter((path) => path !== 'test/contract/domain-doc.spec.ts')
      // "seed 3.7, 7": a whole section after a comma counts too.
      .flatMap((path) =>
        [...read(path).matchAll(/seed (\d+(?:\.\d+)?)((?:, \d+(?:\.\d+)?)*)/gi)].flatMap((m) =>
          [m[1], ...m[2].split(', ').filter(Boolean)].map((n) => `${path}: seed ${n}`),
        ),
      );
    expect(cited.length).toBeGreaterThan(50);
    expect(cited.filter((c) => !rows.has(c.split('seed ')[1]))).toEqual([]);
  });

  it('has every section the code cites as "§N.M"', () => {
    const sections = new Set([...doc.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]));
    // Citations that are not this page's: an issue's own sections ("issue 13 §2", "§6 of the
    // benchmark issue") and, in gs1.ts, the GS1 General Specifications' sections.
    const notOurs = /(issue \d+ §\d+)|(§\d+ of the)/i;
    const cited = ['src', 'test', 'migrations', 'web/src']
      .flatMap(filesUnder)
      .filter((path) => path !== 'src/kernel/gs1.ts' && path !== 'test/contract/domain-doc.spec.ts')
      .flatMap((path) =>
        read(path)
          .split('\n')
          .flatMap((line) =>
            [...line.replace(new RegExp(notOurs.source, 'gi'), '').matchAll(/§\s?(\d+(?:\.\d+)?)/g)].map((m) => ({ path, section: m[1] })),
          ),
      );
    expect(cited.length).toBeGreaterThan(100);
    expect(cited.filter((c) => !sections.has(c.section)).map((c) => `${c.path}: §${c.section}`)).toEqual([]);
  });
});
