import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Col, Empty, Form, Input, List, Modal, Radio, Row, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { getJson, postOnce, type ApiError } from '../api/client';
import { useAuth } from '../auth';
import { IrreversibleFooter } from '../components/IrreversibleFooter';
import { ResultPanel, type ScanResult } from '../components/ResultPanel';
import { ScanField } from '../components/ScanField';
import type { MessageKey } from '../messages';
import { playResult } from '../sounds';
import { ProblemOutcome, type ProblemReport } from './Problems';
import { hospitalMonth } from './Defects';
import { DepartmentRepairCharges } from './Repairs';
import { LoanerState, type Loaner } from './Loaners';
import { HOSPITAL_TZ } from '../hospital-time';

/** A pack as GET /api/department/packs lists it (src/kernel/pack-summary.ts). */
interface PackRow {
  barcode: string | null;
  state: string;
  stateZh: string;
  stateEn: string;
  templateCode: string;
  nameZh: string;
  nameEn: string;
  setAssetCode: string | null;
  implant: boolean;
  sterilizationDate: string | null;
  expiryDate: string | null;
}
interface Notice {
  id: string;
  kind: 'recall' | 'late_bi_passed' | 'late_bi_failed';
  recallId: string | null;
  packs: { barcode: string | null }[];
  messageZh: string;
  messageEn: string;
  createdAt: string;
  recallOutcome: { closedAt: string; cause: string; reprocessedCount: number; discardedCount: number; conclusion: string } | null;
  /** When the department said it read the notice, and who (issue 15: the recall report shows it). */
  acknowledged: { at: string; by: string } | null;
}
interface RecalledRow {
  recall_id: string;
  reason_zh: string;
  reason_en: string;
  opened_at: string;
  barcode: string;
  name_zh: string;
  name_en: string;
  disposition: 'not_found' | 'used' | 'use_not_recorded';
}
interface Department {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}
interface Answer {
  summary?: { zh: string; en: string };
  warnings?: { zh: string; en: string }[];
}

const PROBLEMS = ['wet', 'damaged', 'inside_indicator_failed'] as const;
type ProblemKind = (typeof PROBLEMS)[number];
/** An identifier only (住院号 / 手术号), never a name: the service refuses anything else (src/usage/dto). */
const IDENTIFIER = /^[A-Za-z0-9-]{1,40}$/;
/** The lists refresh by themselves, so a recall opened at the CSSD shows here without a reload. */
const REFRESH_MS = 5000;

const when = (iso: string, zh: boolean) =>
  new Date(iso).toLocaleString(zh ? 'zh-CN' : 'en-GB', { timeZone: HOSPITAL_TZ, dateStyle: 'short', timeStyle: 'short' });

/**
 * A clinical department's page (§3.2 step 6–7): packs dispatched to it to confirm (a scan of the
 * label confirms it), packs to record on a patient or report, packs the CSSD collected with no use
 * recorded to complete (issue 18), the recall notices and the recalled packs to send back (a
 * button, or a scan of the label). The service shows a department only its own packs.
 */
