import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getJson, type ApiError } from '../api/client';
import { OutcomeBanner, useName, useWhen } from '../components/desk';
import { IrreversibleFooter } from '../components/IrreversibleFooter';
import {
  FinalStepDialog,
  useAction,
  type Act,
  RequisitionTable,
  ManifestHeader,
  ManifestTables,
  RoundStatusTag,
  StockTable,
  type DepartmentStock,
  type Requisition,
  type Round,
  type RoundDetail,
} from '../components/requisitions';
import type { MessageKey } from '../messages';

interface Template {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
}
interface NewRequisition {
  lines: { templateId?: string; quantity?: number }[];
  urgency: 'routine' | 'urgent';
  note?: string;
}
/** The lists refresh by themselves, so a manifest the CSSD closes shows here without a reload. */
const REFRESH_MS = 5000;

/**
 * A department's base quantities, requisitions and handovers (issue 16; seed 4.3, 15.1, 15.4,
 * 11.3): the manifests of deliveries and collections to count and sign (a difference noted, not
 * lost), its base quantities with what it holds, what is in the CSSD's loop for it and what it is
 * short of, a new requisition, its requisitions with their status (cancel what is not yet sent),
 * and the handovers signed. Its own only: the service answers with nothing else.
 */
export function DepartmentRequisitionsPage() {
  const { t } = useTranslation();
  const when = useWhen();
  // A signature received packs: the department's packs page refreshes too.
  const [outcome, act] = useAction(['dept-rq', 'dept-packs']);
  const stock = useQuery({
    queryKey: ['dept-rq', 'stock'],
    queryFn: () => getJson<DepartmentStock>('/api/department/base-quantities'),
    refetchInterval: REFRESH_MS,
  });
  const requisitions = useQuery({
    queryKey: ['dept-rq', 'requisitions'],
    queryFn: () => getJson<Requisition[]>('/api/department/requisitions?status=all'),
    refetchInterval: REFRESH_MS,
  });
  const rounds = useQuery({
    queryKey: ['dept-rq', 'rounds'],
    queryFn: () => getJson<Round[]>('/api/department/rounds'),
    refetchInterval: REFRESH_MS,
  });
  const templates = useQuery({ queryKey: ['/api/set-templates'], queryFn: () => getJson<Template[]>('/api/set-templates') });
  const [signing, setSigning] = useState<string | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<Requisition | null>(null);

  const toSign = (rounds.data ?? []).filter((r) => r.status === 'closed');
  const signed = (rounds.data ?? []).filter((r) => r.status === 'signed' || r.status === 'signed_with_difference');

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="department-requisitions-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('rq_deptTitle')}
        </Typography.Title>
        <Link to="/department">{t('departmentPage')}</Link>
      </Space>
      <OutcomeBanner outcome={outcome} testId="requisitions-outcome" />

      <Card
        size="small"
        title={
          <Space>
            {t('rq_toSign')}
            <Badge count={toSign.length} showZero color={toSign.length ? '#d4380d' : '#8c8c8c'} />
          </Space>
        }
        data-testid="to-sign"
      >
        <List
          locale={{ emptyText: <Empty description={t('rq_nothingToSign')} /> }}
          dataSource={toSign}
          renderItem={(r) => (
            <List.Item
              data-testid="to-sign-row"
              data-code={r.code}
              actions={[
                <Button key="sign" type="primary" size="large" data-testid="count-and-sign" onClick={() => setSigning(r.id)}>
                  {t('rq_count')}
                </Button>,
              ]}
            >
              <Space wrap>
                <Typography.Text strong style={{ fontSize: 18 }}>
                  {r.code}
                </Typography.Text>
                <Tag>{t(`rq_kind_${r.kind}` as MessageKey)}</Tag>
                <span>
                  {t('rq_packs')}: {r.items}
                </span>
                <span>{`${t('rq_closedAt')}: ${r.closedByName ?? ''} ${when(r.closedAt)}`}</span>
              </Space>
            </List.Item>
          )}
        />
      </Card>

      <Card size="small" title={t('rq_myStock')} data-testid="my-stock">
        {stock.error && <Alert type="error" showIcon message={(stock.error as unknown as ApiError).message} />}
        <StockTable lines={stock.data?.lines ?? []} />
      </Card>

      <NewRequisitionCard templates={(templates.data ?? []).filter((x) => x.active)} act={act} />

      <Card size="small" title={t('rq_myRequisitions')}>
        <RequisitionTable
          rows={requisitions.data ?? []}
          testId="my-requisitions"
          rowTestId="my-requisition"
          pageSize={10}
          action={(r) => (
            <Button danger data-testid="cancel-requisition" onClick={() => setCancelling(r)}>
              {t('rq_cancel')}
            </Button>
          )}
        />
      </Card>

      <Card size="small" title={t('rq_handovers')}>
        <Table<Round>
          data-testid="signed-rounds"
          rowKey="id"
          size="small"
          pagination={{ pageSize: 10 }}
          dataSource={signed}
          locale={{ emptyText: t('rq_noRounds') }}
          onRow={(r) => ({ 'data-testid': 'signed-round', 'data-code': r.code }) as object}
          columns={[
            {
              title: t('rq_manifest'),
              render: (_, r) => (
                <Button type="link" onClick={() => setViewing(r.id)}>
                  {r.code}
                </Button>
              ),
            },
            { title: t('rq_kind'), render: (_, r) => <Tag>{t(`rq_kind_${r.kind}` as MessageKey)}</Tag> },
            { title: t('rq_status'), render: (_, r) => <RoundStatusTag status={r.status} /> },
            { title: t('rq_packs'), dataIndex: 'items', align: 'right' },
            { title: t('rq_signed'), render: (_, r) => `${r.signedByName ?? ''} ${when(r.signedAt)}` },
          ]}
        />
      </Card>

      <SignDialog roundId={signing} onClose={() => setSigning(null)} act={act} />
      <ViewDialog roundId={viewing} onClose={() => setViewing(null)} />
      <FinalStepDialog
        open={cancelling !== null}
        title={t('rq_cancelTitle', { code: cancelling?.code ?? '' })}
        next={t('rq_cancel')}
        confirm={t('rq_cancelConfirm')}
        warning={t('rq_cancelWarning')}
        testId="cancel-requisition"
        reason
        onClose={() => setCancelling(null)}
        onConfirm={(reason) => {
          const r = cancelling!;
          void act(`/api/department/requisitions/${r.id}/cancel`, reason ? { reason } : {}, () => t('rq_cancelled', { code: r.code }));
        }}
      />
    </Space>
  );
}

