import { Card, Input, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { getJson, type ApiError } from '../../api/client';
import { BarChart } from '../../components/Charts';
import { HOSPITAL_TZ } from '../../hospital-time';
import type { components } from '../../api/schema';
import { ApiErrorAlert, useName } from '../catalog/kit';
import { useReportDownloads } from './Downloads';

type Report = components['schemas']['DepartmentSliceView'];
type Month = Report['months'][number];

/** This month in the hospital's time zone. */
function thisMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: HOSPITAL_TZ, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
}

const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(2)} %`);

/**
 * 本科室报表 (issue 15): the department's own slice of the reports — sets collected and short,
 * packs dispatched and their turnaround, problems reported, recalls that found its packs — per
 * month, and a month's collections and dispatches per day as bars; XLSX and PDF.
 */
export function DepartmentReportsPage() {
  const { t } = useTranslation();
  const name = useName();
  // A link (or a test) may name the month: ?month=YYYY-MM.
  const [params] = useSearchParams();
  const [month, setMonth] = useState(params.get('month') ?? thisMonth());
  const valid = /^\d{4}-\d{2}$/.test(month);
  const query = `from=${month}&to=${month}`;
  const report = useQuery({
    queryKey: ['/api/reports/department-slice', month],
    queryFn: () => getJson<Report>(`/api/reports/department-slice?${query}`),
    enabled: valid,
  });
  const { buttons, error } = useReportDownloads(`/api/reports/department-slice?${query}`, valid);
  const r = report.data;
  const days = r?.days ?? [];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('dr_title')}
        {r && <span data-testid="dr-department">{` — ${r.department.code} ${name(r.department)}`}</span>}
      </Typography.Title>
      <Space wrap>
        <label htmlFor="dr-month">{t('dr_month')}</label>
        <Input
          id="dr-month"
          data-testid="month"
          type="month"
          value={month}
          onChange={(e) => setMonth(e.target.value)}
          style={{ width: 160 }}
        />
        {buttons}
      </Space>
      <ApiErrorAlert error={error ?? (report.error as ApiError | null)} testid="page-error" />
      {r && (
        // A wide table scrolls sideways on a tablet: its box takes the keyboard focus so the scroll is reachable (axe: scrollable-region-focusable).
        <div role="region" aria-label={t('dr_title')} tabIndex={0} style={{ overflowX: 'auto' }}>
          <Table<Month>
            data-testid="dr-months"
            rowKey="month"
            size="small"
            pagination={false}
            dataSource={r.months}
            columns={[
              { title: t('dr_month'), dataIndex: 'month' },
              { title: t('dr_collected'), align: 'right', render: (_, m) => <span data-testid="dr-collected">{m.collected}</span> },
              {
                title: t('qi_setsShort'),
                align: 'right',
                render: (_, m) => `${m.shortCollections.numerator} / ${m.shortCollections.denominator}`,
              },
              { title: t('qi_shortCollections'), align: 'right', render: (_, m) => pct(m.shortCollections.rate) },
              { title: t('qi_missing'), align: 'right', render: (_, m) => m.shortCollections.missing },
              { title: t('qi_damaged'), align: 'right', render: (_, m) => m.shortCollections.damaged },
              { title: t('qi_dispatched'), align: 'right', render: (_, m) => <span data-testid="dr-dispatched">{m.dispatched}</span> },
              {
                title: t('qi_turnaround'),
                align: 'right',
                render: (_, m) => (m.turnaround.rate === null ? '—' : `${m.turnaround.rate.toFixed(1)} ${t('qi_hours')}`),
              },
              { title: t('dr_problems'), align: 'right', render: (_, m) => <span data-testid="dr-problems">{m.problems.total}</span> },
              { title: t('dr_recalls'), align: 'right', render: (_, m) => m.recalls },
              { title: t('dr_recalledPacks'), align: 'right', render: (_, m) => m.recalledPacks },
            ]}
          />
        </div>
      )}
      {days.length > 0 && (
        <Card size="small">
          <Space direction="vertical" size="large" style={{ width: '100%' }}>
            <BarChart
              testid="dr-collected-chart"
              title={t('dr_collectedPerDay')}
              labels={days.map((d) => d.date)}
              values={days.map((d) => d.collected)}
              valueName={t('dr_collected')}
            />
            <BarChart
              testid="dr-dispatched-chart"
              title={t('dr_dispatchedPerDay')}
              labels={days.map((d) => d.date)}
              values={days.map((d) => d.dispatched)}
              valueName={t('qi_dispatched')}
            />
          </Space>
        </Card>
      )}
    </Space>
  );
}
