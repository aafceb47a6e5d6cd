import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { getFile, getJson, saveFile, type ApiError } from '../api/client';
import type { components } from '../api/schema';
import { useAuth } from '../auth';
import { OutcomeBanner, useName, useWhen, type Outcome } from '../components/desk';
import { filled, StepDialog } from '../components/StepDialog';
import { hospitalMonth } from './Defects';

/** The answers of /api/surveys (src/surveys/dto/surveys.view.ts). */
type Survey = components['schemas']['SurveyView'];
type Detail = components['schemas']['SurveyDetailView'];
type Results = components['schemas']['SurveyResultsView'];
type Comparison = components['schemas']['SurveyComparisonView'];
type ComparedDepartment = Comparison['departments'][number];
type Action = Detail['actions'][number];
type CreateBody = components['schemas']['CreateSurveyDto'];
type ReviseBody = components['schemas']['ReviseSurveyDto'];

const LIST_KEY = ['surveys'];
const OWNERS = ['nurse', 'head_nurse', 'monitor'];

/** A fraction as a percentage, one decimal. */
export const percent = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x * 1000) / 10}%`);
/** A survey's title in the page's language. */
export function useTitle() {
  const { i18n } = useTranslation();
  return (x: { titleZh: string; titleEn: string }) => (i18n.language === 'en' ? x.titleEn : x.titleZh);
}
/** A question's wording in the page's language. */
export function useQuestionText() {
  const { i18n } = useTranslation();
  return (x: { textZh: string; textEn: string }) => (i18n.language === 'en' ? x.textEn : x.textZh);
}
export const period = (x: { periodFrom: string; periodTo: string }) =>
  x.periodFrom === x.periodTo ? x.periodFrom : `${x.periodFrom} — ${x.periodTo}`;

/**
 * Department satisfaction surveys (issue 17, "Department feedback", seed 5.2): the head nurse sets a
 * survey for a period — title, questions rated 1–5 or answered in free text (worded in Chinese and
 * English), the departments asked — and may change it until the first department answers; then it is
 * fixed (a new survey instead). The results per question and per department, the free text and the
 * response rate read here and export as XLSX and PDF; improvement actions agreed from them are
 * corrective actions with an owner and a due date.
 */
/**
 * Results per department and period (seed 5.2): the surveys whose period meets the months chosen
 * (`?cmpFrom=&cmpTo=`, the last twelve months by default), each department's mean rating in each.
 */
function SurveyComparison() {
  const { t, i18n } = useTranslation();
  const title = useTitle();
  const [params, setParams] = useSearchParams();
  const from = params.get('cmpFrom') ?? hospitalMonth(-11);
  const to = params.get('cmpTo') ?? hospitalMonth(0);
  const valid = /^\d{4}-\d{2}$/.test(from) && /^\d{4}-\d{2}$/.test(to);
  const query = `/api/surveys/comparison?from=${from}&to=${to}`;
  const cmp = useQuery({ queryKey: ['surveys', 'comparison', query], queryFn: () => getJson<Comparison>(query), enabled: valid });
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next);
  };
  const surveys = cmp.data?.surveys ?? [];
  return (
    <Card size="small" title={t('sv_compareTitle')} data-testid="survey-comparison">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <label htmlFor="sv-cmp-from">{t('sv_periodFrom')}</label>
          <Input
            id="sv-cmp-from"
            type="month"
            value={from}
            data-testid="survey-compare-from"
            onChange={(e) => set('cmpFrom', e.target.value)}
            style={{ width: 160 }}
          />
          <label htmlFor="sv-cmp-to">{t('sv_periodTo')}</label>
          <Input
            id="sv-cmp-to"
            type="month"
            value={to}
            data-testid="survey-compare-to"
            onChange={(e) => set('cmpTo', e.target.value)}
            style={{ width: 160 }}
          />
        </Space>
        {cmp.error && <Alert type="error" showIcon message={(cmp.error as unknown as ApiError).message} />}
        <Table<ComparedDepartment>
          data-testid="survey-comparison-table"
          rowKey="departmentId"
          size="small"
          scroll={{ x: true }}
          // Departments asked in a year's surveys fit one page (a hospital has a few dozen).
          pagination={{ pageSize: 100, hideOnSinglePage: true }}
          dataSource={cmp.data?.departments ?? []}
          locale={{ emptyText: t('sv_none') }}
          columns={[
            { title: t('sv_department'), render: (_, d) => `${d.code} ${i18n.language === 'en' ? d.nameEn : d.nameZh}` },
            ...surveys.map((s, i) => ({
              key: s.surveyId,
              title: `${period(s)} · ${title(s)}`,
              render: (_: unknown, d: ComparedDepartment) => {
                const c = d.periods[i];
                return !c.asked ? '' : c.answered ? (c.average ?? '—') : t('sv_notAnswered');
              },
            })),
          ]}
        />
      </Space>
    </Card>
  );
}

export function SurveysPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const title = useTitle();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: LIST_KEY, queryFn: () => getJson<Survey[]>('/api/surveys'), refetchInterval: 10_000 });
  const openId = params.get('open');
  const done = (o: Outcome) => {
    setOutcome(o);
    void qc.invalidateQueries({ queryKey: LIST_KEY });
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="surveys-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('sv_title')}
      </Typography.Title>
      <OutcomeBanner outcome={outcome} testId="surveys-outcome" />
      {openId && <SurveyCard id={openId} onClose={() => setParams({})} onDone={done} />}
      <Card
        size="small"
        extra={
          me?.role === 'head_nurse' && (
            <Button type="primary" data-testid="survey-new" onClick={() => setCreating(true)}>
              {t('sv_new')}
            </Button>
          )
        }
      >
        {list.error && <Alert type="error" showIcon message={(list.error as unknown as ApiError).message} />}
        <Table<Survey>
          data-testid="surveys-list"
          rowKey="id"
          size="small"
          pagination={{ pageSize: 12, hideOnSinglePage: true }}
          dataSource={list.data ?? []}
          locale={{ emptyText: t('sv_none') }}
          onRow={(s) => ({ 'data-testid': 'survey-row', 'data-closed': s.closed ? 'yes' : 'no' }) as object}
          columns={[
            { title: t('sv_surveyTitle'), render: (_, s) => title(s) },
            { title: t('sv_period'), render: (_, s) => period(s) },
            {
              title: t('sv_responses'),
              render: (_, s) => t('sv_responseCount', { answered: s.answered, asked: s.asked, rate: percent(s.responseRate) }),
            },
            { title: t('sv_status'), render: (_, s) => <StatusTag closed={s.closed} /> },
            {
              title: t('sv_actions'),
              render: (_, s) =>
                s.actionCount > 0 && (
                  <Tag color={s.overdueActionCount > 0 ? 'red' : s.openActionCount > 0 ? 'orange' : 'green'}>
                    {t('qr_decisionCounts', { n: s.actionCount, open: s.openActionCount, overdue: s.overdueActionCount })}
                  </Tag>
                ),
            },
            {
              title: '',
              render: (_, s) => (
                <Button size="small" data-testid="survey-open" onClick={() => setParams({ open: s.id })}>
                  {t('def_details')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {me?.role !== 'department' && <SurveyComparison />}
      {creating && <SurveyDialog onClose={() => setCreating(false)} onDone={done} />}
    </Space>
  );
}

function StatusTag({ closed }: { closed: boolean }) {
  const { t } = useTranslation();
  return closed ? <Tag>{t('sv_closed')}</Tag> : <Tag color="blue">{t('sv_open')}</Tag>;
}

/** The whole survey in one form: a new one, or (with `revise`) a change before the first answer, with its reason. */
function SurveyDialog({ revise, onClose, onDone }: { revise?: Detail; onClose: () => void; onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const name = useName();
  const departments = useQuery({
    queryKey: ['/api/departments'],
    queryFn: () => getJson<{ id: string; code: string; nameZh: string; nameEn: string; active: boolean }[]>('/api/departments'),
  });
  const required = [{ required: true, whitespace: true, message: t('def_required') }];
  const initial: Partial<CreateBody> = revise
    ? {
        titleZh: revise.titleZh,
        titleEn: revise.titleEn,
        periodFrom: revise.periodFrom,
        periodTo: revise.periodTo,
        questions: revise.questions.map((q) => ({
          kind: q.kind as CreateBody['questions'][number]['kind'],
          textZh: q.textZh,
          textEn: q.textEn,
        })),
        departmentIds: revise.departments.map((d) => d.departmentId),
      }
    : { periodFrom: hospitalMonth(), periodTo: hospitalMonth(), questions: [{ kind: 'rating', textZh: '', textEn: '' }] };
  return (
    <StepDialog<ReviseBody>
      title={revise ? t('sv_revise') : t('sv_new')}
      testId={revise ? 'survey-revise' : 'survey-new'}
      path={revise ? `/api/surveys/${revise.id}/versions` : '/api/surveys'}
      okMessage={revise ? t('sv_revised') : t('sv_created')}
      width={880}
      initial={initial}
      body={(v) => ({ ...filled(v), questions: v.questions ?? [], departmentIds: v.departmentIds ?? [] })}
      onClose={onClose}
      onDone={onDone}
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="titleZh" label={t('sv_titleZh')} rules={required}>
            <Input data-testid="survey-title-zh" maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="titleEn" label={t('sv_titleEn')} rules={required}>
            <Input data-testid="survey-title-en" maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="periodFrom" label={t('sv_periodFrom')} rules={required}>
            <Input type="month" data-testid="survey-from" />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="periodTo" label={t('sv_periodTo')} rules={required} extra={t('sv_periodHelp')}>
            <Input type="month" data-testid="survey-to" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="departmentIds" label={t('sv_departments')} rules={[{ required: true, message: t('def_required') }]}>
        <Select
          mode="multiple"
          data-testid="survey-departments"
          optionFilterProp="label"
          options={(departments.data ?? []).filter((d) => d.active).map((d) => ({ value: d.id, label: `${d.code} ${name(d)}` }))}
        />
      </Form.Item>
      <Typography.Text strong>{t('sv_questions')}</Typography.Text>
      <Form.List name="questions">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Row key={f.key} gutter={8} align="top" data-testid="survey-question">
                <Col xs={24} md={4}>
                  <Form.Item
                    name={[f.name, 'kind']}
                    label={t('sv_questionNo', { n: i + 1 })}
                    rules={[{ required: true, message: t('def_required') }]}
                  >
                    <Select
                      data-testid="question-kind"
                      options={[
                        { value: 'rating', label: t('sv_kind_rating') },
                        { value: 'text', label: t('sv_kind_text') },
                      ]}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name={[f.name, 'textZh']} label={t('sv_textZh')} rules={required}>
                    <Input data-testid="question-zh" maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name={[f.name, 'textEn']} label={t('sv_textEn')} rules={required}>
                    <Input data-testid="question-en" maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={4}>
                  <Form.Item label=" ">
                    <Button onClick={() => remove(f.name)} disabled={fields.length === 1}>
                      {t('qr_remove')}
                    </Button>
                  </Form.Item>
                </Col>
              </Row>
            ))}
            <Button data-testid="survey-add-question" onClick={() => add({ kind: 'rating' })}>
              {t('sv_addQuestion')}
            </Button>
          </>
        )}
      </Form.List>
      {revise && (
        <Form.Item name="reason" label={t('def_reason')} rules={required} style={{ marginTop: 16 }}>
          <Input data-testid="survey-reason" maxLength={200} />
        </Form.Item>
      )}
    </StepDialog>
  );
}

type Step = 'revise' | 'close' | 'action' | { done: Action };

function SurveyCard({ id, onClose, onDone }: { id: string; onClose: () => void; onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const when = useWhen();
  const name = useName();
  const title = useTitle();
  const qc = useQueryClient();
  const [step, setStep] = useState<Step | null>(null);
  const [fileError, setFileError] = useState<ApiError | null>(null);
  const key = ['survey', id];
  const detail = useQuery({ queryKey: key, queryFn: () => getJson<Detail>(`/api/surveys/${id}`) });
  const results = useQuery({ queryKey: [...key, 'results'], queryFn: () => getJson<Results>(`/api/surveys/${id}/results`) });
  const s = detail.data;
  const head = me?.role === 'head_nurse';
  const stepDone = (o: Outcome) => {
    onDone(o);
    void qc.invalidateQueries({ queryKey: key });
  };
  const download = async (format: 'xlsx' | 'pdf') => {
    setFileError(null);
    try {
      const { blob, filename } = await getFile(`/api/surveys/${id}/results?format=${format}`);
      saveFile(blob, filename);
    } catch (e) {
      setFileError(e as ApiError);
    }
  };
  const mayDo = (a: Action) => !a.done && !!me && (me.role === 'head_nurse' || me.role === 'monitor' || me.id === a.ownerUserId);
  const required = [{ required: true, whitespace: true, message: t('def_required') }];
  const error = fileError ?? ((detail.error ?? results.error) as unknown as ApiError | null);
  return (
    <Card
      size="small"
      title={s ? title(s) : t('sv_title')}
      data-testid="survey-card"
      extra={
        <Button size="small" data-testid="survey-hide" onClick={onClose}>
          {t('def_hide')}
        </Button>
      }
    >
      {error && <Alert type="error" showIcon message={error.message} />}
      {s && (
        <Space
          direction="vertical"
          size="middle"
          style={{ width: '100%' }}
          data-testid="survey-detail"
          data-closed={s.closed ? 'yes' : 'no'}
        >
          <Space wrap>
            <Button data-testid="survey-xlsx" onClick={() => void download('xlsx')}>
              {t('sv_exportXlsx')}
            </Button>
            <Button data-testid="survey-pdf" onClick={() => void download('pdf')}>
              {t('sv_exportPdf')}
            </Button>
            {head && !s.closed && s.answered === 0 && (
              <Button data-testid="survey-revise" onClick={() => setStep('revise')}>
                {t('sv_revise')}
              </Button>
            )}
            {head && !s.closed && (
              <Button danger data-testid="survey-close" onClick={() => setStep('close')}>
                {t('sv_close')}
              </Button>
            )}
            {head && (
              <Button type="primary" data-testid="survey-add-action" onClick={() => setStep('action')}>
                {t('sv_addAction')}
              </Button>
            )}
          </Space>
          <Alert type="info" showIcon message={s.answered > 0 ? t('sv_fixedNote') : t('sv_changeNote')} />
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
            <Descriptions.Item label={t('sv_period')}>{period(s)}</Descriptions.Item>
            <Descriptions.Item label={t('sv_status')}>
              <StatusTag closed={s.closed} />
              {s.closure && ` ${t('def_by', { name: s.closure.closedByName, at: when(s.closure.closedAt) })}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('sv_responses')}>
              <span data-testid="survey-response-rate">
                {t('sv_responseCount', { answered: s.answered, asked: s.asked, rate: percent(s.responseRate) })}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('sv_version')}>
              {s.version}
              {s.versions.length > 1 && ` · ${t('def_reason')}: ${s.versions[s.versions.length - 1].reason ?? ''}`}
            </Descriptions.Item>
          </Descriptions>
          {results.data && <ResultsView r={results.data} />}
          <Card size="small" title={t('sv_departments')}>
            <Table
              size="small"
              rowKey="departmentId"
              pagination={false}
              dataSource={s.departments}
              onRow={(d) => ({ 'data-testid': 'survey-department', 'data-answered': d.answered ? 'yes' : 'no' }) as object}
              columns={[
                { title: t('sv_department'), render: (_, d) => `${d.code} ${name(d)}` },
                {
                  title: t('sv_answered'),
                  render: (_, d) =>
                    d.answered ? (
                      <Tag color="green">{t('def_by', { name: d.answeredByName ?? '', at: when(d.answeredAt) })}</Tag>
                    ) : (
                      <Tag>{t('sv_notAnswered')}</Tag>
                    ),
                },
              ]}
            />
          </Card>
          <Card size="small" title={t('sv_improvement')}>
            <Table<Action>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={s.actions}
              locale={{ emptyText: t('sv_noActions') }}
              onRow={(a) => ({ 'data-testid': 'survey-action-row', 'data-done': a.done ? 'yes' : 'no' }) as object}
              columns={[
                { title: '#', dataIndex: 'seq' },
                { title: t('sv_what'), dataIndex: 'what' },
                {
                  title: t('sv_department'),
                  render: (_, a) =>
                    a.departmentCode
                      ? `${a.departmentCode} ${name({ nameZh: a.departmentNameZh ?? '', nameEn: a.departmentNameEn ?? '' })}`
                      : '—',
                },
                { title: t('def_owner'), dataIndex: 'ownerName' },
                {
                  title: t('def_due'),
                  render: (_, a) => (
                    <Tag color={a.overdue ? 'red' : undefined}>{a.overdue ? `${a.dueDate} · ${t('def_overdue')}` : a.dueDate}</Tag>
                  ),
                },
                {
                  title: t('def_actionTaken'),
                  render: (_, a) =>
                    a.done ? (
                      t('def_doneBy', { name: a.done.closedByName, at: when(a.done.doneAt), what: a.done.actionTaken })
                    ) : mayDo(a) ? (
                      <Button size="small" type="primary" data-testid="survey-action-done" onClick={() => setStep({ done: a })}>
                        {t('def_done')}
                      </Button>
                    ) : (
                      t('def_notDone')
                    ),
                },
              ]}
            />
          </Card>
        </Space>
      )}
      {s && step === 'revise' && <SurveyDialog revise={s} onClose={() => setStep(null)} onDone={stepDone} />}
      {step === 'close' && (
        <StepDialog
          title={t('sv_close')}
          testId="survey-closing"
          path={`/api/surveys/${id}/close`}
          okMessage={t('sv_closedOk')}
          onClose={() => setStep(null)}
          onDone={stepDone}
        >
          <Typography.Paragraph>{t('sv_closeNote')}</Typography.Paragraph>
          <Form.Item name="note" label={t('sv_closingNote')}>
            <Input data-testid="closing-note" maxLength={300} />
          </Form.Item>
        </StepDialog>
      )}
      {s && step === 'action' && <ActionDialog s={s} onClose={() => setStep(null)} onDone={stepDone} />}
      {step !== null && typeof step === 'object' && (
        <StepDialog
          title={t('qr_doneTitle')}
          testId="survey-action-done"
          path={`/api/surveys/${id}/actions/${step.done.id}/done`}
          okMessage={t('def_saved')}
          onClose={() => setStep(null)}
          onDone={stepDone}
        >
          <Typography.Paragraph>{step.done.what}</Typography.Paragraph>
          <Form.Item name="actionTaken" label={t('def_actionTaken')} rules={required}>
            <Input.TextArea data-testid="survey-action-taken" rows={3} maxLength={500} />
          </Form.Item>
        </StepDialog>
      )}
    </Card>
  );
}

