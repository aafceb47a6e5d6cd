import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { getFile, getJson, saveFile, type ApiError } from '../api/client';
import type { components } from '../api/schema';
import { canOpen, useAuth } from '../auth';
import { OutcomeBanner, useWhen, type Outcome } from '../components/desk';
import { filled, StepDialog } from '../components/StepDialog';
import { hospitalMonth, shiftMonth } from './Defects';

/** The answers of /api/quality-reviews (src/quality-reviews/dto/quality-reviews.view.ts). */
type Review = components['schemas']['QualityReviewView'];
type Detail = components['schemas']['QualityReviewDetailView'];
type Decision = Detail['decisions'][number];
type RecordBody = components['schemas']['RecordQualityReviewDto'];

const LIST_KEY = ['quality-reviews'];

/** Names listed as each language lists them (、 between Chinese names, a comma in English). */
function useNames() {
  const { i18n } = useTranslation();
  return (xs: string[]) => xs.join(i18n.language === 'en' ? ', ' : '、');
}
const OWNERS = ['nurse', 'head_nurse', 'monitor'];

/**
 * The monthly quality review (质量分析会, seed 10.1, 10.4): the head nurse records the meeting of a
 * month — when, who attended, the minutes, the decisions each with an owner and a due date — after
 * looking at the month's defect analysis and quality indicators (linked from the review, not copied);
 * decisions are closed later with what was done (asked once more); the minutes print as A4 PDF.
 */
