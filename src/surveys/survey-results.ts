import type { QuestionKind } from './survey.entity.js';

export interface ResultQuestion {
  id: string;
  seq: number;
  kind: QuestionKind;
  textZh: string;
  textEn: string;
}

export interface ResultDepartment {
  departmentId: string;
  code: string;
  nameZh: string;
  nameEn: string;
  answered: boolean;
}

export interface ResultAnswer {
  departmentId: string;
  questionId: string;
  rating: number | null;
  text: string | null;
}

/** A mean to 2 decimals; null for none. */
export function mean(xs: number[]): number | null {
  return xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
}

/**
 * A survey's results (issue 17, seed 5.2): per question the ratings given, their mean and how many
 * gave each score; per department its answers and the mean of its ratings; the free text by question
 * then department; the response rate (answered / asked) and the mean of every rating given.
 */
export function surveyResults<D extends ResultDepartment>(questions: ResultQuestion[], departments: D[], answers: ResultAnswer[]) {
  const seqOf = new Map(questions.map((q) => [q.id, q.seq]));
  const ratings = (pick: (a: ResultAnswer) => boolean) => answers.filter((a) => a.rating !== null && pick(a)).map((a) => a.rating!);
  const answered = departments.filter((d) => d.answered).length;
  const byCode = new Map(departments.map((d) => [d.departmentId, d]));
  return {
    asked: departments.length,
    answered,
    responseRate: departments.length === 0 ? null : Math.round((answered / departments.length) * 10_000) / 10_000,
    average: mean(ratings(() => true)),
    questions: questions.map((q) => {
      const given = ratings((a) => a.questionId === q.id);
      return {
        ...q,
        count: q.kind === 'rating' ? given.length : answers.filter((a) => a.questionId === q.id && a.text !== null).length,
        average: q.kind === 'rating' ? mean(given) : null,
        scores: q.kind === 'rating' ? [1, 2, 3, 4, 5].map((s) => given.filter((r) => r === s).length) : [],
      };
    }),
    departments: departments.map((d) => {
      const mine = answers.filter((a) => a.departmentId === d.departmentId);
      return {
        ...d,
        average: mean(ratings((a) => a.departmentId === d.departmentId)),
        answers: mine
          .map((a) => ({ questionId: a.questionId, seq: seqOf.get(a.questionId) ?? 0, rating: a.rating, text: a.text }))
          .sort((a, b) => a.seq - b.seq),
      };
    }),
    texts: answers
      .filter((a) => a.text !== null && byCode.has(a.departmentId))
      .map((a) => {
        const d = byCode.get(a.departmentId)!;
        return {
          questionId: a.questionId,
          seq: seqOf.get(a.questionId) ?? 0,
          departmentId: d.departmentId,
          code: d.code,
          nameZh: d.nameZh,
          nameEn: d.nameEn,
          text: a.text!,
        };
      })
      .sort((a, b) => a.seq - b.seq || a.code.localeCompare(b.code)),
  };
}

export type SurveyResults = ReturnType<typeof surveyResults>;
