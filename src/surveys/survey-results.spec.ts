import { describe, expect, it } from '@jest/globals';
import { mean, surveyResults } from './survey-results.js';

const q = (id: string, seq: number, kind: 'rating' | 'text') => ({ id, seq, kind, textZh: `题${seq}`, textEn: `Q${seq}` });
const d = (id: string, code: string, answered: boolean) => ({ departmentId: id, code, nameZh: code, nameEn: code, answered });

describe('survey results', () => {
  it('averages each rating question over the departments that answered, counts each score, and the response rate', () => {
    const r = surveyResults(
      [q('q1', 1, 'rating'), q('q2', 2, 'text'), q('q3', 3, 'rating')],
      [d('a', 'D2', true), d('b', 'D1', true), d('c', 'D3', false)],
      [
        { departmentId: 'a', questionId: 'q1', rating: 5, text: null },
        { departmentId: 'a', questionId: 'q3', rating: 4, text: null },
        { departmentId: 'a', questionId: 'q2', rating: null, text: '周末下送' },
        { departmentId: 'b', questionId: 'q1', rating: 2, text: null },
        { departmentId: 'b', questionId: 'q3', rating: 4, text: null },
      ],
    );
    expect(r).toMatchObject({ asked: 3, answered: 2, responseRate: 0.6667, average: 3.75 });
    expect(r.questions.map((x) => [x.seq, x.count, x.average, x.scores])).toEqual([
      [1, 2, 3.5, [0, 1, 0, 0, 1]],
      [2, 1, null, []],
      [3, 2, 4, [0, 0, 0, 2, 0]],
    ]);
    expect(r.departments.map((x) => [x.code, x.average, x.answers.map((a) => a.seq)])).toEqual([
      ['D2', 4.5, [1, 2, 3]],
      ['D1', 3, [1, 3]],
      ['D3', null, []],
    ]);
    expect(r.texts).toEqual([{ questionId: 'q2', seq: 2, departmentId: 'a', code: 'D2', nameZh: 'D2', nameEn: 'D2', text: '周末下送' }]);
  });

  it('answers nothing but zeros and nulls before any answer', () => {
    const r = surveyResults([q('q1', 1, 'rating')], [], []);
    expect(r).toMatchObject({ asked: 0, answered: 0, responseRate: null, average: null, texts: [] });
    expect(mean([1, 2, 2])).toBe(1.67);
  });
});
