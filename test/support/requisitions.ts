import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import type { TestApp } from './app.js';
import type { ChainDriver } from './chain.js';
import { expectOk, expectRefused } from './expect.js';
import { bearer, createSet, createTemplate, everyTable, rowCounts } from './factories.js';

/** Every table base quantities, requisitions and manifests write (named so: base_quantities, requisition*, round*), and the packs' history. */
async function requisitionTables(t: TestApp): Promise<string[]> {
  const tables = (await everyTable(t)).filter((n) => n === 'base_quantities' || /^(requisition|round)/.test(n));
  expect(tables).toHaveLength(10);
  return [...tables, 'pack_events'];
}

/** Refused with `status` and `code`, and not one row written to those tables; returns the body. */
export async function refusedUnchanged(t: TestApp, send: () => Promise<Response>, status: number, code: string) {
  const tables = await requisitionTables(t);
  const before = await rowCounts(t, tables);
  const body = expectRefused(await send(), status, code);
  expect(await rowCounts(t, tables)).toEqual(before);
  return body;
}

export const get = (t: TestApp, path: string, token: string) => t.http().get(path).set(bearer(token));
export const post = (t: TestApp, path: string, body: object, token: string, lang = 'zh-CN') =>
  t.http().post(path).set(bearer(token)).set('Accept-Language', lang).set('X-Station', 'TEST-RQ').send(body);

/** A fresh template (names given) with `sets` instrument sets of it homed in the driver's department: its id and the sets' asset codes. */
export async function templateWithSets(c: ChainDriver, sets: number, names = { nameZh: '换药包', nameEn: 'Dressing set' }) {
  const template = await createTemplate(c.t, names);
  const codes: string[] = [];
  for (let i = 0; i < sets; i++)
    codes.push((await createSet(c.t, { templateId: template.id, homeDepartmentId: c.department.id })).assetCode);
  return { id: template.id, code: template.code, sets: codes };
}

/** Packs of these sets in sterile storage (one load): their barcodes, in order. */
export function inStorage(c: ChainDriver, sets: string[]): Promise<string[]> {
  return c.storedMany(sets);
}

/** The department asks for packs: the requisition as the service answers it. */
export async function requisition(
  c: ChainDriver,
  lines: { templateId: string; quantity: number }[],
  over: object = {},
  token = c.departmentUser.token,
) {
  return expectOk(await post(c.t, '/api/department/requisitions', { lines, urgency: 'routine', ...over }, token)) as Requisition;
}

/** A dispatch scan at the station, working through `requisitionId` when given: the answer. */
export async function dispatchAgainst(c: ChainDriver, barcode: string, requisitionId?: string, departmentId = c.department.id) {
  return expectOk(
    await post(c.t, '/api/dispatch/scan', { code: barcode, departmentId, ...(requisitionId ? { requisitionId } : {}) }, c.nurse.token),
  ) as DispatchAnswer;
}

export interface RequisitionLine {
  templateId: string;
  templateCode: string;
  quantity: number;
  fulfilled: number;
}
export interface Requisition {
  id: string;
  code: string;
  status: string;
  urgency: string;
  note: string | null;
  requestedByName: string;
  closure: string | null;
  closureReason: string | null;
  closedByName: string | null;
  lines: RequisitionLine[];
  packs: { barcode: string }[];
}
export interface DispatchAnswer {
  pack: { barcode: string; state: string; departmentId: string };
  warnings: { code: string; zh: string; en: string }[];
  round: { id: string; code: string };
  requisition: { id: string; code: string; status: string; counted: boolean; lines: RequisitionLine[] } | null;
}
export interface Manifest {
  id: string;
  code: string;
  kind: string;
  status: string;
  items: number;
  closedAt: string | null;
  signedAt: string | null;
  signedByName: string | null;
  signatureNote: string | null;
  lines: { templateId: string; expected: number; counted: number | null; difference: number | null; note: string | null }[];
  packs: {
    barcode: string | null;
    setAssetCode: string | null;
    state: string;
    requisitionCode: string | null;
    handedOverBy: string | null;
    actorName: string;
  }[];
}
