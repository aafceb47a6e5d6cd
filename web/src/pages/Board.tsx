import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Progress, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getJson, type ApiError } from '../api/client';
import { useName, useWhen } from '../components/desk';
import type { MessageKey } from '../messages';
import { EmergencyApprovals, type HeldLoad } from './EmergencyApprovals';
import type { Readiness } from './Monitoring';
import { CorrectiveActionsCard, OverdueChecksCard, type CorrectiveAction, type ScheduledTask } from './QualityChecks';
import type { LowStock } from '../components/requisitions';

export interface RecallCounts {
  not_found: number;
  pulled: number;
  returned: number;
  used: number;
  use_not_recorded: number;
  out_of_circulation: number;
}
export interface RecallRow {
  id: string;
  trigger: string;
  reason: string;
  /** The reason to show, in each language (an automatic recall's written by the service from its particulars). */
  reasonText: { zh: string; en: string };
  status: 'open' | 'closed';
  openedAt: string;
  closedAt: string | null;
  counts: RecallCounts;
  total: number;
}
interface BoardData {
  at: string;
  today: string;
  sterilizers: {
    id: string;
    code: string;
    nameZh: string;
    nameEn: string;
    type: string;
    status: string;
    available: boolean;
    reasons: string[];
    readiness: Readiness;
    runningCycleNo: number | null;
    openLoads: number[];
  }[];
  washers: { id: string; code: string; nameZh: string; nameEn: string; openCycleNo: number | null; openedAt: string | null }[];
  recalls: RecallRow[];
  expiring: {
    total: number;
    until: string;
    packs: {
      barcode: string;
      state: string;
      expiryDate: string;
      expired: boolean;
      templateCode: string;
      nameZh: string;
      nameEn: string;
      departmentCode: string | null;
    }[];
  };
  todayCounts: { stage: string; nameZh: string; nameEn: string; count: number }[];
  openProblemReports: number;
  outUnderInvalidBi: {
    barcode: string;
    state: string;
    sterilizerCode: string;
    cycleNo: number;
    lot: string;
    readDate: string;
    departmentCode: string | null;
  }[];
  awaitingBi: (HeldLoad & { completedAt: string | null; quarantinedPacks: number; emergencyReleased: number })[];
  useNotRecorded: {
    total: number;
    packs: {
      barcode: string;
      collectedAt: string;
      templateCode: string;
      nameZh: string;
      nameEn: string;
      departmentCode: string | null;
      departmentNameZh: string | null;
      departmentNameEn: string | null;
    }[];
  };
  collectedElsewhere: {
    since: string;
    packs: {
      barcode: string;
      collectedAt: string;
      nameZh: string;
      nameEn: string;
      collectedFromDepartmentCode: string;
      collectedFromDepartmentNameZh: string;
      collectedFromDepartmentNameEn: string;
      dispatchedToDepartmentCode: string;
      dispatchedToDepartmentNameZh: string;
      dispatchedToDepartmentNameEn: string;
    }[];
  };
  monitoringOverdue: ScheduledTask[];
  openCorrectiveActions: CorrectiveAction[];
  lowStock: LowStock[];
}

/** Progress of a recall: packs accounted for out of all, and each disposition. */
/** A pack's barcode, linked to its provenance. */
const provenanceLink = (barcode: string) => (
  <Link to={`/provenance/${barcode}`}>
    <code>{barcode}</code>
  </Link>
);

export function RecallProgress({ counts, total }: { counts: RecallCounts; total: number }) {
  const { t } = useTranslation();
  const done = total - counts.not_found;
  return (
    <Space direction="vertical" size={2} style={{ width: '100%' }}>
      <Progress
        aria-label={t('rc_progressOf', { done, total })}
        percent={total ? Math.round((done / total) * 100) : 100}
        size="small"
        status={counts.not_found ? 'active' : 'normal'}
        strokeColor={counts.not_found ? undefined : '#52c41a'}
        format={() => `${done}/${total}`}
      />
      <Space size={4} wrap data-testid="recall-counts">
        <Tag color="blue">
          {t('rc_pulled')} {counts.pulled}
        </Tag>
        <Tag color="cyan">
          {t('rc_returned')} {counts.returned}
        </Tag>
        <Tag color="purple">
          {t('rc_used')} {counts.used}
        </Tag>
        {counts.use_not_recorded > 0 && (
          <Tag color="gold">
            {t('rc_useNotRecorded')} {counts.use_not_recorded}
          </Tag>
        )}
        <Tag color={counts.not_found ? 'red' : 'default'}>
          {t('rc_notFound')} {counts.not_found}
        </Tag>
      </Space>
    </Space>
  );
}

