import { Button, Card, Input, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getFile, getJson, saveFile, type ApiError } from '../../api/client';
import type { MessageKey } from '../../messages';
import { ApiErrorAlert, useName } from './kit';
import { HOSPITAL_TZ } from '../../hospital-time';
import { useSearchParams } from 'react-router';
import { BarChart } from '../../components/Charts';
import type { components } from '../../api/schema';

type Breakdown = components['schemas']['WorkloadBreakdownView'];

interface Stage {
  stage: string;
  nameZh: string;
  nameEn: string;
  count: number;
}
interface Report {
  month: string;
  stages: Stage[];
  total: number;
  people: {
    user: { username: string; displayName: string; role: string } | null;
    total: number;
    byStage: Record<string, number>;
    coSigned: number;
  }[];
}

/** This month in the hospital's time zone (the report's months are the hospital's). */
function thisMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: HOSPITAL_TZ, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
}

/** 工作量统计: a month's pack steps per zone and per person, and the same as a CSV file. */
export function WorkloadPage() {
  const { t } = useTranslation();
  const name = useName();
  // A link (or a test) may name the month: ?month=YYYY-MM.
  const [params] = useSearchParams();
  const [month, setMonth] = useState(params.get('month') ?? thisMonth());
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const valid = /^\d{4}-\d{2}$/.test(month);
  const report = useQuery({
    queryKey: ['/api/reports/workload', month],
    queryFn: () => getJson<Report>(`/api/reports/workload?month=${month}`),
    enabled: valid,
  });
  const breakdown = useQuery({
    queryKey: ['/api/reports/workload-breakdown', month],
    queryFn: () => getJson<Breakdown>(`/api/reports/workload-breakdown?month=${month}`),
    enabled: valid,
  });
  const days = breakdown.data?.perDay ?? [];
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const { blob, filename } = await getFile(`/api/reports/workload.csv?month=${month}`);
      saveFile(blob, filename);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const r = report.data;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('wl_title')}
      </Typography.Title>
      <Space wrap>
        <label htmlFor="wl-month">{t('wl_month')}</label>
        <Input
          id="wl-month"
          data-testid="month"
          type="month"
          value={month}
          onChange={(e) => setMonth(e.target.value)}
          style={{ width: 200 }}
        />
        <Button data-testid="download-csv" type="primary" loading={busy} disabled={!valid} onClick={download}>
          {t('wl_download')}
        </Button>
      </Space>
      <ApiErrorAlert error={error ?? (report.error as ApiError | null)} testid="page-error" />
      {days.length > 0 && (
        <Card size="small">
          <BarChart
            testid="wl-per-day"
            title={t('wl_perDay')}
            labels={days.map((d) => d.date)}
            values={days.map((d) => d.total)}
            valueName={t('wl_count')}
          />
        </Card>
      )}
      <Card title={t('wl_byZone')} size="small">
        <Table
          data-testid="by-zone"
          rowKey="stage"
          size="small"
          pagination={false}
          loading={report.isLoading}
          dataSource={r?.stages ?? []}
          columns={[
            { title: t('wl_zone'), render: (_, s) => name(s) },
            { title: t('wl_count'), dataIndex: 'count', align: 'right' },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <strong>{t('wl_total')}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <strong data-testid="zone-total">{r?.total ?? 0}</strong>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      </Card>
      <Card title={t('wl_byPerson')} size="small">
        <Table
          data-testid="by-person"
          rowKey={(p) => p.user?.username ?? '—'}
          size="small"
          pagination={false}
          loading={report.isLoading}
          locale={{ emptyText: t('wl_none') }}
          dataSource={r?.people ?? []}
          columns={[
            { title: t('username'), render: (_, p) => p.user?.username ?? '—' },
            { title: t('users_displayName'), render: (_, p) => p.user?.displayName ?? '—' },
            { title: t('users_role'), render: (_, p) => (p.user ? t(`users_role_${p.user.role}` as MessageKey) : '—') },
            ...(r?.stages ?? []).map((s) => ({
              title: name(s),
              align: 'right' as const,
              render: (_: unknown, p: Report['people'][number]) => p.byStage[s.stage] ?? 0,
            })),
            { title: t('wl_total'), dataIndex: 'total', align: 'right' },
            { title: t('wl_coSigned'), dataIndex: 'coSigned', align: 'right' },
          ]}
        />
      </Card>
    </Space>
  );
}
