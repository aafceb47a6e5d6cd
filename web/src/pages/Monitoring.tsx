import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Table, Tag, Typography, type FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getJson, postOnce, type ApiError } from '../api/client';
import { OutcomeBanner, useName, useWhen, type Outcome } from '../components/desk';
import type { MessageKey } from '../messages';
import {
  CorrectiveActionsCard,
  OPEN_ACTIONS_KEY,
  SCHEDULE_KEY,
  ScheduleCard,
  useOpenActions,
  useSchedule,
  type ScheduledTask,
} from './QualityChecks';

export interface Readiness {
  sterilizerId: string;
  code: string;
  status: string;
  annualInspectionValid: boolean;
  bd: { required: boolean; today: 'passed' | 'failed' | 'missing' | 'not_required' };
  bi: { blocked: boolean; lastResult: string | null; lastRunAt: string | null; nextDue: string | null; overdue: boolean };
  commissioning: { active: boolean; biPasses: number; bdPasses: number; needed: number } | null;
}
interface SterilizerRow {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  type: string;
  active: boolean;
}
interface PendingBi {
  id: string;
  lot: string;
  placedAt: string;
  readoutMinutes: number;
  pcdType5Passed: boolean | null;
  sterilizerCode: string;
  loadId: string;
  cycleNo: number;
  loadStatus: string;
  loadRelease: string;
  containsImplant: boolean;
  emptyChamber: boolean;
  completedAt: string | null;
  earliestReadAt: string | null;
  readable: boolean;
  productId: string | null;
  positiveControlToday: boolean | null;
}
/** A load that ran and waits for its unloading, which a quality monitor co-signs. */
interface UnloadingLoad {
  loadId: string;
  sterilizerCode: string;
  cycleNo: number;
  programCode: string;
  startedAt: string;
  packs: number;
  bis: number;
  containsImplant: boolean;
  emptyChamber: boolean;
}
/** One row of "loads waiting for results or co-signature". */
interface WaitingLoad {
  loadId: string;
  sterilizerCode: string;
  cycleNo: number;
  waitingFor: 'unloading' | 'bi';
  since: string | null;
  containsImplant: boolean;
  loadRelease: string | null;
  bis: PendingBi[];
}
interface Limit {
  kind: string;
  unit: string;
  max: number | null;
  strictMax: boolean;
  limitsRequired: boolean;
}
interface Reading {
  id: string;
  kind: string;
  value: number;
  unit: string;
  limitMin: number | null;
  limitMax: number | null;
  withinLimits: boolean;
  measuredAt: string;
}

const POLL = 5000;

/**
 * The quality monitor's desk (§4.2): today's B-D per pre-vacuum sterilizer, the BIs incubating
 * with the time each may be read (PCD type 5 after unloading, then the result; a positive opens a
 * recall, so it is confirmed first), BIs overdue, loads waiting for the monitor (the co-signed
 * unloading, or their BIs with the time each may be read), and the environment
 * and water readings with their limits. Every form is checked before it is sent.
 */
