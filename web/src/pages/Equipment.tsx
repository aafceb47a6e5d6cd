import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, postOnce, type ApiError } from '../api/client';
import type { components } from '../api/schema';
import { useAuth } from '../auth';
import { OutcomeBanner, useName, useWhen, type Outcome } from '../components/desk';
import type { MessageKey } from '../messages';
import { RegisterExport } from './reports/RegisterExport';

/** The answers of /api/equipment, as the service's OpenAPI document describes them (src/equipment/dto/equipment.view.ts). */
type Machine = components['schemas']['EquipmentView'];
interface Named {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}

const KINDS = ['sterilizer', 'washer', 'sealer', 'drying_cabinet', 'water_treatment'] as const;
const STATUS_COLOR: Record<string, string> = { in_service: 'green', service_due: 'orange', service_overdue: 'red', out_of_use: 'red' };

type Dialog = { kind: 'register' } | { kind: 'fault' | 'maintenance' | 'return'; machine: Machine };

/**
 * The equipment register (seed 6, 5.4, 6.5): every machine with its status — in service, service
 * due, service overdue, out of use — its responsible operator and its plan. Anyone reports a fault;
 * nurses and the head nurse record services, repairs and monthly self-inspections; the head nurse
 * returns a machine to service; the head nurse and the admin register machines.
 */
