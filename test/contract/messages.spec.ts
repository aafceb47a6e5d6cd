import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  validate,
} from 'class-validator';
import { DomainError } from '../../src/common/errors/domain-error.js';
import type { ErrorCode } from '../../src/common/errors/error-codes.js';
import { ERRORS, messageFor } from '../../src/errors.js';
import { IsDecimal, validationError } from '../../src/common/validation.js';
import { bilingual } from '../../src/common/validation-messages.js';
import { errorLanguageProblems, mixedLanguage } from '../support/language.js';

// Issue 18, "Messages": every message a person reads is in one language, the one asked for.
// The walk below covers every code's own text; every error the e2e suites provoke is checked
// with its real parameters as well (test/support/contract.ts).
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

describe('every error code reads in one language', () => {
  const codes = Object.keys(ERRORS) as ErrorCode[];

  it.each(codes)('%s: its Chinese holds no English words, its English no Chinese', (code) => {
    const { zh, en } = ERRORS[code];
    expect(mixedLanguage(zh.replace(/\{\w+\}/g, ' '), en.replace(/\{\w+\}/g, ' '))).toEqual([]);
  });

  it.each(codes)('%s: each language takes its own words from the parameters (no {xEn} in Chinese, no {xZh} in English)', (code) => {
    const { zh, en } = ERRORS[code];
    expect(placeholders(zh).filter((p) => p.endsWith('En'))).toEqual([]);
    expect(placeholders(en).filter((p) => p.endsWith('Zh'))).toEqual([]);
    const base = (ps: string[]) => [...new Set(ps.map((p) => p.replace(/(Zh|En)$/, '')))].sort();
    expect(base(placeholders(zh))).toEqual(base(placeholders(en)));
  });

  it('a parameter that is words is given in both languages, and each message takes its own', () => {
    const e = new DomainError('INACTIVE_REFERENCE', { what: { zh: '科室', en: 'department' } });
    expect(messageFor(e.code, e.params, 'zh-CN')).toBe('引用的科室已停用');
    expect(messageFor(e.code, e.params, 'en')).toBe('The referenced department is deactivated');
    expect(errorLanguageProblems(e.code, e.params)).toEqual([]);
  });

  it('the checks catch what the issue found: English words inside Chinese, Chinese inside English, words passed as data', () => {
    expect(
      mixedLanguage('（waiting for its biological indicator 等待生物监测结果）', 'waiting for its biological indicator 等待生物监测结果'),
    ).toHaveLength(2);
    expect(errorLanguageProblems('INACTIVE_REFERENCE', { what: 'department' })).not.toEqual([]);
    expect(errorLanguageProblems('LABEL_TOO_SMALL', { size: '50x30', what: '文字 text' })).not.toEqual([]);
    expect(
      errorLanguageProblems(
        'VALIDATION_FAILED',
        { fields: 'x' },
        { fields: [{ field: 'x', problems: ['x must be a number with at most 1 decimal places'] }] },
      ),
    ).not.toEqual([]);
    // A placeholder left unfilled reads as "{count}" (LABEL_ALREADY_PRINTED once did); braces a caller sent are data.
    expect(errorLanguageProblems('LOGIN_LOCKED', {})).toEqual([expect.stringContaining('{retryAfterSeconds} was not given')]);
    expect(errorLanguageProblems('VALIDATION_FAILED', { fields: 'a{c}' })).toEqual([]);
    // Data stays data: codes, barcodes, identifiers and literal API values are not words.
    expect(errorLanguageProblems('UNKNOWN_BARCODE', { code: 'P20261201001' })).toEqual([]);
    expect(errorLanguageProblems('VALIDATION_FAILED', { fields: 'patientId' })).toEqual([]);
  });
});

class Sample {
  @IsString() @Length(2, 4) name: string;
  @IsInt() @Min(1) @Max(9) count: number;
  @IsDecimal(1) temperature: number;
  @IsIn(['wet', 'damaged']) kind: string;
  @IsUUID() id: string;
  @IsBoolean() unused: boolean;
  @IsISO8601() at: string;
  @ArrayMinSize(1) @ArrayMaxSize(2) codes: string[];
  @Matches(/^[A-Z]+$/) code: string;
  @Matches(/^\d+$/, { message: bilingual('cycle：只能是数字', 'cycle: digits only') }) cycle: string;
  @Transform(({ value }) => value) @Length(1, 3) short: string;
}

describe('validation problems', () => {
  it('each field’s problems come in both languages, each in its own, with the numbers and allowed values of the English', async () => {
    const s = Object.assign(new Sample(), {
      name: 'abcdef',
      count: 12,
      temperature: 1.25,
      kind: 'soaked',
      id: 'x',
      unused: 'yes',
      at: 'soon',
      codes: [],
      code: 'abc',
      cycle: 'x1',
      short: '',
    });
    const err = validationError(await validate(s));
    const fields = (err.details as { fields: { field: string; problems: { zh: string; en: string }[] }[] }).fields;
    expect(fields.map((f) => f.field).sort()).toEqual([
      'at',
      'code',
      'codes',
      'count',
      'cycle',
      'id',
      'kind',
      'name',
      'short',
      'temperature',
      'unused',
    ]);
    expect(errorLanguageProblems(err.code, err.params, err.details)).toEqual([]);
    const zhOf = (field: string) =>
      fields
        .find((f) => f.field === field)!
        .problems.map((p) => p.zh)
        .join(' | ');
    expect(zhOf('count')).toBe('count 不能大于 9');
    expect(zhOf('name')).toBe('name 最多 4 个字符');
    expect(zhOf('kind')).toBe('kind 必须是以下值之一：wet, damaged');
    expect(zhOf('codes')).toBe('codes 至少包含 1 项');
    expect(zhOf('temperature')).toBe('temperature 必须是最多 1 位小数的数字');
    expect(zhOf('cycle')).toBe('cycle：只能是数字');
    expect(fields.find((f) => f.field === 'cycle')!.problems[0].en).toBe('cycle: digits only');
  });
});
