import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { recallReason } from '../recall/recall-reason.js';
import type { RecallScope } from '../recall/recall-scope.js';
import { TraceService } from '../trace/trace.service.js';
import { loadRecordDocument, sterilizerRecordDocument } from './load-record.js';
import { packRecordDocument } from './pack-record.js';
import { reportPeriod, type PeriodQuery } from './period.js';
import { recallReport, type AnchorRow, type RecallReport } from './recall-report.js';
import { ReportsRepository } from './reports.repository.js';
import type { ReportDocument } from './report-table.js';

/**
 * The most packs one recall report lists (each with its disposition, its timeline step, its patient).
 * Measured by bench/records.mjs on the hospital data set against the service as `npm start` runs it
 * (256 MB heap): a recall of 18,675 packs answered its report as JSON in 1.5 s, XLSX in 1.9 s and
 * PDF (about 600 pages) in 19 s, the service's peak RSS 394 MB; a sterilizer's whole history (73 k
 * packs) ran it out of memory. The cap leaves room for the other requests; a larger recall is read
 * page by page on the recall's page.
 */
export const RECALL_REPORT_MAX_PACKS = 15_000;

/** One sterilizer's record covers up to a year of days: what an inspector asks to see of one machine. */
export const STERILIZER_RECORD_MAX_DAYS = 366;

/**
 * The recall report and the printable records (issue 15): a recall for the infection-control
 * office (a department: its own slice), one pack, one load, one sterilizer over a period. Each
 * is read in one read-only snapshot, so its parts agree with one another.
 */
@Injectable()
export class RecordsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ReportsRepository) private readonly repo: ReportsRepository,
    @Inject(TraceService) private readonly trace: TraceService,
  ) {}

  /** RECALL_REPORT_MAX_PACKS (a test lowers it to see the refusal). */
  maxReportPacks = RECALL_REPORT_MAX_PACKS;

  private snapshot<T>(read: (m: DataSource['manager']) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      return read(m);
    });
  }

  /**
   * 召回报告. A department user gets the slice of a recall that found packs at its department
   * (its packs, patients and notices); any other recall is unknown to it (404), as on its pages.
   */
  recallReport(actor: Actor, id: string): Promise<RecallReport> {
    const tz = this.config.timezone;
    return this.snapshot(async (m) => {
      const header = await this.repo.recallHeader(m, id, tz);
      if (!header) throw new DomainError('RECALL_NOT_FOUND');
      let department: { code: string; nameZh: string; nameEn: string } | null = null;
      const departmentId = actor.role === 'department' ? actor.departmentId : null;
      if (actor.role === 'department') {
        const own = departmentId ? await this.repo.recallOfDepartment(m, id, departmentId) : undefined;
        if (!own) throw new DomainError('RECALL_NOT_FOUND');
        department = { code: own.code, nameZh: own.name_zh, nameEn: own.name_en };
      }
      const packs = await this.repo.recallItemCount(m, id, departmentId);
      if (packs > this.maxReportPacks) throw new DomainError('RECALL_REPORT_TOO_LARGE', { packs, max: this.maxReportPacks });
      const [items, loads, notices] = [
        await this.repo.recallItems(m, id, departmentId),
        await this.repo.recallLoads(m, id),
        await this.repo.recallNotices(m, id, departmentId),
      ];
      const scope = header.scope as { scopes?: RecallScope[]; biTestId?: string; failedCycleNo?: number };
      const scopes = scope.scopes ?? [];
      const sterilizerIds = [
        ...new Set([...scopes.flatMap((s) => ('sterilizerId' in s ? [s.sterilizerId] : [])), ...loads.map((l) => l.sterilizer_id)]),
      ];
      const sterilizers = new Map((await this.repo.sterilizers(m, sterilizerIds)).map((s) => [s.id, s]));
      // "Since the last passing BI": the anchor before the first load the recall took on that sterilizer.
      const anchors = new Map<string, AnchorRow | null>();
      for (const s of scopes) {
        if (s.kind !== 'since_last_passing_bi') continue;
        const first = loads.find((l) => l.sterilizer_id === s.sterilizerId);
        anchors.set(s.sterilizerId, (await this.repo.recallAnchor(m, s.sterilizerId, first?.cycle_no ?? s.failedCycleNo ?? null)) ?? null);
      }
      const triggerBi = header.trigger === 'bi_failed' && scope.biTestId ? await this.repo.recallTriggerBi(m, scope.biTestId) : undefined;
      return recallReport({
        header,
        department,
        reason: recallReason(header),
        items,
        loads,
        sterilizers,
        notices,
        triggerBi: triggerBi ?? null,
        anchors,
        hospital: this.config.hospitalName,
        timezone: tz,
      });
    });
  }

  /** 包追溯记录: the pack's provenance as the caller may see it (a department: only its own packs, else unknown). */
  async packRecord(actor: Actor, barcode: string): Promise<{ doc: ReportDocument; name: string }> {
    const p = await this.trace.pack(actor, barcode);
    return { doc: packRecordDocument(p, this.meta()), name: `pack-record-${p.pack.barcode}` };
  }

  /** 灭菌锅次记录. */
  loadRecord(id: string): Promise<{ doc: ReportDocument; name: string }> {
    return this.snapshot(async (m) => {
      const row = await this.repo.loadRecord(m, id);
      if (!row) throw new DomainError('LOAD_NOT_FOUND');
      const packs = await this.repo.loadPacks(m, id);
      const bis = await this.repo.loadBis(m, id);
      return { doc: loadRecordDocument(row, packs, bis, this.meta()), name: `load-record-${row.sterilizer_code}-${row.cycle_no}` };
    });
  }

  /** 灭菌器记录: one sterilizer over a day, week, month or range (up to a year). */
  sterilizerRecord(id: string, q: PeriodQuery): Promise<{ doc: ReportDocument; name: string }> {
    const tz = this.config.timezone;
    const p = reportPeriod(q, localDate(this.clock.instant(), tz), tz, STERILIZER_RECORD_MAX_DAYS);
    return this.snapshot(async (m) => {
      const [sterilizer] = await this.repo.sterilizers(m, [id]);
      if (!sterilizer) throw new DomainError('STERILIZER_NOT_FOUND');
      const rows = await this.repo.sterilizationRegister(m, p.from, p.to, id);
      const bdTests = await this.repo.sterilizerBdTests(m, id, p.from, p.to);
      const bis = await this.repo.sterilizerBis(m, id, p.from, p.to);
      const days = p.fromDate === p.toDate ? p.fromDate : `${p.fromDate}_${p.toDate}`;
      return {
        doc: sterilizerRecordDocument(sterilizer, p, rows, bdTests, bis, this.meta()),
        name: `sterilizer-record-${sterilizer.code}-${days}`,
      };
    });
  }

  private meta() {
    return { hospital: this.config.hospitalName, timezone: this.config.timezone };
  }

  /** When a record is printed (its footer), by the service's clock. */
  printedAt(): Date {
    return this.clock.instant();
  }
}
