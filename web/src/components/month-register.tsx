import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Input, Space } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { getJson, type ApiError } from '../api/client';
import { hospitalMonth } from '../pages/Defects';
import { useReportDownloads } from '../pages/reports/Downloads';

/**
 * A month's register (loaner trays, visitors): the month in the address (?month=YYYY-MM, this
 * month by default), its answer from `path?month=…` kept fresh (query key [key, …]: invalidating
 * [key] refreshes it), and its XLSX and PDF downloads.
 */
export function useMonthRegister<T>(key: string, path: string) {
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? hospitalMonth(0);
  const valid = /^\d{4}-\d{2}$/.test(month);
  const query = `${path}?month=${month}`;
  const list = useQuery({ queryKey: [key, query], queryFn: () => getJson<T>(query), enabled: valid, refetchInterval: 10_000 });
  const { buttons, error } = useReportDownloads(query, valid);
  return { month, params, setParams, list, buttons, problem: (error ?? (list.error as unknown as ApiError | null)) || null };
}

/** The register's card: its month picker, downloads and any error above the register's table. */
export function MonthRegisterCard({
  title,
  id,
  register,
  children,
}: {
  title: string;
  /** the month field's id and test id */
  id: string;
  register: Pick<ReturnType<typeof useMonthRegister>, 'month' | 'setParams' | 'buttons' | 'problem'>;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <label htmlFor={id}>{t('vis_month')}</label>
          <Input
            id={id}
            type="month"
            value={register.month}
            data-testid={id}
            onChange={(e) => register.setParams({ month: e.target.value })}
            style={{ width: 160 }}
          />
          {register.buttons}
        </Space>
        {register.problem && <Alert type="error" showIcon message={register.problem.message} />}
        {children}
      </Space>
    </Card>
  );
}
