import type { ReportCell, ReportDocument } from '../reports/report-table.js';
import type { SurveyResults } from './survey-results.js';

const text = (w: number) => ({ kind: 'text' as const, width: w });
const both = (zh: string, en: string) => `${zh} / ${en}`;

/** A survey's results as they print. */
export interface PrintedSurvey extends SurveyResults {
  titleZh: string;
  titleEn: string;
  periodFrom: string;
  periodTo: string;
  closed: boolean;
  departments: (SurveyResults['departments'][number] & { answeredAt: string | null; answeredByName: string | null })[];
}

/**
 * 科室满意度调查结果 — a survey's results for the binder (issue 17, seed 5.2): the response rate and
 * the overall mean, each question's mean and scores, each department's answers, the free text.
 */
export function surveyDocument(r: PrintedSurvey, meta: Pick<ReportDocument, 'hospital' | 'timezone'>): ReportDocument {
  const rating = r.questions.filter((q) => q.kind === 'rating');
  const rate = r.responseRate === null ? '—' : `${Math.round(r.responseRate * 1000) / 10}%`;
  return {
    titleZh: `科室满意度调查结果：${r.titleZh}`,
    titleEn: `Department satisfaction survey results: ${r.titleEn}`,
    landscape: rating.length > 6,
    period: r.periodFrom === r.periodTo ? r.periodFrom : `${r.periodFrom} — ${r.periodTo}`,
    ...meta,
    sheets: [
      {
        nameZh: '概况',
        nameEn: 'Summary',
        columns: [
          { zh: '项目', en: 'Item', ...text(20) },
          { zh: '内容', en: 'Value', ...text(40) },
        ],
        rows: [
          ['调查 Survey', both(r.titleZh, r.titleEn)],
          ['状态 Status', r.closed ? '已关闭 closed' : '进行中 open'],
          ['调查科室 Departments asked', String(r.asked)],
          ['已答卷 Answered', String(r.answered)],
          ['回收率 Response rate', rate],
          ['总平均分 Overall mean', r.average === null ? '—' : String(r.average)],
        ],
      },
      {
        nameZh: '各题得分',
        nameEn: 'Questions',
        columns: [
          { zh: '题号', en: 'No.', kind: 'int', width: 4 },
          { zh: '问题', en: 'Question', ...text(34) },
          { zh: '作答数', en: 'Answers', kind: 'int', width: 7 },
          { zh: '平均分', en: 'Mean', kind: 'decimal', width: 7 },
          { zh: '1 分', en: '1', kind: 'int', width: 4 },
          { zh: '2 分', en: '2', kind: 'int', width: 4 },
          { zh: '3 分', en: '3', kind: 'int', width: 4 },
          { zh: '4 分', en: '4', kind: 'int', width: 4 },
          { zh: '5 分', en: '5', kind: 'int', width: 4 },
        ],
        rows: r.questions.map((q): ReportCell[] => [
          q.seq,
          both(q.textZh, q.textEn),
          q.count,
          q.average,
          ...(q.kind === 'rating' ? q.scores : [null, null, null, null, null]),
        ]),
      },
      {
        nameZh: '各科室',
        nameEn: 'Departments',
        columns: [
          { zh: '科室', en: 'Department', ...text(16) },
          { zh: '答卷时间', en: 'Answered', kind: 'datetime', width: 12 },
          { zh: '答卷人', en: 'By', ...text(8) },
          { zh: '平均分', en: 'Mean', kind: 'decimal', width: 6 },
          ...rating.map((q) => ({ zh: `第 ${q.seq} 题`, en: `Q${q.seq}`, kind: 'int' as const, width: 4 })),
        ],
        rows: r.departments.map((d): ReportCell[] => [
          `${d.code} ${both(d.nameZh, d.nameEn)}`,
          d.answeredAt ? new Date(d.answeredAt) : null,
          d.answeredByName ?? '未答卷 not answered',
          d.average,
          ...rating.map((q) => d.answers.find((a) => a.questionId === q.id)?.rating ?? null),
        ]),
      },
      {
        nameZh: '意见建议',
        nameEn: 'Comments',
        columns: [
          { zh: '题号', en: 'No.', kind: 'int', width: 4 },
          { zh: '科室', en: 'Department', ...text(14) },
          { zh: '内容', en: 'Text', ...text(42) },
        ],
        rows: r.texts.map((x): ReportCell[] => [x.seq, `${x.code} ${both(x.nameZh, x.nameEn)}`, x.text]),
      },
    ],
  };
}
