import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AssignedActions, assignedView } from '../defects/assigned-actions.js';
import type { CloseCorrectiveActionDto } from '../quality-checks/dto/quality-checks.dto.js';
import { addMonths } from '../reports/quality-indicators.js';
import type { ReportDocument } from '../reports/report-table.js';
import type { AnswerSurveyDto, CloseSurveyDto, CreateSurveyDto, ReviseSurveyDto, SurveyActionDto } from './dto/surveys.dto.js';
import { surveyDocument } from './survey-document.js';
import { surveyResults } from './survey-results.js';
import {
  Survey,
  SurveyAction,
  SurveyAnswer,
  SurveyClosure,
  SurveyDepartment,
  SurveyQuestion,
  SurveyResponse,
  SurveyVersion,
} from './survey.entity.js';
import {
  SurveysRepository,
  type ComparisonRow,
  type DepartmentRow,
  type LockedSurvey,
  type MineRow,
  type SurveyRow,
} from './surveys.repository.js';

const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505';
const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));
/** The longest period a survey covers, in months. */
const MAX_PERIOD_MONTHS = 12;
/** The longest span of months whose surveys are compared. */
const MAX_COMPARED_MONTHS = 36;

/**
 * Department satisfaction surveys (issue 17, "Department feedback", seed 5.2). The head nurse sets a
 * survey for a period — title, questions rated 1–5 or answered in free text, the departments asked —
 * and may change it (a new version, with the reason) until the first department answers; then it is
 * fixed (a new survey instead). Each asked department answers once, on its own page; answers are
 * never changed (a department that answered wrongly tells the head nurse). The head nurse closes it,
 * reads the results (per question, per department, the free text, the response rate; XLSX and PDF)
 * and agrees improvement actions, which are corrective actions (seed 7.8) with an owner and a due
 * date: open and overdue on the desk and the board with the others.
 */
