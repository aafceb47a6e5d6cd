import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, InputNumber, List, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getJson, type ApiError } from '../api/client';
import { useAuth } from '../auth';
import { OutcomeBanner, useName, useWhen } from '../components/desk';
import {
  FinalStepDialog,
  useAction,
  type Act,
  RequisitionTable,
  RoundStatusTag,
  StockTable,
  type DepartmentStock,
  type Requisition,
  type Round,
  type StockLevel,
} from '../components/requisitions';
import type { MessageKey } from '../messages';

interface Named {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
}
function useRq<T>(path: string) {
  return useQuery({ queryKey: ['rq', path], queryFn: () => getJson<T>(path), refetchInterval: 10_000 });
}

/**
 * The CSSD's side of base quantities, requisitions and manifests (issue 16): the departments'
 * requisitions (urgent first; a nurse refuses one with its reason — the dispatch station fulfils
 * them by scanning), each department's base quantities with what it holds, what is in the loop
 * for it and its shortfall (the head nurse sets them), and the delivery and collection manifests.
 */
export function RequisitionsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [outcome, act] = useAction(['rq']);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="requisitions-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('rq_title')}
      </Typography.Title>
      <OutcomeBanner outcome={outcome} testId="requisitions-outcome" />
      <Tabs
        data-testid="requisitions-tabs"
        items={[
          {
            key: 'requisitions',
            label: <span data-testid="tab-requisitions">{t('rq_tabRequisitions')}</span>,
            children: <RequisitionsTab act={act} mayRefuse={me?.role === 'nurse' || me?.role === 'head_nurse'} />,
          },
          {
            key: 'stock',
            label: <span data-testid="tab-stock">{t('rq_tabStock')}</span>,
            children: <StockTab act={act} maySet={me?.role === 'head_nurse'} />,
          },
          { key: 'rounds', label: <span data-testid="tab-rounds">{t('rq_tabRounds')}</span>, children: <RoundsTab /> },
        ]}
      />
    </Space>
  );
}

function RequisitionsTab({ act, mayRefuse }: { act: Act; mayRefuse: boolean }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const list = useRq<Requisition[]>(`/api/requisitions?status=${all ? 'all' : 'open'}`);
  const [refusing, setRefusing] = useState<Requisition | null>(null);
  return (
    <Card size="small">
      <Checkbox data-testid="requisitions-all" checked={all} onChange={(e) => setAll(e.target.checked)}>
        {t('rq_showAll')}
      </Checkbox>
      {list.error && <Alert type="error" showIcon message={(list.error as unknown as ApiError).message} />}
      <RequisitionTable
        rows={list.data ?? []}
        testId="requisitions"
        rowTestId="requisition-row"
        withDepartment
        action={
          mayRefuse
            ? (r) => (
                <Button danger data-testid="refuse" onClick={() => setRefusing(r)}>
                  {t('rq_refuse')}
                </Button>
              )
            : undefined
        }
      />
      <FinalStepDialog
        open={refusing !== null}
        title={t('rq_refuseTitle', { code: refusing?.code ?? '' })}
        next={t('rq_refuse')}
        confirm={t('rq_refuseConfirm')}
        warning={t('rq_refuseWarning')}
        testId="refuse"
        reason
        reasonRequired
        onClose={() => setRefusing(null)}
        onConfirm={(reason) => {
          const r = refusing!;
          void act(`/api/requisitions/${r.id}/refuse`, { reason }, () => t('rq_refused', { code: r.code }));
        }}
      />
    </Card>
  );
}

interface BaseForm {
  departmentId: string;
  templateId: string;
  quantity: number;
  emergency: boolean;
  note?: string;
}