/** Each question's mean and scores, each department's ratings, the free text. */
function ResultsView({ r }: { r: Results }) {
  const { t } = useTranslation();
  const name = useName();
  const text = useQuestionText();
  const rating = r.questions.filter((q) => q.kind === 'rating');
  const mean = (x: number | null) => (x === null ? '—' : x.toFixed(2));
  return (
    <Card size="small" title={t('sv_results')} data-testid="survey-results">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text data-testid="survey-average">{t('sv_overall', { mean: mean(r.average) })}</Typography.Text>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={r.questions}
          onRow={(q) => ({ 'data-testid': 'survey-question-result', 'data-seq': q.seq }) as object}
          columns={[
            { title: '#', dataIndex: 'seq' },
            { title: t('sv_question'), render: (_, q) => text(q) },
            { title: t('sv_count'), dataIndex: 'count' },
            { title: t('sv_mean'), render: (_, q) => (q.kind === 'rating' ? mean(q.average) : t('sv_kind_text')) },
            { title: t('sv_scores'), render: (_, q) => (q.kind === 'rating' ? q.scores.map((n, i) => `${i + 1}:${n}`).join('  ') : '') },
          ]}
        />
        <Table
          size="small"
          rowKey="departmentId"
          pagination={false}
          dataSource={r.departments.filter((d) => d.answered)}
          locale={{ emptyText: t('sv_noAnswers') }}
          onRow={() => ({ 'data-testid': 'survey-department-result' }) as object}
          columns={[
            { title: t('sv_department'), render: (_, d) => `${d.code} ${name(d)}` },
            { title: t('sv_mean'), render: (_, d) => mean(d.average) },
            ...rating.map((q) => ({
              title: `#${q.seq}`,
              key: q.id,
              render: (_: unknown, d: Results['departments'][number]) => d.answers.find((a) => a.questionId === q.id)?.rating ?? '—',
            })),
          ]}
        />
        {r.texts.length > 0 && (
          <div data-testid="survey-texts">
            <Typography.Text strong>{t('sv_comments')}</Typography.Text>
            {r.texts.map((x) => (
              <Typography.Paragraph key={`${x.questionId}-${x.departmentId}`} style={{ margin: '4px 0' }} data-testid="survey-text">
                {x.text}
                <Typography.Text type="secondary">{` · #${x.seq} · ${x.code} ${name(x)}`}</Typography.Text>
              </Typography.Paragraph>
            ))}
          </div>
        )}
      </Space>
    </Card>
  );
}

