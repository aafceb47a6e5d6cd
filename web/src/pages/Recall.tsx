import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { getJson, postOnce, type ApiError } from '../api/client';
import type { components } from '../api/schema';
import { useAuth } from '../auth';
import { OutcomeBanner, useName, useWhen, type Outcome } from '../components/desk';
import { ResultPanel, type ScanResult } from '../components/ResultPanel';
import { refocusScan, ScanField } from '../components/ScanField';
import type { MessageKey } from '../messages';
import { playResult } from '../sounds';
import { RecallProgress, type RecallCounts } from './Board';
import { hospitalLocal } from '../hospital-time';

interface Item {
  barcode: string;
  current_state: string;
  template_code: string;
  name_zh: string;
  name_en: string;
  implant: boolean;
  sterilizer_code: string;
  cycle_no: number;
  state_at_recall: string;
  disposition: keyof RecallCounts;
  patient_id: string | null;
  operation_id: string | null;
  department_code: string | null;
  department_name_zh: string | null;
  department_name_en: string | null;
  accounted_at: string | null;
  accounted_by_name: string | null;
  sent_back_by_department: boolean;
}
interface RecallDetail {
  id: string;
  trigger: string;
  reason: string;
  reasonText: { zh: string; en: string };
  status: 'open' | 'closed';
  openedAt: string;
  closedAt: string | null;
  closeNote: string | null;
  cause: string | null;
  reprocessedCount: number | null;
  discardedCount: number | null;
  reportedTo: string | null;
  reportedAt: string | null;
  conclusion: string | null;
  counts: RecallCounts;
  total: number;
  page: { offset: number; limit: number; disposition: string | null; matching: number };
  items: Item[];
  followUp: Item[];
  /** Packs that came back with no use recorded: ask the department (issue 18). */
  useNotRecorded: Item[];
}

const PAGE = 50;
export const DISPOSITIONS = ['not_found', 'pulled', 'returned', 'used', 'use_not_recorded', 'out_of_circulation'] as const;
export const DISPOSITION_KEY: Record<(typeof DISPOSITIONS)[number], MessageKey> = {
  not_found: 'rc_notFound',
  pulled: 'rc_pulled',
  returned: 'rc_returned',
  used: 'rc_used',
  use_not_recorded: 'rc_useNotRecorded',
  out_of_circulation: 'rc_outOfCirculation',
};
export const DISPOSITION_COLOR: Record<string, string> = {
  not_found: 'red',
  pulled: 'blue',
  returned: 'cyan',
  used: 'purple',
  use_not_recorded: 'purple',
  out_of_circulation: 'default',
};

/**
 * One recall (§4.4): its progress, every pack (paged) with where it was and how it is accounted
 * for, the patients to follow up, a scan field to take packs back, and closing it once every
 * pack is accounted for. The head nurse acts; the quality monitor reads.
 */