function StockTab({ act, maySet }: { act: Act; maySet: boolean }) {
  const { t } = useTranslation();
  const name = useName();
  const when = useWhen();
  const [departmentId, setDepartmentId] = useState<string>('');
  const levels = useRq<DepartmentStock[]>(`/api/base-quantities${departmentId ? `?departmentId=${departmentId}` : ''}`);
  const departments = useQuery({ queryKey: ['/api/departments'], queryFn: () => getJson<Named[]>('/api/departments') });
  const templates = useQuery({ queryKey: ['/api/set-templates'], queryFn: () => getJson<Named[]>('/api/set-templates') });
  const [setting, setSetting] = useState<Partial<BaseForm> | null>(null);
  const [history, setHistory] = useState<{ department: DepartmentStock; line: StockLevel } | null>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          data-testid="stock-department"
          aria-label={t('rq_department')}
          style={{ width: 260 }}
          value={departmentId}
          onChange={setDepartmentId}
          showSearch
          optionFilterProp="label"
          options={[
            { value: '', label: t('rq_allDepartments') },
            ...(departments.data ?? []).filter((d) => d.active).map((d) => ({ value: d.id, label: `${d.code} ${name(d)}` })),
          ]}
        />
        {maySet && (
          <Button
            type="primary"
            data-testid="set-base"
            onClick={() => setSetting({ departmentId: departmentId || undefined, emergency: false })}
          >
            {t('rq_setBase')}
          </Button>
        )}
      </Space>
      {(levels.data ?? []).length === 0 && !levels.isLoading && <Typography.Text type="secondary">{t('rq_noBase')}</Typography.Text>}
      {(levels.data ?? []).map((d) => (
        <Card
          key={d.departmentId}
          size="small"
          title={`${d.departmentCode} ${name({ nameZh: d.departmentNameZh, nameEn: d.departmentNameEn })}`}
          data-testid="stock-department-card"
          data-department={d.departmentCode}
        >
          <StockTable
            lines={d.lines}
            extra={(l) => (
              <Space>
                <Button size="small" data-testid="base-history" onClick={() => setHistory({ department: d, line: l })}>
                  {t('rq_history')}
                </Button>
                {maySet && (
                  <Button
                    size="small"
                    onClick={() =>
                      setSetting({ departmentId: d.departmentId, templateId: l.templateId, quantity: l.base, emergency: l.emergency })
                    }
                  >
                    {t('rq_setBase')}
                  </Button>
                )}
              </Space>
            )}
          />
        </Card>
      ))}
      <BaseDialog
        initial={setting}
        onClose={() => setSetting(null)}
        departments={(departments.data ?? []).filter((d) => d.active)}
        templates={(templates.data ?? []).filter((x) => x.active)}
        act={act}
      />
      <Modal
        open={history !== null}
        title={
          history
            ? `${t('rq_historyTitle')} · ${history.department.departmentCode} · ${history.line.templateCode} ${name(history.line)}`
            : ''
        }
        footer={null}
        onCancel={() => setHistory(null)}
        destroyOnHidden
      >
        {history && <BaseHistory departmentId={history.department.departmentId} templateId={history.line.templateId} when={when} />}
      </Modal>
    </Space>
  );
}

function BaseHistory({ departmentId, templateId, when }: { departmentId: string; templateId: string; when: (at: string) => string }) {
  const { t } = useTranslation();
  const rows = useRq<{ quantity: number; emergency: boolean; note: string | null; setAt: string; setByName: string }[]>(
    `/api/base-quantities/history?departmentId=${departmentId}&templateId=${templateId}`,
  );
  return (
    <List
      data-testid="base-history-list"
      dataSource={rows.data ?? []}
      renderItem={(r) => (
        <List.Item>
          <Space wrap>
            <b>{r.quantity}</b>
            {r.emergency && <Tag color="red">{t('rq_emergency')}</Tag>}
            <span>{`${r.setByName} ${when(r.setAt)}`}</span>
            {r.note && <Typography.Text type="secondary">{r.note}</Typography.Text>}
          </Space>
        </List.Item>
      )}
    />
  );
}