/** An improvement action: what, for which department asked (if one), its owner and due date. */
function ActionDialog({ s, onClose, onDone }: { s: Detail; onClose: () => void; onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const name = useName();
  const users = useQuery({
    queryKey: ['/api/users'],
    queryFn: () => getJson<{ id: string; displayName: string; role: string; active: boolean }[]>('/api/users'),
  });
  const owners = (users.data ?? []).filter((u) => u.active && OWNERS.includes(u.role));
  return (
    <StepDialog
      title={t('sv_addAction')}
      testId="survey-action"
      path={`/api/surveys/${s.id}/actions`}
      okMessage={t('def_saved')}
      onClose={onClose}
      onDone={onDone}
    >
      <Form.Item name="what" label={t('sv_what')} rules={[{ required: true, whitespace: true, message: t('def_required') }]}>
        <Input.TextArea data-testid="survey-action-what" rows={2} maxLength={300} />
      </Form.Item>
      <Form.Item name="departmentId" label={t('sv_department')}>
        <Select
          allowClear
          data-testid="survey-action-department"
          options={s.departments.map((d) => ({ value: d.departmentId, label: `${d.code} ${name(d)}` }))}
        />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="ownerUserId" label={t('def_owner')} rules={[{ required: true, message: t('def_required') }]}>
            <Select
              data-testid="survey-action-owner"
              showSearch
              optionFilterProp="label"
              options={owners.map((u) => ({ value: u.id, label: u.displayName }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="dueDate" label={t('def_due')} rules={[{ required: true, message: t('def_required') }]}>
            <Input type="date" data-testid="survey-action-due" />
          </Form.Item>
        </Col>
      </Row>
    </StepDialog>
  );
}