@Injectable()
export class SurveysService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SurveysRepository) private readonly repo: SurveysRepository,
    @Inject(AssignedActions) private readonly assigned: AssignedActions,
  ) {}

  private today(): string {
    return localDate(this.clock.instant(), this.config.timezone);
  }

  printedAt(): Date {
    return this.clock.instant();
  }

  async list() {
    return (await this.repo.list(this.today())).map(surveyView);
  }

  get(id: string) {
    return this.detail(this.db.manager, id);
  }

  /** A new survey, version 1, all or nothing. */
  async create(actor: Actor, dto: CreateSurveyDto) {
    checkPeriod(dto);
    const id = await this.db.transaction(async (m) => {
      await this.checkDepartments(m, dto.departmentIds);
      const survey = await m.save(m.create(Survey, { createdBy: actor.id, createdAt: this.clock.instant() }));
      await this.insertVersion(m, actor, survey.id, 1, dto, null);
      return survey.id;
    });
    return this.get(id);
  }

  /** A change before any department answered: a new version with the reason (the earlier ones stay). */
  async revise(actor: Actor, id: string, dto: ReviseSurveyDto) {
    checkPeriod(dto);
    await this.db.transaction(async (m) => {
      const s = await this.lock(m, id);
      if (s.closed) throw new DomainError('SURVEY_CLOSED');
      // Answered: the questions are what the answers mean; a new survey asks different ones.
      if (s.answered > 0) throw new DomainError('SURVEY_ANSWERED');
      await this.checkDepartments(m, dto.departmentIds);
      await this.insertVersion(m, actor, id, s.version + 1, dto, dto.reason.trim());
    });
    return this.get(id);
  }

  /** Closed: no answer after it. Once. */
  async close(actor: Actor, id: string, dto: CloseSurveyDto) {
    await this.db.transaction(async (m) => {
      const s = await this.lock(m, id);
      if (s.closed) throw new DomainError('SURVEY_CLOSED');
      await m.insert(SurveyClosure, { surveyId: id, note: dto.note?.trim() ?? null, closedBy: actor.id, closedAt: this.clock.instant() });
    });
    return this.get(id);
  }

  /** The results of the survey's period: per question, per department, the free text, the response rate. */
  async results(id: string) {
    const m = this.db.manager;
    const row = await this.repo.one(m, this.today(), id);
    if (!row) throw new DomainError('SURVEY_NOT_FOUND');
    const [questions, departments, answers] = await Promise.all([
      this.repo.questions(m, row.versionId),
      this.repo.departments(m, id, row.versionId),
      this.repo.answers(m, id),
    ]);
    const r = surveyResults(questions, departments.map(departmentView), answers);
    return {
      id,
      titleZh: row.titleZh,
      titleEn: row.titleEn,
      periodFrom: row.periodFrom,
      periodTo: row.periodTo,
      closed: row.closedAt !== null,
      ...r,
    };
  }

  /**
   * Results per department and period: the surveys whose period meets months `from`..`to`, oldest
   * period first, and for each department asked by any of them its answer and mean rating in each
   * (`asked` false where that survey did not ask it) — a department's satisfaction compared across periods.
   */
  async comparison(from: string, to: string) {
    if (from > to || addMonths(from, MAX_COMPARED_MONTHS - 1) < to) throw new DomainError('SURVEY_COMPARISON_INVALID', { from, to });
    return { from, to, ...comparisonView(await this.repo.comparison(from, to)) };
  }

  resultsDocument(r: Awaited<ReturnType<SurveysService['results']>>): ReportDocument {
    return surveyDocument(r, { hospital: this.config.hospitalName, timezone: this.config.timezone });
  }

  /** An improvement action agreed from the survey: a corrective action with its owner and due date. */
  async addAction(actor: Actor, id: string, dto: SurveyActionDto) {
    await this.db.transaction(async (m) => {
      const s = await this.lock(m, id);
      if (dto.departmentId && !(await this.repo.asks(m, s.versionId, dto.departmentId))) {
        throw new DomainError('SURVEY_DEPARTMENT_NOT_ASKED');
      }
      await this.assigned.check(m, dto);
      const row = (await this.repo.one(m, this.today(), id))!;
      const seq = s.lastActionSeq + 1;
      const correctiveActionId = await this.assigned.open(m, actor, {
        whatZh: `满意度调查（${row.titleZh}）改进措施第 ${seq} 项`,
        whatEn: `Satisfaction survey (${row.titleEn}) improvement action ${seq}`,
        ownerUserId: dto.ownerUserId,
        dueDate: dto.dueDate,
      });
      await m.insert(SurveyAction, {
        surveyId: id,
        seq,
        what: dto.what.trim(),
        departmentId: dto.departmentId ?? null,
        correctiveActionId,
        recordedBy: actor.id,
        recordedAt: this.clock.instant(),
      });
    });
    return this.get(id);
  }

  /** An action done, with what was done: its owner, the head nurse or a monitor; once. */
  async actionDone(actor: Actor, id: string, actionId: string, dto: CloseCorrectiveActionDto) {
    if (!(await this.repo.one(this.db, this.today(), id))) throw new DomainError('SURVEY_NOT_FOUND');
    const action = await this.repo.action(this.db, id, actionId);
    if (!action) throw new DomainError('SURVEY_ACTION_NOT_FOUND');
    await this.assigned.done(actor, action, dto);
    return this.get(id);
  }

  // ---- the department's side: its own surveys only ----

  async mine(actor: Actor) {
    if (!actor.departmentId) return [];
    const today = this.today();
    return (await this.repo.mine(actor.departmentId)).map((r) => mineView(r, today));
  }

  /** A survey that asks the caller's department; any other is unknown to it (nothing is told about it). */
  async mineOne(actor: Actor, id: string) {
    const row = actor.departmentId ? await this.repo.mineOne(this.db, actor.departmentId, id) : undefined;
    if (!row) throw new DomainError('SURVEY_NOT_FOUND');
    const [questions, answers] = await Promise.all([
      this.repo.questions(this.db, row.versionId),
      this.repo.myAnswers(this.db, id, actor.departmentId!),
    ]);
    return { ...mineView(row, this.today()), questions, answers };
  }

  /** The department's answer: once, while open; every rating question rated 1–5; never changed. */
  async answer(actor: Actor, id: string, dto: AnswerSurveyDto) {
    const departmentId = actor.departmentId;
    if (!departmentId) throw new DomainError('SURVEY_NOT_FOUND');
    await this.db.transaction(async (m) => {
      // Locked: a change of its questions or its closing waits for the answer, or the answer for them.
      const s = await this.repo.lock(m, id);
      if (!s || !(await this.repo.asks(m, s.versionId, departmentId))) throw new DomainError('SURVEY_NOT_FOUND');
      if ((await this.repo.mineOne(m, departmentId, id))?.responseId) throw new DomainError('SURVEY_ALREADY_ANSWERED');
      if (s.closed) throw new DomainError('SURVEY_CLOSED');
      // Seed 5.2: a survey of a period is answered while that period runs (its months, the hospital's calendar).
      const refusal = periodRefusal(s, this.today());
      if (refusal) throw new DomainError(refusal, { from: s.periodFrom, to: s.periodTo });
      const questions = await this.repo.questions(m, s.versionId);
      checkAnswers(questions, dto);
      let responseId: string;
      try {
        const saved = await m.save(
          m.create(SurveyResponse, {
            surveyId: id,
            versionId: s.versionId,
            departmentId,
            answeredBy: actor.id,
            answeredAt: this.clock.instant(),
          }),
        );
        responseId = saved.id;
      } catch (e) {
        if (isUniqueViolation(e)) throw new DomainError('SURVEY_ALREADY_ANSWERED');
        throw e;
      }
      const given = dto.answers.filter((a) => a.rating !== undefined || a.text !== undefined);
      if (given.length > 0) {
        await m.insert(
          SurveyAnswer,
          given.map((a) => ({ responseId, questionId: a.questionId, rating: a.rating ?? null, text: a.text?.trim() ?? null })),
        );
      }
    });
    return this.mineOne(actor, id);
  }

  private async lock(m: EntityManager, id: string): Promise<LockedSurvey> {
    const s = await this.repo.lock(m, id);
    if (!s) throw new DomainError('SURVEY_NOT_FOUND');
    return s;
  }

  private async checkDepartments(m: EntityManager, ids: string[]) {
    const active = await this.repo.activeDepartments(m, ids);
    if (ids.some((d) => !active.has(d))) throw new DomainError('SURVEY_DEPARTMENT_UNKNOWN');
  }

  private async insertVersion(
    m: EntityManager,
    actor: Actor,
    surveyId: string,
    version: number,
    dto: CreateSurveyDto,
    reason: string | null,
  ) {
    const v = await m.save(
      m.create(SurveyVersion, {
        surveyId,
        version,
        titleZh: dto.titleZh.trim(),
        titleEn: dto.titleEn.trim(),
        periodFrom: dto.periodFrom,
        periodTo: dto.periodTo,
        reason,
        recordedBy: actor.id,
        recordedAt: this.clock.instant(),
      }),
    );
    await m.insert(
      SurveyQuestion,
      dto.questions.map((q, i) => ({ versionId: v.id, seq: i + 1, kind: q.kind, textZh: q.textZh.trim(), textEn: q.textEn.trim() })),
    );
    await m.insert(
      SurveyDepartment,
      dto.departmentIds.map((departmentId) => ({ versionId: v.id, departmentId })),
    );
  }

  private async detail(m: EntityManager, id: string) {
    const today = this.today();
    const row = await this.repo.one(m, today, id);
    if (!row) throw new DomainError('SURVEY_NOT_FOUND');
    const [questions, departments, versions, closure, actions] = await Promise.all([
      this.repo.questions(m, row.versionId),
      this.repo.departments(m, id, row.versionId),
      this.repo.versions(m, id),
      this.repo.closure(m, id),
      this.repo.actions(m, today, id),
    ]);
    return {
      ...surveyView(row),
      questions,
      departments: departments.map(departmentView),
      versions: versions.map((v) => ({ ...v, recordedAt: iso(v.recordedAt) })),
      closure: closure ? { ...closure, closedAt: iso(closure.closedAt) } : null,
      actions: actions.map((a) => ({
        id: a.id,
        seq: a.seq,
        what: a.what,
        departmentId: a.departmentId,
        departmentCode: a.departmentCode,
        departmentNameZh: a.departmentNameZh,
        departmentNameEn: a.departmentNameEn,
        recordedBy: a.recordedBy,
        recordedByName: a.recordedByName,
        recordedAt: iso(a.recordedAt),
        ...assignedView(a),
      })),
    };
  }
}

