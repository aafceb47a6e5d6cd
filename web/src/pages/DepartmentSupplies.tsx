import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, List, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getJson, type ApiError } from '../api/client';
import type { components } from '../api/schema';
import { OutcomeBanner, useName, useWhen } from '../components/desk';
import { AdverseEventLine, ReportEventDialog, useSupplyAction } from './Supplies';

/** GET /api/supplies/department (src/supplies/dto/supplies.view.ts). */
type DepartmentSupplies = components['schemas']['DepartmentSuppliesView'];

/**
 * A department's disposable sterile supplies (seed 16): what the CSSD issued to it (and whether a
 * batch is blocked now), the notices of adverse events on batches it received, and reporting an
 * adverse event on one of them. Its own only: the service answers with nothing else.
 */
export function DepartmentSuppliesPage() {
  const { t } = useTranslation();
  const name = useName();
  const when = useWhen();
  const [outcome, act] = useSupplyAction();
  const [reporting, setReporting] = useState<string | null>(null);
  const mine = useQuery({
    queryKey: ['supplies', 'department'],
    queryFn: () => getJson<DepartmentSupplies>('/api/supplies/department'),
    refetchInterval: 10_000,
  });
  const received = mine.data?.received ?? [];
  const batches = [
    ...new Map(received.map((r) => [r.batchId, { id: r.batchId, label: `${r.productCode} ${name(r)} · ${r.lotNumber}` }])).values(),
  ];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="department-supplies-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('sup_deptTitle')}
        </Typography.Title>
        <Link to="/department">{t('departmentPage')}</Link>
      </Space>
      <OutcomeBanner outcome={outcome} testId="supplies-outcome" />
      {mine.error && <Alert type="error" showIcon message={(mine.error as unknown as ApiError).message} />}
      <Card size="small" title={t('sup_notices')}>
        <List
          data-testid="supply-notices"
          locale={{ emptyText: <Empty description={t('sup_noNotices')} /> }}
          dataSource={mine.data?.notices ?? []}
          renderItem={(n) => (
            <List.Item data-testid="supply-notice">
              <Space direction="vertical" size={0}>
                <Typography.Text type={n.closed ? undefined : 'danger'} strong={!n.closed}>
                  {name({ zh: n.messageZh, en: n.messageEn })}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {when(n.createdAt)}
                  {n.closed
                    ? ` · ${t('sup_investigation')}: ${n.investigation} · ${t(n.batchReleased ? 'sup_batchReleased' : 'sup_batchStaysBlocked')}`
                    : ''}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('sup_receivedTitle')}>
        <Table
          data-testid="supply-received"
          rowKey="id"
          size="small"
          pagination={{ pageSize: 20 }}
          dataSource={received}
          locale={{ emptyText: t('sup_noneReceived') }}
          onRow={(r) => ({ 'data-testid': 'supply-received-row', 'data-lot': r.lotNumber }) as object}
          columns={[
            { title: t('sup_issuedAt'), render: (_, r) => when(r.at) },
            { title: t('sup_product'), render: (_, r) => `${r.productCode} ${name(r)} ${r.specification}` },
            { title: t('sup_lot'), dataIndex: 'lotNumber' },
            { title: t('sup_expiry'), dataIndex: 'expiryDate' },
            { title: t('sup_quantity'), dataIndex: 'quantity', align: 'right' },
            {
              title: t('sup_status'),
              render: (_, r) => (r.blocked ? <Tag color="red">{t('sup_blockedStopUse')}</Tag> : <Tag color="green">{t('sup_usable')}</Tag>),
            },
            {
              title: '',
              render: (_, r) => (
                <Button data-testid="supply-report" onClick={() => setReporting(r.batchId)}>
                  {t('sup_reportEvent')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('sup_myEvents')}>
        <List
          data-testid="my-adverse-events"
          locale={{ emptyText: <Empty description={t('sup_noEvents')} /> }}
          dataSource={mine.data?.adverseEvents ?? []}
          renderItem={(e) => (
            <List.Item data-testid="adverse-event">
              <AdverseEventLine e={e} />
            </List.Item>
          )}
        />
      </Card>
      <ReportEventDialog
        open={reporting !== null}
        batchId={reporting ?? undefined}
        batches={batches}
        onClose={() => setReporting(null)}
        act={act}
      />
    </Space>
  );
}
