import { Button, Card, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, type ApiError } from '../../api/client';
import { useFileDownload, useReportDownloads } from './Downloads';
import type { components } from '../../api/schema';
import { ApiErrorAlert, useName } from '../catalog/kit';

type Register = components['schemas']['SterilizationRegisterView'];
type Cycle = Register['sterilizers'][number]['cycles'][number];
type Sterilizer = Register['sterilizers'][number]['sterilizer'];

/** Today in the hospital's time zone (the register's days are Asia/Shanghai days). */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}

/** A time as the hospital reads it. */
function hospitalTime(iso: string | null): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** 灭菌登记 (seed 8.3): a day's cycles per sterilizer, downloadable as XLSX and PDF for the inspectors. */
export function SterilizationRegisterPage() {
  const { t, i18n } = useTranslation();
  const name = useName();
  const [date, setDate] = useState(today());
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const register = useQuery({
    queryKey: ['/api/reports/sterilization-register', date],
    queryFn: () => getJson<Register>(`/api/reports/sterilization-register?date=${date}`),
    enabled: valid,
  });
  const { buttons, error } = useReportDownloads(`/api/reports/sterilization-register?date=${date}`, valid);
  const records = useFileDownload();
  const [recordOf, setRecordOf] = useState<Sterilizer | null>(null);
  const passed = (v: boolean | null | undefined) =>
    v === true ? <Tag color="green">{t('reg_passed')}</Tag> : v === false ? <Tag color="red">{t('reg_failed')}</Tag> : '—';
  const bis = (c: Cycle) => {
    if (c.bis.total === 0) return '—';
    const parts = [
      c.bis.passed ? `${t('reg_biNegative')} ${c.bis.passed}` : '',
      c.bis.failed ? `${t('reg_biPositive')} ${c.bis.failed}` : '',
      c.bis.pending ? `${t('reg_biPending')} ${c.bis.pending}` : '',
      c.bis.invalid ? `${t('reg_biInvalid')} ${c.bis.invalid}` : '',
    ];
    return parts.filter(Boolean).join(' · ');
  };
  const groups = register.data?.sterilizers ?? [];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('reg_title')}
      </Typography.Title>
      <Space wrap>
        <label htmlFor="reg-date">{t('reg_date')}</label>
        <Input id="reg-date" data-testid="date" type="date" value={date} onChange={(e) => setDate(e.target.value)} style={{ width: 200 }} />
        {buttons}
      </Space>
      <ApiErrorAlert error={error ?? records.error ?? (register.error as ApiError | null)} testid="page-error" />
      {register.isSuccess && groups.length === 0 && <Typography.Text data-testid="no-cycles">{t('reg_none')}</Typography.Text>}
      {groups.map((g) => (
        <Card
          key={g.sterilizer.id}
          size="small"
          title={`${g.sterilizer.code} ${name(g.sterilizer)}`}
          data-testid={`sterilizer-${g.sterilizer.code}`}
          extra={
            <Button size="small" data-testid="sterilizer-record" onClick={() => setRecordOf(g.sterilizer)}>
              {t('rec_sterilizerRecord')}
            </Button>
          }
        >
          <Table<Cycle>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={g.cycles}
            columns={[
              { title: t('reg_cycle'), dataIndex: 'cycleNo', align: 'right' },
              { title: t('reg_program'), render: (_, c) => (c.kind === 'bowie_dick' ? t('reg_bd') : name(c.program)) },
              { title: t('reg_start'), render: (_, c) => hospitalTime(c.startedAt) },
              { title: t('reg_end'), render: (_, c) => hospitalTime(c.completedAt) },
              {
                title: t('reg_physical'),
                render: (_, c) =>
                  c.kind === 'bowie_dick' ? (
                    '—'
                  ) : (
                    <Space size={4}>
                      {passed(c.physical.passed)}
                      {c.physical.tempMaxC !== null && `${c.physical.tempMinC}–${c.physical.tempMaxC} ℃`}
                      {c.physical.holdMinutes !== null && `${c.physical.holdMinutes} ${t('reg_minutes')}`}
                    </Space>
                  ),
              },
              { title: t('reg_operator'), render: (_, c) => c.operator ?? '—' },
              { title: t('reg_packs'), dataIndex: 'packs', align: 'right' },
              { title: t('reg_loadingCheck'), render: (_, c) => (c.loadingCheck ? passed(c.loadingCheck.passed) : '—') },
              { title: t('reg_chemical'), render: (_, c) => (c.kind === 'bowie_dick' ? '—' : passed(c.chemicalPassed)) },
              { title: t('reg_bdResult'), render: (_, c) => (c.bd ? passed(c.bd.passed) : '—') },
              { title: t('reg_bi'), render: (_, c) => bis(c) },
              {
                title: t('reg_release'),
                render: (_, c) =>
                  c.released
                    ? `${c.released.by.join(' / ')} ${hospitalTime(c.released.at)}`
                    : c.notReleased
                      ? i18n.language === 'en'
                        ? c.notReleased.en
                        : c.notReleased.zh
                      : '—',
              },
              {
                title: t('print'),
                render: (_, c) => (
                  <Button
                    size="small"
                    data-testid={`print-load-${c.cycleNo}`}
                    loading={records.busy === c.id}
                    onClick={() => void records.download(`/api/reports/loads/${c.id}/record`, c.id)}
                  >
                    {t('rec_printLoad')}
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      ))}
      {recordOf && <SterilizerRecordDialog sterilizer={recordOf} day={date} onClose={() => setRecordOf(null)} />}
    </Space>
  );
}

/** 灭菌器记录 (issue 15): one sterilizer over a period (up to a year), as PDF or XLSX; the month to the chosen day by default. */
function SterilizerRecordDialog({ sterilizer, day, onClose }: { sterilizer: Sterilizer; day: string; onClose: () => void }) {
  const { t } = useTranslation();
  const name = useName();
  const [from, setFrom] = useState(`${day.slice(0, 8)}01`);
  const [to, setTo] = useState(day);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const { buttons, error } = useReportDownloads(`/api/reports/sterilizers/${sterilizer.id}/record?from=${from}&to=${to}`, valid);
  return (
    <Modal
      open
      title={t('rec_sterilizerRecordTitle', { sterilizer: `${sterilizer.code} ${name(sterilizer)}` })}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('rec_close')}</Button>}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <label htmlFor="rec-from">{t('rec_from')}</label>
          <Input
            id="rec-from"
            data-testid="record-from"
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            style={{ width: 170 }}
          />
          <label htmlFor="rec-to">{t('rec_to')}</label>
          <Input
            id="rec-to"
            data-testid="record-to"
            type="date"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            style={{ width: 170 }}
          />
        </Space>
        <Typography.Text type="secondary">{t('rec_periodHint')}</Typography.Text>
        <Space data-testid="record-downloads">{buttons}</Space>
        <ApiErrorAlert error={error} testid="record-error" />
      </Space>
    </Modal>
  );
}