/**
 * The head nurse's board: everything that needs her now, refreshed every 3 s (a change shows
 * within 5 s): sterilizers available or blocked and why, washers, open recalls with progress,
 * packs expiring within 7 days, today's work per stage, implant loads waiting for their BI and
 * the emergency releases of their implants waiting for her approval, the routine checks overdue
 * and the open corrective actions (seed 7.2–7.8; closed on the monitoring desk).
 */
export function BoardPage() {
  const { t } = useTranslation();
  const when = useWhen();
  const name = useName();
  const board = useQuery({
    queryKey: ['/api/board'],
    queryFn: () => getJson<BoardData>('/api/board'),
    refetchInterval: 3000,
    refetchIntervalInBackground: true,
  });
  const b = board.data;
  const reasonText = (r: string) => t(`board_reason_${r}` as MessageKey);
  const stateText = (s: string) => t(`board_state_${s}` as MessageKey);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="board-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('board')}
        </Typography.Title>
        <Space size="large">
          <Link to="/recalls" data-testid="link-recalls">
            {t('recalls')}
          </Link>
          <Link to="/problems" data-testid="link-problems">
            <Tag color={b?.openProblemReports ? 'orange' : 'default'} style={{ fontSize: 16 }}>
              {t('pr_openOnBoard', { n: b?.openProblemReports ?? 0 })}
            </Tag>
          </Link>
          <Typography.Text type="secondary" data-testid="board-updated">
            {t('board_updated', { at: b ? when(b.at, false) : '—' })}
          </Typography.Text>
        </Space>
      </Space>
      {board.error && <Alert type="error" showIcon message={(board.error as unknown as ApiError).message} />}

      <Card title={t('board_sterilizers')} size="small">
        <Row gutter={[12, 12]}>
          {(b?.sterilizers ?? []).map((s) => (
            <Col key={s.id} xs={24} sm={12} lg={6}>
              <Card
                size="small"
                data-testid={`board-sterilizer-${s.code}`}
                data-available={s.available ? 'yes' : 'no'}
                style={{ borderColor: s.available ? '#52c41a' : '#ff4d4f', borderWidth: 2 }}
                title={<span style={{ fontSize: 18 }}>{`${s.code} ${name(s)}`}</span>}
                extra={s.available ? <Tag color="green">{t('board_available')}</Tag> : <Tag color="red">{t('board_blocked')}</Tag>}
              >
                <Space direction="vertical" size={4}>
                  {s.reasons.map((r) => (
                    <Tag key={r} color="red" data-testid="board-reason" style={{ fontSize: 15 }}>
                      {reasonText(r)}
                      {r === 'commissioning' && s.readiness.commissioning
                        ? ` ${s.readiness.commissioning.biPasses}/${s.readiness.commissioning.needed}`
                        : ''}
                    </Tag>
                  ))}
                  {s.readiness.bi.overdue && <Tag color="orange">{t('board_biOverdue')}</Tag>}
                  {s.runningCycleNo !== null && <span>{t('board_running', { cycle: s.runningCycleNo })}</span>}
                  {s.openLoads.length > 0 && <span>{t('board_openLoads', { cycles: s.openLoads.join(', ') })}</span>}
                </Space>
              </Card>
            </Col>
          ))}
        </Row>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t('board_washers')} size="small">
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={b?.washers ?? []}
              locale={{ emptyText: t('board_none') }}
              columns={[
                { title: t('washer'), render: (_, w) => <b>{`${w.code} ${name(w)}`}</b> },
                {
                  title: t('state'),
                  render: (_, w) =>
                    w.openCycleNo !== null ? (
                      <Tag color="blue">{t('board_washerBusy', { cycle: w.openCycleNo })}</Tag>
                    ) : (
                      <Tag color="green">{t('board_available')}</Tag>
                    ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title={t('board_today')} size="small">
            <Row gutter={[12, 12]}>
              {(b?.todayCounts ?? []).map((c) => (
                <Col key={c.stage} xs={12} sm={8} md={4}>
                  <Statistic title={name(c)} value={c.count} data-testid={`board-today-${c.stage}`} />
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
      </Row>

      <Card title={t('board_openRecalls', { n: b?.recalls.length ?? 0 })} size="small" data-testid="board-recalls">
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={b?.recalls ?? []}
          locale={{ emptyText: t('board_noRecalls') }}
          onRow={() => ({ 'data-testid': 'board-recall' }) as object}
          columns={[
            { title: t('rc_openedAt'), render: (_, r) => when(r.openedAt), width: 120 },
            {
              title: t('rc_trigger'),
              render: (_, r) => (
                <Tag color={r.trigger === 'bi_failed' ? 'red' : 'orange'}>{t(`rc_trigger_${r.trigger}` as MessageKey)}</Tag>
              ),
              width: 130,
            },
            { title: t('rc_reason'), render: (_, r) => <Link to={`/recalls/${r.id}`}>{name(r.reasonText)}</Link> },
            { title: t('rc_progress'), render: (_, r) => <RecallProgress counts={r.counts} total={r.total} />, width: 360 },
          ]}
        />
      </Card>

      <EmergencyApprovals loads={b?.awaitingBi ?? []} />

      {(b?.lowStock.length ?? 0) > 0 && (
        <Card
          title={
            <Link to="/requisitions" style={{ color: '#b42318' }}>
              {t('board_lowStock')}
            </Link>
          }
          size="small"
          data-testid="board-low-stock"
          style={{ borderColor: '#b42318' }}
        >
          <Table
            size="small"
            rowKey="templateId"
            pagination={false}
            dataSource={b?.lowStock ?? []}
            onRow={(x) => ({ 'data-testid': 'board-low-stock-row', 'data-template': x.templateCode }) as object}
            columns={[
              {
                title: t('set'),
                render: (_, x) => (
                  <Space>
                    <b>{`${x.templateCode} ${name(x)}`}</b>
                    {x.emergency && <Tag color="red">{t('rq_emergency')}</Tag>}
                  </Space>
                ),
              },
              { title: t('board_inStorage'), dataIndex: 'inStorage', align: 'right' },
              { title: t('board_demand'), render: (_, x) => <Tag color="red">{x.demand}</Tag>, align: 'right' },
              {
                title: t('board_shortDepartments'),
                render: (_, x) => (
                  <Space size={4} wrap>
                    {x.departments.map((d) => (
                      <Tag key={d.departmentCode}>
                        {`${d.departmentCode} ${name({ nameZh: d.departmentNameZh, nameEn: d.departmentNameEn })} −${d.shortfall}`}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <OverdueChecksCard tasks={b?.monitoringOverdue ?? []} />
        </Col>
        <Col xs={24} lg={14}>
          <CorrectiveActionsCard actions={b?.openCorrectiveActions ?? []} />
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('board_awaitingBi')} size="small" data-testid="board-awaiting-bi">
            <Table
              size="small"
              rowKey="loadId"
              pagination={false}
              dataSource={b?.awaitingBi ?? []}
              locale={{ emptyText: t('board_none') }}
              columns={[
                { title: t('load'), render: (_, l) => <b>{t('mon_loadLabel', { sterilizer: l.sterilizerCode, cycle: l.cycleNo })}</b> },
                { title: t('board_heldPacks'), dataIndex: 'quarantinedPacks' },
                {
                  title: t('mon_pcd'),
                  render: (_, l) =>
                    l.pcdType5Passed === null ? (
                      <Tag color="orange">{t('mon_pcdMissing')}</Tag>
                    ) : (
                      <Tag color={l.pcdType5Passed ? 'green' : 'red'}>{t(l.pcdType5Passed ? 'passed' : 'failed')}</Tag>
                    ),
                },
                {
                  title: t('mon_readFrom'),
                  render: (_, l) => (l.biReadable ? <Tag color="green">{t('mon_readableNow')}</Tag> : when(l.earliestBiReadAt)),
                },
                {
                  title: t('board_emergency'),
                  render: (_, l) =>
                    l.emergencyReleased ? (
                      t('board_emergencyDone', { n: l.emergencyReleased })
                    ) : l.pcdType5Passed ? (
                      <Tag color="purple">{t('board_emergencyPossible')}</Tag>
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('board_expiring', { n: b?.expiring.total ?? 0 })} size="small" data-testid="board-expiring">
            <Table
              size="small"
              rowKey="barcode"
              pagination={{ pageSize: 6 }}
              dataSource={b?.expiring.packs ?? []}
              locale={{ emptyText: t('board_none') }}
              columns={[
                { title: t('barcode'), render: (_, p) => <code>{p.barcode}</code> },
                { title: t('set'), render: (_, p) => name(p) },
                { title: t('state'), render: (_, p) => `${stateText(p.state)}${p.departmentCode ? ` · ${p.departmentCode}` : ''}` },
                { title: t('expiry'), render: (_, p) => <Tag color={p.expired ? 'red' : 'orange'}>{p.expiryDate}</Tag> },
              ]}
            />
          </Card>
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('board_useNotRecorded', { n: b?.useNotRecorded.total ?? 0 })} size="small" data-testid="board-use-not-recorded">
            <Table
              size="small"
              rowKey="barcode"
              pagination={false}
              scroll={{ y: 320 }}
              dataSource={b?.useNotRecorded.packs ?? []}
              locale={{ emptyText: t('board_none') }}
              onRow={(p) => ({ 'data-testid': 'board-use-not-recorded-row', 'data-barcode': p.barcode }) as object}
              columns={[
                {
                  title: t('barcode'),
                  render: (_, p) => provenanceLink(p.barcode),
                },
                { title: t('set'), render: (_, p) => name(p) },
                {
                  title: t('board_sentTo'),
                  render: (_, p) =>
                    p.departmentCode
                      ? `${p.departmentCode} ${name({ nameZh: p.departmentNameZh ?? '', nameEn: p.departmentNameEn ?? '' })}`
                      : '—',
                },
                { title: t('board_collectedAt'), render: (_, p) => when(p.collectedAt) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('board_collectedElsewhere')} size="small" data-testid="board-collected-elsewhere">
            <Table
              size="small"
              rowKey={(p) => `${p.barcode}-${p.collectedAt}`}
              pagination={false}
              scroll={{ y: 320 }}
              dataSource={b?.collectedElsewhere.packs ?? []}
              locale={{ emptyText: t('board_none') }}
              onRow={(p) => ({ 'data-testid': 'board-collected-elsewhere-row', 'data-barcode': p.barcode }) as object}
              columns={[
                {
                  title: t('barcode'),
                  render: (_, p) => provenanceLink(p.barcode),
                },
                { title: t('set'), render: (_, p) => name(p) },
                {
                  title: t('board_sentTo'),
                  render: (_, p) =>
                    `${p.dispatchedToDepartmentCode} ${name({ nameZh: p.dispatchedToDepartmentNameZh, nameEn: p.dispatchedToDepartmentNameEn })}`,
                },
                {
                  title: t('board_collectedFrom'),
                  render: (_, p) =>
                    `${p.collectedFromDepartmentCode} ${name({ nameZh: p.collectedFromDepartmentNameZh, nameEn: p.collectedFromDepartmentNameEn })}`,
                },
                { title: t('board_collectedAt'), render: (_, p) => when(p.collectedAt) },
              ]}
            />
          </Card>
        </Col>
      </Row>

      {(b?.outUnderInvalidBi.length ?? 0) > 0 && (
        <Card title={t('board_outUnderInvalidBi')} size="small" data-testid="board-invalid-bi">
          <Typography.Paragraph type="secondary">{t('board_outUnderInvalidBiHint')}</Typography.Paragraph>
          <Table
            size="small"
            rowKey="barcode"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={b?.outUnderInvalidBi ?? []}
            columns={[
              {
                title: t('barcode'),
                render: (_, p) => provenanceLink(p.barcode),
              },
              { title: t('load'), render: (_, p) => t('mon_loadLabel', { sterilizer: p.sterilizerCode, cycle: p.cycleNo }) },
              { title: t('mon_lot'), render: (_, p) => `${p.lot} · ${p.readDate}` },
              { title: t('state'), render: (_, p) => `${stateText(p.state)}${p.departmentCode ? ` · ${p.departmentCode}` : ''}` },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
