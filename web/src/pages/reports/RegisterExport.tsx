import { Alert, Card, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { hospitalMonth } from '../Defects';
import { useReportDownloads } from './Downloads';

/**
 * A register's month exported as XLSX or printed as A4 PDF (issue 17: printable and exportable
 * lists). The month is the page's `?month=` (the hospital's current month when none), so a link
 * or a test names the month it means rather than the station's.
 */
export function RegisterExport({ path, testId, title }: { path: string; testId: string; title: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? hospitalMonth(0);
  const valid = /^\d{4}-\d{2}$/.test(month);
  const { buttons, error } = useReportDownloads(`${path}?month=${month}`, valid);
  return (
    <Card size="small" title={title} data-testid={testId}>
      <Space wrap>
        <label htmlFor={`${testId}-month`}>{t('reg_exportMonth')}</label>
        <Input
          id={`${testId}-month`}
          type="month"
          value={month}
          data-testid={`${testId}-month`}
          onChange={(e) => {
            const next = new URLSearchParams(params);
            next.set('month', e.target.value);
            setParams(next);
          }}
          style={{ width: 160 }}
        />
        {buttons}
      </Space>
      {error && <Alert type="error" showIcon message={error.message} style={{ marginTop: 8 }} />}
    </Card>
  );
}