export function DepartmentPage() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const { me } = useAuth();
  const qc = useQueryClient();
  const [searchParams] = useSearchParams();
  const dispatched = useQuery({
    queryKey: ['dept-packs', 'dispatched'],
    queryFn: () => getJson<PackRow[]>('/api/department/packs?state=dispatched'),
    refetchInterval: REFRESH_MS,
  });
  const received = useQuery({
    queryKey: ['dept-packs', 'received'],
    queryFn: () => getJson<PackRow[]>('/api/department/packs?state=received'),
    refetchInterval: REFRESH_MS,
  });
  // Issue 18: packs the CSSD collected with no use recorded here, for this department to complete.
  const unrecorded = useQuery({
    queryKey: ['dept-packs', 'use_unrecorded'],
    queryFn: () => getJson<PackRow[]>('/api/department/packs?state=use_unrecorded'),
    refetchInterval: REFRESH_MS,
  });
  const notices = useQuery({
    queryKey: ['dept-notices'],
    queryFn: () => getJson<Notice[]>('/api/department/notices'),
    refetchInterval: REFRESH_MS,
  });
  const recalls = useQuery({
    queryKey: ['dept-recalls'],
    queryFn: () => getJson<RecalledRow[]>('/api/department/recalls'),
    refetchInterval: REFRESH_MS,
  });
  const reports = useQuery({
    queryKey: ['dept-problems'],
    queryFn: () => getJson<ProblemReport[]>('/api/department/problems'),
    refetchInterval: REFRESH_MS,
  });
  const departments = useQuery({
    queryKey: ['/api/departments'],
    queryFn: () => getJson<Department[]>('/api/departments'),
    staleTime: 60_000,
  });
  const mine = departments.data?.find((d) => d.id === me?.departmentId);
  // The department's scans are recorded as made at its own place (the provenance's "where").
  useEffect(() => {
    if (mine) localStorage.setItem('cssd.station', `WEB-${mine.code}`);
  }, [mine]);

  const [result, setResult] = useState<ScanResult | null>(null);
  const [useOf, setUseOf] = useState<PackRow | null>(null);
  // The use dialog records a use now, or completes a pack that came back with no use recorded.
  const [completing, setCompleting] = useState(false);
  const [notUsedOf, setNotUsedOf] = useState<PackRow | null>(null);
  const [problemOf, setProblemOf] = useState<PackRow | null>(null);
  const [sendingBack, setSendingBack] = useState<RecalledRow | null>(null);
  const [acknowledging, setAcknowledging] = useState<Notice | null>(null);
  const queue = useRef(Promise.resolve());

  const name = (p: { nameZh: string; nameEn: string }) => (zh ? p.nameZh : p.nameEn);
  const refresh = () => void qc.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('dept-') });
  const show = (r: ScanResult) => {
    setResult(r);
    playResult(r.ok ? (r.warnings.length ? 'warning' : 'ok') : 'error');
  };

  /** One write; the answer (or the service's reason) fills the result panel. */
  const act = async (code: string, path: string, body: object): Promise<boolean> => {
    try {
      const a = await postOnce<Answer>(path, body);
      show({
        at: new Date(),
        code,
        ok: true,
        message: a.summary ? (zh ? a.summary.zh : a.summary.en) : t('outcomeOk'),
        warnings: (a.warnings ?? []).map((w) => (zh ? w.zh : w.en)),
      });
      return true;
    } catch (e) {
      const err = e as ApiError;
      show({ at: new Date(), code, ok: false, message: err.message, errorCode: err.code, warnings: [] });
      return false;
    } finally {
      refresh();
    }
  };

  // A scanned label confirms receipt (the service refuses it, in red, unless the pack was dispatched here);
  // the label of a recalled pack still to send back sends it back instead.
  const onScan = (code: string) => {
    const recalledHere = recalls.data?.some((r) => r.barcode === code && r.disposition === 'not_found');
    const path = recalledHere ? '/api/department/recalls/return' : '/api/department/receive';
    queue.current = queue.current.then(async () => void (await act(code, path, { code })));
  };
  const sendBack = (barcode: string) => {
    setSendingBack(null);
    queue.current = queue.current.then(async () => void (await act(barcode, '/api/department/recalls/return', { code: barcode })));
  };

  const packLine = (p: PackRow) => (
    <Space direction="vertical" size={0}>
      <Space wrap>
        <Link to={`/provenance/${p.barcode}`} data-testid="provenance-link" style={{ fontSize: 18, fontFamily: 'monospace' }}>
          {p.barcode}
        </Link>
        <Typography.Text strong style={{ fontSize: 18 }}>
          {name(p)}
        </Typography.Text>
        {p.implant && <Tag color="purple">{t('dept_implant')}</Tag>}
      </Space>
      <Typography.Text type="secondary">
        {p.templateCode}
        {p.setAssetCode ? ` · ${p.setAssetCode}` : ''} · {t('expiry')} {p.expiryDate ?? '—'}
      </Typography.Text>
    </Space>
  );

  // Packs still here are to be sent back first; packs already used (or to complete) follow, for the patients' follow-up.
  const recalled = [...(recalls.data ?? [])].sort((a, b) => Number(a.disposition !== 'not_found') - Number(b.disposition !== 'not_found'));
  const dialogsOpen = useOf !== null || problemOf !== null || sendingBack !== null || notUsedOf !== null;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="department-page">
      <Space wrap align="baseline" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('departmentPage')}
          {mine ? ` · ${mine.code} ${name(mine)}` : ''}
        </Typography.Title>
        <Space>
          <Link to="/department/requisitions" data-testid="open-requisitions">
            {t('rq_deptLink')}
          </Link>
          <Link to="/department/supplies" data-testid="open-supplies">
            {t('sup_title')}
          </Link>
          <Link to="/department/surveys" data-testid="open-surveys">
            {t('sv_deptTitle')}
          </Link>
          <Link to="/provenance" data-testid="open-provenance">
            {t('provenance')}
          </Link>
        </Space>
      </Space>

      {(notices.data?.length ?? 0) > 0 && (
        <Card
          size="small"
          title={
            <Space>
              {t('notices')}
              <Badge count={notices.data!.length} />
            </Space>
          }
          data-testid="notices"
        >
          <List
            dataSource={notices.data}
            renderItem={(n) => (
              <List.Item>
                <Alert
                  style={{ width: '100%' }}
                  type={n.kind === 'late_bi_passed' ? 'info' : n.recallOutcome ? 'success' : 'error'}
                  showIcon
                  message={<span style={{ fontSize: 18 }}>{zh ? n.messageZh : n.messageEn}</span>}
                  description={
                    <Space wrap>
                      <span>{when(n.createdAt, zh)}</span>
                      {n.packs.map((p) => p.barcode && <Tag key={p.barcode}>{p.barcode}</Tag>)}
                      {n.kind === 'recall' && n.recallId && (
                        <Link to={`/recalls/${n.recallId}/report`} data-testid="notice-report">
                          {t('rr_report')}
                        </Link>
                      )}
                      {n.acknowledged ? (
                        <Typography.Text type="secondary" data-testid="notice-acknowledged">
                          {t('dept_acknowledged', { by: n.acknowledged.by, at: when(n.acknowledged.at, zh) })}
                        </Typography.Text>
                      ) : (
                        <Button data-testid="acknowledge" onClick={() => setAcknowledging(n)}>
                          {t('dept_acknowledge')}
                        </Button>
                      )}
                      {n.recallOutcome && (
                        <Typography.Text data-testid="recall-outcome" strong>
                          {t('dept_recallClosed', {
                            at: when(n.recallOutcome.closedAt, zh),
                            cause: n.recallOutcome.cause,
                            reprocessed: n.recallOutcome.reprocessedCount,
                            discarded: n.recallOutcome.discardedCount,
                            conclusion: n.recallOutcome.conclusion,
                          })}
                        </Typography.Text>
                      )}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      )}

      {recalled.length > 0 && (
        <Card
          size="small"
          title={
            <Typography.Text strong style={{ color: '#b42318', fontSize: 18 }}>
              {t('recalledPacks')}
            </Typography.Text>
          }
          data-testid="recalled"
          style={{ borderColor: '#b42318' }}
        >
          <Typography.Paragraph>{t('dept_sendBackHint')}</Typography.Paragraph>
          <List
            dataSource={recalled}
            renderItem={(r) => (
              <List.Item
                data-testid="recalled-row"
                data-disposition={r.disposition}
                actions={
                  r.disposition === 'not_found'
                    ? [
                        <Button
                          key="send-back"
                          danger
                          type="primary"
                          size="large"
                          data-testid="send-back"
                          onClick={() => setSendingBack(r)}
                        >
                          {t('dept_sendBackAction')}
                        </Button>,
                      ]
                    : []
                }
              >
                <Space direction="vertical" size={0}>
                  <Space wrap>
                    <Link to={`/provenance/${r.barcode}`} data-testid="provenance-link" style={{ fontSize: 18, fontFamily: 'monospace' }}>
                      {r.barcode}
                    </Link>
                    <Typography.Text strong style={{ fontSize: 18 }}>
                      {zh ? r.name_zh : r.name_en}
                    </Typography.Text>
                    {r.disposition === 'used' ? (
                      <Tag color="orange">{t('dept_usedFollowUp')}</Tag>
                    ) : r.disposition === 'use_not_recorded' ? (
                      <Tag color="gold">{t('dept_recallUnrecorded')}</Tag>
                    ) : (
                      <Tag color="red">{t('dept_sendBack')}</Tag>
                    )}
                  </Space>
                  <Typography.Text type="secondary">
                    {zh ? r.reason_zh : r.reason_en} · {when(r.opened_at, zh)}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}

      {(unrecorded.data?.length ?? 0) > 0 && (
        <Card
          size="small"
          title={
            <Space>
              <Typography.Text strong style={{ fontSize: 18 }}>
                {t('dept_unrecorded')}
              </Typography.Text>
              <Badge count={unrecorded.data!.length} />
            </Space>
          }
          data-testid="use-not-recorded"
          style={{ borderColor: '#d48806' }}
        >
          <Typography.Paragraph>{t('dept_unrecordedHint')}</Typography.Paragraph>
          <List
            dataSource={unrecorded.data}
            renderItem={(p) => (
              <List.Item
                data-testid="use-not-recorded-row"
                data-barcode={p.barcode}
                actions={[
                  <Button
                    key="used"
                    type="primary"
                    size="large"
                    data-testid="complete-use"
                    onClick={() => {
                      setCompleting(true);
                      setUseOf(p);
                    }}
                  >
                    {t('dept_unrecordedUsed')}
                  </Button>,
                  <Button key="unused" size="large" data-testid="complete-unused" onClick={() => setNotUsedOf(p)}>
                    {t('dept_unrecordedNotUsed')}
                  </Button>,
                ]}
              >
                {packLine(p)}
              </List.Item>
            )}
          />
        </Card>
      )}

      <Card size="small" title={t('dept_scanToConfirm')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <ScanField onScan={onScan} paused={dialogsOpen} />
          <ResultPanel result={result} />
        </Space>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={
              <Space>
                {t('dept_toConfirm')}
                <Badge count={dispatched.data?.length ?? 0} showZero color="#0b3d62" />
              </Space>
            }
            data-testid="to-confirm"
          >
            <List
              locale={{ emptyText: <Empty description={t('dept_nothingToConfirm')} /> }}
              dataSource={dispatched.data ?? []}
              renderItem={(p) => (
                <List.Item
                  data-testid="to-confirm-row"
                  actions={[
                    <Button
                      key="confirm"
                      type="primary"
                      size="large"
                      data-testid="confirm"
                      onClick={() => void act(p.barcode!, '/api/department/receive', { code: p.barcode })}
                    >
                      {t('confirmReceipt')}
                    </Button>,
                    <Button key="problem" danger size="large" data-testid="report" onClick={() => setProblemOf(p)}>
                      {t('reportProblem')}
                    </Button>,
                  ]}
                >
                  {packLine(p)}
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={
              <Space>
                {t('packsHere')}
                <Badge count={received.data?.length ?? 0} showZero color="#1f7a1f" />
              </Space>
            }
            data-testid="received"
          >
            <List
              locale={{ emptyText: <Empty description={t('dept_nothingHere')} /> }}
              dataSource={received.data ?? []}
              renderItem={(p) => (
                <List.Item
                  data-testid="received-row"
                  actions={[
                    <Button
                      key="use"
                      type="primary"
                      size="large"
                      data-testid="use"
                      onClick={() => {
                        setCompleting(false);
                        setUseOf(p);
                      }}
                    >
                      {t('recordUse')}
                    </Button>,
                    <Button key="problem" danger size="large" data-testid="report" onClick={() => setProblemOf(p)}>
                      {t('reportProblem')}
                    </Button>,
                  ]}
                >
                  {packLine(p)}
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>

      <DepartmentLoaners />

      {(reports.data?.length ?? 0) > 0 && (
        <Card size="small" title={t('dept_myReports')} data-testid="my-reports">
          <List
            dataSource={reports.data}
            renderItem={(r) => (
              <List.Item data-testid="my-report" data-barcode={r.barcode}>
                <Space direction="vertical" size={2}>
                  <Space wrap>
                    <Link to={`/provenance/${r.barcode}`} style={{ fontSize: 18, fontFamily: 'monospace' }}>
                      {r.barcode}
                    </Link>
                    <Typography.Text strong>{name(r)}</Typography.Text>
                    <Tag color="red">{t(`dept_problem_${r.kind}` as MessageKey)}</Tag>
                    <Typography.Text type="secondary">{when(r.reportedAt, zh)}</Typography.Text>
                  </Space>
                  <ProblemOutcome report={r} />
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}

      <DepartmentRepairCharges month={searchParams.get('repairsMonth') ?? hospitalMonth(0)} />

      <UseDialog
        pack={useOf}
        onCancel={() => setUseOf(null)}
        onSubmit={async (ids) => {
          const p = useOf!;
          setUseOf(null);
          await act(p.barcode!, completing ? '/api/department/use-not-recorded/used' : '/api/department/use', { code: p.barcode, ...ids });
        }}
      />
      <Modal
        open={notUsedOf !== null}
        title={t('dept_unrecordedNotUsedTitle', { pack: notUsedOf ? `${notUsedOf.barcode} ${name(notUsedOf)}` : '' })}
        okText={t('dept_unrecordedNotUsedConfirm')}
        cancelText={t('cancel')}
        okButtonProps={{ size: 'large', ...({ 'data-testid': 'complete-unused-confirm' } as object) }}
        cancelButtonProps={{ size: 'large' }}
        onOk={() => {
          const p = notUsedOf!;
          setNotUsedOf(null);
          queue.current = queue.current.then(
            async () => void (await act(p.barcode!, '/api/department/use-not-recorded/unused', { code: p.barcode })),
          );
        }}
        onCancel={() => setNotUsedOf(null)}
        destroyOnHidden
      >
        <Typography.Paragraph style={{ fontSize: 16 }}>{t('dept_unrecordedNotUsedExplain')}</Typography.Paragraph>
      </Modal>
      <Modal
        open={acknowledging !== null}
        title={t('dept_acknowledgeTitle')}
        okText={t('dept_acknowledge')}
        cancelText={t('cancel')}
        okButtonProps={{ size: 'large', ...({ 'data-testid': 'acknowledge-confirm' } as object) }}
        cancelButtonProps={{ size: 'large' }}
        onOk={() => {
          const n = acknowledging!;
          setAcknowledging(null);
          void act(n.packs[0]?.barcode ?? '', `/api/department/notices/${n.id}/acknowledge`, {});
        }}
        onCancel={() => setAcknowledging(null)}
        destroyOnHidden
      >
        <Typography.Paragraph style={{ fontSize: 16 }}>
          {acknowledging && (zh ? acknowledging.messageZh : acknowledging.messageEn)}
        </Typography.Paragraph>
        <Typography.Paragraph>{t('dept_acknowledgeExplain')}</Typography.Paragraph>
      </Modal>
      <Modal
        open={sendingBack !== null}
        title={t('dept_sendBackTitle', {
          pack: sendingBack ? `${sendingBack.barcode} ${zh ? sendingBack.name_zh : sendingBack.name_en}` : '',
        })}
        okText={t('dept_sendBackConfirm')}
        cancelText={t('cancel')}
        okButtonProps={{ danger: true, size: 'large', ...({ 'data-testid': 'send-back-confirm' } as object) }}
        cancelButtonProps={{ size: 'large' }}
        onOk={() => sendBack(sendingBack!.barcode)}
        onCancel={() => setSendingBack(null)}
        destroyOnHidden
      >
        <Typography.Paragraph style={{ fontSize: 16 }}>{t('dept_sendBackExplain')}</Typography.Paragraph>
      </Modal>
      <ProblemDialog
        pack={problemOf}
        onCancel={() => setProblemOf(null)}
        onSubmit={async (kind, note) => {
          const p = problemOf!;
          setProblemOf(null);
          await act(p.barcode!, '/api/department/problems', { code: p.barcode, kind, ...(note ? { note } : {}) });
        }}
      />
    </Space>
  );
}

/** Use on a patient: a patient id or an operation id (or both) — identifiers, never names. */
function UseDialog({
  pack,
  onCancel,
  onSubmit,
}: {
  pack: PackRow | null;
  onCancel: () => void;
  onSubmit: (ids: { patientId?: string; operationId?: string }) => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ patientId?: string; operationId?: string }>();
  const idRule = { pattern: IDENTIFIER, message: t('dept_identifierOnly') };
  return (
    <Modal
      open={pack !== null}
      title={`${t('recordUse')} · ${pack?.barcode ?? ''} ${pack ? (i18n.language === 'en' ? pack.nameEn : pack.nameZh) : ''}`}
      okText={t('submit')}
      cancelText={t('cancel')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'use-submit', size: 'large' } as Record<string, string>}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          const patientId = v.patientId?.trim() || undefined;
          const operationId = v.operationId?.trim() || undefined;
          onSubmit({ ...(patientId ? { patientId } : {}), ...(operationId ? { operationId } : {}) });
        }}
      >
        <Typography.Paragraph type="secondary">{t('dept_useHint')}</Typography.Paragraph>
        <Form.Item name="patientId" label={t('patientId')} rules={[idRule]}>
          <Input data-testid="patient-id" size="large" autoFocus autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="operationId"
          label={t('operationId')}
          dependencies={['patientId']}
          rules={[
            idRule,
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value?.trim() || getFieldValue('patientId')?.trim()
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('dept_patientOrOperation'))),
            }),
          ]}
        >
          <Input data-testid="operation-id" size="large" autoComplete="off" onPressEnter={() => form.submit()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A problem report closes the pack for good (and a failed inside indicator opens a recall): asked twice. */
function ProblemDialog({
  pack,
  onCancel,
  onSubmit,
}: {
  pack: PackRow | null;
  onCancel: () => void;
  onSubmit: (kind: ProblemKind, note: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<ProblemKind | null>(null);
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const reset = () => {
    setKind(null);
    setNote('');
    setConfirming(false);
  };
  const label = pack ? `${pack.barcode} ${i18n.language === 'en' ? pack.nameEn : pack.nameZh}` : '';
  return (
    <Modal
      open={pack !== null}
      title={`${t('reportProblem')} · ${label}`}
      destroyOnHidden
      afterClose={reset}
      onCancel={onCancel}
      footer={
        <IrreversibleFooter
          confirming={confirming}
          onCancel={onCancel}
          onBack={() => setConfirming(false)}
          onNext={() => setConfirming(true)}
          onConfirm={() => onSubmit(kind!, note.trim())}
          next={t('reportProblem')}
          confirm={t('dept_reportConfirm')}
          testId="problem"
          nextDisabled={!kind}
        />
      }
    >
      {confirming ? (
        <Alert
          data-testid="problem-warning"
          type="error"
          showIcon
          message={
            <span style={{ fontSize: 18 }}>
              {t('dept_reportAreYouSure', { pack: label, problem: t(`dept_problem_${kind}` as MessageKey) })}
            </span>
          }
          description={kind === 'inside_indicator_failed' ? t('dept_reportOpensRecall') : t('dept_reportIrreversible')}
        />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Radio.Group
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            optionType="button"
            buttonStyle="solid"
            size="large"
            data-testid="problem-kind"
          >
            {PROBLEMS.map((k) => (
              <Radio.Button key={k} value={k}>
                <span data-testid={`problem-${k}`}>{t(`dept_problem_${k}` as MessageKey)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
          <Input.TextArea
            aria-label={t('dept_note')}
            placeholder={t('dept_note')}
            maxLength={200}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            rows={2}
          />
        </Space>
      )}
    </Modal>
  );
}

/**
 * The loaner trays that came for this department's operations (issue 16): where each is in the
 * chain, returned or not. The month is the page's `?month=` (this month by default); the service
 * lists this department's trays only.
 */
function DepartmentLoaners() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const month = params.get('month') ?? hospitalMonth(0);
  const path = `/api/loaners?month=${/^\d{4}-\d{2}$/.test(month) ? month : hospitalMonth(0)}`;
  const trays = useQuery({ queryKey: ['loaners', path], queryFn: () => getJson<{ trays: Loaner[] }>(path), refetchInterval: 15_000 });
  if (!trays.data?.trays.length) return null;
  const zh = i18n.language !== 'en';
  return (
    <Card size="small" title={t('dept_loaners')} data-testid="department-loaners">
      <List
        dataSource={trays.data.trays}
        renderItem={(r) => (
          <List.Item data-testid="department-loaner" data-code={r.code}>
            <Space wrap>
              <Typography.Text strong>{r.code}</Typography.Text>
              <Typography.Text>{r.lenderName}</Typography.Text>
              <Typography.Text>
                {r.operation} · {r.surgeon} · {r.patientId}
              </Typography.Text>
              <Typography.Text type="secondary">{when(r.plannedAt, zh)}</Typography.Text>
              {r.barcode && (
                <Link to={`/provenance/${r.barcode}`} style={{ fontFamily: 'monospace' }}>
                  {r.barcode}
                </Link>
              )}
              <LoanerState tray={r} />
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
