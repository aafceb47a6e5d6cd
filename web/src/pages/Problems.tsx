import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Input, List, Modal, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getJson, postOnce, type ApiError } from '../api/client';
import { useAuth } from '../auth';
import { OutcomeBanner, useName, useWhen, type Outcome } from '../components/desk';
import type { MessageKey } from '../messages';

/** A problem report as GET /api/problem-reports and GET /api/department/problems answer it (src/problems/dto). */
export interface ProblemReport {
  id: string;
  kind: string;
  note: string | null;
  afterUse: boolean;
  reportedAt: string;
  barcode: string;
  templateCode: string;
  nameZh: string;
  nameEn: string;
  departmentCode: string;
  departmentNameZh: string;
  departmentNameEn: string;
  sterilizerCode: string | null;
  cycleNo: number | null;
  recallId: string | null;
  status: 'open' | 'closed';
  outcome: {
    id: string;
    investigation: string;
    cause: string;
    action: string;
    closedByName: string;
    closedAt: string;
    correctsId: string | null;
    correctionReason: string | null;
    records: number;
  } | null;
}
interface OutcomeForm {
  investigation: string;
  cause: string;
  action: string;
  reason?: string;
}

/** The outcome in force: investigation, cause, action, who closed it and when (and a correction's reason). */
export function ProblemOutcome({ report }: { report: ProblemReport }) {
  const { t } = useTranslation();
  const when = useWhen();
  const o = report.outcome;
  if (!o)
    return (
      <Tag color="orange" data-testid="problem-status" data-status="open">
        {t('pr_open')}
      </Tag>
    );
  return (
    <Space direction="vertical" size={0} data-testid="problem-outcome">
      <Space wrap>
        <Tag color="green" data-testid="problem-status" data-status="closed">
          {t('pr_closed')}
        </Tag>
        <Typography.Text type="secondary">{t('pr_closedBy', { who: o.closedByName, at: when(o.closedAt) })}</Typography.Text>
        {o.correctsId && <Tag color="gold">{t('pr_corrected', { reason: o.correctionReason ?? '' })}</Tag>}
      </Space>
      <Typography.Text>
        {t('pr_investigation')}: {o.investigation}
      </Typography.Text>
      <Typography.Text>
        {t('pr_cause')}: {o.cause}
      </Typography.Text>
      <Typography.Text>
        {t('pr_action')}: {o.action}
      </Typography.Text>
    </Space>
  );
}

/**
 * Problem reports from the departments (seed 20): the open ones, oldest first, to investigate and
 * close with the cause and the action taken; closed ones keep their outcome, corrected only by a
 * new record. The head nurse and the quality monitor close; other CSSD staff read.
 */
