import { describe, expect, it } from '@jest/globals';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getMetadataStorage, IsArray, IsInt, IsNumber, IsString, Length, Max, Min } from 'class-validator';
import { SRC, tsFiles } from '../support/imports.js';

interface Rule {
  type: string;
  name?: string;
  propertyName: string;
  target: { name: string } | (new () => unknown);
  each?: boolean;
}

/** Validators that bound a string's length or shape (an id, a date, a pattern, one of a list). */
const BOUNDS_TEXT = ['isLength', 'maxLength', 'matches', 'isIn', 'isUuid', 'isDateString', 'isIso8601', 'isHospitalTime', 'isEnum'];
const NUMBER = ['isInt', 'isNumber', 'isDecimal'];

/**
 * Every field of every request body and query is bounded before it reaches the database: a
 * number has a least and a greatest value (a numeric(10,2) column overflows at 10^8: 22003 → 500),
 * a text a length or a shape (a varchar overflows: 22001), a list a greatest size. The fuzzer
 * reaches such a field only by chance; this reads the validation metadata of every class the
 * controllers load.
 */
/** The fields of `rules` (validation metadata) that a request could fill with an unbounded value. */
function unbounded(rules: Rule[]): string[] {
  const byField = new Map<string, string[]>();
  for (const r of rules) {
    const key = `${r.target.name}.${r.propertyName}`;
    byField.set(key, [...(byField.get(key) ?? []), r.name ?? '']);
  }
  const out: string[] = [];
  for (const [field, names] of byField) {
    const has = (n: string) => names.includes(n);
    if (NUMBER.some(has) && !(has('min') && has('max'))) out.push(`${field}: a number without @Min and @Max`);
    if (has('isString') && !BOUNDS_TEXT.some(has)) out.push(`${field}: a text without a length or a shape`);
    if (has('isArray') && !has('arrayMaxSize')) out.push(`${field}: an array without @ArrayMaxSize`);
  }
  return out;
}

function everyRule(): Rule[] {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, Rule[]> | Rule[] };
  return storage.validationMetadatas instanceof Map ? [...storage.validationMetadatas.values()].flat() : storage.validationMetadatas;
}

/**
 * Every field of every request body and query is bounded before it reaches the database: a
 * number has a least and a greatest value (a numeric(10,2) column overflows at 10^8: 22003 → 500),
 * a text a length or a shape (a varchar overflows: 22001), a list a greatest size. The fuzzer
 * reaches such a field only by chance; this reads the validation metadata of every class the
 * controllers load.
 */
describe('request bounds: every validated field is bounded', () => {
  it('numbers have @Min and @Max, texts a length or a shape, arrays a maximum size', async () => {
    const controllers = tsFiles(SRC).filter((f) => /controllers?\.ts$/.test(f));
    expect(controllers.map((f) => relative(SRC, f))).toContain('monitoring/monitoring.controller.ts');
    for (const file of controllers) await import(pathToFileURL(file).href);
    const rules = everyRule();
    expect(new Set(rules.map((r) => r.target.name)).size).toBeGreaterThan(100);
    expect(unbounded(rules)).toEqual([]);
  });

  it('the check lists each kind of unbounded field, and passes a bounded one', () => {
    class Fixture {
      @IsNumber() n: number;
      @IsString() s: string;
      @IsArray() a: string[];
      @IsInt() @Min(0) @Max(9) bounded: number;
      @IsString() @Length(1, 9) text: string;
    }
    expect(unbounded(everyRule().filter((r) => r.target === Fixture))).toEqual([
      'Fixture.n: a number without @Min and @Max',
      'Fixture.s: a text without a length or a shape',
      'Fixture.a: an array without @ArrayMaxSize',
    ]);
  });
});