function NewRequisitionCard({ templates, act }: { templates: Template[]; act: Act }) {
  const { t } = useTranslation();
  const name = useName();
  const [form] = Form.useForm<NewRequisition>();
  const submit = async (v: NewRequisition) => {
    const body = {
      lines: v.lines.map((l) => ({ templateId: l.templateId, quantity: l.quantity })),
      urgency: v.urgency,
      ...(v.note?.trim() ? { note: v.note.trim() } : {}),
    };
    if (await act<Requisition>('/api/department/requisitions', body, (r) => t('rq_submitted', { code: r.code }))) form.resetFields();
  };
  return (
    <Card size="small" title={t('rq_newRequisition')} data-testid="new-requisition">
      <Form
        name="requisition"
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ lines: [{ quantity: 1 }], urgency: 'routine' }}
      >
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item
                    name={[f.name, 'templateId']}
                    rules={[{ required: true, message: t('rq_required') }]}
                    style={{ marginBottom: 0 }}
                  >
                    <Select
                      data-testid={`requisition-template-${i}`}
                      aria-label={t('rq_template')}
                      style={{ width: 320 }}
                      showSearch
                      optionFilterProp="label"
                      options={templates.map((x) => ({ value: x.id, label: `${x.code} ${name(x)}` }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'quantity']}
                    rules={[{ required: true, message: t('rq_required') }]}
                    style={{ marginBottom: 0 }}
                  >
                    <InputNumber data-testid={`requisition-quantity-${i}`} aria-label={t('rq_quantity')} min={1} max={200} precision={0} />
                  </Form.Item>
                  {fields.length > 1 && <Button onClick={() => remove(f.name)}>{t('rq_removeLine')}</Button>}
                </Space>
              ))}
              <Button data-testid="requisition-add-line" onClick={() => add({ quantity: 1 })}>
                {t('rq_addLine')}
              </Button>
            </Space>
          )}
        </Form.List>
        <Form.Item name="urgency" label={t('rq_urgency')} style={{ marginTop: 12 }}>
          <Radio.Group
            data-testid="requisition-urgency"
            optionType="button"
            options={[
              { value: 'routine', label: t('rq_urgency_routine') },
              { value: 'urgent', label: <span data-testid="requisition-urgent">{t('rq_urgency_urgent')}</span> },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={t('rq_note')}>
          <Input data-testid="requisition-note" maxLength={200} />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" data-testid="requisition-submit">
          {t('rq_submit')}
        </Button>
      </Form>
    </Card>
  );
}

/**
 * Counting a manifest: each template's count, a note where it differs, then a second step that
 * says what will be signed (a signature cannot be changed).
 */
