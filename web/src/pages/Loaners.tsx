import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, postOnce, type ApiError } from '../api/client';
import type { components } from '../api/schema';
import { useAuth } from '../auth';
import { OutcomeBanner, useWhen, type Outcome } from '../components/desk';
import { StepDialog } from '../components/StepDialog';
import type { MessageKey } from '../messages';
import { MonthRegisterCard, useMonthRegister } from '../components/month-register';

/** The answers of /api/loaners (src/loaners/dto/loaners.view.ts). */
type Register = components['schemas']['LoanerRegisterView'];
export type Loaner = Register['trays'][number];
type Receipt = components['schemas']['ReceiveLoanerDto'];
type Method = Receipt['sterilizationMethod'];
type Packaging = Receipt['packagingMaterial'];

/** Fails the type check unless `list` holds every value of the contract's `T`. */
const every =
  <T extends string>() =>
  <L extends readonly T[]>(list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : never)) =>
    list;
const METHODS = every<Method>()(['steam_prevacuum', 'steam_gravity', 'h2o2_plasma', 'ethylene_oxide'] as const);
const PACKAGINGS = every<Packaging>()([
  'rigid_container',
  'crepe_nonwoven',
  'nonwoven_polypropylene',
  'cotton',
  'paper_bag',
  'paper_plastic_pouch',
  'tyvek_pouch',
] as const);
/** Who receives trays and hands them back (the service enforces the same). */
const HANDLERS = ['nurse', 'head_nurse'];
/** A tray goes back cleaned after its use, or unused from sterile storage (src/kernel/pack-state.ts, return_to_lender). */
const RETURNABLE = ['cleaned', 'stored'];

type ReceiptValues = Omit<Receipt, 'lines'> & { lines: Receipt['lines'] };
type ReturnValues = { lenderRepresentative: string; note?: string; lines: { returned?: number; note?: string }[] };

/**
 * Loaner trays (外来器械, issue 16): a lender's tray delivered for a scheduled operation is received
 * here with its count sheet (the tray's barcode scanned first), processed at the stations as any set,
 * and handed back to the lender after its use — counted against its count sheet, a line short with
 * its note, signed by the lender's representative. The month's register, exported as XLSX and PDF.
 */
export function LoanersPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const qc = useQueryClient();
  const when = useWhen();
  // What the last step answered, said in the page's language as it is now (a switch of language re-says it).
  const [said, setSaid] = useState<((tr: typeof t) => Outcome) | null>(null);
  const [returning, setReturning] = useState<Loaner | null>(null);
  const register = useMonthRegister<Register>('loaners', '/api/loaners');
  const list = register.list;
  const handles = !!me && HANDLERS.includes(me.role);
  const done = (key: MessageKey, code: string) => (o: Outcome) => {
    const say = (tr: typeof t): Outcome => (o.ok ? { ok: true, message: tr(key, { code }) } : o);
    setSaid(() => say);
    void qc.invalidateQueries({ queryKey: ['loaners'] });
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="loaners-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('ln_title')}
      </Typography.Title>
      <OutcomeBanner outcome={said ? said(t) : null} testId="loaners-outcome" />
      {handles && <ReceiveForm onDone={(code) => done('ln_received', code)} />}
      {returning && <ReturnDialog tray={returning} onClose={() => setReturning(null)} onDone={done('ln_returned', returning.code)} />}
      <MonthRegisterCard title={t('ln_register')} id="loaners-month" register={register}>
        <Table<Loaner>
          data-testid="loaners-list"
          rowKey="id"
          size="small"
          pagination={{ pageSize: 100, hideOnSinglePage: true }}
          dataSource={list.data?.trays ?? []}
          locale={{ emptyText: t('ln_none') }}
          onRow={(r) => ({ 'data-testid': 'loaner-row', 'data-code': r.code, 'data-status': r.status }) as object}
          columns={[
            { title: t('ln_code'), dataIndex: 'code' },
            { title: t('ln_trayCode'), dataIndex: 'trayCode' },
            { title: t('ln_lender'), dataIndex: 'lenderName' },
            { title: t('ln_deliveredBy'), dataIndex: 'deliveredBy' },
            { title: t('ln_department'), render: (_, r) => <DepartmentName tray={r} /> },
            { title: t('ln_operation'), render: (_, r) => `${r.operation} · ${r.surgeon} · ${r.patientId}` },
            { title: t('ln_plannedAt'), render: (_, r) => when(r.plannedAt) },
            { title: t('ln_receivedAt'), render: (_, r) => `${when(r.receivedAt)} ${r.receivedByName}` },
            { title: t('ln_state'), render: (_, r) => <LoanerState tray={r} /> },
            {
              title: '',
              render: (_, r) =>
                handles && !r.returned && r.state && RETURNABLE.includes(r.state) ? (
                  <Button size="small" data-testid="loaner-return" onClick={() => setReturning(r)}>
                    {t('ln_return')}
                  </Button>
                ) : r.returned ? (
                  `${when(r.returned.returnedAt)} ${r.returned.lenderRepresentative} / ${r.returned.returnedByName}`
                ) : null,
            },
          ]}
        />
      </MonthRegisterCard>
    </Space>
  );
}