export function ProblemsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const when = useWhen();
  const name = useName();
  const qc = useQueryClient();
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const [working, setWorking] = useState<{ report: ProblemReport; correction: boolean } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const reports = useQuery({
    queryKey: ['/api/problem-reports', status],
    queryFn: () => getJson<ProblemReport[]>(`/api/problem-reports?status=${status}`),
    refetchInterval: 5000,
  });
  const mayClose = me?.role === 'head_nurse' || me?.role === 'monitor';

  const submit = async (v: OutcomeForm) => {
    const w = working!;
    setWorking(null);
    try {
      await postOnce(`/api/problem-reports/${w.report.id}/${w.correction ? 'corrections' : 'close'}`, v);
      setOutcome({ ok: true, message: t(w.correction ? 'pr_correctedDone' : 'pr_closedDone', { pack: w.report.barcode }) });
    } catch (e) {
      setOutcome({ ok: false, error: e as ApiError });
    } finally {
      void qc.invalidateQueries({ queryKey: ['/api/problem-reports'] });
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="problems-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('pr_title')}
        </Typography.Title>
        <Segmented
          data-testid="problems-status"
          value={status}
          onChange={(v) => setStatus(v as 'open' | 'closed')}
          options={[
            { value: 'open', label: t('pr_open') },
            { value: 'closed', label: t('pr_closed') },
          ]}
        />
      </Space>
      <OutcomeBanner outcome={outcome} />
      {reports.error && <Alert type="error" showIcon message={(reports.error as unknown as ApiError).message} />}
      <Card size="small">
        <List
          data-testid="problem-list"
          locale={{ emptyText: <Empty description={t('pr_none')} /> }}
          dataSource={reports.data ?? []}
          renderItem={(r) => (
            <List.Item
              data-testid="problem-row"
              data-barcode={r.barcode}
              actions={
                mayClose
                  ? [
                      r.status === 'open' ? (
                        <Button
                          key="close"
                          type="primary"
                          data-testid="problem-close"
                          onClick={() => setWorking({ report: r, correction: false })}
                        >
                          {t('pr_close')}
                        </Button>
                      ) : (
                        <Button key="correct" data-testid="problem-correct" onClick={() => setWorking({ report: r, correction: true })}>
                          {t('pr_correct')}
                        </Button>
                      ),
                    ]
                  : []
              }
            >
              <Space direction="vertical" size={2}>
                <Space wrap>
                  <Link to={`/provenance/${r.barcode}`} style={{ fontFamily: 'monospace', fontSize: 16 }}>
                    {r.barcode}
                  </Link>
                  <Typography.Text strong>{name(r)}</Typography.Text>
                  <Tag color="red">{t(`dept_problem_${r.kind}` as MessageKey)}</Tag>
                  {r.afterUse && <Tag color="purple">{t('pr_afterUse')}</Tag>}
                  {r.recallId && <Link to={`/recalls/${r.recallId}`}>{t('pr_recall')}</Link>}
                </Space>
                <Typography.Text type="secondary">
                  {`${r.departmentCode} ${name({ nameZh: r.departmentNameZh, nameEn: r.departmentNameEn })}`} · {when(r.reportedAt)}
                  {r.sterilizerCode ? ` · ${r.sterilizerCode} #${r.cycleNo}` : ''}
                  {r.note ? ` · ${r.note}` : ''}
                </Typography.Text>
                <ProblemOutcome report={r} />
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <OutcomeDialog working={working} onCancel={() => setWorking(null)} onSubmit={submit} />
    </Space>
  );
}

/** Investigation, cause and action (all required); a correction also says why. Closing is asked twice: it cannot be undone. */
function OutcomeDialog({
  working,
  onCancel,
  onSubmit,
}: {
  working: { report: ProblemReport; correction: boolean } | null;
  onCancel: () => void;
  onSubmit: (v: OutcomeForm) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OutcomeForm>();
  const { modal } = App.useApp();
  const required = [{ required: true, whitespace: true, message: t('pr_required') }];
  const confirm = (v: OutcomeForm) =>
    modal.confirm({
      title: t(working?.correction ? 'pr_confirmCorrect' : 'pr_confirmClose', { pack: working?.report.barcode ?? '' }),
      content: t('pr_cannotRewrite'),
      okText: t('pr_confirm'),
      cancelText: t('cancel'),
      okButtonProps: { ...({ 'data-testid': 'problem-confirm-close' } as object) },
      onOk: () => onSubmit(v),
    });
  return (
    <Modal
      open={working !== null}
      title={`${t(working?.correction ? 'pr_correct' : 'pr_close')} · ${working?.report.barcode ?? ''}`}
      okText={t('submit')}
      cancelText={t('cancel')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'problem-submit' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={confirm}
        preserve={false}
        initialValues={
          working?.report.outcome
            ? {
                investigation: working.report.outcome.investigation,
                cause: working.report.outcome.cause,
                action: working.report.outcome.action,
              }
            : {}
        }
      >
        <Form.Item name="investigation" label={t('pr_investigation')} rules={required}>
          <Input.TextArea data-testid="problem-investigation" rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="cause" label={t('pr_cause')} rules={required}>
          <Input data-testid="problem-cause" maxLength={300} />
        </Form.Item>
        <Form.Item name="action" label={t('pr_action')} rules={required}>
          <Input data-testid="problem-action" maxLength={300} />
        </Form.Item>
        {working?.correction && (
          <Form.Item name="reason" label={t('pr_correctionReason')} rules={required}>
            <Input data-testid="problem-reason" maxLength={200} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