/** A period of whole months, first no later than last, 12 at most. */
function checkPeriod(dto: { periodFrom: string; periodTo: string }) {
  if (dto.periodFrom > dto.periodTo || addMonths(dto.periodFrom, MAX_PERIOD_MONTHS - 1) < dto.periodTo) {
    throw new DomainError('SURVEY_PERIOD_INVALID', { from: dto.periodFrom, to: dto.periodTo });
  }
}

/** Why a survey takes no answer on hospital day `today` for its period, or null while its period runs. */
export function periodRefusal(p: { periodFrom: string; periodTo: string }, today: string) {
  const month = today.slice(0, 7);
  if (month < p.periodFrom) return 'SURVEY_PERIOD_NOT_STARTED' as const;
  if (month > p.periodTo) return 'SURVEY_PERIOD_ENDED' as const;
  return null;
}

/** Rows (by period, then department code) grouped: the surveys compared, and each department's cell in each. */
function comparisonView(rows: ComparisonRow[]) {
  const surveys: {
    surveyId: string;
    titleZh: string;
    titleEn: string;
    periodFrom: string;
    periodTo: string;
    asked: number;
    answered: number;
  }[] = [];
  const index = new Map<string, number>();
  for (const r of rows) {
    if (!index.has(r.surveyId)) {
      index.set(r.surveyId, surveys.length);
      surveys.push({
        surveyId: r.surveyId,
        titleZh: r.titleZh,
        titleEn: r.titleEn,
        periodFrom: r.periodFrom,
        periodTo: r.periodTo,
        asked: 0,
        answered: 0,
      });
    }
    const p = surveys[index.get(r.surveyId)!];
    p.asked++;
    if (r.answered) p.answered++;
  }
  const departments = new Map<
    string,
    {
      departmentId: string;
      code: string;
      nameZh: string;
      nameEn: string;
      periods: { asked: boolean; answered: boolean; average: number | null }[];
    }
  >();
  for (const r of rows) {
    let d = departments.get(r.departmentId);
    if (!d) {
      d = {
        departmentId: r.departmentId,
        code: r.code,
        nameZh: r.nameZh,
        nameEn: r.nameEn,
        periods: surveys.map(() => ({ asked: false, answered: false, average: null })),
      };
      departments.set(r.departmentId, d);
    }
    d.periods[index.get(r.surveyId)!] = { asked: true, answered: r.answered, average: r.average === null ? null : Number(r.average) };
  }
  return { surveys, departments: [...departments.values()].sort((a, b) => a.code.localeCompare(b.code)) };
}