function DepartmentName({ tray }: { tray: Loaner }) {
  const { i18n } = useTranslation();
  return <>{i18n.language === 'en' ? tray.departmentNameEn : tray.departmentNameZh}</>;
}

/** Where the tray is: its pack's state, returned to the lender, with the implant mark and a count difference. */
export function LoanerState({ tray }: { tray: Loaner }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap data-testid="loaner-state" data-state={tray.state ?? ''}>
      {tray.implant && <Tag color="purple">{t('ln_implant')}</Tag>}
      {tray.state && (
        <Tag color={tray.returned ? 'green' : 'blue'}>{t(`board_state_${tray.state}` as MessageKey, { defaultValue: tray.state })}</Tag>
      )}
      {tray.returned && !tray.returned.countMatches && <Tag color="red">{t('ln_countDiffers')}</Tag>}
    </Space>
  );
}

/** The receipt form; `onDone(code)` gives the handler of what the service answered. */
function ReceiveForm({ onDone }: { onDone: (code: string) => (o: Outcome) => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<ReceiptValues>();
  const departments = useQuery({
    queryKey: ['/api/departments'],
    queryFn: () => getJson<{ id: string; code: string; nameZh: string; nameEn: string }[]>('/api/departments'),
  });
  const required = [{ required: true, whitespace: true, message: t('def_required') }];
  const submit = async (v: ReceiptValues) => {
    try {
      const tray = await postOnce<Loaner>('/api/loaners', {
        ...v,
        note: v.note || undefined,
        lines: v.lines.map((l) => ({ ...l, specification: l.specification ?? '', implant: !!l.implant })),
      });
      onDone(tray.code)({ ok: true, message: t('ln_received', { code: tray.code }) });
      form.resetFields();
    } catch (e) {
      onDone('')({ ok: false, error: e as ApiError });
    }
  };
  return (
    <Card size="small" title={t('ln_receive')}>
      <Form
        form={form}
        name="loaner"
        layout="vertical"
        data-testid="loaner-form"
        initialValues={{ lines: [{ nameZh: '', nameEn: '', specification: '', implant: false }] }}
        onFinish={(v) => void submit(v)}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="trayCode" label={t('ln_trayCode')} rules={required}>
              {/* The station scans the tray's barcode first (the scanner types it). */}
              <Input data-testid="loaner-tray" maxLength={64} autoFocus autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="lenderName" label={t('ln_lender')} rules={required}>
              <Input data-testid="loaner-lender" maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="deliveredBy" label={t('ln_deliveredBy')} rules={required}>
              <Input data-testid="loaner-delivered-by" maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="departmentId" label={t('ln_department')} rules={[{ required: true, message: t('def_required') }]}>
              <Select
                data-testid="loaner-department"
                showSearch
                optionFilterProp="label"
                options={(departments.data ?? []).map((d) => ({
                  value: d.id,
                  label: `${d.code} ${i18n.language === 'en' ? d.nameEn : d.nameZh}`,
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="surgeon" label={t('ln_surgeon')} rules={required}>
              <Input data-testid="loaner-surgeon" maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="patientId" label={t('ln_patient')} rules={required}>
              <Input data-testid="loaner-patient" maxLength={40} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="operation" label={t('ln_operation')} rules={required}>
              <Input data-testid="loaner-operation" maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="plannedAt" label={t('ln_plannedAt')} rules={required}>
              <Input type="datetime-local" data-testid="loaner-planned" />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="sterilizationMethod" label={t('ln_method')} rules={[{ required: true, message: t('def_required') }]}>
              <Select
                data-testid="loaner-method"
                options={METHODS.map((m) => ({ value: m, label: t(`prov_method_${m}` as MessageKey) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="packagingMaterial" label={t('ln_packaging')} rules={[{ required: true, message: t('def_required') }]}>
              <Select
                data-testid="loaner-packaging"
                options={PACKAGINGS.map((p) => ({ value: p, label: t(`prov_pkg_${p}` as MessageKey) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('ln_countSheet')}</Typography.Text>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Row key={f.key} gutter={8} align="top" data-testid="loaner-line">
                  <Col xs={12} md={5}>
                    <Form.Item name={[f.name, 'nameZh']} label={`${i + 1}. ${t('ln_nameZh')}`} rules={required}>
                      <Input data-testid="line-name-zh" maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={5}>
                    <Form.Item name={[f.name, 'nameEn']} label={t('ln_nameEn')} rules={required}>
                      <Input data-testid="line-name-en" maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col xs={10} md={5}>
                    <Form.Item name={[f.name, 'specification']} label={t('ln_specification')}>
                      <Input data-testid="line-spec" maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col xs={6} md={3}>
                    <Form.Item
                      name={[f.name, 'quantity']}
                      label={t('ln_quantity')}
                      rules={[{ required: true, message: t('def_required') }]}
                    >
                      <InputNumber data-testid="line-quantity" min={1} max={999} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={4} md={3}>
                    <Form.Item name={[f.name, 'implant']} label={t('ln_implant')} valuePropName="checked">
                      <Checkbox data-testid="line-implant" aria-label={`${i + 1}. ${t('ln_implant')}`} />
                    </Form.Item>
                  </Col>
                  <Col xs={4} md={3}>
                    <Form.Item label=" ">
                      <Button disabled={fields.length <= 1} onClick={() => remove(f.name)}>
                        {t('qr_remove')}
                      </Button>
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Button
                data-testid="loaner-add-line"
                onClick={() => add({ nameZh: '', nameEn: '', specification: '', implant: false })}
                style={{ marginBottom: 16 }}
              >
                {t('ln_addLine')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="note" label={t('ln_note')}>
          <Input data-testid="loaner-note" maxLength={300} />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="loaner-submit">
          {t('ln_receive')}
        </Button>
      </Form>
    </Card>
  );
}

/** The return to the lender: each line counted (nothing pre-filled), a line short with its note, the representative who signs. */
function ReturnDialog({ tray, onClose, onDone }: { tray: Loaner; onClose: () => void; onDone: (o: Outcome) => void }) {
  const { t, i18n } = useTranslation();
  const required = [{ required: true, whitespace: true, message: t('def_required') }];
  return (
    <StepDialog<ReturnValues>
      title={t('ln_returnTitle', { code: tray.code })}
      testId="loaner-return-dialog"
      path={`/api/loaners/${tray.id}/return`}
      okMessage={t('ln_returned', { code: tray.code })}
      width={860}
      body={(v) => ({
        lenderRepresentative: v.lenderRepresentative,
        note: v.note || undefined,
        lines: tray.lines.map((_, i) => ({ line: i + 1, returned: v.lines[i]?.returned, note: v.lines[i]?.note || undefined })),
      })}
      onClose={onClose}
      onDone={onDone}
    >
      {tray.lines.map((l, i) => (
        <Row key={i} gutter={8} align="top" data-testid="return-line">
          <Col xs={10}>
            <Typography.Text>
              {i + 1}. {i18n.language === 'en' ? l.nameEn : l.nameZh} {l.specification} × {l.quantity}
              {l.implant && (
                <Tag color="purple" style={{ marginLeft: 8 }}>
                  {t('ln_implant')}
                </Tag>
              )}
            </Typography.Text>
          </Col>
          <Col xs={5}>
            <Form.Item
              name={['lines', i, 'returned']}
              label={t('ln_returnedCount')}
              rules={[{ required: true, message: t('def_required') }]}
            >
              <InputNumber data-testid="return-count" min={0} max={999} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={9}>
            <Form.Item name={['lines', i, 'note']} label={t('ln_shortNote')}>
              <Input data-testid="return-note" maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
      ))}
      <Form.Item name="lenderRepresentative" label={t('ln_representative')} rules={required}>
        <Input data-testid="return-representative" maxLength={100} />
      </Form.Item>
      <Form.Item name="note" label={t('ln_note')}>
        <Input data-testid="return-general-note" maxLength={300} />
      </Form.Item>
    </StepDialog>
  );
}