export function QualityReviewsPage() {
  const { t } = useTranslation();
  const names = useNames();
  const { me } = useAuth();
  const when = useWhen();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [recording, setRecording] = useState(false);
  const list = useQuery({ queryKey: LIST_KEY, queryFn: () => getJson<Review[]>('/api/quality-reviews'), refetchInterval: 10_000 });
  const openId = params.get('open');
  const done = (o: Outcome) => {
    setOutcome(o);
    void qc.invalidateQueries({ queryKey: LIST_KEY });
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="quality-reviews-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('qr_title')}
      </Typography.Title>
      <OutcomeBanner outcome={outcome} testId="quality-reviews-outcome" />
      {openId && <ReviewCard id={openId} onClose={() => setParams({})} onDone={done} />}
      <Card
        size="small"
        extra={
          me?.role === 'head_nurse' && (
            <Button type="primary" data-testid="review-record" onClick={() => setRecording(true)}>
              {t('qr_record')}
            </Button>
          )
        }
      >
        {list.error && <Alert type="error" showIcon message={(list.error as unknown as ApiError).message} />}
        <Table<Review>
          data-testid="reviews-list"
          rowKey="id"
          size="small"
          pagination={{ pageSize: 12, hideOnSinglePage: true }}
          dataSource={list.data ?? []}
          locale={{ emptyText: t('qr_none') }}
          onRow={(r) => ({ 'data-testid': 'review-row', 'data-month': r.month }) as object}
          columns={[
            { title: t('qr_month'), dataIndex: 'month' },
            { title: t('qr_heldAt'), render: (_, r) => when(r.heldAt) },
            { title: t('qr_attendees'), render: (_, r) => names(r.attendees) },
            {
              title: t('qr_decisions'),
              render: (_, r) => (
                <Tag color={r.overdueDecisionCount > 0 ? 'red' : r.openDecisionCount > 0 ? 'orange' : 'green'}>
                  {t('qr_decisionCounts', { n: r.decisionCount, open: r.openDecisionCount, overdue: r.overdueDecisionCount })}
                </Tag>
              ),
            },
            {
              title: '',
              render: (_, r) => (
                <Button size="small" data-testid="review-open" onClick={() => setParams({ open: r.id })}>
                  {t('def_details')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {recording && <RecordDialog onClose={() => setRecording(false)} onDone={done} />}
    </Space>
  );
}

/** The whole meeting in one form; asked once more before it is recorded (it is never changed afterwards). */
function RecordDialog({ onClose, onDone }: { onClose: () => void; onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const users = useQuery({
    queryKey: ['/api/users'],
    queryFn: () => getJson<{ id: string; displayName: string; role: string; active: boolean }[]>('/api/users'),
  });
  const staff = (users.data ?? []).filter((u) => u.active && u.role !== 'department');
  const required = [{ required: true, whitespace: true, message: t('def_required') }];
  return (
    <StepDialog<RecordBody>
      title={t('qr_record')}
      testId="review-record"
      path="/api/quality-reviews"
      okMessage={t('qr_recorded')}
      width={820}
      initial={{ month: hospitalMonth(1), decisions: [] }}
      body={(v) => ({ ...filled(v), decisions: v.decisions ?? [] })}
      onClose={onClose}
      onDone={onDone}
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="month" label={t('qr_month')} rules={[{ required: true, message: t('def_required') }]}>
            <Input type="month" data-testid="review-month" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="heldAt" label={t('qr_heldAt')} extra={t('def_defaultNow')}>
            <Input type="datetime-local" data-testid="review-held" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="attendees"
        label={t('qr_attendees')}
        extra={t('qr_attendeesHelp')}
        rules={[{ required: true, message: t('def_required') }]}
      >
        <Select mode="tags" data-testid="review-attendees" options={staff.map((u) => ({ value: u.displayName, label: u.displayName }))} />
      </Form.Item>
      <Form.Item name="minutes" label={t('qr_minutes')} rules={required}>
        <Input.TextArea data-testid="review-minutes" rows={5} maxLength={4000} />
      </Form.Item>
      <Typography.Text strong>{t('qr_decisions')}</Typography.Text>
      <Form.List name="decisions">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Row key={f.key} gutter={8} align="top" data-testid="review-decision">
                <Col xs={24} md={10}>
                  <Form.Item name={[f.name, 'decision']} label={t('qr_decision')} rules={required}>
                    <Input data-testid="decision-text" maxLength={300} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item name={[f.name, 'ownerUserId']} label={t('def_owner')} rules={[{ required: true, message: t('def_required') }]}>
                    <Select
                      data-testid="decision-owner"
                      showSearch
                      optionFilterProp="label"
                      options={staff.filter((u) => OWNERS.includes(u.role)).map((u) => ({ value: u.id, label: u.displayName }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={5}>
                  <Form.Item name={[f.name, 'dueDate']} label={t('def_due')} rules={[{ required: true, message: t('def_required') }]}>
                    <Input type="date" data-testid="decision-due" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={3}>
                  <Form.Item label=" ">
                    <Button onClick={() => remove(f.name)}>{t('qr_remove')}</Button>
                  </Form.Item>
                </Col>
              </Row>
            ))}
            <Button data-testid="review-add-decision" onClick={() => add()}>
              {t('qr_addDecision')}
            </Button>
          </>
        )}
      </Form.List>
    </StepDialog>
  );
}

type Step = 'amend' | { done: Decision };

function ReviewCard({ id, onClose, onDone }: { id: string; onClose: () => void; onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const names = useNames();
  const { me } = useAuth();
  const when = useWhen();
  const qc = useQueryClient();
  const [step, setStep] = useState<Step | null>(null);
  const [printError, setPrintError] = useState<ApiError | null>(null);
  const key = ['quality-review', id];
  const detail = useQuery({ queryKey: key, queryFn: () => getJson<Detail>(`/api/quality-reviews/${id}`) });
  const r = detail.data;
  const stepDone = (o: Outcome) => {
    onDone(o);
    void qc.invalidateQueries({ queryKey: key });
  };
  const mayDo = (d: Decision) => !d.done && !!me && (me.role === 'head_nurse' || me.role === 'monitor' || me.id === d.ownerUserId);
  const print = async () => {
    setPrintError(null);
    try {
      const { blob, filename } = await getFile(`/api/quality-reviews/${id}/minutes`);
      saveFile(blob, filename);
    } catch (e) {
      setPrintError(e as ApiError);
    }
  };
  // The pages of what it looked at, with the month before for the trend.
  const trend = r ? `from=${shiftMonth(r.month, -1)}&to=${r.month}` : '';
  const required = [{ required: true, whitespace: true, message: t('def_required') }];
  return (
    <Card
      size="small"
      title={r ? `${t('qr_title')} · ${r.month}` : t('qr_title')}
      data-testid="review-card"
      extra={
        <Button size="small" data-testid="review-hide" onClick={onClose}>
          {t('def_hide')}
        </Button>
      }
    >
      {(detail.error ?? printError) && (
        <Alert type="error" showIcon message={(printError ?? (detail.error as unknown as ApiError)).message} />
      )}
      {r && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="review-detail">
          <Space wrap>
            <Button type="primary" data-testid="review-print" onClick={() => void print()}>
              {t('qr_print')}
            </Button>
            {me?.role === 'head_nurse' && (
              <Button data-testid="review-amend" onClick={() => setStep('amend')}>
                {t('qr_amend')}
              </Button>
            )}
          </Space>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('qr_month')}>{r.month}</Descriptions.Item>
            <Descriptions.Item label={t('qr_heldAt')}>{when(r.heldAt)}</Descriptions.Item>
            <Descriptions.Item label={t('qr_attendees')}>{names(r.attendees)}</Descriptions.Item>
            <Descriptions.Item label={t('qr_recordedBy')}>{r.recordedByName}</Descriptions.Item>
          </Descriptions>
          <Card size="small" title={t('qr_lookedAt')}>
            <Space direction="vertical">
              <span data-testid="review-defects">
                {t('qr_defectsOfMonth', {
                  total: r.defects.total,
                  open: r.defects.open,
                  overdue: r.defects.overdue,
                  closed: r.defects.closed,
                })}
              </span>
              <Space wrap>
                {canOpen(me, 'defects') && me?.role !== 'nurse' && (
                  <Link to={`/defects?tab=analysis&${trend}`}>{t('qr_openAnalysis')}</Link>
                )}
                {canOpen(me, 'indicators') && <Link to={`/reports/quality-indicators?${trend}`}>{t('qr_openIndicators')}</Link>}
              </Space>
            </Space>
          </Card>
          <Card size="small" title={t('qr_minutes')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="review-minutes-text">
              {r.minutes}
            </Typography.Paragraph>
          </Card>
          <Card size="small" title={t('qr_decisions')}>
            <Table<Decision>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={r.decisions}
              onRow={(d) => ({ 'data-testid': 'review-decision-row', 'data-done': d.done ? 'yes' : 'no' }) as object}
              columns={[
                { title: '#', dataIndex: 'seq' },
                { title: t('qr_decision'), dataIndex: 'decision' },
                { title: t('def_owner'), dataIndex: 'ownerName' },
                {
                  title: t('def_due'),
                  render: (_, d) => (
                    <Tag color={d.overdue ? 'red' : undefined}>{d.overdue ? `${d.dueDate} · ${t('def_overdue')}` : d.dueDate}</Tag>
                  ),
                },
                {
                  title: t('def_actionTaken'),
                  render: (_, d) =>
                    d.done ? (
                      t('def_doneBy', { name: d.done.closedByName, at: when(d.done.doneAt), what: d.done.actionTaken })
                    ) : mayDo(d) ? (
                      <Button size="small" type="primary" data-testid="decision-done" onClick={() => setStep({ done: d })}>
                        {t('def_done')}
                      </Button>
                    ) : (
                      t('def_notDone')
                    ),
                },
              ]}
            />
          </Card>
          {r.amendments.length > 0 && (
            <Card size="small" title={t('qr_amendments')}>
              {r.amendments.map((a) => (
                <Typography.Paragraph key={a.id}>
                  {a.text}
                  <Typography.Text type="secondary">{` · ${t('def_reason')}: ${a.reason} · ${t('def_by', { name: a.recordedByName, at: when(a.recordedAt) })}`}</Typography.Text>
                </Typography.Paragraph>
              ))}
            </Card>
          )}
        </Space>
      )}
      {step === 'amend' && (
        <StepDialog
          title={t('qr_amend')}
          testId="review-amendment"
          path={`/api/quality-reviews/${id}/amendments`}
          okMessage={t('qr_amended')}
          onClose={() => setStep(null)}
          onDone={stepDone}
        >
          <Form.Item name="text" label={t('qr_amendText')} rules={required}>
            <Input.TextArea data-testid="amendment-text" rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="reason" label={t('def_reason')} rules={required}>
            <Input data-testid="amendment-reason" maxLength={200} />
          </Form.Item>
        </StepDialog>
      )}
      {step !== null && typeof step === 'object' && (
        <StepDialog
          title={t('qr_doneTitle')}
          testId="decision-done"
          path={`/api/quality-reviews/${id}/decisions/${step.done.id}/done`}
          okMessage={t('def_saved')}
          onClose={() => setStep(null)}
          onDone={stepDone}
        >
          <Typography.Paragraph>{step.done.decision}</Typography.Paragraph>
          <Form.Item name="actionTaken" label={t('def_actionTaken')} rules={required}>
            <Input.TextArea data-testid="decision-taken" rows={3} maxLength={500} />
          </Form.Item>
        </StepDialog>
      )}
    </Card>
  );
}
