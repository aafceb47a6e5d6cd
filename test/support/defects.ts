import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { addMonths } from '../../src/reports/quality-indicators.js';
import type { TestApp } from './app.js';
import { expectOk, expectRefused } from './expect.js';
import { bearer, rowCounts } from './factories.js';

/** The tables a step of the defect register or the quality review writes: a refusal changes none of them. */
export const DEFECT_TABLES = [
  'defects',
  'defect_investigations',
  'defect_actions',
  'defect_verifications',
  'defect_closures',
  'corrective_actions',
  'corrective_action_closures',
  'quality_reviews',
  'quality_review_decisions',
  'quality_review_amendments',
];

/** A defect as a nurse reports it (a wet pack found at unloading). */
export function defect(over: Record<string, unknown> = {}) {
  return {
    zone: 'sterilization',
    kind: 'wet_pack',
    description: '卸载时发现 2 个湿包',
    involved: '灭菌岗 王护士',
    immediateRemedy: '湿包退回重新包装灭菌',
    ...over,
  };
}

/** The hospital day `days` from the service's today. */
/**
 * A month for a quality review that no review of the shared database holds (one review a month):
 * `back` months before the clock's month, or further back until `span` months in a row are free
 * (a file that also tries the month after). A random month collided once clocks had jumped years.
 */
export async function freeReviewMonth(t: TestApp, back: number, span = 1): Promise<string> {
  const taken = new Set(((await t.ds.query('SELECT month FROM quality_reviews')) as { month: string }[]).map((r) => r.month));
  let month = addMonths(localDate(t.clock.instant(), t.config.timezone).slice(0, 7), -back);
  const free = (m: string) => Array.from({ length: span }, (_, i) => addMonths(m, i)).every((x) => !taken.has(x));
  while (!free(month)) month = addMonths(month, -1);
  return month;
}

export const dayFrom = (t: TestApp, days: number) => addLocalDays(localDate(t.clock.instant(), t.config.timezone), days);

/** The head nurse's investigation with the first action, owned by `ownerUserId`, due in a week. */
export function investigation(t: TestApp, ownerUserId: string, over: Record<string, unknown> = {}) {
  return {
    cause: '装载过密，冷凝水未排尽',
    responsibility: '灭菌岗当班护士',
    corrective: '重新培训装载规范',
    preventive: '装载量不超过柜室 80%，装载后双人检查',
    ownerUserId,
    dueDate: dayFrom(t, 7),
    ...over,
  };
}

/** A further action (no cause, no responsibility), owned by `ownerUserId`, due in three days. */
export function furtherAction(t: TestApp, ownerUserId: string, over: Record<string, unknown> = {}) {
  return { corrective: '打印前核对', preventive: '系统校验日期', ownerUserId, dueDate: dayFrom(t, 3), ...over };
}

export const post = (t: TestApp, token: string, path: string, body: object, lang = 'zh-CN') =>
  t.http().post(path).set(bearer(token)).set('Accept-Language', lang).send(body);

export const get = (t: TestApp, token: string, path: string) => t.http().get(path).set(bearer(token));

/** Reports a defect; its detail view. */
export async function reportDefect(t: TestApp, token: string, over: Record<string, unknown> = {}) {
  return expectOk(await post(t, token, '/api/defects', defect(over))) as DefectDetail;
}

/** Refused with `status` and `code`, and not one row written to the register's tables; returns the body. */
export async function refusedUnchanged(t: TestApp, send: () => Promise<Response>, status: number, code: string) {
  const before = await rowCounts(t, DEFECT_TABLES);
  const body = expectRefused(await send(), status, code);
  expect(await rowCounts(t, DEFECT_TABLES)).toEqual(before);
  return body;
}

export interface DefectDetail {
  id: string;
  entryId: string;
  status: string;
  kind: string;
  zone: string;
  occurredAt: string;
  overdue: boolean;
  openActionCount: number;
  entries: number;
  reportedBy: string;
  history: { id: string; correctsId: string | null; reason: string | null; kind: string; reportedBy: string }[];
  investigation: { cause: string } | null;
  actions: {
    id: string;
    seq: number;
    correctiveActionId: string;
    ownerUserId: string;
    dueDate: string;
    overdue: boolean;
    done: { actionTaken: string; doneAt: string; closedBy: string } | null;
  }[];
  verifications: { coversSeq: number; effective: boolean; verifiedBy: string }[];
  closure: { conclusion: string; closedBy: string } | null;
}
