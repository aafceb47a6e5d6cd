import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { getJson, type ApiError } from '../api/client';
import type { components } from '../api/schema';
import { OutcomeBanner, useWhen, type Outcome } from '../components/desk';
import { StepDialog } from '../components/StepDialog';
import { period, useQuestionText, useTitle } from './Surveys';

/** GET /api/department/surveys (src/surveys/dto/surveys.view.ts). */
type Mine = components['schemas']['DepartmentSurveyView'];
type MineDetail = components['schemas']['DepartmentSurveyDetailView'];
/** The form: one field per question, named by its id (a rating 1–5, or a text). */
type AnswerForm = Record<string, number | string | undefined>;

const LIST_KEY = ['department-surveys'];

function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return status === 'open' ? (
    <Tag color="blue">{t('sv_toAnswer')}</Tag>
  ) : status === 'answered' ? (
    <Tag color="green">{t('sv_answered')}</Tag>
  ) : status === 'upcoming' ? (
    <Tag color="purple">{t('sv_upcoming')}</Tag>
  ) : status === 'ended' ? (
    <Tag>{t('sv_periodEnded')}</Tag>
  ) : (
    <Tag>{t('sv_closed')}</Tag>
  );
}

/**
 * A clinical department's satisfaction surveys (issue 17, seed 5.2): the surveys that ask it, each
 * answered once for the department — every rating question rated 1–5, the free-text ones as it
 * wishes. An answer is never changed: a department that answered wrongly tells the CSSD's head nurse
 * (the page says so before it is sent). Its own surveys only: the service knows no other for it.
 */
export function DepartmentSurveysPage() {
  const { t } = useTranslation();
  const title = useTitle();
  const when = useWhen();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const list = useQuery({ queryKey: LIST_KEY, queryFn: () => getJson<Mine[]>('/api/department/surveys'), refetchInterval: 30_000 });
  const openId = params.get('open');
  const done = (o: Outcome) => {
    setOutcome(o);
    void qc.invalidateQueries({ queryKey: LIST_KEY });
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="department-surveys-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('sv_deptTitle')}
        </Typography.Title>
        <Link to="/department">{t('departmentPage')}</Link>
      </Space>
      <OutcomeBanner outcome={outcome} testId="department-surveys-outcome" />
      {list.error && <Alert type="error" showIcon message={(list.error as unknown as ApiError).message} />}
      {openId && <AnswerCard id={openId} onClose={() => setParams({})} onDone={done} />}
      <Card size="small">
        <Table<Mine>
          data-testid="department-surveys"
          rowKey="id"
          size="small"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={list.data ?? []}
          locale={{ emptyText: t('sv_noneForDept') }}
          onRow={(s) => ({ 'data-testid': 'department-survey-row', 'data-status': s.status }) as object}
          columns={[
            { title: t('sv_surveyTitle'), render: (_, s) => title(s) },
            { title: t('sv_period'), render: (_, s) => period(s) },
            { title: t('sv_status'), render: (_, s) => <StatusTag status={s.status} /> },
            {
              title: t('sv_answeredAt'),
              render: (_, s) => (s.answeredAt ? t('def_by', { name: s.answeredByName ?? '', at: when(s.answeredAt) }) : '—'),
            },
            {
              title: '',
              render: (_, s) => (
                <Button
                  size="small"
                  type={s.status === 'open' ? 'primary' : 'default'}
                  data-testid="department-survey-open"
                  onClick={() => setParams({ open: s.id })}
                >
                  {s.status === 'open' ? t('sv_answer') : t('def_details')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** A survey's questions; open: answered here and sent once (asked once more); otherwise the department's answer as sent. */
function AnswerCard({ id, onClose, onDone }: { id: string; onClose: () => void; onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const title = useTitle();
  const text = useQuestionText();
  const qc = useQueryClient();
  const [answering, setAnswering] = useState(false);
  const key = ['department-survey', id];
  const detail = useQuery({ queryKey: key, queryFn: () => getJson<MineDetail>(`/api/department/surveys/${id}`) });
  const s = detail.data;
  const answerOf = (questionId: string) => s?.answers.find((a) => a.questionId === questionId);
  return (
    <Card
      size="small"
      title={s ? `${title(s)} · ${period(s)}` : t('sv_deptTitle')}
      data-testid="department-survey"
      extra={
        <Button size="small" data-testid="department-survey-hide" onClick={onClose}>
          {t('def_hide')}
        </Button>
      }
    >
      {detail.error && <Alert type="error" showIcon message={(detail.error as unknown as ApiError).message} />}
      {s && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="department-survey-detail" data-status={s.status}>
          <Alert type={s.status === 'open' ? 'warning' : 'info'} showIcon message={t('sv_onceNote')} data-testid="department-survey-note" />
          {s.status === 'open' ? (
            <Button type="primary" data-testid="department-survey-answer" onClick={() => setAnswering(true)}>
              {t('sv_answer')}
            </Button>
          ) : (
            s.questions.map((q) => (
              <div key={q.id} data-testid="department-survey-answer-line">
                <Typography.Text strong>{`${q.seq}. ${text(q)}`}</Typography.Text>
                <div>
                  {q.kind === 'rating'
                    ? (answerOf(q.id)?.rating ?? '—')
                    : (answerOf(q.id)?.text ?? <Typography.Text type="secondary">{t('sv_noText')}</Typography.Text>)}
                </div>
              </div>
            ))
          )}
        </Space>
      )}
      {s && answering && (
        <StepDialog<AnswerForm>
          title={`${t('sv_answer')} · ${title(s)}`}
          testId="survey-answer"
          path={`/api/department/surveys/${id}/response`}
          okMessage={t('sv_answeredOk')}
          width={760}
          body={(v) => ({
            answers: s.questions
              .filter((q) => v[q.id] !== undefined && v[q.id] !== '')
              .map((q) =>
                q.kind === 'rating' ? { questionId: q.id, rating: Number(v[q.id]) } : { questionId: q.id, text: String(v[q.id]) },
              ),
          })}
          onClose={() => setAnswering(false)}
          onDone={(o) => {
            onDone(o);
            void qc.invalidateQueries({ queryKey: key });
          }}
        >
          <Typography.Paragraph type="secondary">{t('sv_ratingHelp')}</Typography.Paragraph>
          {s.questions.map((q) =>
            q.kind === 'rating' ? (
              <Form.Item key={q.id} name={q.id} label={`${q.seq}. ${text(q)}`} rules={[{ required: true, message: t('sv_rateIt') }]}>
                <Radio.Group
                  data-testid="answer-rating"
                  optionType="button"
                  options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: String(n) }))}
                />
              </Form.Item>
            ) : (
              <Form.Item key={q.id} name={q.id} label={`${q.seq}. ${text(q)}`}>
                <Input.TextArea data-testid="answer-text" rows={3} maxLength={1000} />
              </Form.Item>
            ),
          )}
        </StepDialog>
      )}
    </Card>
  );
}
