import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, postOnce, type ApiError } from '../api/client';
import type { components } from '../api/schema';
import { useAuth } from '../auth';
import { OutcomeBanner, useName, useWhen, type Outcome } from '../components/desk';
import type { MessageKey } from '../messages';
import { RegisterExport } from './reports/RegisterExport';

/** GET /api/disinfectants/preparations (src/disinfectants/dto/disinfectants.view.ts). */
type Day = components['schemas']['PreparationsDayView'];
type Preparation = components['schemas']['PreparationView'];
type Body = components['schemas']['RecordPreparationDto'];

const KEY = ['disinfectants', 'today'];
const AREAS = ['decontamination', 'packing', 'sterile_storage'] as const;
const KINDS = ['disinfectant', 'cleaning_agent'] as const;
const METHODS = ['test_strip', 'meter'] as const;
const UNITS = ['mg/L', '%'] as const;
const RECORDERS = ['nurse', 'head_nurse', 'monitor'];

/**
 * The disinfectant and cleaning-agent preparation log (seed 1.2, 7.4): today's preparations per area
 * with their status and their solution's daily concentration check, and the form to record one (or
 * correct one: a new record naming it, with the reason). The service refuses an expired product, an
 * out-of-range concentration and a time in the future, with the reason.
 */
export function DisinfectantsPage() {
  const { t } = useTranslation();
  const name = useName();
  const when = useWhen();
  const { me } = useAuth();
  const qc = useQueryClient();
  const [form] = Form.useForm<Body>();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [correcting, setCorrecting] = useState<Preparation | null>(null);
  const day = useQuery({ queryKey: KEY, queryFn: () => getJson<Day>('/api/disinfectants/preparations'), refetchInterval: 10_000 });
  const kind = Form.useWatch('kind', form);
  const canRecord = !!me && RECORDERS.includes(me.role);
  const solutions = (day.data?.solutions ?? []).filter((s) => s.kind === kind);

  const correct = (p: Preparation) => {
    setCorrecting(p);
    form.setFieldsValue({ ...p, usedFor: p.usedFor ?? undefined, solutionTaskId: p.solutionTaskId ?? undefined } as Body);
  };
  const submit = async (values: Body) => {
    const body = { ...values, ...(correcting ? { correctsId: correcting.id } : {}) };
    try {
      await postOnce('/api/disinfectants/preparations', body);
      setOutcome({ ok: true, message: t('dis_recorded') });
      setCorrecting(null);
      form.resetFields();
    } catch (e) {
      setOutcome({ ok: false, error: e as ApiError });
    } finally {
      void qc.invalidateQueries({ queryKey: KEY });
    }
  };

  const columns = [
    { title: t('dis_preparedAt'), render: (_: unknown, p: Preparation) => when(p.preparedAt, false) },
    { title: t('dis_product'), render: (_: unknown, p: Preparation) => `${p.product} · ${t(`dis_kind_${p.kind}` as MessageKey)}` },
    { title: t('dis_lot'), render: (_: unknown, p: Preparation) => `${p.lotNumber} (${t('dis_expiry')} ${p.expiryDate})` },
    {
      title: t('dis_concentration'),
      render: (_: unknown, p: Preparation) =>
        `${p.measured} ${p.unit} (${p.target} ± ${p.tolerance}) · ${t(`dis_method_${p.method}` as MessageKey)}`,
    },
    { title: t('dis_preparedBy'), dataIndex: 'preparedByName' },
    {
      title: t('dis_solution'),
      render: (_: unknown, p: Preparation) =>
        p.solutionTaskId ? (
          <Space size={4}>
            {name({ zh: p.solutionNameZh ?? '', en: p.solutionNameEn ?? '' })}
            <Tag color={p.solutionCheckedOnDay ? 'green' : 'blue'}>{t(p.solutionCheckedOnDay ? 'dis_checked' : 'dis_checkDue')}</Tag>
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('dis_status'),
      render: (_: unknown, p: Preparation) => (
        <Space size={4} wrap>
          <Tag data-testid="preparation-status" color={p.status === 'in_use' ? 'green' : 'default'}>
            {t(`dis_status_${p.status}` as MessageKey)}
          </Tag>
          {p.reason && <Typography.Text type="secondary">{`${t('dis_reason')}: ${p.reason}`}</Typography.Text>}
          {canRecord && p.status === 'in_use' && (
            <Button size="small" data-testid="preparation-correct" onClick={() => correct(p)}>
              {t('dis_correct')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="disinfectants-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('dis_title')} · {day.data?.day}
      </Typography.Title>
      <OutcomeBanner outcome={outcome} testId="disinfectants-outcome" />
      {day.error && <Alert type="error" showIcon message={(day.error as unknown as ApiError).message} />}
      <RegisterExport path="/api/disinfectants/preparations/register" testId="preparations-export" title={t('dis_export')} />
      <Card size="small" title={t('dis_solutions')}>
        <Space wrap data-testid="disinfectant-solutions">
          {(day.data?.solutions ?? []).map((s) => (
            <Tag key={s.taskId} color={s.checkedOnDay ? 'green' : 'blue'}>
              {name(s)} · {t(s.checkedOnDay ? 'dis_checked' : 'dis_checkDue')}
            </Tag>
          ))}
        </Space>
      </Card>
      {AREAS.map((area) => (
        <Card key={area} size="small" title={t(`dis_area_${area}` as MessageKey)}>
          <Table
            data-testid={`preparations-${area}`}
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={(day.data?.preparations ?? []).filter((p) => p.area === area)}
            locale={{ emptyText: t('dis_none') }}
            onRow={(p) => ({ 'data-testid': 'preparation-row', 'data-lot': p.lotNumber }) as object}
            columns={columns}
          />
        </Card>
      ))}
      {canRecord && (
        <Card size="small" title={correcting ? t('dis_correcting', { lot: correcting.lotNumber }) : t('dis_record')}>
          <Form
            form={form}
            name="preparation"
            layout="vertical"
            data-testid="preparation-form"
            initialValues={{ kind: 'disinfectant', unit: 'mg/L', method: 'test_strip', area: 'decontamination' }}
            onFinish={(v) => void submit(v)}
          >
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name="kind" label={t('dis_kind')}>
                  <Select options={KINDS.map((k) => ({ value: k, label: t(`dis_kind_${k}` as MessageKey) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="product" label={t('dis_product')} rules={[{ required: true, message: t('dis_required') }]}>
                  <Input data-testid="prep-product" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="lotNumber" label={t('dis_lot')} rules={[{ required: true, message: t('dis_required') }]}>
                  <Input data-testid="prep-lot" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="expiryDate" label={t('dis_expiry')} rules={[{ required: true, message: t('dis_required') }]}>
                  <Input type="date" data-testid="prep-expiry" />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="target" label={t('dis_target')} rules={[{ required: true, message: t('dis_required') }]}>
                  <InputNumber data-testid="prep-target" min={0.01} step={1} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="tolerance" label={t('dis_tolerance')} rules={[{ required: true, message: t('dis_required') }]}>
                  <InputNumber data-testid="prep-tolerance" min={0} step={1} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="measured" label={t('dis_measured')} rules={[{ required: true, message: t('dis_required') }]}>
                  <InputNumber data-testid="prep-measured" min={0} step={1} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="unit" label={t('dis_unit')}>
                  <Select options={UNITS.map((u) => ({ value: u, label: u }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="method" label={t('dis_method')}>
                  <Select options={METHODS.map((m) => ({ value: m, label: t(`dis_method_${m}` as MessageKey) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="area" label={t('dis_area')}>
                  <Select options={AREAS.map((a) => ({ value: a, label: t(`dis_area_${a}` as MessageKey) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="solutionTaskId" label={t('dis_solution')}>
                  <Select allowClear options={solutions.map((s) => ({ value: s.taskId, label: name(s) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="usedFor" label={t('dis_usedFor')}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="preparedAt" label={t('dis_preparedAt')} extra={t('dis_defaultNow')}>
                  <Input type="datetime-local" />
                </Form.Item>
              </Col>
              {correcting && (
                <Col xs={24} md={8}>
                  <Form.Item name="reason" label={t('dis_reason')} rules={[{ required: true, message: t('dis_required') }]}>
                    <Input data-testid="prep-reason" />
                  </Form.Item>
                </Col>
              )}
            </Row>
            <Space>
              <Button type="primary" htmlType="submit" data-testid="prep-submit">
                {t(correcting ? 'dis_saveCorrection' : 'dis_record')}
              </Button>
              {correcting && (
                <Button
                  onClick={() => {
                    setCorrecting(null);
                    form.resetFields();
                  }}
                >
                  {t('dis_cancel')}
                </Button>
              )}
            </Space>
          </Form>
        </Card>
      )}
    </Space>
  );
}
