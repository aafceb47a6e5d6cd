import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { getJson, postOnce, type ApiError } from '../api/client';
import { useAuth } from '../auth';
import { OutcomeBanner, useName, useWhen, type Outcome } from '../components/desk';
import { ResultPanel, type ScanResult } from '../components/ResultPanel';
import { ScanField } from '../components/ScanField';
import type { MessageKey } from '../messages';
import { playResult } from '../sounds';
import { RecallProgress, type RecallCounts } from './Board';

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
  counts: RecallCounts;
  total: number;
  page: { offset: number; limit: number; disposition: string | null; matching: number };
  items: Item[];
  followUp: Item[];
}

const PAGE = 50;
const DISPOSITIONS = ['not_found', 'pulled', 'returned', 'used', 'out_of_circulation'] as const;
const DISPOSITION_KEY: Record<(typeof DISPOSITIONS)[number], MessageKey> = {
  not_found: 'rc_notFound',
  pulled: 'rc_pulled',
  returned: 'rc_returned',
  used: 'rc_used',
  out_of_circulation: 'rc_outOfCirculation',
};
const DISPOSITION_COLOR: Record<string, string> = { not_found: 'red', pulled: 'blue', returned: 'cyan', used: 'purple', out_of_circulation: 'default' };

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
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const query = `offset=${(page - 1) * PAGE}&limit=${PAGE}${disposition === 'all' ? '' : `&disposition=${disposition}`}`;
  const recall = useQuery({ queryKey: ['/api/recalls', id, query], queryFn: () => getJson<RecallDetail>(`/api/recalls/${id}?${query}`), refetchInterval: 3000 });
  const r = recall.data;
  const canAct = me?.role === 'head_nurse' && r?.status === 'open';
  const refresh = () => qc.invalidateQueries({ queryKey: ['/api/recalls'] });

  const scan = async (code: string) => {
    try {
      const a = await postOnce<{ summary: { zh: string; en: string } }>(`/api/recalls/${id}/scan`, { code });
      setResult({ at: new Date(), code, ok: true, message: zh ? a.summary.zh : a.summary.en, warnings: [] });
      playResult('ok');
    } catch (e) {
      const err = e as ApiError;
      setResult({ at: new Date(), code, ok: false, message: err.message, errorCode: err.code, warnings: [] });
      playResult('error');
    }
    await refresh();
  };

  const close = async () => {
    setClosing(false);
    try {
      await postOnce(`/api/recalls/${id}/close`, note.trim() ? { note: note.trim() } : {});
      setOutcome({ ok: true, message: t('rc_closed') });
    } catch (e) {
      setOutcome({ ok: false, error: e as ApiError });
    }
    await refresh();
  };

  if (recall.error) return <Alert type="error" showIcon message={(recall.error as unknown as ApiError).message} />;
  const department = (i: Item) => (i.department_code ? `${i.department_code} ${zh ? i.department_name_zh : i.department_name_en}` : '—');
  const stateText = (s: string) => t(`board_state_${s}` as MessageKey, { defaultValue: s });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="recall-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('rc_recall')} {r && <Tag color={r.status === 'open' ? 'red' : 'green'} data-testid="recall-status-tag" style={{ fontSize: 18, padding: '4px 10px' }}>{t(r.status === 'open' ? 'rc_statusOpen' : 'rc_statusClosed')}</Tag>}
        </Typography.Title>
        <Link to="/recalls">{t('rc_backToList')}</Link>
      </Space>
      {r && (
        <Card size="small">
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('rc_reason')}>
              <b data-testid="recall-reason-text">{name(r.reasonText)}</b>
            </Descriptions.Item>
            <Descriptions.Item label={t('rc_trigger')}>{t(`rc_trigger_${r.trigger}` as MessageKey)}</Descriptions.Item>
            <Descriptions.Item label={t('rc_openedAt')}>{when(r.openedAt)}</Descriptions.Item>
            {r.closedAt && <Descriptions.Item label={t('rc_closedAt')}>{`${when(r.closedAt)}${r.closeNote ? ` — ${r.closeNote}` : ''}`}</Descriptions.Item>}
          </Descriptions>
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
              { title: t('barcode'), render: (_, i) => <code>{i.barcode}</code> },
              { title: t('set'), render: (_, i) => name(i) },
              { title: t('department'), render: (_, i) => department(i) },
              { title: t('patientId'), dataIndex: 'patient_id' },
              { title: t('operationId'), dataIndex: 'operation_id' },
            ]}
          />
        </Card>
      )}

      <Card size="small" title={t('rc_packs')}>
        <Segmented
          data-testid="recall-filter"
          value={disposition}
          onChange={(v) => {
            setDisposition(v as string);
            setPage(1);
          }}
          options={[{ value: 'all', label: t('rc_all') }, ...DISPOSITIONS.map((d) => ({ value: d, label: `${t(DISPOSITION_KEY[d])} ${r?.counts[d] ?? ''}` }))]}
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
            { title: t('set'), render: (_, i) => <Space size={4}>{name(i)}{i.implant && <Tag color="purple">{t('mon_implant')}</Tag>}</Space> },
            { title: t('load'), render: (_, i) => t('mon_loadLabel', { sterilizer: i.sterilizer_code, cycle: i.cycle_no }) },
            { title: t('rc_whereAtRecall'), render: (_, i) => stateText(i.state_at_recall) },
            { title: t('department'), render: (_, i) => department(i) },
            { title: t('rc_disposition'), render: (_, i) => <Tag color={DISPOSITION_COLOR[i.disposition]}>{t(DISPOSITION_KEY[i.disposition])}</Tag> },
            { title: t('rc_accountedAt'), render: (_, i) => when(i.accounted_at) },
          ]}
        />
      </Card>

      <Modal
        open={closing}
        // The scan field takes the focus back, not the button that opened the dialog: a scanner
        // types into whatever has focus, and Enter on that button would open the dialog again.
        destroyOnHidden
        focusTriggerAfterClose={false}
        title={t('rc_closeConfirmTitle')}
        okText={t('rc_close')}
        cancelText={t('cancel')}
        okButtonProps={{ danger: true, ...({ 'data-testid': 'confirm-close' } as object) }}
        onOk={() => void close()}
        onCancel={() => setClosing(false)}
      >
        <p>{r && r.counts.not_found > 0 ? t('rc_closeStillMissing', { n: r.counts.not_found }) : t('rc_closeConfirm')}</p>
        <Input.TextArea data-testid="close-note" rows={3} maxLength={300} placeholder={t('rc_closeNote')} value={note} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </Space>
  );
}
