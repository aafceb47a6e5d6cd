import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Radio, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { getJson, postOnce, type ApiError } from '../api/client';
import type { components } from '../api/schema';
import { useAuth } from '../auth';
import { OutcomeBanner, useWhen, type Outcome } from '../components/desk';
import { filled, StepDialog } from '../components/StepDialog';
import { HOSPITAL_TZ } from '../hospital-time';
import type { MessageKey } from '../messages';
import { useReportDownloads } from './reports/Downloads';

/** The answers of /api/defects (src/defects/dto/defects.view.ts). */
type Defect = components['schemas']['DefectView'];
type Detail = components['schemas']['DefectDetailView'];
type Action = Detail['actions'][number];
type Analysis = components['schemas']['DefectAnalysisView'];
type Month = Analysis['months'][number];

type Kind = components['schemas']['ReportDefectDto']['kind'];
type Zone = components['schemas']['ReportDefectDto']['zone'];
/** Fails the type check unless `list` holds every value of the contract's `T` (the service's lists, through the OpenAPI document). */
const every =
  <T extends string>() =>
  <L extends readonly T[]>(list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : never)) =>
    list;

export const DEFECT_ZONES = every<Zone>()([
  'recycling',
  'cleaning',
  'packing',
  'sterilization',
  'storage',
  'dispatch',
  'department',
] as const);
export const DEFECT_KINDS = every<Kind>()([
  'wrong_contents',
  'wet_pack',
  'labelling_error',
  'cleaning_failure',
  'damaged_instrument',
  'lost_instrument',
  'process_deviation',
  'other',
] as const);
const REPORTERS = ['nurse', 'head_nurse', 'monitor'];
const STATUS_COLOR: Record<string, string> = {
  reported: 'blue',
  action_open: 'orange',
  action_done: 'purple',
  not_effective: 'red',
  verified: 'cyan',
  closed: 'green',
};
const LIST_KEY = ['defects'];

/** The month n months after `month` (YYYY-MM; n may be negative). */
export function shiftMonth(month: string, n: number): string {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** This month in the hospital's time zone (not the PC's), or the month n months before it. */
export function hospitalMonth(n = 0): string {
  const now = new Intl.DateTimeFormat('en-CA', { timeZone: HOSPITAL_TZ, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
  return shiftMonth(now, -n);
}

/**
 * The defect register (差错登记, issue 17, seed 20, 7.8): anyone of the CSSD reports a defect; the head
 * nurse records the cause, the responsibility and a corrective and preventive action with its owner
 * and due date, the owner records it done, the head nurse verifies it and only then closes the case
 * — each step asked once more, since nothing here is ever changed. A correction is a new entry with
 * its reason. The analysis tab (head nurse, monitor, admin): per month by kind and zone, with the
 * trend, and its XLSX / PDF.
 */
export function DefectsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const canAnalyse = !!me && ['head_nurse', 'monitor', 'admin'].includes(me.role);
  const tab = params.get('tab') === 'analysis' && canAnalyse ? 'analysis' : 'register';
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="defects-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('def_title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'analysis' ? { tab: k } : {})}
        items={[
          { key: 'register', label: t('def_register'), children: <Register /> },
          ...(canAnalyse
            ? [{ key: 'analysis', label: <span data-testid="defects-analysis-tab">{t('def_analysis')}</span>, children: <AnalysisTab /> }]
            : []),
        ]}
      />
    </Space>
  );
}

