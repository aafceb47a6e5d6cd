import type { EntityManager } from 'typeorm';
import { localDate } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { KERNEL_SQL } from './kernel.repository.js';

/**
 * Whether a machine may run (seed 6, 5.4): the equipment register (src/equipment/) records faults,
 * services and returns to service; the stages that run machines (a sterilizer's load, a washer's
 * cycle) read the machine's state here, so no stage imports another. A machine that is not in the
 * register has no plan and no faults on record: nothing here refuses it.
 */
export type MachineStatus = 'in_service' | 'service_due' | 'service_overdue' | 'out_of_use';

/** The service shows as due this many days before its date. */
export const SERVICE_DUE_NOTICE_DAYS = 30;

/** The hospital date `months` after `date` (YYYY-MM-DD); a day past the month's end is its last day (08-31 + 6 → 02-28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** The plan: the next service is due `intervalMonths` after the last one; it is overdue from the day after. */
export function machineStatus(s: { outOfUse: boolean; nextServiceDue: string }, today: string): MachineStatus {
  if (s.outOfUse) return 'out_of_use';
  if (today > s.nextServiceDue) return 'service_overdue';
  const [y, m, d] = s.nextServiceDue.split('-').map(Number);
  const notice = new Date(Date.UTC(y, m - 1, d - SERVICE_DUE_NOTICE_DAYS)).toISOString().slice(0, 10);
  return today >= notice ? 'service_due' : 'in_service';
}

export interface MachineStateRow {
  id: string;
  code: string;
  intervalMonths: number;
  lastServiceOn: string;
  lastServiceAt: Date | null;
  /** When the oldest fault that still keeps it out of use was reported (null: in use). */
  openFault: Date | null;
}

export interface MachineState {
  lastServiceOn: string;
  nextServiceDue: string;
  outOfUse: boolean;
  status: MachineStatus;
}

export function machineState(row: MachineStateRow, today: string, timezone: string): MachineState {
  const serviced = row.lastServiceAt ? localDate(new Date(row.lastServiceAt), timezone) : null;
  const lastServiceOn = serviced && serviced > row.lastServiceOn ? serviced : row.lastServiceOn;
  const nextServiceDue = addMonths(lastServiceOn, row.intervalMonths);
  const outOfUse = row.openFault !== null;
  return { lastServiceOn, nextServiceDue, outOfUse, status: machineStatus({ outOfUse, nextServiceDue }, today) };
}

/**
 * A machine out of use (an open fault took it out of use) or overdue for its service runs
 * nothing until a return to service or a passing service is recorded.
 */
export async function assertMachineInUse(
  m: EntityManager,
  machine: { sterilizerId: string } | { washerId: string },
  now: Date,
  timezone: string,
): Promise<void> {
  const [row]: MachineStateRow[] =
    'sterilizerId' in machine
      ? await m.query(KERNEL_SQL.machineOfSterilizer, [machine.sterilizerId])
      : await m.query(KERNEL_SQL.machineOfWasher, [machine.washerId]);
  if (!row) return;
  const state = machineState(row, localDate(now, timezone), timezone);
  if (row.openFault)
    throw new DomainError('EQUIPMENT_OUT_OF_USE', { machine: row.code, since: localDate(new Date(row.openFault), timezone) });
  if (state.status === 'service_overdue')
    throw new DomainError('EQUIPMENT_SERVICE_OVERDUE', { machine: row.code, due: state.nextServiceDue });
}

/** The certificate a washer-disinfector's operator holds (seed 6.2 持证上岗, as for sterilizers). */
export const WASHER_OPERATOR = 'washer_operator';

/**
 * What a washer cycle needs before it opens: the washer in use and serviced (seed 6, 5.4), and the
 * person opening it holding a valid washer operator certificate (seed 6.2).
 */
export async function assertWasherMayRun(m: EntityManager, washerId: string, operatorId: string, now: Date, timezone: string) {
  await assertMachineInUse(m, { washerId }, now, timezone);
  const [cert] = await m.query(KERNEL_SQL.validCertificate, [operatorId, WASHER_OPERATOR, localDate(now, timezone)]);
  if (!cert) throw new DomainError('WASHER_OPERATOR_NOT_CERTIFIED');
}
