import type { ErrorSpec } from '../common/errors/error-codes.js';

/** The equipment register and its maintenance gate (seed 6, 5.4, 6.2, 6.5). */
export const EQUIPMENT_ERRORS = {
  EQUIPMENT_NOT_FOUND: { status: 404, zh: '设备不存在', en: 'Unknown machine' },
  EQUIPMENT_FAULT_NOT_FOUND: { status: 404, zh: '该设备没有这条故障记录', en: 'This machine has no such fault on record' },
  EQUIPMENT_MACHINE_REQUIRED: {
    status: 422,
    zh: '灭菌器、清洗机须关联目录中的设备；其他设备不关联',
    en: 'A sterilizer or washer names its machine in the catalog; other kinds name none',
  },
  EQUIPMENT_ALREADY_REGISTERED: { status: 409, zh: '该设备已登记', en: 'This machine is already in the register' },
  EQUIPMENT_RESPONSIBLE_INVALID: {
    status: 422,
    zh: '负责人须为在岗的中心工作人员',
    en: 'The person responsible must be an active member of the CSSD staff',
  },
  EQUIPMENT_FAULT_NOT_OUT_OF_USE: {
    status: 409,
    zh: '该故障未使设备停用，或设备已恢复使用',
    en: 'This fault did not take the machine out of use, or it was already returned to service',
  },
  EQUIPMENT_OUT_OF_USE: {
    status: 422,
    zh: '设备 {machine} 自 {since} 因故障停用，登记恢复使用前不得使用',
    en: 'Machine {machine} is out of use for a fault since {since}, until its return to service is recorded',
  },
  EQUIPMENT_SERVICE_OVERDUE: {
    status: 422,
    zh: '设备 {machine} 的定期保养已于 {due} 到期未做，登记保养后方可使用',
    en: 'Machine {machine} is overdue for its service (due {due}): record the service before using it',
  },
  WASHER_OPERATOR_NOT_CERTIFIED: {
    status: 422,
    zh: '操作人员没有有效的清洗消毒员上岗证',
    en: 'The operator has no valid washer-disinfector operator certificate',
  },
} as const satisfies Record<string, ErrorSpec>;
