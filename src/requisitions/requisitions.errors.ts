import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Base quantities, requisitions and handover manifests (issue 16; seed 4.3, 13.7, 15.1, 15.4, 11.3). */
export const REQUISITION_ERRORS = {
  REQUISITION_NOT_FOUND: { status: 404, zh: '申领单不存在', en: 'Unknown requisition' },
  REQUISITION_CLOSED: {
    status: 409,
    zh: '申领单 {no} {status}，不能再处理',
    en: 'Requisition {no} is {status}: nothing more can be done with it',
  },
  REQUISITION_WRONG_DEPARTMENT: {
    status: 422,
    zh: '申领单 {no} 是{department}的，不是本次发放的科室',
    en: 'Requisition {no} is {department}’s, not the department this dispatch goes to',
  },
  REQUISITION_DUPLICATE_TEMPLATE: {
    status: 422,
    zh: '同一器械包在申领单中出现了两次：{template}',
    en: 'A set appears twice on the requisition: {template}',
  },
  ROUND_NOT_FOUND: { status: 404, zh: '交接单不存在', en: 'Unknown handover manifest' },
  ROUND_OPEN: {
    status: 409,
    zh: '交接单 {no} 尚未结束（消毒供应中心仍在扫描），结束后才能签收',
    en: 'Manifest {no} is still open (the CSSD is still scanning): it is signed once it is closed',
  },
  ROUND_CLOSED: { status: 409, zh: '交接单 {no} 已结束', en: 'Manifest {no} is already closed' },
  ROUND_SIGNED: { status: 409, zh: '交接单 {no} 已由科室签收', en: 'Manifest {no} has already been signed by the department' },
  ROUND_COUNT_MISSING: {
    status: 422,
    zh: '请清点交接单上的每一种包：{templates} 未填写',
    en: 'Count every set on the manifest: {templates} not counted',
  },
  ROUND_COUNT_DUPLICATE: { status: 422, zh: '{template} 清点了两次', en: '{template} is counted twice' },
  ROUND_COUNT_NOTE_REQUIRED: {
    status: 422,
    zh: '{template}：清点 {counted} 个，交接单为 {expected} 个，请注明差异原因',
    en: '{template}: counted {counted}, the manifest says {expected}: note what happened',
  },
} as const satisfies Record<string, ErrorSpec>;
