import { Alert, Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, type ApiError } from '../api/client';
import { en, type MessageKey } from '../messages';
import { ApiErrorAlert } from './catalog/kit';
import { useWhen } from '../components/desk';
import { useAuth } from '../auth';
import type { components } from '../api/schema';

type Verify = components['schemas']['LedgerVerifyView'];

interface Person {
  id: string;
  username: string;
  displayName: string;
}
interface Item {
  id: string;
  at: string;
  type: string;
  toState: string;
  actor: Person | null;
  secondActor: Person | null;
  station: string | null;
  barcode: string | null;
  setCode: string | null;
}
interface Page {
  items: Item[];
  nextBefore: string | null;
}

/** Today in the hospital's time zone (the search's days are Asia/Shanghai days). */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}

const FILTERS = ['barcode', 'setCode', 'station'] as const;
/** The step kinds, as provenance names them. */
const KINDS = Object.keys(en)
  .filter((k) => k.startsWith('prov_ev_'))
  .map((k) => k.slice('prov_ev_'.length));
type Filter = (typeof FILTERS)[number];
const LABELS = { barcode: 'au_barcode', setCode: 'au_setCode', station: 'au_station' } as const;

/** 追溯查询 (issue 15): the pack history searched by period and filters, newest first, 50 a page. */
export function AuditSearchPage() {
  const { t } = useTranslation();
  const when = useWhen();
  const [form, setForm] = useState<Record<'from' | 'to' | 'type' | Filter, string>>({
    from: today(),
    to: today(),
    barcode: '',
    setCode: '',
    station: '',
    type: '',
  });
  const [query, setQuery] = useState(form);
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v.trim() !== '') as [string, string][]);
  const result = useInfiniteQuery({
    queryKey: ['/api/audit/events', params.toString()],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => getJson<Page>(`/api/audit/events?${params.toString()}${pageParam ? `&before=${pageParam}` : ''}`),
    getNextPageParam: (last) => last.nextBefore,
  });
  const items = result.data?.pages.flatMap((p) => p.items) ?? [];
  // The step's name as provenance shows it (the raw kind when a newer one has no name yet).
  const kindName = (k: string) => t(`prov_ev_${k}` as MessageKey, { defaultValue: k });
  const person = (p: Person | null) => (p ? `${p.displayName} (${p.username})` : '—');
  const { me } = useAuth();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('au_title')}
      </Typography.Title>
      {me && ['head_nurse', 'admin'].includes(me.role) && <IntegrityCheck />}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(form);
        }}
      >
        <Space wrap align="end">
          {(['from', 'to'] as const).map((k) => (
            <Space direction="vertical" size={2} key={k}>
              <label htmlFor={`au-${k}`}>{t(k === 'from' ? 'au_from' : 'au_to')}</label>
              <Input
                id={`au-${k}`}
                data-testid={`au-${k}`}
                type="date"
                value={form[k]}
                onChange={(e) => setForm({ ...form, [k]: e.target.value })}
              />
            </Space>
          ))}
          {FILTERS.map((k) => (
            <Space direction="vertical" size={2} key={k}>
              <label htmlFor={`au-${k}`}>{t(LABELS[k])}</label>
              <Input
                id={`au-${k}`}
                data-testid={`au-${k}`}
                value={form[k]}
                onChange={(e) => setForm({ ...form, [k]: e.target.value })}
                style={{ width: 160 }}
              />
            </Space>
          ))}
          <Space direction="vertical" size={2}>
            <label htmlFor="au-type">{t('au_type')}</label>
            <Select
              id="au-type"
              data-testid="au-type"
              allowClear
              showSearch
              optionFilterProp="label"
              value={form.type || undefined}
              onChange={(v?: string) => setForm({ ...form, type: v ?? '' })}
              options={KINDS.map((k) => ({ value: k, label: kindName(k) }))}
              style={{ width: 200 }}
            />
          </Space>
          <Button data-testid="au-search" type="primary" htmlType="submit">
            {t('au_search')}
          </Button>
        </Space>
      </form>
      <ApiErrorAlert error={result.error as ApiError | null} testid="page-error" />
      <Table
        data-testid="au-events"
        rowKey="id"
        size="small"
        pagination={false}
        loading={result.isLoading}
        locale={{ emptyText: t('au_none') }}
        dataSource={items}
        columns={[
          { title: t('au_at'), render: (_, e) => when(e.at) },
          { title: t('au_type'), render: (_, e) => kindName(e.type) },
          { title: t('au_barcode'), render: (_, e) => e.barcode ?? '—' },
          { title: t('au_setCode'), render: (_, e) => e.setCode ?? '—' },
          { title: t('au_station'), render: (_, e) => e.station ?? '—' },
          { title: t('au_actor'), render: (_, e) => person(e.actor) },
          { title: t('au_secondActor'), render: (_, e) => person(e.secondActor) },
        ]}
      />
      {result.hasNextPage && (
        <Button data-testid="au-more" loading={result.isFetchingNextPage} onClick={() => void result.fetchNextPage()}>
          {t('au_more')}
        </Button>
      )}
    </Space>
  );
}

/**
 * The tamper-evident record checked from the page (issue 15, §4.5): the head nurse asks, the
 * service seals what is pending and reads the whole chain back; a break names its table, row and
 * kind. On years of records it takes minutes, hence a button and not a check at every visit.
 */
function IntegrityCheck() {
  const { t } = useTranslation();
  const check = useMutation({ mutationFn: () => getJson<Verify>('/api/audit/verify') });
  const r = check.data;
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    <Card size="small" title={t('au_verifyTitle')} data-testid="au-verify">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('au_verifyHint')}</Typography.Text>
        <Button data-testid="au-verify-run" loading={check.isPending} onClick={() => check.mutate()}>
          {t('au_verifyRun')}
        </Button>
        <ApiErrorAlert error={check.error as ApiError | null} testid="au-verify-error" />
        {r && (
          <Alert
            data-testid="au-verify-result"
            data-ok={String(r.ok)}
            type={r.ok ? 'success' : 'error'}
            showIcon
            message={r.ok ? t('au_verifyOk') : t('au_verifyBroken')}
            description={
              <>
                {r.firstBreak && (
                  <div data-testid="au-verify-break">
                    {t('au_verifyBreak', {
                      table: r.firstBreak.table,
                      row: r.firstBreak.rowId,
                      kind: t(`au_break_${r.firstBreak.kind}` as MessageKey),
                      batch: r.firstBreak.batch ?? '—',
                    })}
                  </div>
                )}
                <div>
                  {t('au_verifyCounts', {
                    sealed: n(r.sealedRows),
                    batches: n(r.batches),
                    unsealed: n(r.unsealedRows),
                    archived: n(r.archivedRows),
                  })}
                </div>
                {r.headHash && <div style={{ wordBreak: 'break-all' }}>{t('au_verifyHead', { hash: r.headHash })}</div>}
              </>
            }
          />
        )}
      </Space>
    </Card>
  );
}
