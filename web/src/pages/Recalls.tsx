import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Radio, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { getJson, postOnce, type ApiError } from '../api/client';
import { useAuth } from '../auth';
import { OutcomeBanner, useName, useWhen, type Outcome } from '../components/desk';
import type { MessageKey } from '../messages';
import { RecallProgress, type RecallRow } from './Board';

interface SterilizerRow {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
}
type Scope = 'loads' | 'time_range' | 'packs' | 'cluster';
interface OpenForm {
  trigger: 'manual' | 'infection_cluster' | 'physical_failed' | 'chemical_failed';
  reason: string;
  scope: Scope;
  sterilizerCode?: string;
  cycles?: string;
  from?: string;
  to?: string;
  barcodes?: string;
  sterilizerCodes?: string[];
}

/** "12, 14-16" → [12, 14, 15, 16]; null when it cannot be read. */
export function parseCycles(text: string): number[] | null {
  const out = new Set<number>();
  for (const part of text.split(/[\s,，、]+/).filter(Boolean)) {
    const m = /^(\d{1,7})(?:[-–~](\d{1,7}))?$/.exec(part);
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    if (a < 1 || b < a || b - a > 500) return null;
    for (let n = a; n <= b; n++) out.add(n);
  }
  return out.size ? [...out] : null;
}
const splitBarcodes = (text: string) =>
  text
    .split(/[\s,，;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Recalls (§4.4): the list with each recall's progress, and — for the head nurse — opening a
 * manual recall by loads (a sterilizer and its cycle numbers), by sterilizer and time range, by
 * pack barcodes, or for an infection cluster on sterilizers, confirmed before it is sent.
 */
export function RecallsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const when = useWhen();
  const text = useName();
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const [opening, setOpening] = useState(false);
  const recalls = useQuery({
    queryKey: ['/api/recalls', status],
    queryFn: () => getJson<RecallRow[]>(`/api/recalls?status=${status}`),
    refetchInterval: 5000,
  });
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="recalls-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('recalls')}
        </Typography.Title>
        {me?.role === 'head_nurse' && !opening && (
          <Button type="primary" size="large" danger data-testid="open-recall" onClick={() => setOpening(true)}>
            {t('rc_openManual')}
          </Button>
        )}
      </Space>
      {opening && <OpenRecallCard onClose={() => setOpening(false)} />}
      <Segmented
        data-testid="recall-status"
        value={status}
        onChange={(v) => setStatus(v as 'open' | 'closed')}
        options={[
          { value: 'open', label: t('rc_statusOpen') },
          { value: 'closed', label: t('rc_statusClosed') },
        ]}
      />
      <Table
        rowKey="id"
        loading={recalls.isLoading}
        dataSource={recalls.data ?? []}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: t('rc_none') }}
        onRow={() => ({ 'data-testid': 'recall-row' }) as object}
        columns={[
          { title: t('rc_openedAt'), render: (_, r) => when(r.openedAt), width: 130 },
          {
            title: t('rc_trigger'),
            render: (_, r) => <Tag color={r.trigger === 'bi_failed' ? 'red' : 'orange'}>{t(`rc_trigger_${r.trigger}` as MessageKey)}</Tag>,
            width: 140,
          },
          {
            title: t('rc_reason'),
            render: (_, r) => (
              <Link to={`/recalls/${r.id}`} data-testid="recall-link">
                {text(r.reasonText)}
              </Link>
            ),
          },
          { title: t('rc_progress'), render: (_, r) => <RecallProgress counts={r.counts} total={r.total} />, width: 380 },
          ...(status === 'closed' ? [{ title: t('rc_closedAt'), render: (_: unknown, r: RecallRow) => when(r.closedAt), width: 130 }] : []),
        ]}
      />
    </Space>
  );
}