export function EquipmentPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const name = useName();
  const when = useWhen();
  const qc = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const list = useQuery({ queryKey: ['equipment'], queryFn: () => getJson<Machine[]>('/api/equipment'), refetchInterval: 10_000 });
  const maintainer = me?.role === 'nurse' || me?.role === 'head_nurse';
  const editor = me?.role === 'head_nurse' || me?.role === 'admin';

  const act = async (path: string, body: unknown, ok: string) => {
    setDialog(null);
    try {
      await postOnce(path, body);
      setOutcome({ ok: true, message: ok });
    } catch (e) {
      setOutcome({ ok: false, error: e as ApiError });
    } finally {
      void qc.invalidateQueries({ queryKey: ['equipment'] });
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="equipment-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('eq_title')}
      </Typography.Title>
      <OutcomeBanner outcome={outcome} testId="equipment-outcome" />
      <RegisterExport path="/api/equipment/register" testId="equipment-export" title={t('eq_export')} />
      <Card
        size="small"
        extra={
          editor && (
            <Button data-testid="equipment-register" onClick={() => setDialog({ kind: 'register' })}>
              {t('eq_register')}
            </Button>
          )
        }
      >
        {list.error && <Alert type="error" showIcon message={(list.error as unknown as ApiError).message} />}
        <Table<Machine>
          data-testid="equipment-list"
          rowKey="id"
          size="small"
          pagination={{ pageSize: 30 }}
          dataSource={list.data ?? []}
          locale={{ emptyText: t('eq_none') }}
          onRow={(m) => ({ 'data-testid': 'equipment-row', 'data-code': m.code, 'data-status': m.status }) as object}
          columns={[
            { title: t('eq_code'), dataIndex: 'code' },
            { title: t('eq_kind'), render: (_, m) => t(`eq_kind_${m.kind}` as MessageKey) },
            { title: t('eq_name'), render: (_, m) => name(m) },
            { title: t('eq_responsible'), dataIndex: 'responsibleName' },
            { title: t('eq_nextService'), render: (_, m) => t('eq_every', { date: m.nextServiceDue, months: m.serviceIntervalMonths }) },
            {
              title: t('eq_status'),
              render: (_, m) => (
                <Space direction="vertical" size={2}>
                  <Tag color={STATUS_COLOR[m.status]} data-testid="equipment-status">
                    {t(`eq_status_${m.status}` as MessageKey)}
                  </Tag>
                  {m.openFaults.map((f) => (
                    <Typography.Text key={f.id} type="danger">
                      {`${when(f.reportedAt)} ${f.description}`}
                    </Typography.Text>
                  ))}
                  {m.selfInspectionDue && <Tag color="orange">{t('eq_selfInspectionDue')}</Tag>}
                </Space>
              ),
            },
            {
              title: '',
              render: (_, m) => (
                <Space wrap>
                  <Button size="small" danger data-testid="equipment-fault" onClick={() => setDialog({ kind: 'fault', machine: m })}>
                    {t('eq_reportFault')}
                  </Button>
                  {maintainer && (
                    <Button size="small" data-testid="equipment-maintenance" onClick={() => setDialog({ kind: 'maintenance', machine: m })}>
                      {t('eq_recordMaintenance')}
                    </Button>
                  )}
                  {me?.role === 'head_nurse' && m.openFaults.length > 0 && (
                    <Button
                      size="small"
                      type="primary"
                      data-testid="equipment-return"
                      onClick={() => setDialog({ kind: 'return', machine: m })}
                    >
                      {t('eq_returnToService')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {dialog?.kind === 'register' && <RegisterDialog onCancel={() => setDialog(null)} act={act} />}
      {dialog?.kind === 'fault' && <FaultDialog machine={dialog.machine} onCancel={() => setDialog(null)} act={act} />}
      {dialog?.kind === 'maintenance' && <MaintenanceDialog machine={dialog.machine} onCancel={() => setDialog(null)} act={act} />}
      {dialog?.kind === 'return' && <ReturnDialog machine={dialog.machine} onCancel={() => setDialog(null)} act={act} />}
    </Space>
  );
}

type Act = (path: string, body: unknown, ok: string) => Promise<void>;
interface DialogProps {
  onCancel: () => void;
  act: Act;
}

function FormModal<T extends object>(props: {
  title: string;
  testId: string;
  onCancel: () => void;
  onFinish: (v: T) => void;
  children: React.ReactNode;
  initial?: Partial<T>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<T>();
  return (
    <Modal
      open
      title={props.title}
      okText={t('submit')}
      cancelText={t('cancel')}
      onCancel={props.onCancel}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': `${props.testId}-submit` } as Record<string, string>}
      destroyOnHidden
    >
      <Form name={props.testId} form={form} layout="vertical" onFinish={props.onFinish} initialValues={props.initial as object}>
        {props.children}
      </Form>
    </Modal>
  );
}

function RegisterDialog({ onCancel, act }: DialogProps) {
  const { t } = useTranslation();
  const name = useName();
  const [kind, setKind] = useState<string>('sealer');
  const sterilizers = useQuery({ queryKey: ['/api/sterilizers'], queryFn: () => getJson<Named[]>('/api/sterilizers') });
  const washers = useQuery({ queryKey: ['/api/washers'], queryFn: () => getJson<Named[]>('/api/washers') });
  const users = useQuery({
    queryKey: ['/api/users'],
    queryFn: () => getJson<{ id: string; displayName: string; role: string; active: boolean }[]>('/api/users'),
  });
  type V = {
    code: string;
    kind: string;
    nameZh: string;
    nameEn: string;
    machineId?: string;
    responsibleUserId: string;
    serviceIntervalMonths: number;
    lastServiceOn: string;
    documents?: string;
  };
  const required = [{ required: true, message: t('eq_required') }];
  const machines = kind === 'sterilizer' ? sterilizers.data : kind === 'washer' ? washers.data : null;
  return (
    <FormModal<V>
      title={t('eq_register')}
      testId="equipment-register"
      onCancel={onCancel}
      initial={{ kind: 'sealer', serviceIntervalMonths: 6 }}
      onFinish={(v) =>
        act(
          '/api/equipment',
          {
            code: v.code,
            kind: v.kind,
            nameZh: v.nameZh,
            nameEn: v.nameEn,
            ...(v.kind === 'sterilizer' ? { sterilizerId: v.machineId } : v.kind === 'washer' ? { washerId: v.machineId } : {}),
            responsibleUserId: v.responsibleUserId,
            serviceIntervalMonths: v.serviceIntervalMonths,
            lastServiceOn: v.lastServiceOn,
            ...(v.documents ? { documents: v.documents } : {}),
          },
          t('eq_registered', { code: v.code }),
        )
      }
    >
      <Form.Item name="kind" label={t('eq_kind')} rules={required}>
        <Select
          data-testid="equipment-kind"
          onChange={setKind}
          options={KINDS.map((k) => ({ value: k, label: t(`eq_kind_${k}` as MessageKey) }))}
        />
      </Form.Item>
      {machines && (
        <Form.Item name="machineId" label={t('eq_machine')} rules={required}>
          <Select options={machines.map((m) => ({ value: m.id, label: `${m.code} ${name(m)}` }))} />
        </Form.Item>
      )}
      <Form.Item name="code" label={t('eq_code')} rules={required}>
        <Input data-testid="equipment-code" />
      </Form.Item>
      <Form.Item name="nameZh" label={t('eq_nameZh')} rules={required}>
        <Input data-testid="equipment-name-zh" />
      </Form.Item>
      <Form.Item name="nameEn" label={t('eq_nameEn')} rules={required}>
        <Input data-testid="equipment-name-en" />
      </Form.Item>
      <Form.Item name="responsibleUserId" label={t('eq_responsible')} rules={required}>
        <Select
          data-testid="equipment-responsible"
          showSearch
          optionFilterProp="label"
          options={(users.data ?? [])
            .filter((u) => u.active && u.role !== 'department')
            .map((u) => ({ value: u.id, label: u.displayName }))}
        />
      </Form.Item>
      <Form.Item name="serviceIntervalMonths" label={t('eq_interval')} rules={required}>
        <InputNumber min={1} max={24} precision={0} />
      </Form.Item>
      <Form.Item
        name="lastServiceOn"
        label={t('eq_lastService')}
        rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('eq_dateFormat') }]}
      >
        <Input data-testid="equipment-last-service" placeholder="2026-06-30" />
      </Form.Item>
      <Form.Item name="documents" label={t('eq_documents')}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}

function FaultDialog({ machine, onCancel, act }: DialogProps & { machine: Machine }) {
  const { t } = useTranslation();
  return (
    <FormModal<{ description: string; outOfUse: boolean }>
      title={`${t('eq_reportFault')} · ${machine.code}`}
      testId="equipment-fault"
      onCancel={onCancel}
      initial={{ outOfUse: true }}
      onFinish={(v) => act(`/api/equipment/${machine.id}/faults`, v, t('eq_faultReported', { code: machine.code }))}
    >
      <Form.Item name="description" label={t('eq_faultWhat')} rules={[{ required: true, message: t('eq_required') }]}>
        <Input.TextArea data-testid="equipment-fault-description" rows={3} />
      </Form.Item>
      <Form.Item name="outOfUse" label={t('eq_outOfUse')} valuePropName="checked">
        <Switch data-testid="equipment-fault-out-of-use" />
      </Form.Item>
    </FormModal>
  );
}

function MaintenanceDialog({ machine, onCancel, act }: DialogProps & { machine: Machine }) {
  const { t } = useTranslation();
  type V = { kind: string; outcome: string; note: string; performer?: string };
  return (
    <FormModal<V>
      title={`${t('eq_recordMaintenance')} · ${machine.code}`}
      testId="equipment-maintenance"
      onCancel={onCancel}
      initial={{ kind: 'service', outcome: 'passed' }}
      onFinish={(v) =>
        act(
          `/api/equipment/${machine.id}/maintenance`,
          { kind: v.kind, outcome: v.outcome, note: v.note, ...(v.performer ? { performer: v.performer } : {}) },
          t('eq_maintenanceRecorded', { code: machine.code }),
        )
      }
    >
      <Form.Item name="kind" label={t('eq_maintenanceKind')}>
        <Select
          data-testid="equipment-maintenance-kind"
          options={['service', 'repair', 'self_inspection'].map((k) => ({ value: k, label: t(`eq_mk_${k}` as MessageKey) }))}
        />
      </Form.Item>
      <Form.Item name="outcome" label={t('eq_outcome')}>
        <Select options={['passed', 'failed'].map((k) => ({ value: k, label: t(`eq_outcome_${k}` as MessageKey) }))} />
      </Form.Item>
      <Form.Item name="note" label={t('eq_note')} rules={[{ required: true, message: t('eq_required') }]}>
        <Input.TextArea data-testid="equipment-maintenance-note" rows={3} />
      </Form.Item>
      <Form.Item name="performer" label={t('eq_performer')}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}

function ReturnDialog({ machine, onCancel, act }: DialogProps & { machine: Machine }) {
  const { t } = useTranslation();
  const when = useWhen();
  return (
    <FormModal<{ faultId: string; note: string }>
      title={`${t('eq_returnToService')} · ${machine.code}`}
      testId="equipment-return"
      onCancel={onCancel}
      initial={{ faultId: machine.openFaults[0]?.id }}
      onFinish={(v) => act(`/api/equipment/${machine.id}/return-to-service`, v, t('eq_returned', { code: machine.code }))}
    >
      <Form.Item name="faultId" label={t('eq_fault')}>
        <Select options={machine.openFaults.map((f) => ({ value: f.id, label: `${when(f.reportedAt)} ${f.description}` }))} />
      </Form.Item>
      <Form.Item name="note" label={t('eq_returnNote')} rules={[{ required: true, message: t('eq_required') }]}>
        <Input.TextArea data-testid="equipment-return-note" rows={3} />
      </Form.Item>
    </FormModal>
  );
}