function SignDialog({ roundId, onClose, act }: { roundId: string | null; onClose: () => void; act: Act }) {
  const { t } = useTranslation();
  const name = useName();
  const round = useQuery({
    queryKey: ['dept-rq', 'round', roundId],
    queryFn: () => getJson<RoundDetail>(`/api/department/rounds/${roundId}`),
    enabled: roundId !== null,
  });
  const [counts, setCounts] = useState<Record<string, { counted?: number; note?: string }>>({});
  const [confirming, setConfirming] = useState(false);
  const lines = round.data?.lines ?? [];
  const complete = lines.length > 0 && lines.every((l) => counts[l.templateId]?.counted !== undefined);
  const differing = lines.filter((l) => counts[l.templateId]?.counted !== undefined && counts[l.templateId].counted !== l.expected);
  const noted = differing.every((l) => counts[l.templateId]?.note?.trim());
  const sign = async () => {
    const r = round.data!;
    onClose();
    await act<RoundDetail>(
      `/api/department/rounds/${r.id}/sign`,
      {
        lines: lines.map((l) => ({
          templateId: l.templateId,
          counted: counts[l.templateId].counted,
          ...(counts[l.templateId].note?.trim() ? { note: counts[l.templateId].note!.trim() } : {}),
        })),
      },
      (answer) => t('rq_signed_ok', { code: answer.code }),
    );
  };
  return (
    <Modal
      open={roundId !== null}
      width={760}
      title={round.data ? t('rq_signTitle', { code: round.data.code }) : ''}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => {
        setCounts({});
        setConfirming(false);
      }}
      footer={
        <IrreversibleFooter
          confirming={confirming}
          onCancel={onClose}
          onBack={() => setConfirming(false)}
          onNext={() => setConfirming(true)}
          onConfirm={() => void sign()}
          next={t('rq_count')}
          confirm={t('rq_signConfirm')}
          testId="sign"
          nextDisabled={!complete || !noted}
        />
      }
    >
      {round.data && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <ManifestHeader round={round.data} />
          {confirming ? (
            <Alert
              data-testid="sign-warning"
              type={differing.length ? 'warning' : 'info'}
              showIcon
              message={differing.length ? t('rq_signWarning', { n: differing.length }) : t('rq_signWarningNone')}
            />
          ) : (
            <>
              <Typography.Paragraph type="secondary">{t('rq_signHint')}</Typography.Paragraph>
              <Table
                data-testid="sign-lines"
                rowKey="templateId"
                size="small"
                pagination={false}
                dataSource={lines}
                columns={[
                  { title: t('rq_template'), render: (_, l) => `${l.templateCode} ${name(l)}` },
                  { title: t('rq_expected'), dataIndex: 'expected', align: 'right' },
                  {
                    title: t('rq_counted'),
                    render: (_, l) => (
                      <InputNumber
                        data-testid={`sign-counted-${l.templateCode}`}
                        aria-label={`${t('rq_counted')} ${l.templateCode}`}
                        min={0}
                        max={999}
                        precision={0}
                        value={counts[l.templateId]?.counted}
                        onChange={(v) => setCounts((c) => ({ ...c, [l.templateId]: { ...c[l.templateId], counted: v ?? undefined } }))}
                      />
                    ),
                  },
                  {
                    title: t('rq_differenceNote'),
                    render: (_, l) =>
                      counts[l.templateId]?.counted !== undefined && counts[l.templateId].counted !== l.expected ? (
                        <Input
                          data-testid={`sign-note-${l.templateCode}`}
                          aria-label={`${t('rq_differenceNote')} ${l.templateCode}`}
                          status={counts[l.templateId]?.note?.trim() ? undefined : 'error'}
                          maxLength={200}
                          value={counts[l.templateId]?.note}
                          onChange={(e) => setCounts((c) => ({ ...c, [l.templateId]: { ...c[l.templateId], note: e.target.value } }))}
                        />
                      ) : null,
                  },
                ]}
              />
            </>
          )}
        </Space>
      )}
    </Modal>
  );
}

function ViewDialog({ roundId, onClose }: { roundId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const round = useQuery({
    queryKey: ['dept-rq', 'round', roundId],
    queryFn: () => getJson<RoundDetail>(`/api/department/rounds/${roundId}`),
    enabled: roundId !== null,
  });
  return (
    <Modal
      open={roundId !== null}
      width={900}
      title={round.data ? t('rq_manifestTitle', { code: round.data.code }) : ''}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
    >
      {round.data && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="round-view">
          <ManifestHeader round={round.data} />
          <ManifestTables round={round.data} />
        </Space>
      )}
    </Modal>
  );
}