export function MonitoringPage() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const when = useWhen();
  const name = useName();
  const qc = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const sterilizers = useQuery({
    queryKey: ['/api/sterilizers'],
    queryFn: () => getJson<SterilizerRow[]>('/api/sterilizers'),
    staleTime: 60_000,
  });
  const readiness = useQuery({
    queryKey: ['/api/monitoring/sterilizers'],
    queryFn: () => getJson<Readiness[]>('/api/monitoring/sterilizers'),
    refetchInterval: POLL,
  });
  const pending = useQuery({
    queryKey: ['/api/monitoring/bi/pending'],
    queryFn: () => getJson<PendingBi[]>('/api/monitoring/bi/pending'),
    refetchInterval: POLL,
  });
  const unloading = useQuery({
    queryKey: ['/api/monitoring/loads/unloading'],
    queryFn: () => getJson<UnloadingLoad[]>('/api/monitoring/loads/unloading'),
    refetchInterval: POLL,
  });
  const actions = useOpenActions();
  const [readingForm] = Form.useForm<ReadingForm>();

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['/api/monitoring/sterilizers'] });
    void qc.invalidateQueries({ queryKey: ['/api/monitoring/bi/pending'] });
    void qc.invalidateQueries({ queryKey: ['/api/monitoring/loads/unloading'] });
    void qc.invalidateQueries({ queryKey: ['/api/monitoring/readings'] });
    void qc.invalidateQueries({ queryKey: [SCHEDULE_KEY] });
    void qc.invalidateQueries({ queryKey: [OPEN_ACTIONS_KEY] });
  };
  const done = (o: Outcome) => {
    setOutcome(o);
    refresh();
  };
  // A scheduled reading picked on the schedule: the readings form below takes its kind.
  const pickReading = (task: ScheduledTask) => {
    readingForm.setFieldsValue({ kind: task.readingKind!, taskId: task.taskId });
    document.querySelector('[data-testid="readings-card"]')?.scrollIntoView({ behavior: 'smooth' });
  };
  const act = async (key: string, run: () => Promise<string>) => {
    setBusy(key);
    try {
      setOutcome({ ok: true, message: await run() });
    } catch (e) {
      setOutcome({ ok: false, error: e as ApiError });
    } finally {
      setBusy(null);
      refresh();
    }
  };
  const confirm = (title: string, content: string, danger: boolean) =>
    new Promise<boolean>((resolve) => {
      modal.confirm({
        title,
        content,
        okText: t('ok'),
        cancelText: t('cancel'),
        okButtonProps: { danger, ...({ 'data-testid': 'confirm-ok' } as object) },
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });

  const byId = new Map((sterilizers.data ?? []).map((s) => [s.id, s]));
  const prevac = (readiness.data ?? []).filter((r) => r.bd.required);
  const overdue = (readiness.data ?? []).filter((r) => r.bi.overdue);
  const bis = pending.data ?? [];
  const loadLabel = (b: { sterilizerCode: string; cycleNo: number }) =>
    t('mon_loadLabel', { sterilizer: b.sterilizerCode, cycle: b.cycleNo });

  const recordBd = async (r: Readiness, passed: boolean) => {
    if (!passed && !(await confirm(t('mon_bdFailConfirmTitle', { sterilizer: r.code }), t('mon_bdFailConfirm'), true))) return;
    await act(`bd-${r.code}`, async () => {
      await postOnce('/api/monitoring/bd', { sterilizerId: r.sterilizerId, passed });
      return t(passed ? 'mon_bdRecordedPassed' : 'mon_bdRecordedFailed', { sterilizer: r.code });
    });
  };
  const recordPcd = async (b: PendingBi, passed: boolean) =>
    act(`pcd-${b.id}`, async () => {
      await postOnce(`/api/monitoring/bi/${b.id}/pcd`, { passed });
      return t(passed ? 'mon_pcdRecordedPassed' : 'mon_pcdRecordedFailed', { load: loadLabel(b) });
    });
  // WS/T 367: the day's positive control of the lot (not sterilized, must grow) comes before its readings.
  const recordControl = async (b: PendingBi, grew: boolean) => {
    if (!grew && !(await confirm(t('mon_controlFailConfirmTitle', { lot: b.lot }), t('mon_controlFailConfirm'), true))) return;
    await act(`control-${b.id}`, async () => {
      const answer = await postOnce<{ withdrawnLoads: unknown[]; packsHeld: number; packsOut: number }>('/api/monitoring/bi-controls', {
        productId: b.productId,
        lot: b.lot,
        grew,
      });
      return grew
        ? t('mon_controlGrewRecorded', { lot: b.lot })
        : t('mon_controlFailedRecorded', { lot: b.lot, loads: answer.withdrawnLoads.length, held: answer.packsHeld, out: answer.packsOut });
    });
  };
  const readBi = async (b: PendingBi, result: 'passed' | 'failed') => {
    if (
      result === 'failed' &&
      !(await confirm(
        t('mon_biPositiveConfirmTitle', { load: loadLabel(b) }),
        t('mon_biPositiveConfirm', { sterilizer: b.sterilizerCode }),
        true,
      ))
    )
      return;
    await act(`bi-${b.id}`, async () => {
      const answer = await postOnce<{ released: number; recall: { id: string } | null }>(`/api/monitoring/bi/${b.id}/read`, { result });
      if (answer.recall) {
        void qc.invalidateQueries({ queryKey: ['/api/recalls'] });
        return t('mon_biPositiveRecorded', { load: loadLabel(b), sterilizer: b.sterilizerCode });
      }
      return result === 'passed'
        ? t('mon_biNegativeRecorded', { load: loadLabel(b), released: answer.released })
        : t('mon_biPositiveRepeat', { load: loadLabel(b) });
    });
  };

  const bdTag = (today: Readiness['bd']['today']) =>
    today === 'passed' ? (
      <Tag color="green">{t('mon_bdPassed')}</Tag>
    ) : today === 'failed' ? (
      <Tag color="red">{t('mon_bdFailed')}</Tag>
    ) : (
      <Tag color="orange">{t('mon_bdMissing')}</Tag>
    );

  const loadStatus = (b: PendingBi) =>
    b.loadStatus === 'open'
      ? t('mon_loadInChamber')
      : b.loadStatus === 'running'
        ? t('mon_loadRunning')
        : b.loadStatus === 'failed'
          ? t('mon_loadFailed')
          : t('mon_loadUnloaded');

  // Loads still waiting for the monitor: run and not unloaded (the unloading wants her co-signature),
  // then unloaded with BIs still to read, each with the time it may be read.
  // The two lists refresh apart: a load just unloaded may still be in the first; its BIs win.
  const unloaded = new Set(bis.filter((b) => b.completedAt).map((b) => b.loadId));
  const waitingLoads: WaitingLoad[] = [
    ...(unloading.data ?? [])
      .filter((l) => !unloaded.has(l.loadId))
      .map((l) => ({
        loadId: l.loadId,
        sterilizerCode: l.sterilizerCode,
        cycleNo: l.cycleNo,
        waitingFor: 'unloading' as const,
        since: l.startedAt,
        containsImplant: l.containsImplant,
        loadRelease: null,
        bis: [],
      })),
    ...[...new Map(bis.filter((b) => b.completedAt).map((b) => [b.loadId, b])).values()].map((b) => ({
      loadId: b.loadId,
      sterilizerCode: b.sterilizerCode,
      cycleNo: b.cycleNo,
      waitingFor: 'bi' as const,
      since: b.completedAt,
      containsImplant: b.containsImplant,
      loadRelease: b.loadRelease,
      bis: bis.filter((x) => x.loadId === b.loadId),
    })),
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="monitoring-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('monitoringDesk')}
        </Typography.Title>
        <Link to="/recalls" data-testid="link-recalls">
          {t('recalls')}
        </Link>
      </Space>
      <OutcomeBanner outcome={outcome} />

      <ScheduleCard onPickReading={pickReading} onDone={done} />
      <CorrectiveActionsCard actions={actions.data ?? []} loading={actions.isLoading} onDone={done} />

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('mon_bdToday')} size="small" data-testid="bd-card">
            <Table
              size="small"
              rowKey="sterilizerId"
              pagination={false}
              loading={readiness.isLoading}
              locale={{ emptyText: t('mon_noPrevac') }}
              dataSource={prevac}
              columns={[
                {
                  title: t('sterilizer'),
                  render: (_, r) => <b>{`${r.code} ${byId.get(r.sterilizerId) ? name(byId.get(r.sterilizerId)!) : ''}`}</b>,
                },
                { title: t('mon_bdResult'), render: (_, r) => <span data-testid={`bd-today-${r.code}`}>{bdTag(r.bd.today)}</span> },
                {
                  title: t('mon_enterResult'),
                  render: (_, r) => (
                    <Space>
                      <Button data-testid={`bd-pass-${r.code}`} loading={busy === `bd-${r.code}`} onClick={() => recordBd(r, true)}>
                        {t('passed')}
                      </Button>
                      <Button data-testid={`bd-fail-${r.code}`} danger onClick={() => recordBd(r, false)}>
                        {t('failed')}
                      </Button>
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('mon_biOverdue')} size="small" data-testid="bi-overdue-card">
            <Table
              size="small"
              rowKey="sterilizerId"
              pagination={false}
              locale={{ emptyText: t('mon_noneOverdue') }}
              dataSource={overdue}
              columns={[
                { title: t('sterilizer'), render: (_, r) => <b>{r.code}</b> },
                { title: t('mon_biDueSince'), render: (_, r) => <Tag color="orange">{when(r.bi.nextDue)}</Tag> },
                { title: t('mon_lastBiRun'), render: (_, r) => when(r.bi.lastRunAt) },
                { title: t('state'), render: (_, r) => (r.bi.blocked ? <Tag color="red">{t('mon_blockedByBi')}</Tag> : null) },
              ]}
            />
          </Card>
        </Col>
      </Row>

      <Card title={t('mon_biIncubating')} size="small" data-testid="bi-card">
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          loading={pending.isLoading}
          locale={{ emptyText: t('mon_noBis') }}
          dataSource={bis}
          onRow={(b) => ({ 'data-testid': `bi-row-${b.sterilizerCode}-${b.cycleNo}` }) as object}
          columns={[
            { title: t('load'), render: (_, b) => <b>{loadLabel(b)}</b> },
            { title: t('mon_lot'), dataIndex: 'lot' },
            {
              title: t('state'),
              render: (_, b) => (
                <Space size={4}>
                  {loadStatus(b)}
                  {b.containsImplant && <Tag color="purple">{t('mon_implant')}</Tag>}
                  {b.emptyChamber && <Tag>{t('mon_emptyChamber')}</Tag>}
                </Space>
              ),
            },
            { title: t('mon_completedAt'), render: (_, b) => when(b.completedAt) },
            {
              title: t('mon_readFrom'),
              render: (_, b) =>
                !b.earliestReadAt ? (
                  '—'
                ) : b.readable ? (
                  <Tag color="green" data-testid="bi-readable">
                    {t('mon_readableNow')}
                  </Tag>
                ) : (
                  <Tag color="blue" data-testid="bi-wait">
                    {when(b.earliestReadAt)}
                  </Tag>
                ),
            },
            {
              title: t('mon_pcd'),
              render: (_, b) =>
                b.pcdType5Passed !== null ? (
                  <Tag color={b.pcdType5Passed ? 'green' : 'red'}>{t(b.pcdType5Passed ? 'passed' : 'failed')}</Tag>
                ) : b.completedAt ? (
                  <Space>
                    <Button size="small" data-testid={`pcd-pass-${b.sterilizerCode}-${b.cycleNo}`} onClick={() => recordPcd(b, true)}>
                      {t('passed')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      data-testid={`pcd-fail-${b.sterilizerCode}-${b.cycleNo}`}
                      onClick={() => recordPcd(b, false)}
                    >
                      {t('failed')}
                    </Button>
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t('mon_pcdAfterUnload')}</Typography.Text>
                ),
            },
            {
              title: t('mon_positiveControl'),
              render: (_, b) =>
                b.positiveControlToday !== null ? (
                  <Tag color={b.positiveControlToday ? 'green' : 'red'} data-testid="control-today">
                    {t(b.positiveControlToday ? 'mon_controlGrew' : 'mon_controlNoGrowth')}
                  </Tag>
                ) : b.readable && b.productId ? (
                  <Space>
                    <Button
                      size="small"
                      data-testid={`control-grew-${b.sterilizerCode}-${b.cycleNo}`}
                      loading={busy === `control-${b.id}`}
                      onClick={() => recordControl(b, true)}
                    >
                      {t('mon_controlGrew')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      data-testid={`control-failed-${b.sterilizerCode}-${b.cycleNo}`}
                      onClick={() => recordControl(b, false)}
                    >
                      {t('mon_controlNoGrowth')}
                    </Button>
                  </Space>
                ) : (
                  '—'
                ),
            },
            {
              title: t('mon_biResult'),
              render: (_, b) =>
                b.readable ? (
                  <Space>
                    <Button
                      type="primary"
                      data-testid={`bi-negative-${b.sterilizerCode}-${b.cycleNo}`}
                      loading={busy === `bi-${b.id}`}
                      onClick={() => readBi(b, 'passed')}
                    >
                      {t('mon_negative')}
                    </Button>
                    <Button danger data-testid={`bi-positive-${b.sterilizerCode}-${b.cycleNo}`} onClick={() => readBi(b, 'failed')}>
                      {t('mon_positive')}
                    </Button>
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t('mon_incubating')}</Typography.Text>
                ),
            },
          ]}
        />
      </Card>

      <Card title={t('mon_loadsWaiting')} size="small" data-testid="loads-waiting-card">
        <Table
          size="small"
          rowKey="loadId"
          pagination={false}
          locale={{ emptyText: t('mon_noLoadsWaiting') }}
          dataSource={waitingLoads}
          onRow={(l) => ({ 'data-testid': `waiting-load-${l.sterilizerCode}-${l.cycleNo}`, 'data-waiting': l.waitingFor }) as object}
          columns={[
            {
              title: t('load'),
              render: (_, l) => (
                <Space size={4}>
                  <b>{loadLabel(l)}</b>
                  {l.containsImplant && <Tag color="purple">{t('mon_implant')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('mon_waitingFor'),
              render: (_, l) =>
                l.waitingFor === 'unloading' ? (
                  <Tag color="blue" data-testid="waiting-cosign">
                    {t('mon_waitingCosign')}
                  </Tag>
                ) : (
                  <Space size={4}>
                    <Tag color="geekblue">{t('mon_waitingBi')}</Tag>
                    {l.loadRelease === 'awaiting_bi' && <Tag color="purple">{t('mon_implantsHeld')}</Tag>}
                    {l.bis.some((b) => b.pcdType5Passed === null) && <Tag color="orange">{t('mon_pcdMissing')}</Tag>}
                  </Space>
                ),
            },
            {
              title: t('mon_since'),
              render: (_, l) =>
                l.waitingFor === 'unloading' ? t('mon_startedAt', { at: when(l.since) }) : t('mon_unloadedAt', { at: when(l.since) }),
            },
            {
              title: t('mon_biReadTimes'),
              render: (_, l) =>
                l.waitingFor === 'unloading' ? (
                  '—'
                ) : (
                  <Space size={4} wrap>
                    {l.bis.map((b) => (
                      <Tag key={b.id} color={b.readable ? 'green' : 'blue'} data-testid="waiting-bi-read">
                        {b.lot}: {b.readable ? t('mon_readableNow') : when(b.earliestReadAt)}
                      </Tag>
                    ))}
                  </Space>
                ),
            },
          ]}
        />
      </Card>

      <ReadingsCard form={readingForm} onDone={done} />
    </Space>
  );
}

type ReadingForm = { kind: string; taskId?: string; value: number; limitMin?: number; limitMax?: number; note?: string };

/** Environment and water readings: the limit shown, the value checked against it before sending. */
function ReadingsCard({ form, onDone }: { form: FormInstance<ReadingForm>; onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const when = useWhen();
  const [sending, setSending] = useState(false);
  const limits = useQuery({
    queryKey: ['/api/monitoring/reading-limits'],
    queryFn: () => getJson<Limit[]>('/api/monitoring/reading-limits'),
    staleTime: Infinity,
  });
  const readings = useQuery({
    queryKey: ['/api/monitoring/readings'],
    queryFn: () => getJson<Reading[]>('/api/monitoring/readings'),
    refetchInterval: POLL,
  });
  const kind = Form.useWatch('kind', form);
  const name = useName();
  // Concentrations are checked per solution in use: with several of a kind, the reading names its solution.
  const solutions = (useSchedule().data?.tasks ?? []).filter((x) => x.readingKind === kind);
  const value = Form.useWatch('value', form);
  const limitMin = Form.useWatch('limitMin', form);
  const limitMax = Form.useWatch('limitMax', form);
  const limit = limits.data?.find((l) => l.kind === kind);
  const kindLabel = (k: string) => t(`mon_kind_${k}` as MessageKey);
  const limitText = (l: Limit) => (l.limitsRequired ? t('mon_limitOwn') : `${l.strictMax ? '<' : '≤'} ${l.max} ${l.unit}`);

  // The same judgement the service makes (reading-limits.ts), shown before sending.
  const preview = (() => {
    if (!limit || typeof value !== 'number') return null;
    const min = limit.limitsRequired ? limitMin : undefined;
    const max = limit.limitsRequired ? limitMax : limit.max;
    if (typeof min === 'number' && value < min) return false;
    if (typeof max === 'number' && (limit.strictMax && !limit.limitsRequired ? value >= max : value > max)) return false;
    return true;
  })();

  const submit = async (v: ReadingForm) => {
    setSending(true);
    try {
      const body = {
        kind: v.kind,
        value: v.value,
        ...(limit?.limitsRequired ? { limitMin: v.limitMin, limitMax: v.limitMax } : {}),
        ...(v.note ? { note: v.note } : {}),
        ...(solutions.length > 1 && v.taskId ? { taskId: v.taskId } : {}),
      };
      const r = await postOnce<Reading & { shortenedCottonPacks?: number; correctiveActionId: string | null }>(
        '/api/monitoring/readings',
        body,
      );
      onDone({
        ok: true,
        message: t(r.withinLimits ? 'mon_readingWithin' : r.correctiveActionId ? 'mon_readingCorrective' : 'mon_readingOutside', {
          kind: kindLabel(r.kind),
          value: r.value,
          unit: r.unit,
        }),
      });
      form.resetFields(['value', 'limitMin', 'limitMax', 'note']);
    } catch (e) {
      onDone({ ok: false, error: e as ApiError });
    } finally {
      setSending(false);
    }
  };

  return (
    <Card title={t('mon_readings')} size="small" data-testid="readings-card">
      <Row gutter={24}>
        <Col xs={24} lg={10}>
          <Form form={form} layout="vertical" onFinish={submit} data-testid="reading-form" initialValues={{ kind: 'storage_temperature' }}>
            <Form.Item name="kind" label={t('mon_readingKind')} rules={[{ required: true, message: t('mon_required') }]}>
              <Select
                data-testid="reading-kind"
                onChange={() => form.setFieldValue('taskId', undefined)}
                options={(limits.data ?? []).map((l) => ({ value: l.kind, label: `${kindLabel(l.kind)} (${limitText(l)})` }))}
              />
            </Form.Item>
            {solutions.length > 1 && (
              <Form.Item name="taskId" label={t('qc_solution')} rules={[{ required: true, message: t('mon_required') }]}>
                <Select data-testid="reading-solution" options={solutions.map((x) => ({ value: x.taskId, label: name(x) }))} />
              </Form.Item>
            )}
            {limit?.limitsRequired && (
              <Space>
                <Form.Item
                  name="limitMin"
                  label={t('mon_limitMin')}
                  rules={[
                    { required: true, message: t('mon_required') },
                    { type: 'number', min: -100, max: 1_000_000, message: t('mon_limitRange') },
                  ]}
                >
                  <InputNumber data-testid="reading-min" />
                </Form.Item>
                <Form.Item
                  name="limitMax"
                  label={t('mon_limitMax')}
                  dependencies={['limitMin']}
                  rules={[
                    { required: true, message: t('mon_required') },
                    { type: 'number', min: -100, max: 1_000_000, message: t('mon_limitRange') },
                    ({ getFieldValue }) => ({
                      validator: (_, v) =>
                        typeof v !== 'number' || typeof getFieldValue('limitMin') !== 'number' || v >= getFieldValue('limitMin')
                          ? Promise.resolve()
                          : Promise.reject(new Error(t('mon_limitOrder'))),
                    }),
                  ]}
                >
                  <InputNumber data-testid="reading-max" />
                </Form.Item>
              </Space>
            )}
            <Form.Item
              name="value"
              label={`${t('mon_value')}${limit ? ` (${limit.unit})` : ''}`}
              rules={[
                { required: true, message: t('mon_required') },
                { type: 'number', min: -100, max: 1_000_000, message: t('mon_valueRange') },
              ]}
              extra={
                preview === null ? null : preview ? (
                  <Typography.Text type="success">{t('mon_previewWithin')}</Typography.Text>
                ) : (
                  <Typography.Text type="danger">{t('mon_previewOutside')}</Typography.Text>
                )
              }
            >
              <InputNumber data-testid="reading-value" style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="note" label={t('mon_note')} rules={[{ max: 200, message: t('mon_noteTooLong') }]}>
              <Input data-testid="reading-note" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={sending} data-testid="reading-submit">
              {t('submit')}
            </Button>
          </Form>
        </Col>
        <Col xs={24} lg={14}>
          <Table
            size="small"
            rowKey="id"
            pagination={{ pageSize: 8 }}
            dataSource={readings.data ?? []}
            locale={{ emptyText: t('mon_noReadings') }}
            columns={[
              { title: t('time'), render: (_, r) => when(r.measuredAt) },
              { title: t('mon_readingKind'), render: (_, r) => kindLabel(r.kind) },
              { title: t('mon_value'), render: (_, r) => `${r.value} ${r.unit}` },
              { title: t('mon_limit'), render: (_, r) => `${r.limitMin ?? '—'} – ${r.limitMax ?? '—'}` },
              {
                title: t('state'),
                render: (_, r) => <Tag color={r.withinLimits ? 'green' : 'red'}>{t(r.withinLimits ? 'mon_within' : 'mon_outside')}</Tag>,
              },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}