export function RecallPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const { me } = useAuth();
  const when = useWhen();
  const name = useName();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [disposition, setDisposition] = useState<string>('all');
  const [result, setResult] = useState<ScanResult | null>(null);
  const [closing, setClosing] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // A department handing packs in (issue 18): which one and who, kept for the next scans of the same round.
  const [handInDept, setHandInDept] = useState<string | undefined>(undefined);
  const [handedInBy, setHandedInBy] = useState('');
  const departments = useQuery({
    queryKey: ['/api/departments'],
    queryFn: () => getJson<{ id: string; code: string; nameZh: string; nameEn: string }[]>('/api/departments'),
  });

  const query = `offset=${(page - 1) * PAGE}&limit=${PAGE}${disposition === 'all' ? '' : `&disposition=${disposition}`}`;
  const recall = useQuery({
    queryKey: ['/api/recalls', id, query],
    queryFn: () => getJson<RecallDetail>(`/api/recalls/${id}?${query}`),
    refetchInterval: 3000,
  });
  const r = recall.data;
  const canAct = me?.role === 'head_nurse' && r?.status === 'open';
  const refresh = () => qc.invalidateQueries({ queryKey: ['/api/recalls'] });

  const scan = async (code: string) => {
    try {
      const body: components['schemas']['RecallScanDto'] = {
        code,
        ...(handInDept ? { fromDepartmentId: handInDept } : {}),
        ...(handedInBy.trim() ? { handedInBy: handedInBy.trim() } : {}),
      };
      const a = await postOnce<{ summary: { zh: string; en: string } }>(`/api/recalls/${id}/scan`, body);
      setResult({ at: new Date(), code, ok: true, message: zh ? a.summary.zh : a.summary.en, warnings: [] });
      playResult('ok');
    } catch (e) {
      const err = e as ApiError;
      setResult({ at: new Date(), code, ok: false, message: err.message, errorCode: err.code, warnings: [] });
      playResult('error');
    }
    await refresh();
  };

  const close = async (record: ClosingRecord) => {
    setClosing(false);
    try {
      await postOnce(`/api/recalls/${id}/close`, record);
      setOutcome({ ok: true, message: t('rc_closed') });
    } catch (e) {
      setOutcome({ ok: false, error: e as ApiError });
    }
    await refresh();
  };

  if (recall.error) return <Alert type="error" showIcon message={(recall.error as unknown as ApiError).message} />;
  const department = (i: Item) => (i.department_code ? `${i.department_code} ${zh ? i.department_name_zh : i.department_name_en}` : '—');
  const stateText = (s: string) => t(`board_state_${s}` as MessageKey, { defaultValue: s });
  /** The pack and the department that used it, or is asked whether it did: the follow-up lists' first columns. */
  const whoToAsk: TableColumnsType<Item> = [
    { title: t('barcode'), render: (_, i) => <code>{i.barcode}</code> },
    { title: t('set'), render: (_, i) => name(i) },
    { title: t('department'), render: (_, i) => department(i) },
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="recall-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('rc_recall')}{' '}
          {r && (
            <Tag
              color={r.status === 'open' ? 'red' : 'green'}
              data-testid="recall-status-tag"
              style={{ fontSize: 18, padding: '4px 10px' }}
            >
              {t(r.status === 'open' ? 'rc_statusOpen' : 'rc_statusClosed')}
            </Tag>
          )}
        </Typography.Title>
        <Space size="large">
          <Link to={`/recalls/${id}/report`} data-testid="recall-report-link">
            {t('rr_report')}
          </Link>
          <Link to="/recalls">{t('rc_backToList')}</Link>
        </Space>
      </Space>
      {r && (
        <Card size="small">
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('rc_reason')}>
              <b data-testid="recall-reason-text">{name(r.reasonText)}</b>
            </Descriptions.Item>
            <Descriptions.Item label={t('rc_trigger')}>{t(`rc_trigger_${r.trigger}` as MessageKey)}</Descriptions.Item>
            <Descriptions.Item label={t('rc_openedAt')}>{when(r.openedAt)}</Descriptions.Item>
            {r.closedAt && (
              <Descriptions.Item
                label={t('rc_closedAt')}
              >{`${when(r.closedAt)}${r.closeNote ? ` — ${r.closeNote}` : ''}`}</Descriptions.Item>
            )}
          </Descriptions>
          {r.status === 'closed' && r.cause && (
            <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered data-testid="recall-closing-record" style={{ marginTop: 8 }}>
              <Descriptions.Item label={t('rc_cause')}>{r.cause}</Descriptions.Item>
              <Descriptions.Item label={t('rc_packsDone')}>
                {t('rc_packsDoneText', { reprocessed: r.reprocessedCount ?? 0, discarded: r.discardedCount ?? 0 })}
              </Descriptions.Item>
              <Descriptions.Item label={t('rc_reportedTo')}>{`${r.reportedTo ?? '—'} · ${when(r.reportedAt)}`}</Descriptions.Item>
              <Descriptions.Item label={t('rc_conclusion')}>{r.conclusion}</Descriptions.Item>
            </Descriptions>
          )}
          <div data-testid="recall-progress" style={{ maxWidth: 560, marginTop: 8 }}>
            <RecallProgress counts={r.counts} total={r.total} />
          </div>
          {canAct && (
            <Button danger style={{ marginTop: 12 }} data-testid="close-recall" onClick={() => setClosing(true)}>
              {t('rc_close')}
            </Button>
          )}
        </Card>
      )}
      <OutcomeBanner outcome={outcome} testId="recall-outcome" />

      {canAct && (
        <Card size="small" title={t('rc_scanBack')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Form layout="inline">
              <Form.Item label={t('rc_handInDept')} htmlFor="hand-in-department">
                <Select
                  id="hand-in-department"
                  data-testid="hand-in-department"
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  style={{ minWidth: 260 }}
                  value={handInDept}
                  onChange={(v) => {
                    setHandInDept(v);
                    refocusScan();
                  }}
                  options={(departments.data ?? []).map((d) => ({ value: d.id, label: `${d.code} ${zh ? d.nameZh : d.nameEn}` }))}
                />
              </Form.Item>
              <Form.Item label={t('rc_handedInBy')} htmlFor="handed-in-by">
                <Input
                  id="handed-in-by"
                  data-testid="handed-in-by"
                  style={{ width: 200 }}
                  maxLength={60}
                  value={handedInBy}
                  onChange={(e) => setHandedInBy(e.target.value)}
                  onPressEnter={() => refocusScan()}
                />
              </Form.Item>
            </Form>
            <ScanField onScan={(code) => void scan(code)} paused={closing} />
            <ResultPanel result={result} />
          </Space>
        </Card>
      )}

      {r && r.followUp.length > 0 && (
        <Card size="small" title={t('rc_followUp', { n: r.followUp.length })} data-testid="recall-follow-up">
          <Table
            size="small"
            rowKey="barcode"
            pagination={false}
            dataSource={r.followUp}
            columns={[
              ...whoToAsk,
              { title: t('patientId'), dataIndex: 'patient_id' },
              { title: t('operationId'), dataIndex: 'operation_id' },
            ]}
          />
        </Card>
      )}

      {r && r.useNotRecorded.length > 0 && (
        <Card size="small" title={t('rc_useNotRecordedList', { n: r.useNotRecorded.length })} data-testid="recall-use-not-recorded">
          <Typography.Paragraph type="secondary">{t('rc_useNotRecordedHint')}</Typography.Paragraph>
          <Table size="small" rowKey="barcode" pagination={false} dataSource={r.useNotRecorded} columns={whoToAsk} />
        </Card>
      )}

      <Card size="small" title={t('rc_packs')}>
        <Segmented
          data-testid="recall-filter"
          value={disposition}
          onChange={(v) => {
            setDisposition(v);
            setPage(1);
          }}
          options={[
            { value: 'all', label: t('rc_all') },
            ...DISPOSITIONS.map((d) => ({ value: d, label: `${t(DISPOSITION_KEY[d])} ${r?.counts[d] ?? ''}` })),
          ]}
          style={{ marginBottom: 12 }}
        />
        <Table
          size="small"
          rowKey="barcode"
          loading={recall.isLoading}
          dataSource={r?.items ?? []}
          onRow={(i) => ({ 'data-testid': `recall-item-${i.barcode}`, 'data-disposition': i.disposition }) as object}
          pagination={{ current: page, pageSize: PAGE, total: r?.page.matching ?? 0, showSizeChanger: false, onChange: setPage }}
          columns={[
            { title: t('barcode'), render: (_, i) => <code>{i.barcode}</code> },
            {
              title: t('set'),
              render: (_, i) => (
                <Space size={4}>
                  {name(i)}
                  {i.implant && <Tag color="purple">{t('mon_implant')}</Tag>}
                </Space>
              ),
            },
            { title: t('load'), render: (_, i) => t('mon_loadLabel', { sterilizer: i.sterilizer_code, cycle: i.cycle_no }) },
            { title: t('rc_whereAtRecall'), render: (_, i) => stateText(i.state_at_recall) },
            { title: t('department'), render: (_, i) => department(i) },
            {
              title: t('rc_disposition'),
              render: (_, i) => <Tag color={DISPOSITION_COLOR[i.disposition]}>{t(DISPOSITION_KEY[i.disposition])}</Tag>,
            },
            { title: t('rc_accountedAt'), render: (_, i) => when(i.accounted_at) },
            {
              title: t('rc_accountedBy'),
              render: (_, i) =>
                i.accounted_by_name && (
                  <span data-testid="accounted-by">
                    {i.accounted_by_name}
                    {i.sent_back_by_department && ` · ${t('rc_sentBackBy', { department: department(i) })}`}
                  </span>
                ),
            },
          ]}
        />
      </Card>

      <CloseRecallDialog
        open={closing}
        missing={r?.counts.not_found ?? 0}
        cameBack={(r?.counts.pulled ?? 0) + (r?.counts.returned ?? 0)}
        onCancel={() => setClosing(false)}
        onSubmit={(record) => void close(record)}
      />
    </Space>
  );
}