function Register() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const when = useWhen();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const list = useQuery({ queryKey: LIST_KEY, queryFn: () => getJson<Defect[]>('/api/defects'), refetchInterval: 10_000 });
  const openId = params.get('open');
  const canReport = !!me && REPORTERS.includes(me.role);
  const done = (o: Outcome) => {
    setOutcome(o);
    void qc.invalidateQueries({ queryKey: LIST_KEY });
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <OutcomeBanner outcome={outcome} testId="defects-outcome" />
      {openId && <DefectCard id={openId} onClose={() => setParams({})} onDone={done} />}
      {canReport && <ReportForm onDone={done} />}
      <Card size="small">
        {list.error && <Alert type="error" showIcon message={(list.error as unknown as ApiError).message} />}
        <Table<Defect>
          data-testid="defects-list"
          rowKey="id"
          size="small"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={list.data ?? []}
          locale={{ emptyText: t('def_none') }}
          onRow={(d) => ({ 'data-testid': 'defect-row', 'data-status': d.status, 'data-overdue': d.overdue ? 'yes' : 'no' }) as object}
          columns={[
            { title: t('def_occurredAt'), render: (_, d) => when(d.occurredAt) },
            { title: t('def_kind'), render: (_, d) => t(`def_kind_${d.kind}` as MessageKey) },
            { title: t('def_zone'), render: (_, d) => t(`def_zone_${d.zone}` as MessageKey) },
            { title: t('def_description'), dataIndex: 'description' },
            { title: t('def_reportedBy'), dataIndex: 'reportedByName' },
            { title: t('def_status'), render: (_, d) => <StatusTags status={d.status} overdue={d.overdue} /> },
            {
              title: '',
              render: (_, d) => (
                <Button size="small" data-testid="defect-open" onClick={() => setParams({ open: d.id })}>
                  {t('def_details')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

function StatusTags({ status, overdue }: { status: string; overdue: boolean }) {
  const { t } = useTranslation();
  return (
    <Space size={4}>
      <Tag color={STATUS_COLOR[status]} data-testid="defect-status">
        {t(`def_status_${status}` as MessageKey)}
      </Tag>
      {overdue && <Tag color="red">{t('def_overdue')}</Tag>}
    </Space>
  );
}

type ReportValues = {
  zone: string;
  kind: string;
  occurredAt?: string;
  description: string;
  involved?: string;
  immediateRemedy: string;
  problemReportId?: string;
  reason?: string;
};

/** The report's fields (a new defect, or the correction of the entry in force). */
function ReportFields({ correcting }: { correcting?: boolean }) {
  const { t } = useTranslation();
  const required = [{ required: true, whitespace: true, message: t('def_required') }];
  const problems = useQuery({
    queryKey: ['/api/problem-reports?status=open'],
    queryFn: () => getJson<{ id: string; barcode: string; kind: string; reportedAt: string }[]>('/api/problem-reports?status=open'),
  });
  return (
    <Row gutter={16}>
      <Col xs={24} md={8}>
        <Form.Item name="zone" label={t('def_zone')} rules={required}>
          <Select data-testid="defect-zone" options={DEFECT_ZONES.map((z) => ({ value: z, label: t(`def_zone_${z}` as MessageKey) }))} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="kind" label={t('def_kind')} rules={required}>
          <Select data-testid="defect-kind" options={DEFECT_KINDS.map((k) => ({ value: k, label: t(`def_kind_${k}` as MessageKey) }))} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="occurredAt" label={t('def_occurredAt')} extra={t('def_defaultNow')}>
          <Input type="datetime-local" data-testid="defect-occurred" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="description" label={t('def_description')} rules={required}>
          <Input.TextArea data-testid="defect-description" rows={2} maxLength={500} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="immediateRemedy" label={t('def_remedy')} rules={required}>
          <Input.TextArea data-testid="defect-remedy" rows={2} maxLength={500} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="involved" label={t('def_involved')}>
          <Input data-testid="defect-involved" maxLength={200} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="problemReportId" label={t('def_problemReport')}>
          <Select allowClear options={(problems.data ?? []).map((p) => ({ value: p.id, label: p.barcode }))} />
        </Form.Item>
      </Col>
      {correcting && (
        <Col xs={24}>
          <Form.Item name="reason" label={t('def_reason')} rules={required}>
            <Input data-testid="defect-reason" maxLength={200} />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}

function ReportForm({ onDone }: { onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReportValues>();
  const submit = async (v: ReportValues) => {
    try {
      await postOnce('/api/defects', filled(v));
      onDone({ ok: true, message: t('def_reported') });
      form.resetFields();
    } catch (e) {
      onDone({ ok: false, error: e as ApiError });
    }
  };
  return (
    <Card size="small" title={t('def_report')}>
      <Form form={form} name="defect" layout="vertical" data-testid="defect-form" onFinish={(v) => void submit(v)}>
        <ReportFields />
        <Button type="primary" htmlType="submit" data-testid="defect-submit">
          {t('def_report')}
        </Button>
      </Form>
    </Card>
  );
}

/** The people who may own an action (the head nurse picks them: /api/users is hers). */
function OwnerSelect() {
  const { t } = useTranslation();
  const users = useQuery({
    queryKey: ['/api/users'],
    queryFn: () => getJson<{ id: string; displayName: string; role: string; active: boolean }[]>('/api/users'),
  });
  return (
    <Form.Item name="ownerUserId" label={t('def_owner')} rules={[{ required: true, message: t('def_required') }]}>
      <Select
        data-testid="action-owner"
        showSearch
        optionFilterProp="label"
        options={(users.data ?? [])
          .filter((u) => u.active && REPORTERS.includes(u.role))
          .map((u) => ({ value: u.id, label: u.displayName }))}
      />
    </Form.Item>
  );
}

/** A corrective and preventive action's fields, with its owner and due date. */
function ActionFields() {
  const { t } = useTranslation();
  const required = [{ required: true, whitespace: true, message: t('def_required') }];
  return (
    <>
      <Form.Item name="corrective" label={t('def_corrective')} rules={required}>
        <Input.TextArea data-testid="action-corrective" rows={2} maxLength={300} />
      </Form.Item>
      <Form.Item name="preventive" label={t('def_preventive')} rules={required}>
        <Input.TextArea data-testid="action-preventive" rows={2} maxLength={300} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <OwnerSelect />
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="dueDate" label={t('def_due')} rules={[{ required: true, message: t('def_required') }]}>
            <Input type="date" data-testid="action-due" />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

type Step = 'correct' | 'investigate' | 'action' | 'verify' | 'close' | { done: Action };

/** One case with its whole record, and the next step for whoever may take it. */
function DefectCard({ id, onClose, onDone }: { id: string; onClose: () => void; onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const when = useWhen();
  const qc = useQueryClient();
  const [step, setStep] = useState<Step | null>(null);
  const key = ['defect', id];
  const detail = useQuery({ queryKey: key, queryFn: () => getJson<Detail>(`/api/defects/${id}`) });
  const d = detail.data;
  const head = me?.role === 'head_nurse';
  const path = `/api/defects/${id}`;
  const stepDone = (o: Outcome) => {
    onDone(o);
    void qc.invalidateQueries({ queryKey: key });
  };
  const mayDo = (a: Action) => !a.done && !!me && (me.role === 'head_nurse' || me.role === 'monitor' || me.id === a.ownerUserId);
  const by = (name: string, at: string) => t('def_by', { name, at: when(at) });
  const required = [{ required: true, whitespace: true, message: t('def_required') }];
  return (
    <Card
      size="small"
      title={t('def_details')}
      data-testid="defect-card"
      extra={
        <Button size="small" data-testid="defect-hide" onClick={onClose}>
          {t('def_hide')}
        </Button>
      }
    >
      {detail.error && <Alert type="error" showIcon message={(detail.error as unknown as ApiError).message} />}
      {d && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="defect-detail" data-status={d.status}>
          <StatusTags status={d.status} overdue={d.overdue} />
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('def_occurredAt')}>{when(d.occurredAt)}</Descriptions.Item>
            <Descriptions.Item label={t('def_kind')}>{t(`def_kind_${d.kind}` as MessageKey)}</Descriptions.Item>
            <Descriptions.Item label={t('def_zone')}>{t(`def_zone_${d.zone}` as MessageKey)}</Descriptions.Item>
            <Descriptions.Item label={t('def_description')}>{d.description}</Descriptions.Item>
            <Descriptions.Item label={t('def_involved')}>{d.involved ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('def_remedy')}>{d.immediateRemedy}</Descriptions.Item>
            {d.problemReportBarcode && <Descriptions.Item label={t('def_problemReport')}>{d.problemReportBarcode}</Descriptions.Item>}
            <Descriptions.Item label={t('def_reportedBy')}>{by(d.reportedByName, d.reportedAt)}</Descriptions.Item>
          </Descriptions>
          {d.history.length > 1 && (
            <Card size="small" title={t('def_history')}>
              {d.history.map((e) => (
                <div key={e.id}>
                  <Typography.Text type={e.id === d.entryId ? undefined : 'secondary'}>
                    {`${by(e.reportedByName, e.reportedAt)} · ${t(`def_kind_${e.kind}` as MessageKey)} · ${t(`def_zone_${e.zone}` as MessageKey)}`}
                  </Typography.Text>
                  {e.reason && <Typography.Text type="secondary">{` · ${t('def_correctsEntry', { reason: e.reason })}`}</Typography.Text>}
                </div>
              ))}
            </Card>
          )}
          {d.investigation && (
            <Card size="small" title={t('def_investigation')}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('def_cause')}>{d.investigation.cause}</Descriptions.Item>
                <Descriptions.Item label={t('def_responsibility')}>{d.investigation.responsibility}</Descriptions.Item>
              </Descriptions>
            </Card>
          )}
          {d.actions.length > 0 && (
            <Card size="small" title={t('def_actions')}>
              <Table<Action>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={d.actions}
                onRow={(a) => ({ 'data-testid': 'defect-action', 'data-done': a.done ? 'yes' : 'no' }) as object}
                columns={[
                  {
                    title: t('def_corrective'),
                    render: (_, a) => (
                      <Space direction="vertical" size={0}>
                        <span>{a.corrective}</span>
                        <Typography.Text type="secondary">{`${t('def_preventive')}: ${a.preventive}`}</Typography.Text>
                      </Space>
                    ),
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
                        <Button size="small" type="primary" data-testid="action-done" onClick={() => setStep({ done: a })}>
                          {t('def_done')}
                        </Button>
                      ) : (
                        t('def_notDone')
                      ),
                  },
                ]}
              />
            </Card>
          )}
          {d.verifications.map((v) => (
            <Alert
              key={v.coversSeq}
              type={v.effective ? 'success' : 'warning'}
              message={`${t('def_verification')}: ${t(v.effective ? 'def_effective' : 'def_notEffective')}`}
              description={`${v.note} · ${by(v.verifiedByName, v.verifiedAt)}`}
            />
          ))}
          {d.closure && (
            <Alert
              type="success"
              message={t('def_closure')}
              description={`${d.closure.conclusion} · ${by(d.closure.closedByName, d.closure.closedAt)}`}
            />
          )}
          <Space wrap>
            {d.status !== 'closed' && (head || me?.id === d.history.at(-1)?.reportedBy) && (
              <Button data-testid="defect-correct" onClick={() => setStep('correct')}>
                {t('def_correct')}
              </Button>
            )}
            {head && d.status === 'reported' && (
              <Button type="primary" data-testid="defect-investigate" onClick={() => setStep('investigate')}>
                {t('def_investigate')}
              </Button>
            )}
            {head && d.status !== 'reported' && d.status !== 'closed' && (
              <Button data-testid="defect-add-action" onClick={() => setStep('action')}>
                {t('def_addAction')}
              </Button>
            )}
            {head && d.status === 'action_done' && (
              <Button type="primary" data-testid="defect-verify" onClick={() => setStep('verify')}>
                {t('def_verify')}
              </Button>
            )}
            {head && d.status === 'verified' && (
              <Button type="primary" danger data-testid="defect-close" onClick={() => setStep('close')}>
                {t('def_close')}
              </Button>
            )}
          </Space>
        </Space>
      )}
      {d && step === 'correct' && (
        <StepDialog<ReportValues>
          title={t('def_correcting')}
          testId="defect-correction"
          path={`${path}/corrections`}
          okMessage={t('def_corrected')}
          body={(v) => ({ ...filled(v), correctsId: d.entryId })}
          initial={{
            zone: d.zone,
            kind: d.kind,
            description: d.description,
            involved: d.involved ?? undefined,
            immediateRemedy: d.immediateRemedy,
            problemReportId: d.problemReportId ?? undefined,
          }}
          onClose={() => setStep(null)}
          onDone={stepDone}
        >
          <ReportFields correcting />
        </StepDialog>
      )}
      {step === 'investigate' && (
        <StepDialog
          title={t('def_investigate')}
          testId="defect-investigation"
          okMessage={t('def_saved')}
          path={`${path}/investigation`}
          onClose={() => setStep(null)}
          onDone={stepDone}
        >
          <Form.Item name="cause" label={t('def_cause')} rules={required}>
            <Input.TextArea data-testid="investigation-cause" rows={2} maxLength={500} />
          </Form.Item>
          <Form.Item name="responsibility" label={t('def_responsibility')} rules={required}>
            <Input data-testid="investigation-responsibility" maxLength={300} />
          </Form.Item>
          <ActionFields />
        </StepDialog>
      )}
      {step === 'action' && (
        <StepDialog
          title={t('def_addAction')}
          testId="defect-action"
          okMessage={t('def_saved')}
          path={`${path}/actions`}
          onClose={() => setStep(null)}
          onDone={stepDone}
        >
          <ActionFields />
        </StepDialog>
      )}
      {step !== null && typeof step === 'object' && (
        <StepDialog
          title={t('def_doneTitle')}
          testId="action-done"
          okMessage={t('def_saved')}
          path={`${path}/actions/${step.done.id}/done`}
          onClose={() => setStep(null)}
          onDone={stepDone}
        >
          <Typography.Paragraph>{step.done.corrective}</Typography.Paragraph>
          <Form.Item name="actionTaken" label={t('def_actionTaken')} rules={required}>
            <Input.TextArea data-testid="action-taken" rows={3} maxLength={500} />
          </Form.Item>
        </StepDialog>
      )}
      {step === 'verify' && (
        <StepDialog
          title={t('def_verify')}
          testId="defect-verification"
          okMessage={t('def_saved')}
          path={`${path}/verification`}
          initial={{ effective: true }}
          onClose={() => setStep(null)}
          onDone={stepDone}
        >
          <Form.Item name="effective">
            <Radio.Group>
              <Radio value={true}>{t('def_effective')}</Radio>
              <Radio value={false}>{t('def_notEffective')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="note" label={t('def_note')} rules={required}>
            <Input.TextArea data-testid="verification-note" rows={3} maxLength={500} />
          </Form.Item>
        </StepDialog>
      )}
      {step === 'close' && (
        <StepDialog
          title={t('def_close')}
          testId="defect-closing"
          okMessage={t('def_saved')}
          path={`${path}/close`}
          onClose={() => setStep(null)}
          onDone={stepDone}
        >
          <Form.Item name="conclusion" label={t('def_conclusion')} rules={required}>
            <Input.TextArea data-testid="closing-conclusion" rows={3} maxLength={500} />
          </Form.Item>
        </StepDialog>
      )}
    </Card>
  );
}

/** 差错分析: the months by kind and zone, open, overdue and closed, with the trend; XLSX and PDF. */
function AnalysisTab() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? hospitalMonth(5);
  const to = params.get('to') ?? hospitalMonth(0);
  const set = (k: 'from' | 'to', v: string) => setParams({ tab: 'analysis', from, to, [k]: v });
  const valid = /^\d{4}-\d{2}$/.test(from) && /^\d{4}-\d{2}$/.test(to);
  const query = `/api/defects/analysis?from=${from}&to=${to}`;
  const analysis = useQuery({ queryKey: [query], queryFn: () => getJson<Analysis>(query), enabled: valid });
  const { buttons, error } = useReportDownloads(query, valid);
  const months = analysis.data?.months ?? [];
  const trend = (m: Month) => (m.trend ? t(`def_trend_${m.trend}` as MessageKey) : '—');
  const pivot = <K extends string>(keys: readonly K[], label: (k: K) => string, count: (m: Month, k: K) => number, testId: string) => (
    <Table<{ key: K }>
      data-testid={testId}
      rowKey="key"
      size="small"
      pagination={false}
      scroll={{ x: true }}
      dataSource={keys.map((key) => ({ key }))}
      columns={[
        { title: '', render: (_, r) => label(r.key) },
        ...months.map((m) => ({
          title: m.month,
          key: m.month,
          align: 'right' as const,
          render: (_: unknown, r: { key: K }) => count(m, r.key),
        })),
      ]}
    />
  );
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap>
        <label htmlFor="def-from">{t('def_from')}</label>
        <Input id="def-from" type="month" value={from} onChange={(e) => set('from', e.target.value)} style={{ width: 160 }} />
        <label htmlFor="def-to">{t('def_to')}</label>
        <Input id="def-to" type="month" value={to} onChange={(e) => set('to', e.target.value)} style={{ width: 160 }} />
        {buttons}
      </Space>
      {(error ?? analysis.error) && <Alert type="error" showIcon message={(error ?? (analysis.error as unknown as ApiError)).message} />}
      <Table<Month>
        data-testid="defects-analysis"
        rowKey="month"
        size="small"
        pagination={false}
        dataSource={months}
        onRow={(m) => ({ 'data-testid': `analysis-${m.month}` }) as object}
        columns={[
          { title: t('def_month'), dataIndex: 'month' },
          { title: t('def_total'), dataIndex: 'total', align: 'right' },
          { title: t('def_open'), dataIndex: 'open', align: 'right' },
          { title: t('def_overdueCount'), dataIndex: 'overdue', align: 'right' },
          { title: t('def_closed'), dataIndex: 'closed', align: 'right' },
          { title: t('def_trend'), render: (_, m) => trend(m) },
        ]}
      />
      <Typography.Title level={4}>{t('def_byKind')}</Typography.Title>
      {pivot(
        DEFECT_KINDS,
        (k) => t(`def_kind_${k}` as MessageKey),
        (m, k) => m.byKind.find((x) => x.kind === k)?.count ?? 0,
        'analysis-by-kind',
      )}
      <Typography.Title level={4}>{t('def_byZone')}</Typography.Title>
      {pivot(
        DEFECT_ZONES,
        (z) => t(`def_zone_${z}` as MessageKey),
        (m, z) => m.byZone.find((x) => x.zone === z)?.count ?? 0,
        'analysis-by-zone',
      )}
    </Space>
  );
}