/** The head nurse sets a base quantity: a new record, confirmed before it is sent. */
function BaseDialog({
  initial,
  onClose,
  departments,
  templates,
  act,
}: {
  initial: Partial<BaseForm> | null;
  onClose: () => void;
  departments: Named[];
  templates: Named[];
  act: Act;
}) {
  const { t } = useTranslation();
  const name = useName();
  const [form] = Form.useForm<BaseForm>();
  const submit = async (v: BaseForm) => {
    const department = departments.find((d) => d.id === v.departmentId);
    const template = templates.find((x) => x.id === v.templateId);
    onClose();
    await act(
      '/api/base-quantities',
      {
        departmentId: v.departmentId,
        templateId: v.templateId,
        quantity: v.quantity,
        emergency: !!v.emergency,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      },
      () =>
        t('rq_baseSet', {
          department: department?.code ?? '',
          template: template ? `${template.code} ${name(template)}` : '',
          quantity: v.quantity,
        }),
    );
  };
  return (
    <Modal
      open={initial !== null}
      title={t('rq_setBaseTitle')}
      okText={t('submit')}
      cancelText={t('cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'base-submit' } as Record<string, string>}
      destroyOnHidden
    >
      <Form name="base" form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={initial ?? {}}>
        <Form.Item name="departmentId" label={t('rq_department')} rules={[{ required: true, message: t('rq_required') }]}>
          <Select
            data-testid="base-department"
            showSearch
            optionFilterProp="label"
            options={departments.map((d) => ({ value: d.id, label: `${d.code} ${name(d)}` }))}
          />
        </Form.Item>
        <Form.Item name="templateId" label={t('rq_template')} rules={[{ required: true, message: t('rq_required') }]}>
          <Select
            data-testid="base-template"
            showSearch
            optionFilterProp="label"
            options={templates.map((x) => ({ value: x.id, label: `${x.code} ${name(x)}` }))}
          />
        </Form.Item>
        <Form.Item
          name="quantity"
          label={t('rq_base')}
          extra={t('rq_baseZeroHint')}
          rules={[{ required: true, message: t('rq_required') }]}
        >
          <InputNumber data-testid="base-quantity" min={0} max={999} precision={0} />
        </Form.Item>
        <Form.Item name="emergency" valuePropName="checked">
          <Checkbox data-testid="base-emergency">{t('rq_emergency')}</Checkbox>
        </Form.Item>
        <Form.Item name="note" label={t('rq_note')}>
          <Input data-testid="base-note" maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RoundsTab() {
  const { t } = useTranslation();
  const name = useName();
  const when = useWhen();
  const rounds = useRq<Round[]>('/api/rounds');
  return (
    <Card size="small">
      <Table<Round>
        data-testid="rounds"
        rowKey="id"
        size="small"
        pagination={{ pageSize: 20 }}
        dataSource={rounds.data ?? []}
        locale={{ emptyText: t('rq_noRounds') }}
        onRow={(r) => ({ 'data-testid': 'round-row', 'data-code': r.code }) as object}
        columns={[
          { title: t('rq_manifest'), render: (_, r) => <Link to={`/rounds/${r.id}`}>{r.code}</Link> },
          { title: t('rq_kind'), render: (_, r) => <Tag>{t(`rq_kind_${r.kind}` as MessageKey)}</Tag> },
          {
            title: t('rq_department'),
            render: (_, r) => `${r.departmentCode} ${name({ nameZh: r.departmentNameZh, nameEn: r.departmentNameEn })}`,
          },
          { title: t('rq_status'), render: (_, r) => <RoundStatusTag status={r.status} /> },
          { title: t('rq_packs'), dataIndex: 'items', align: 'right' },
          { title: t('rq_opened'), render: (_, r) => `${r.openedByName} ${when(r.openedAt)}` },
          { title: t('rq_signed'), render: (_, r) => (r.signedAt ? `${r.signedByName} ${when(r.signedAt)}` : '—') },
        ]}
      />
    </Card>
  );
}