/** Only this survey's questions, each once; a rating for a rating question, a text for a free-text one; every rating question rated. */
function checkAnswers(questions: { id: string; seq: number; kind: string }[], dto: AnswerSurveyDto) {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const seen = new Set<string>();
  for (const a of dto.answers) {
    const q = byId.get(a.questionId);
    if (!q) throw new DomainError('SURVEY_QUESTION_UNKNOWN');
    const fits = q.kind === 'rating' ? a.rating !== undefined && a.text === undefined : a.rating === undefined;
    if (seen.has(q.id) || !fits) throw new DomainError('SURVEY_ANSWERS_INVALID', { seq: q.seq });
    seen.add(q.id);
  }
  const unrated = questions.find((q) => q.kind === 'rating' && !seen.has(q.id));
  if (unrated) throw new DomainError('SURVEY_ANSWERS_INVALID', { seq: unrated.seq });
}

function surveyView(r: SurveyRow) {
  return {
    id: r.id,
    version: r.version,
    titleZh: r.titleZh,
    titleEn: r.titleEn,
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    createdAt: iso(r.createdAt),
    asked: r.asked,
    answered: r.answered,
    responseRate: r.asked === 0 ? null : Math.round((r.answered / r.asked) * 10_000) / 10_000,
    closed: r.closedAt !== null,
    closedAt: isoOrNull(r.closedAt),
    actionCount: r.actionCount,
    openActionCount: r.openActionCount,
    overdueActionCount: r.overdueActionCount,
  };
}

function departmentView(d: DepartmentRow) {
  return {
    departmentId: d.departmentId,
    code: d.code,
    nameZh: d.nameZh,
    nameEn: d.nameEn,
    answered: d.responseId !== null,
    answeredAt: isoOrNull(d.answeredAt),
    answeredByName: d.answeredByName,
  };
}

function mineView(r: MineRow, today: string) {
  const outside = periodRefusal(r, today);
  return {
    id: r.id,
    titleZh: r.titleZh,
    titleEn: r.titleEn,
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    status: r.responseId
      ? 'answered'
      : r.closedAt
        ? 'closed'
        : outside === 'SURVEY_PERIOD_NOT_STARTED'
          ? 'upcoming'
          : outside === 'SURVEY_PERIOD_ENDED'
            ? 'ended'
            : 'open',
    answeredAt: isoOrNull(r.answeredAt),
    answeredByName: r.answeredByName,
  };
}