interface ClosingRecord {
  cause: string;
  reprocessedCount: number;
  discardedCount: number;
  reportedTo: string;
  reportedAt: string;
  conclusion: string;
  note?: string;
}

/** Now as a wall time in the hospital's zone, for a datetime-local field (the service reads a zoneless time as hospital time). */
const hospitalNow = () => hospitalLocal().slice(0, 16);

/**
 * The closing record (seed 19.4): the cause, what was done with every pack that came back, to whom
 * it was reported and when, and the head nurse's conclusion — all required — then asked once more,
 * since a closed recall cannot be changed.
 */
function CloseRecallDialog({
  open,
  missing,
  cameBack,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  missing: number;
  cameBack: number;
  onCancel: () => void;
  onSubmit: (r: ClosingRecord) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ClosingRecord>();
  const { modal } = App.useApp();
  // The form's store outlives the dialog: each opening proposes the packs that came back by then, and now.
  useEffect(() => {
    if (open) form.setFieldsValue({ reprocessedCount: cameBack, discardedCount: 0, reportedAt: hospitalNow() });
  }, [open, cameBack, form]);
  const required = [{ required: true, whitespace: true, message: t('pr_required') }];
  const finish = (v: ClosingRecord) =>
    modal.confirm({
      title: t('rc_closeConfirmTitle'),
      content: t('rc_closeFinal', { reprocessed: v.reprocessedCount, discarded: v.discardedCount }),
      okText: t('rc_close'),
      cancelText: t('cancel'),
      okButtonProps: { danger: true, ...({ 'data-testid': 'confirm-close-final' } as object) },
      onOk: () =>
        onSubmit({
          ...v,
          cause: v.cause.trim(),
          reportedTo: v.reportedTo.trim(),
          conclusion: v.conclusion.trim(),
          ...(v.note?.trim() ? { note: v.note.trim() } : { note: undefined }),
        }),
    });
  return (
    <Modal
      open={open}
      // The scan field takes the focus back, not the button that opened the dialog: a scanner
      // types into whatever has focus, and Enter on that button would open the dialog again.
      destroyOnHidden
      focusTriggerAfterClose={false}
      title={t('rc_closeRecordTitle')}
      okText={t('rc_close')}
      cancelText={t('cancel')}
      okButtonProps={{ danger: true, ...({ 'data-testid': 'confirm-close' } as object) }}
      onOk={() => form.submit()}
      onCancel={onCancel}
      width={640}
    >
      <p>{missing > 0 ? t('rc_closeStillMissing', { n: missing }) : t('rc_closeConfirm')}</p>
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={finish}
        initialValues={{ reprocessedCount: cameBack, discardedCount: 0, reportedAt: hospitalNow() }}
      >
        <Form.Item name="cause" label={t('rc_cause')} rules={required}>
          <Input data-testid="close-cause" maxLength={300} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="reprocessedCount" label={t('rc_reprocessed')} rules={[{ required: true, message: t('pr_required') }]}>
            <InputNumber data-testid="close-reprocessed" min={0} precision={0} />
          </Form.Item>
          <Form.Item name="discardedCount" label={t('rc_discarded')} rules={[{ required: true, message: t('pr_required') }]}>
            <InputNumber data-testid="close-discarded" min={0} precision={0} />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">{t('rc_cameBack', { n: cameBack })}</Typography.Paragraph>
        <Space size="large" wrap>
          <Form.Item name="reportedTo" label={t('rc_reportedTo')} rules={required}>
            <Input data-testid="close-reported-to" maxLength={200} style={{ width: 300 }} />
          </Form.Item>
          <Form.Item name="reportedAt" label={t('rc_reportedAt')} rules={required}>
            <Input data-testid="close-reported-at" type="datetime-local" />
          </Form.Item>
        </Space>
        <Form.Item name="conclusion" label={t('rc_conclusion')} rules={required}>
          <Input.TextArea data-testid="close-conclusion" rows={3} maxLength={500} />
        </Form.Item>
        <Form.Item name="note" label={t('rc_closeNote')}>
          <Input data-testid="close-note" maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
