import { Input, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { getJson, type ApiError } from '../../api/client';
import { useReportDownloads } from './Downloads';
import type { components } from '../../api/schema';
import { ApiErrorAlert, useName } from '../catalog/kit';
import { LineChart } from '../../components/Charts';

type Report = components['schemas']['QualityIndicatorsView'];
type Month = Report['months'][number];
type Indicator = Month['hospital']['wetPacks'];
type HospitalKey = keyof Month['hospital'];

/** The CSSD's indicators in the order shown; hours are means, the others percentages. */
const HOSPITAL: { key: HospitalKey; hours?: boolean }[] = [
  { key: 'wetPacks' },
  { key: 'chemicalIndicatorFailures' },
  { key: 'biologicalIndicatorFailures' },
  { key: 'cleaningFailures' },
  { key: 'problemsAtUse' },
  { key: 'recalls' },
  { key: 'recallTimeToClose', hours: true },
  { key: 'expiredInStorage' },
];

/** This month in the hospital's time zone. */
function thisMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date())
    .slice(0, 7);
}

function monthsBefore(month: string, n: number): string {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 - n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The rate as read: a percentage, or hours; a small bar for the share, and an arrow against the month before (lower is better). */
function Rate({ value, hours }: { value: Indicator; hours?: boolean }) {
  const { t } = useTranslation();
  if (value.rate === null) return <span>—</span>;
  const arrow = value.trend === 'up' ? '↑' : value.trend === 'down' ? '↓' : value.trend === 'same' ? '→' : '';
  const color = value.trend === 'up' ? '#cf1322' : value.trend === 'down' ? '#389e0d' : undefined;
  return (
    <Space size={6}>
      <span>{hours ? `${value.rate.toFixed(1)} ${t('qi_hours')}` : `${(value.rate * 100).toFixed(2)} %`}</span>
      {!hours && (
        <span
          aria-hidden
          style={{ display: 'inline-block', width: 40, height: 6, background: '#f0f0f0', position: 'relative', verticalAlign: 'middle' }}
        >
          <span
            style={{
              position: 'absolute',
              left: 0,
              top: 0,
              bottom: 0,
              width: `${Math.min(100, value.rate * 100)}%`,
              background: '#1677ff',
            }}
          />
        </span>
      )}
      {arrow && (
        <span data-testid="trend" title={t(`qi_trend_${value.trend}`)} style={{ color, fontWeight: 600 }}>
          {arrow}
        </span>
      )}
    </Space>
  );
}

/** 质量指标 (issue 15): the CSSD's quality indicators per month with the trend, and per department; XLSX and PDF. */
export function QualityIndicatorsPage() {
  const { t } = useTranslation();
  const name = useName();
  // A link may name the months (a quality review links its month and the one before).
  const [params] = useSearchParams();
  const [to, setTo] = useState(params.get('to') ?? thisMonth());
  const [from, setFrom] = useState(params.get('from') ?? monthsBefore(thisMonth(), 5));
  const valid = /^\d{4}-\d{2}$/.test(from) && /^\d{4}-\d{2}$/.test(to);
  const query = `from=${from}&to=${to}`;
  const report = useQuery({
    queryKey: ['/api/reports/quality-indicators', from, to],
    queryFn: () => getJson<Report>(`/api/reports/quality-indicators?${query}`),
    enabled: valid,
  });
  const { buttons, error } = useReportDownloads(`/api/reports/quality-indicators?${query}`, valid);
  const months = report.data?.months ?? [];
  const counts = (v: Indicator) => `${v.numerator} / ${v.denominator}`;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('qi_title')}
      </Typography.Title>
      <Space wrap>
        <label htmlFor="qi-from">{t('qi_from')}</label>
        <Input id="qi-from" data-testid="from" type="month" value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 160 }} />
        <label htmlFor="qi-to">{t('qi_to')}</label>
        <Input id="qi-to" data-testid="to" type="month" value={to} onChange={(e) => setTo(e.target.value)} style={{ width: 160 }} />
        {buttons}
      </Space>
      <ApiErrorAlert error={error ?? (report.error as ApiError | null)} testid="page-error" />
      {months.length > 0 && (
        <Table<{ key: HospitalKey; hours?: boolean }>
          data-testid="qi-hospital"
          rowKey="key"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={HOSPITAL}
          columns={[
            { title: t('qi_indicator'), fixed: 'left', render: (_, r) => <span data-testid={`qi-${r.key}`}>{t(`qi_${r.key}`)}</span> },
            ...months.map((m) => ({
              title: m.month,
              key: m.month,
              render: (_: unknown, r: { key: HospitalKey; hours?: boolean }) => (
                <Space direction="vertical" size={0}>
                  <Rate value={m.hospital[r.key]} hours={r.hours} />
                  <Typography.Text type="secondary">{counts(m.hospital[r.key])}</Typography.Text>
                </Space>
              ),
            })),
          ]}
        />
      )}
      {months.length > 0 && (
        <section data-testid="qi-trend" aria-label={t('qi_trend')}>
          <Typography.Title level={4}>{t('qi_trend')}</Typography.Title>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: 16 }}>
            {HOSPITAL.map(({ key, hours }) => (
              <LineChart
                key={key}
                testid={`qi-chart-${key}`}
                title={t(`qi_${key}`)}
                labels={months.map((m) => m.month)}
                values={months.map((m) =>
                  m.hospital[key].rate === null ? null : hours ? m.hospital[key].rate : m.hospital[key].rate! * 100,
                )}
                format={(v) => (hours ? `${v.toFixed(1)} ${t('qi_hours')}` : `${Number(v.toFixed(2))} %`)}
                valueName={hours ? t('qi_hours') : '%'}
              />
            ))}
          </div>
        </section>
      )}
      {months.map((m) => (
        <div key={m.month} data-testid={`qi-departments-${m.month}`}>
          <Typography.Title level={4}>
            {m.month} {t('qi_perDepartment')}
          </Typography.Title>
          {m.departments.length === 0 ? (
            <Typography.Text type="secondary">{t('qi_none')}</Typography.Text>
          ) : (
            <Table<Month['departments'][number]>
              rowKey={(d) => d.department.id}
              size="small"
              pagination={false}
              dataSource={m.departments}
              columns={[
                { title: t('qi_department'), render: (_, d) => `${d.department.code} ${name(d.department)}` },
                { title: t('qi_shortCollections'), render: (_, d) => <Rate value={d.shortCollections} /> },
                { title: t('qi_setsShort'), render: (_, d) => counts(d.shortCollections) },
                { title: t('qi_missing'), render: (_, d) => d.shortCollections.missing, align: 'right' },
                { title: t('qi_damaged'), render: (_, d) => d.shortCollections.damaged, align: 'right' },
                { title: t('qi_turnaround'), render: (_, d) => <Rate value={d.turnaround} hours /> },
                { title: t('qi_dispatched'), render: (_, d) => d.turnaround.denominator, align: 'right' },
              ]}
            />
          )}
        </div>
      ))}
    </Space>
  );
}
