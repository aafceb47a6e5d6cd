import { DomainError } from '../common/errors/domain-error.js';
import { HOSPITAL_TIME_FORMS, hospitalInstant } from '../common/hospital-time.js';
import { CLOCK_SKEW_MS } from '../common/stated-time.js';
import type { ProgramLimits } from '../kernel/run-snapshot.js';

/** What the sterilizer's printout reports about the cycle (the API requires start and end; this rule still refuses one without the other). */
export interface ReportedCycle {
  holdMinutes: number;
  cycleStartedAt?: string;
  cycleEndedAt?: string;
}

const MINUTE = 60_000;
const fmt = (ms: number) => `${Math.round((ms / MINUTE) * 10) / 10}`;
/** An instant as the hospital's wall clock reads it (YYYY-MM-DD HH:mm:ss): what the nurse typed and sees. */
const wall = (d: Date, timezone: string) => d.toLocaleString('sv-SE', { timeZone: timezone });

/**
 * Issue 18: the physical record must fit inside the times the service itself recorded — the
 * load started at `startedAt` (service clock) and is unloaded `now`. The reported cycle (its
 * start, hold and end) lies within that span, and neither it nor the span is shorter than the
 * hold it reports or the program's minimum cycle time: a load unloaded 8 s after its start
 * with a 4.5-minute hold is not a record of a cycle. The sterilizer's own clock may be off the
 * service's by the usual skew (CLOCK_SKEW_MS), and a printout read to the minute is typed without
 * seconds: its start may lie that much before the recorded start, its end that much after now.
 * Refused (422), nothing written. Returns the printout's cycle as instants (null when it gives none).
 */
export function assertCycleFits(
  program: ProgramLimits,
  startedAt: Date,
  now: Date,
  run: ReportedCycle,
  timezone: string,
): { start: Date; end: Date } | null {
  const refuse = (reasonZh: string, reasonEn: string) =>
    new DomainError('CYCLE_TIMES_IMPOSSIBLE', { reasonZh, reasonEn }, { startedAt: startedAt.toISOString(), now: now.toISOString() });
  const minCycle = program.minCycleMin ?? 0;
  const elapsed = now.getTime() - startedAt.getTime();
  if (elapsed < run.holdMinutes * MINUTE) {
    throw refuse(
      `该锅启动仅 ${fmt(elapsed)} 分钟，物理记录却有 ${run.holdMinutes} 分钟的维持时间`,
      `the load started ${fmt(elapsed)} min ago but the record reports a ${run.holdMinutes}-min hold`,
    );
  }
  if (elapsed < minCycle * MINUTE) {
    throw refuse(
      `该锅启动仅 ${fmt(elapsed)} 分钟，短于程序最短周期 ${minCycle} 分钟`,
      `the load started ${fmt(elapsed)} min ago, less than the program’s ${minCycle}-min minimum cycle`,
    );
  }
  if ((run.cycleStartedAt === undefined) !== (run.cycleEndedAt === undefined)) {
    throw refuse('打印记录的开始和结束时间须同时填写', 'the printout’s cycle start and end come together');
  }
  if (run.cycleStartedAt === undefined) return null;
  // Times read as the hospital reads them (§4.1): a printout's time without a zone is its wall clock.
  const start = hospitalInstant(run.cycleStartedAt, timezone);
  const end = hospitalInstant(run.cycleEndedAt!, timezone);
  // The edge validated the forms (IsHospitalTime): another one here is a caller's bug.
  if (!start || !end) throw new RangeError(`the printout's cycle times are not hospital times (${HOSPITAL_TIME_FORMS})`);
  if (start.getTime() < startedAt.getTime() - CLOCK_SKEW_MS || end.getTime() > now.getTime() + CLOCK_SKEW_MS || end <= start) {
    const [s, e, st] = [start, end, startedAt].map((d) => wall(d, timezone));
    throw refuse(
      `打印记录的周期（${s} 至 ${e}）须在本锅启动（${st}）与现在之间`,
      `the printout’s cycle (${s} to ${e}) must lie between the load’s start (${st}) and now`,
    );
  }
  const length = end.getTime() - start.getTime();
  if (length < run.holdMinutes * MINUTE || length < minCycle * MINUTE) {
    throw refuse(
      `打印记录的周期仅 ${fmt(length)} 分钟，短于维持时间 ${run.holdMinutes} 分钟或程序最短周期 ${minCycle} 分钟`,
      `the printout’s cycle lasts ${fmt(length)} min, less than its ${run.holdMinutes}-min hold or the program’s ${minCycle}-min minimum cycle`,
    );
  }
  return { start, end };
}
