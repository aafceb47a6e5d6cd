import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { localDate } from '../../src/common/clock.js';
import type { TestApp } from './app.js';
import { expectRefused } from './expect.js';
import { bearer, rowCounts, uniq } from './factories.js';

/** The tables a preparation writes or reads: a refusal changes none of them. */
export const PREPARATION_TABLES = ['disinfectant_preparations', 'quality_check_tasks', 'environment_readings'];

/** A valid preparation (chlorine 500 ± 50 mg/L, measured 500) of a product that expires in a year. */
export function preparation(t: TestApp, over: Record<string, unknown> = {}) {
  const year = Number(localDate(t.clock.instant(), t.config.timezone).slice(0, 4)) + 1;
  return {
    kind: 'disinfectant',
    product: '含氯消毒片',
    lotNumber: uniq('LOT'),
    expiryDate: `${year}-12-31`,
    target: 500,
    tolerance: 50,
    measured: 500,
    unit: 'mg/L',
    method: 'test_strip',
    area: 'decontamination',
    usedFor: '器械浸泡消毒',
    ...over,
  };
}

export const recordPreparation = (t: TestApp, token: string, body: object, lang = 'zh-CN') =>
  t.http().post('/api/disinfectants/preparations').set(bearer(token)).set('Accept-Language', lang).send(body);

/** Refused with `status` and `code`, and not one row written to the preparation tables; returns the body. */
export async function refusedUnchanged(t: TestApp, send: () => Promise<Response>, status: number, code: string) {
  const before = await rowCounts(t, PREPARATION_TABLES);
  const body = expectRefused(await send(), status, code);
  expect(await rowCounts(t, PREPARATION_TABLES)).toEqual(before);
  return body;
}
