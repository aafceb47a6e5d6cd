import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { getJson, type ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useAuth } from '../../auth';
import { useName, useWhen } from '../../components/desk';
import type { MessageKey } from '../../messages';
import { RecallProgress } from '../Board';
import { DISPOSITION_COLOR, DISPOSITION_KEY, DISPOSITIONS } from '../Recall';
import { ApiErrorAlert } from '../catalog/kit';
import { useReportDownloads } from './Downloads';

type Report = components['schemas']['RecallReportView'];
type Named = { code: string; nameZh: string; nameEn: string } | null;
type Disposition = (typeof DISPOSITIONS)[number];

/**
 * 召回报告 (issue 15), for the infection-control office: the recall's particulars (the positive BI,
 * the window since the last passing BI, who opened and closed it, the time it took), its timeline,
 * its loads, every pack's disposition and the patients to follow up — with the XLSX and PDF. A
 * department user reads its own part of a recall that found packs there.
 */
export function RecallReportPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const { me } = useAuth();
  const when = useWhen();
  const name = useName();
  const report = useQuery({ queryKey: ['/api/reports/recalls', id], queryFn: () => getJson<Report>(`/api/reports/recalls/${id}`) });
  const { buttons, error } = useReportDownloads(`/api/reports/recalls/${id}`, report.isSuccess);
  const r = report.data;
  const dept = (d: Named) => (d ? `${d.code} ${name(d)}` : '—');
  const load = (sterilizer: string, cycle: number) => t('mon_loadLabel', { sterilizer, cycle });
  const disposition = (d: string) => (
    <Tag color={DISPOSITION_COLOR[d]} data-testid="disposition">
      {t(DISPOSITION_KEY[d as Disposition])}
    </Tag>
  );
  const department = me?.role === 'department';

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="recall-report">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('rr_title')} {r && <span data-testid="rr-number">{r.number}</span>}{' '}
          {r && (
            <Tag color={r.status === 'open' ? 'red' : 'green'} style={{ fontSize: 18, padding: '4px 10px' }}>
              {t(r.status === 'open' ? 'rc_statusOpen' : 'rc_statusClosed')}
            </Tag>
          )}
        </Typography.Title>
        <Space>
          {buttons}
          {department ? (
            <Link to="/department">{t('rr_backToDepartment')}</Link>
          ) : (
            <Link to={`/recalls/${id}`}>{t('rr_backToRecall')}</Link>
          )}
        </Space>
      </Space>
      <ApiErrorAlert error={error ?? (report.error as ApiError | null)} testid="page-error" />
      {report.isLoading && <Spin />}
      {r?.department && (
        <Alert type="info" showIcon data-testid="rr-slice" message={t('rr_yourSlice', { department: dept(r.department) })} />
      )}
      {r && (
        <Card size="small">
          <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered data-testid="rr-header">
            <Descriptions.Item label={t('rr_number')}>{r.number}</Descriptions.Item>
            <Descriptions.Item label={t('rc_trigger')}>{name(r.triggerName)}</Descriptions.Item>
            <Descriptions.Item label={t('rc_reason')} span={2}>
              {name(r.reason)}
            </Descriptions.Item>
            {r.triggeredBy?.kind === 'bi' && (
              <Descriptions.Item label={t('rr_positiveBi')} span={2}>
                {t('rr_positiveBiText', {
                  sterilizer: r.triggeredBy.sterilizerCode ?? '',
                  cycle: r.triggeredBy.cycleNo,
                  lot: r.triggeredBy.lot ?? '',
                  at: when(r.triggeredBy.readAt),
                  by: r.triggeredBy.readBy ?? '—',
                })}
              </Descriptions.Item>
            )}
            {r.triggeredBy?.kind === 'chemical' && (
              <Descriptions.Item label={t('rr_chemical')} span={2}>
                {t('rr_chemicalText', { sterilizer: r.triggeredBy.sterilizerCode ?? '', cycle: r.triggeredBy.cycleNo })}
                {r.triggeredBy.reportedPack && <code> {r.triggeredBy.reportedPack}</code>}
              </Descriptions.Item>
            )}
            {r.sterilizers.map((s) => (
              <Descriptions.Item key={s.id} label={`${t('rr_window')} · ${s.code} ${name(s)}`} span={2}>
                <span data-testid="rr-window">
                  {s.window.sinceLastPassingBi &&
                    (s.window.lastPassingBi
                      ? t('rr_windowAnchor', {
                          cycle: s.window.lastPassingBi.cycleNo,
                          at: when(s.window.lastPassingBi.resultRecordedAt ?? s.window.lastPassingBi.startedAt),
                        })
                      : t('rr_windowNoAnchor'))}
                  {s.window.sinceLastPassingBi && ' · '}
                  {s.window.firstCycleNo === null
                    ? t('rr_windowNone')
                    : s.window.firstCycleNo === s.window.lastCycleNo
                      ? t('rr_windowLoad', { first: s.window.firstCycleNo, from: when(s.window.firstStartedAt) })
                      : t('rr_windowLoads', {
                          first: s.window.firstCycleNo,
                          last: s.window.lastCycleNo,
                          n: s.window.loads,
                          from: when(s.window.firstStartedAt),
                          to: when(s.window.lastStartedAt),
                        })}
                </span>
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('rr_openedBy')}>{`${when(r.opened.at)} · ${r.opened.by ?? '—'}`}</Descriptions.Item>
            <Descriptions.Item label={t('rr_closedBy')}>
              {r.closed ? `${when(r.closed.at)} · ${r.closed.by ?? '—'}` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('rr_hoursToClose')}>
              {r.hoursToClose === null ? '—' : t('rr_hours', { n: r.hoursToClose })}
            </Descriptions.Item>
            {r.closing && <Descriptions.Item label={t('rc_cause')}>{r.closing.cause ?? '—'}</Descriptions.Item>}
            {r.closing && r.closing.reprocessedCount !== null && (
              <Descriptions.Item label={t('rc_packsDone')}>
                {t('rc_packsDoneText', { reprocessed: r.closing.reprocessedCount, discarded: r.closing.discardedCount ?? 0 })}
              </Descriptions.Item>
            )}
            {r.closing?.reportedTo && (
              <Descriptions.Item label={t('rc_reportedTo')}>{`${r.closing.reportedTo} · ${when(r.closing.reportedAt)}`}</Descriptions.Item>
            )}
            {r.closing && <Descriptions.Item label={t('rc_conclusion')}>{r.closing.conclusion ?? '—'}</Descriptions.Item>}
          </Descriptions>
          <div style={{ maxWidth: 560, marginTop: 8 }}>
            <RecallProgress counts={r.counts} total={r.total} />
          </div>
        </Card>
      )}

      {r && (
        <Card size="small" title={t('rr_patients', { n: r.followUp.length })} data-testid="rr-follow-up">
          <Table
            size="small"
            rowKey="barcode"
            pagination={false}
            dataSource={r.followUp}
            locale={{ emptyText: t('rr_noPatients') }}
            columns={[
              { title: t('patientId'), render: (_, f) => f.patientId ?? '—' },
              { title: t('operationId'), render: (_, f) => f.operationId ?? '—' },
              { title: t('department'), render: (_, f) => dept(f.department) },
              { title: t('rr_usedAt'), render: (_, f) => when(f.usedAt) },
              { title: t('rr_usedBy'), render: (_, f) => f.usedBy ?? '—' },
              { title: t('barcode'), render: (_, f) => <code>{f.barcode}</code> },
              { title: t('set'), render: (_, f) => name(f.set) },
              { title: t('load'), render: (_, f) => load(f.sterilizerCode, f.cycleNo) },
            ]}
          />
        </Card>
      )}

      {r && (
        <Card size="small" title={t('rr_timeline')} data-testid="rr-timeline">
          <Table
            size="small"
            rowKey={(e) => `${e.at}-${e.step}-${e.barcode ?? ''}-${e.department?.code ?? ''}`}
            pagination={false}
            dataSource={r.timeline}
            columns={[
              { title: t('rr_time'), render: (_, e) => when(e.at) },
              { title: t('rr_step'), render: (_, e) => name(e.text) },
              { title: t('department'), render: (_, e) => dept(e.department) },
              { title: t('barcode'), render: (_, e) => (e.barcode ? <code>{e.barcode}</code> : '—') },
              { title: t('rr_by'), render: (_, e) => e.by ?? '—' },
              { title: t('rr_station'), render: (_, e) => e.station ?? '—' },
            ]}
          />
        </Card>
      )}

      {r && (
        <Card size="small" title={t('rr_scope')} data-testid="rr-scope">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={r.loads}
            columns={[
              { title: t('sterilizer'), render: (_, l) => `${l.sterilizer.code} ${name(l.sterilizer)}` },
              { title: t('reg_cycle'), dataIndex: 'cycleNo', align: 'right' },
              { title: t('program'), render: (_, l) => (l.program ? name(l.program) : '—') },
              { title: t('rr_start'), render: (_, l) => when(l.startedAt) },
              { title: t('rr_end'), render: (_, l) => when(l.completedAt) },
              { title: t('rr_packCount'), dataIndex: 'packs', align: 'right' },
              {
                title: t('rc_disposition'),
                render: (_, l) => (
                  <Space size={4} wrap>
                    {DISPOSITIONS.filter((d) => l.counts[d] > 0).map((d) => (
                      <Tag key={d} color={DISPOSITION_COLOR[d]}>{`${t(DISPOSITION_KEY[d])} ${l.counts[d]}`}</Tag>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}

      {r && (
        <Card size="small" title={t('rr_dispositions')} data-testid="rr-packs">
          <Table
            size="small"
            rowKey="barcode"
            dataSource={r.packs}
            pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
            onRow={(p) => ({ 'data-testid': `rr-pack-${p.barcode}` }) as object}
            columns={[
              { title: t('barcode'), render: (_, p) => <code>{p.barcode}</code> },
              { title: t('set'), render: (_, p) => name(p.set) },
              { title: t('load'), render: (_, p) => load(p.sterilizerCode, p.cycleNo) },
              { title: t('rc_whereAtRecall'), render: (_, p) => t(`board_state_${p.stateAtRecall}` as MessageKey) },
              { title: t('department'), render: (_, p) => dept(p.department) },
              { title: t('rc_disposition'), render: (_, p) => disposition(p.disposition) },
              { title: t('rc_accountedAt'), render: (_, p) => when(p.accountedAt) },
              { title: t('rc_accountedBy'), render: (_, p) => p.accountedBy ?? '—' },
              { title: t('rr_station'), render: (_, p) => p.station ?? '—' },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