function OpenRecallCard({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const name = useName();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<OpenForm>();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [sending, setSending] = useState(false);
  const sterilizers = useQuery({
    queryKey: ['/api/sterilizers'],
    queryFn: () => getJson<SterilizerRow[]>('/api/sterilizers'),
    staleTime: 60_000,
  });
  const trigger = Form.useWatch('trigger', form);
  const scope: Scope = trigger === 'infection_cluster' ? 'cluster' : (Form.useWatch('scope', form) ?? 'loads');
  const options = (sterilizers.data ?? []).map((s) => ({ value: s.code, label: `${s.code} ${name(s)}` }));
  const idOf = (code?: string) => sterilizers.data?.find((s) => s.code === code)?.id;
  const required = { required: true, message: t('mon_required') };

  /** Cycle numbers become the loads they name (the page never shows or asks for an id). */
  const loadIds = async (sterilizerId: string, cycles: number[]): Promise<string[]> => {
    const ids: string[] = [];
    const missing: number[] = [];
    for (const n of cycles) {
      const [load] = await getJson<{ id: string }[]>(`/api/loads?sterilizerId=${sterilizerId}&cycleNo=${n}`);
      if (load) ids.push(load.id);
      else missing.push(n);
    }
    if (missing.length)
      throw { status: 422, code: 'RC_UNKNOWN_CYCLES', message: t('rc_unknownCycles', { cycles: missing.join(', ') }) } satisfies ApiError;
    return ids;
  };

  const submit = async (v: OpenForm) => {
    setOutcome(null);
    try {
      const body: Record<string, unknown> = { trigger: v.trigger, reason: v.reason.trim() };
      let what = '';
      if (scope === 'cluster') {
        body.sterilizerIds = (v.sterilizerCodes ?? []).map(idOf);
        what = t('rc_scopeClusterOn', { sterilizers: (v.sterilizerCodes ?? []).join(', ') });
      } else if (scope === 'loads') {
        const cycles = parseCycles(v.cycles ?? '')!;
        body.loadIds = await loadIds(idOf(v.sterilizerCode)!, cycles);
        what = t('rc_scopeLoadsOf', { sterilizer: v.sterilizerCode, cycles: cycles.join(', ') });
      } else if (scope === 'time_range') {
        body.sterilizerIds = [idOf(v.sterilizerCode)];
        body.from = v.from;
        body.to = v.to;
        what = t('rc_scopeRangeOf', { sterilizer: v.sterilizerCode, from: v.from?.replace('T', ' '), to: v.to?.replace('T', ' ') });
      } else {
        const barcodes = splitBarcodes(v.barcodes ?? '');
        body.barcodes = barcodes;
        what = t('rc_scopePacksOf', { n: barcodes.length });
      }
      const ok = await new Promise<boolean>((resolve) => {
        modal.confirm({
          title: t('rc_confirmOpenTitle'),
          content: `${what} — ${body.reason as string}`,
          okText: t('rc_confirmOpen'),
          cancelText: t('cancel'),
          okButtonProps: { danger: true, ...({ 'data-testid': 'confirm-ok' } as object) },
          onOk: () => resolve(true),
          onCancel: () => resolve(false),
        });
      });
      if (!ok) return;
      setSending(true);
      const recall = await postOnce<{ id: string }>('/api/recalls', body);
      void qc.invalidateQueries({ queryKey: ['/api/recalls'] });
      void navigate(`/recalls/${recall.id}`);
    } catch (e) {
      setOutcome({ ok: false, error: e as ApiError });
    } finally {
      setSending(false);
    }
  };

  return (
    <Card title={t('rc_openManual')} data-testid="open-recall-form">
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ trigger: 'manual', scope: 'loads' }} style={{ maxWidth: 720 }}>
        <Form.Item name="trigger" label={t('rc_trigger')} rules={[required]}>
          <Radio.Group
            optionType="button"
            data-testid="recall-trigger"
            options={(['manual', 'infection_cluster', 'physical_failed', 'chemical_failed'] as const).map((k) => ({
              value: k,
              label: t(`rc_trigger_${k}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('rc_reason')} rules={[required, { min: 5, max: 300, message: t('rc_reasonLength') }]}>
          <Input data-testid="recall-reason" />
        </Form.Item>
        {trigger !== 'infection_cluster' && (
          <Form.Item name="scope" label={t('rc_scope')}>
            <Radio.Group
              data-testid="recall-scope"
              options={[
                { value: 'loads', label: t('rc_scopeLoads') },
                { value: 'time_range', label: t('rc_scopeRange') },
                { value: 'packs', label: t('rc_scopePacks') },
              ]}
            />
          </Form.Item>
        )}
        {scope === 'cluster' && (
          <Form.Item
            name="sterilizerCodes"
            label={t('rc_clusterSterilizers')}
            extra={t('rc_clusterHelp')}
            rules={[{ required: true, type: 'array', min: 1, message: t('mon_required') }]}
          >
            <Select mode="multiple" data-testid="recall-sterilizers" options={options} />
          </Form.Item>
        )}
        {(scope === 'loads' || scope === 'time_range') && (
          <Form.Item name="sterilizerCode" label={t('sterilizer')} rules={[required]}>
            <Select data-testid="recall-sterilizer" options={options} showSearch />
          </Form.Item>
        )}
        {scope === 'loads' && (
          <Form.Item
            name="cycles"
            label={t('rc_cycles')}
            extra={t('rc_cyclesHelp')}
            rules={[
              required,
              { validator: (_, v) => (!v || parseCycles(v) ? Promise.resolve() : Promise.reject(new Error(t('rc_cyclesInvalid')))) },
            ]}
          >
            <Input data-testid="recall-cycles" placeholder="12, 14-16" />
          </Form.Item>
        )}
        {scope === 'time_range' && (
          <Space wrap>
            <Form.Item name="from" label={t('rc_from')} rules={[required]}>
              <Input type="datetime-local" data-testid="recall-from" />
            </Form.Item>
            <Form.Item
              name="to"
              label={t('rc_to')}
              dependencies={['from']}
              rules={[
                required,
                ({ getFieldValue }) => ({
                  validator: (_, v) =>
                    !v || !getFieldValue('from') || v > getFieldValue('from')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('rc_rangeOrder'))),
                }),
              ]}
            >
              <Input type="datetime-local" data-testid="recall-to" />
            </Form.Item>
          </Space>
        )}
        {scope === 'packs' && (
          <Form.Item
            name="barcodes"
            label={t('rc_barcodes')}
            extra={t('rc_barcodesHelp')}
            rules={[
              required,
              {
                validator: (_, v) =>
                  !v || (splitBarcodes(v).length > 0 && splitBarcodes(v).length <= 5000)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('rc_barcodesInvalid'))),
              },
            ]}
          >
            <Input.TextArea rows={4} data-testid="recall-barcodes" />
          </Form.Item>
        )}
        <OutcomeBanner outcome={outcome} testId="recall-open-outcome" />
        <Space style={{ marginTop: 12 }}>
          <Button type="primary" danger htmlType="submit" loading={sending} data-testid="recall-submit">
            {t('rc_openManual')}
          </Button>
          <Button onClick={onClose}>{t('cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
