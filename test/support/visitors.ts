import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import type { TestApp } from './app.js';
import { expectOk, expectRefused } from './expect.js';
import { bearer, rowCounts } from './factories.js';

/** The tables a step of the visitors register writes: a refusal changes none of them. */
export const VISIT_TABLES = [
  'visit_requests',
  'visit_decisions',
  'visit_cancellations',
  'visit_check_ins',
  'visit_check_outs',
  'visit_comments',
];

/** The service's hospital day, `days` from today. */
export const visitDay = (t: TestApp, days = 0) => addLocalDays(localDate(t.clock.instant(), t.config.timezone), days);

/** A visit request as a nurse enters it: an inspection of the decontamination and packing areas, today. */
export function visitRequest(t: TestApp, over: Record<string, unknown> = {}) {
  return {
    unit: '市卫生健康委员会',
    visitors: [
      { name: '张明', title: '院感科主任' },
      { name: '李华', title: '督导员' },
    ],
    contact: '13800138000',
    purpose: '年度院感督导检查',
    plannedDate: visitDay(t),
    windowStart: '00:00',
    windowEnd: '23:59',
    zones: ['recycling', 'packing'],
    ...over,
  };
}

export const post = (t: TestApp, token: string, path: string, body: object, lang = 'zh-CN') =>
  t.http().post(path).set(bearer(token)).set('Accept-Language', lang).send(body);

export const get = (t: TestApp, token: string, path: string) => t.http().get(path).set(bearer(token));

export interface VisitDetail {
  id: string;
  entryId: string;
  status: string;
  day: string;
  unit: string;
  zones: string[];
  visitors: { name: string; title: string }[];
  entries: number;
  decision: { approved: boolean; reason: string | null; decidedBy: string } | null;
  cancellation: { reason: string } | null;
  inAt: string | null;
  outAt: string | null;
  escortUserId: string | null;
  zonesEntered: string[] | null;
  commentCount: number;
  history: { id: string; correctsId: string | null; reason: string | null; unit: string }[];
  checkIns: { id: string; inAt: string; correctsId: string | null; reason: string | null; escortUserId: string }[];
  checkOuts: { id: string; outAt: string; zonesEntered: string[]; correctsId: string | null; reason: string | null }[];
  comments: { author: string | null; text: string }[];
}

export async function requestVisit(t: TestApp, token: string, over: Record<string, unknown> = {}): Promise<VisitDetail> {
  return expectOk(await post(t, token, '/api/visits', visitRequest(t, over))) as VisitDetail;
}

/** A visit requested by `requester`, approved by `approver`. */
export async function approvedVisit(t: TestApp, requester: string, approver: string, over: Record<string, unknown> = {}) {
  const v = await requestVisit(t, requester, over);
  return expectOk(await post(t, approver, `/api/visits/${v.id}/approve`, {})) as VisitDetail;
}

/** Refused with `status` and `code`, and not one row written to the register's tables; returns the body. */
export async function refusedUnchanged(t: TestApp, send: () => Promise<Response>, status: number, code: string) {
  const before = await rowCounts(t, VISIT_TABLES);
  const body = expectRefused(await send(), status, code);
  expect(await rowCounts(t, VISIT_TABLES)).toEqual(before);
  return body;
}
