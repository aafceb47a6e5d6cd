import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, postOnce, type ApiError } from '../api/client';
import type { components } from '../api/schema';
import { useAuth } from '../auth';
import { OutcomeBanner, useName, useWhen, type Outcome } from '../components/desk';
import type { MessageKey } from '../messages';

/** The answers of /api/supplies/…, as the service's OpenAPI document describes them (src/supplies/dto/supplies.view.ts). */
type Schemas = components['schemas'];
type Licence = Schemas['LicenceView'];
type Supplier = Schemas['SupplierView'];
type Product = Schemas['SupplyProductView'];
export type SupplyBatch = Schemas['BatchView'];
export type AdverseEvent = Schemas['AdverseEventView'];
type Stocktake = Schemas['StocktakeView'];
interface Named {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}

export const ADVERSE_EVENT_KINDS = ['packaging_defect', 'sterility_doubt', 'product_defect', 'patient_reaction', 'other'] as const;
const LICENCE_KINDS = ['manufacturing_licence', 'registration_certificate', 'distribution_licence', 'import_registration'] as const;
const CHECKS = ['packagingIntact', 'certificateOfConformity', 'sterilizationMark', 'qualityReport'] as const;

/** Expiry as a tag: red once expired, amber within 30 days. */
function ExpiryTag({ batch }: { batch: Pick<SupplyBatch, 'expiryDate' | 'expired' | 'daysToExpiry'> }) {
  const { t } = useTranslation();
  if (batch.expired) return <Tag color="red">{t('sup_expired', { date: batch.expiryDate })}</Tag>;
  return (
    <Tag color={batch.daysToExpiry <= 30 ? 'orange' : 'default'}>
      {t('sup_expires', { date: batch.expiryDate, days: batch.daysToExpiry })}
    </Tag>
  );
}

/**
 * The CSSD's disposable sterile supplies (seed 16): the register with its licences, the receipt of
 * a batch with its checks, stock per batch with its expiry, issue to a department, the monthly
 * stocktake and the adverse events. Nurses receive, issue and count; the head nurse (and the
 * admin) keep the register; the head nurse closes adverse events.
 */
export function SuppliesPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [outcome, act] = useSupplyAction();
  const storekeeper = me?.role === 'nurse' || me?.role === 'head_nurse';
  const editor = me?.role === 'head_nurse' || me?.role === 'admin';
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="supplies-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('sup_title')}
      </Typography.Title>
      <OutcomeBanner outcome={outcome} testId="supplies-outcome" />
      <Tabs
        data-testid="supplies-tabs"
        items={[
          { key: 'stock', label: t('sup_stock'), children: <StockTab act={act} storekeeper={storekeeper} /> },
          ...(storekeeper ? [{ key: 'receipt', label: t('sup_receipt'), children: <ReceiptTab act={act} /> }] : []),
          { key: 'register', label: t('sup_register'), children: <RegisterTab act={act} editor={editor} /> },
          { key: 'stocktake', label: t('sup_stocktake'), children: <StocktakeTab act={act} storekeeper={storekeeper} /> },
          { key: 'events', label: t('sup_events'), children: <EventsTab act={act} mayClose={me?.role === 'head_nurse'} /> },
        ]}
      />
    </Space>
  );
}

type Act = (path: string, body: unknown, ok: string) => Promise<boolean>;

/** Sends an action once, shows what happened (or the service's refusal) and refreshes the supplies lists. */
export function useSupplyAction(): [Outcome | null, Act] {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const qc = useQueryClient();
  const act: Act = async (path, body, ok) => {
    try {
      await postOnce(path, body);
      setOutcome({ ok: true, message: ok });
      return true;
    } catch (e) {
      setOutcome({ ok: false, error: e as ApiError });
      return false;
    } finally {
      void qc.invalidateQueries({ queryKey: ['supplies'] });
    }
  };
  return [outcome, act];
}

function useSupplies<T>(path: string) {
  return useQuery({ queryKey: ['supplies', path], queryFn: () => getJson<T>(path), refetchInterval: 10_000 });
}

function StockTab({ act, storekeeper }: { act: Act; storekeeper: boolean }) {
  const { t } = useTranslation();
  const name = useName();
  const stock = useSupplies<SupplyBatch[]>('/api/supplies/stock');
  const departments = useQuery({
    queryKey: ['/api/departments'],
    queryFn: () => getJson<(Named & { active: boolean })[]>('/api/departments'),
  });
  const [issuing, setIssuing] = useState<SupplyBatch | null>(null);
  const [form] = Form.useForm<{ departmentId: string; quantity: number; fefo: boolean }>();
  const submit = async (v: { departmentId: string; quantity: number; fefo: boolean }) => {
    const b = issuing!;
    setIssuing(null);
    await act(
      '/api/supplies/issues',
      { productId: b.productId, departmentId: v.departmentId, quantity: v.quantity, ...(v.fefo ? {} : { batchId: b.id }) },
      t('sup_issued', { quantity: v.quantity, product: name(b) }),
    );
  };
  return (
    <Card size="small">
      {stock.error && <Alert type="error" showIcon message={(stock.error as unknown as ApiError).message} />}
      <Table<SupplyBatch>
        data-testid="supply-stock"
        rowKey="id"
        size="small"
        pagination={{ pageSize: 20 }}
        dataSource={stock.data ?? []}
        locale={{ emptyText: t('sup_noStock') }}
        onRow={(b) => ({ 'data-testid': 'supply-batch', 'data-lot': b.lotNumber }) as object}
        columns={[
          { title: t('sup_product'), render: (_, b) => `${b.productCode} ${name(b)} ${b.specification}` },
          { title: t('sup_lot'), dataIndex: 'lotNumber' },
          { title: t('sup_expiry'), render: (_, b) => <ExpiryTag batch={b} /> },
          { title: t('sup_onHand'), dataIndex: 'onHand', align: 'right' },
          {
            title: t('sup_status'),
            render: (_, b) =>
              b.blocked ? (
                <Tag color="red" data-testid="supply-blocked">
                  {t('sup_blocked')}
                </Tag>
              ) : (
                <Tag color="green">{t('sup_usable')}</Tag>
              ),
          },
          ...(storekeeper
            ? [
                {
                  title: '',
                  render: (_: unknown, b: SupplyBatch) => (
                    <Button data-testid="supply-issue" disabled={b.onHand <= 0} onClick={() => setIssuing(b)}>
                      {t('sup_issue')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={issuing !== null}
        title={issuing ? `${t('sup_issue')} · ${name(issuing)} · ${issuing.lotNumber}` : ''}
        okText={t('submit')}
        cancelText={t('cancel')}
        onCancel={() => setIssuing(null)}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'supply-issue-submit' }}
        destroyOnHidden
      >
        <Form name="issue" form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ fefo: false, quantity: 1 }}>
          <Form.Item name="departmentId" label={t('sup_department')} rules={[{ required: true, message: t('sup_required') }]}>
            <Select
              data-testid="supply-issue-department"
              showSearch
              optionFilterProp="label"
              options={(departments.data ?? []).filter((d) => d.active).map((d) => ({ value: d.id, label: `${d.code} ${name(d)}` }))}
            />
          </Form.Item>
          <Form.Item name="quantity" label={t('sup_quantity')} rules={[{ required: true, message: t('sup_required') }]}>
            <InputNumber data-testid="supply-issue-quantity" min={1} precision={0} />
          </Form.Item>
          <Form.Item name="fefo" valuePropName="checked">
            <Checkbox data-testid="supply-issue-fefo">{t('sup_fefo')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

interface ReceiptForm {
  productId: string;
  lotNumber: string;
  expiryDate: string;
  quantity: number;
  checks: string[];
}

function ReceiptTab({ act }: { act: Act }) {
  const { t } = useTranslation();
  const name = useName();
  const products = useSupplies<Product[]>('/api/supplies/products');
  const [form] = Form.useForm<ReceiptForm>();
  const submit = async (v: ReceiptForm) => {
    const body = {
      productId: v.productId,
      lotNumber: v.lotNumber,
      expiryDate: v.expiryDate,
      quantity: v.quantity,
      ...Object.fromEntries(CHECKS.map((c) => [c, (v.checks ?? []).includes(c)])),
    };
    if (await act('/api/supplies/receipts', body, t('sup_received', { lot: v.lotNumber, quantity: v.quantity }))) form.resetFields();
  };
  return (
    <Card size="small" title={t('sup_receiptTitle')}>
      <Form name="receipt" form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 560 }} initialValues={{ checks: [] }}>
        <Form.Item name="productId" label={t('sup_product')} rules={[{ required: true, message: t('sup_required') }]}>
          <Select
            data-testid="receipt-product"
            showSearch
            optionFilterProp="label"
            options={(products.data ?? []).map((p) => ({ value: p.id, label: `${p.code} ${name(p)} ${p.specification}` }))}
          />
        </Form.Item>
        <Form.Item name="lotNumber" label={t('sup_lot')} rules={[{ required: true, whitespace: true, message: t('sup_required') }]}>
          <Input data-testid="receipt-lot" maxLength={40} />
        </Form.Item>
        <Form.Item name="expiryDate" label={t('sup_expiry')} rules={[{ required: true, message: t('sup_required') }]}>
          <Input type="date" data-testid="receipt-expiry" />
        </Form.Item>
        <Form.Item name="quantity" label={t('sup_quantity')} rules={[{ required: true, message: t('sup_required') }]}>
          <InputNumber data-testid="receipt-quantity" precision={0} />
        </Form.Item>
        <Form.Item name="checks" label={t('sup_checks')}>
          <Checkbox.Group data-testid="receipt-checks" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
            {CHECKS.map((c) => (
              <Checkbox key={c} value={c} data-testid={`receipt-check-${c}`}>
                {t(`sup_check_${c}` as MessageKey)}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="receipt-submit">
          {t('sup_receive')}
        </Button>
      </Form>
    </Card>
  );
}

function LicenceTags({ licences }: { licences: Licence[] }) {
  const { t } = useTranslation();
  return (
    <Space wrap size={4}>
      {licences.map((l) => (
        <Tag key={l.id} color={l.expired ? 'red' : 'default'}>
          {t(`sup_licence_${l.kind}` as MessageKey)} {l.number} · {t('sup_validUntil', { date: l.validUntil })}
        </Tag>
      ))}
    </Space>
  );
}

function RegisterTab({ act, editor }: { act: Act; editor: boolean }) {
  const { t } = useTranslation();
  const name = useName();
  const suppliers = useSupplies<Supplier[]>('/api/supplies/suppliers');
  const products = useSupplies<Product[]>('/api/supplies/products');
  const [licence] = Form.useForm<{ holder: string; kind: string; number: string; validUntil: string }>();
  const addLicence = async (v: { holder: string; kind: string; number: string; validUntil: string }) => {
    const holder = v.kind === 'distribution_licence' ? { supplierId: v.holder } : { productId: v.holder };
    if (
      await act('/api/supplies/licences', { kind: v.kind, number: v.number, validUntil: v.validUntil, ...holder }, t('sup_licenceRecorded'))
    )
      licence.resetFields();
  };
  const kind = Form.useWatch('kind', licence);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('sup_suppliers')}>
        <Table<Supplier>
          data-testid="supply-suppliers"
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={suppliers.data ?? []}
          columns={[
            { title: t('sup_code'), dataIndex: 'code' },
            { title: t('sup_name'), render: (_, s) => name(s) },
            { title: t('sup_licences'), render: (_, s) => <LicenceTags licences={s.licences} /> },
          ]}
        />
      </Card>
      <Card size="small" title={t('sup_products')}>
        <Table<Product>
          data-testid="supply-products"
          rowKey="id"
          size="small"
          pagination={{ pageSize: 20 }}
          dataSource={products.data ?? []}
          columns={[
            { title: t('sup_code'), dataIndex: 'code' },
            { title: t('sup_name'), render: (_, p) => `${name(p)} ${p.specification}${p.imported ? ` · ${t('sup_imported')}` : ''}` },
            { title: t('sup_manufacturer'), dataIndex: 'manufacturer' },
            { title: t('sup_supplier'), dataIndex: 'supplierCode' },
            { title: t('sup_licences'), render: (_, p) => <LicenceTags licences={p.licences} /> },
            {
              title: t('sup_status'),
              render: (_, p) =>
                p.licenceProblem ? (
                  <Tag color="red" data-testid="licence-problem">
                    {t(`sup_licence_${p.licenceProblem.kind}` as MessageKey)} {t(`sup_problem_${p.licenceProblem.problem}` as MessageKey)}
                  </Tag>
                ) : (
                  <Tag color="green">{t('sup_receivable')}</Tag>
                ),
            },
          ]}
        />
      </Card>
      {editor && (
        <Card size="small" title={t('sup_addLicence')}>
          <Form name="licence" form={licence} layout="inline" onFinish={addLicence}>
            <Form.Item name="kind" rules={[{ required: true, message: t('sup_required') }]}>
              <Select
                data-testid="licence-kind"
                style={{ width: 200 }}
                placeholder={t('sup_licenceKind')}
                options={LICENCE_KINDS.map((k) => ({ value: k, label: t(`sup_licence_${k}` as MessageKey) }))}
              />
            </Form.Item>
            <Form.Item name="holder" rules={[{ required: true, message: t('sup_required') }]}>
              <Select
                data-testid="licence-holder"
                style={{ width: 260 }}
                placeholder={t(kind === 'distribution_licence' ? 'sup_supplier' : 'sup_product')}
                options={
                  kind === 'distribution_licence'
                    ? (suppliers.data ?? []).map((s) => ({ value: s.id, label: `${s.code} ${name(s)}` }))
                    : (products.data ?? []).map((p) => ({ value: p.id, label: `${p.code} ${name(p)}` }))
                }
              />
            </Form.Item>
            <Form.Item name="number" rules={[{ required: true, whitespace: true, message: t('sup_required') }]}>
              <Input data-testid="licence-number" placeholder={t('sup_licenceNumber')} maxLength={60} />
            </Form.Item>
            <Form.Item name="validUntil" rules={[{ required: true, message: t('sup_required') }]}>
              <Input type="date" data-testid="licence-valid-until" aria-label={t('sup_validUntilLabel')} />
            </Form.Item>
            <Button htmlType="submit" data-testid="licence-submit">
              {t('submit')}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}

function StocktakeTab({ act, storekeeper }: { act: Act; storekeeper: boolean }) {
  const { t } = useTranslation();
  const name = useName();
  const when = useWhen();
  const stock = useSupplies<SupplyBatch[]>('/api/supplies/stock');
  const history = useSupplies<Stocktake[]>('/api/supplies/stocktakes');
  const [counts, setCounts] = useState<Record<string, { counted?: number; explanation?: string }>>({});
  const submit = async () => {
    const lines = (stock.data ?? [])
      .filter((b) => counts[b.id]?.counted !== undefined)
      .map((b) => ({
        batchId: b.id,
        counted: counts[b.id].counted,
        ...(counts[b.id].explanation ? { explanation: counts[b.id].explanation } : {}),
      }));
    if (await act('/api/supplies/stocktakes', { lines }, t('sup_stocktakeDone', { n: lines.length }))) setCounts({});
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {storekeeper && (
        <Card size="small" title={t('sup_stocktakeTitle')}>
          <Table<SupplyBatch>
            data-testid="stocktake-lines"
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={stock.data ?? []}
            columns={[
              { title: t('sup_product'), render: (_, b) => `${b.productCode} ${name(b)}` },
              { title: t('sup_lot'), dataIndex: 'lotNumber' },
              { title: t('sup_books'), dataIndex: 'onHand', align: 'right' },
              {
                title: t('sup_counted'),
                render: (_, b) => (
                  <InputNumber
                    aria-label={`${t('sup_counted')} ${b.lotNumber}`}
                    data-testid={`stocktake-counted-${b.lotNumber}`}
                    min={0}
                    precision={0}
                    value={counts[b.id]?.counted}
                    onChange={(v) => setCounts((c) => ({ ...c, [b.id]: { ...c[b.id], counted: v ?? undefined } }))}
                  />
                ),
              },
              {
                title: t('sup_explanation'),
                render: (_, b) => (
                  <Input
                    aria-label={`${t('sup_explanation')} ${b.lotNumber}`}
                    data-testid={`stocktake-explanation-${b.lotNumber}`}
                    maxLength={300}
                    value={counts[b.id]?.explanation}
                    onChange={(e) => setCounts((c) => ({ ...c, [b.id]: { ...c[b.id], explanation: e.target.value } }))}
                  />
                ),
              },
            ]}
          />
          <Button
            type="primary"
            style={{ marginTop: 8 }}
            data-testid="stocktake-submit"
            disabled={!Object.values(counts).some((c) => c.counted !== undefined)}
            onClick={() => void submit()}
          >
            {t('sup_stocktakeSubmit')}
          </Button>
        </Card>
      )}
      <Card size="small" title={t('sup_stocktakes')}>
        <Table<Stocktake>
          data-testid="stocktakes"
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={history.data ?? []}
          columns={[
            { title: t('sup_month'), dataIndex: 'month' },
            { title: t('sup_countedAt'), render: (_, s) => `${when(s.countedAt)} · ${s.countedByName}` },
            {
              title: t('sup_differences'),
              render: (_, s) => (
                <Space direction="vertical" size={0}>
                  {s.lines
                    .filter((l) => l.difference !== 0)
                    .map((l) => (
                      <span key={l.batchId}>
                        {l.productCode} {l.lotNumber}: {l.expected} → {l.counted} ({l.difference > 0 ? '+' : ''}
                        {l.difference}) {l.explanation}
                      </span>
                    ))}
                  {s.lines.every((l) => l.difference === 0) && t('sup_noDifference')}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** One adverse event as a person reads it. */
export function AdverseEventLine({ e }: { e: AdverseEvent }) {
  const { t } = useTranslation();
  const name = useName();
  const when = useWhen();
  return (
    <Space direction="vertical" size={0}>
      <Space wrap>
        <Typography.Text strong>
          {e.productCode} {name(e)} {e.specification}
        </Typography.Text>
        <Typography.Text>{t('sup_lotIs', { lot: e.lotNumber })}</Typography.Text>
        <Tag color="red">{t(`sup_kind_${e.kind}` as MessageKey)}</Tag>
        <Tag color={e.status === 'open' ? 'orange' : 'green'} data-testid="adverse-event-status" data-status={e.status}>
          {t(e.status === 'open' ? 'sup_eventOpen' : 'sup_eventClosed')}
        </Tag>
      </Space>
      <Typography.Text type="secondary">
        {when(e.occurredAt)} · {e.departmentNameZh ? name({ nameZh: e.departmentNameZh, nameEn: e.departmentNameEn ?? '' }) : t('sup_cssd')}{' '}
        · {e.reportedByName}
      </Typography.Text>
      <Typography.Text>
        {e.description} — {e.outcome}
      </Typography.Text>
      {e.status === 'closed' && (
        <Typography.Text type="secondary">
          {t('sup_investigation')}: {e.investigation} · {t(e.batchReleased ? 'sup_batchReleased' : 'sup_batchStaysBlocked')} ·{' '}
          {e.closedByName} {when(e.closedAt)}
        </Typography.Text>
      )}
    </Space>
  );
}

function EventsTab({ act, mayClose }: { act: Act; mayClose: boolean }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const events = useSupplies<AdverseEvent[]>('/api/supplies/adverse-events');
  const stock = useSupplies<SupplyBatch[]>('/api/supplies/stock');
  const [closing, setClosing] = useState<AdverseEvent | null>(null);
  const [reporting, setReporting] = useState(false);
  const [form] = Form.useForm<{ investigation: string; batchReleased: boolean }>();
  const close = (v: { investigation: string; batchReleased: boolean }) =>
    modal.confirm({
      title: t('sup_confirmClose', { lot: closing?.lotNumber ?? '' }),
      content: t('pr_cannotRewrite'),
      okText: t('pr_confirm'),
      cancelText: t('cancel'),
      okButtonProps: { ...({ 'data-testid': 'adverse-confirm-close' } as object) },
      onOk: async () => {
        const e = closing!;
        setClosing(null);
        await act(`/api/supplies/adverse-events/${e.id}/close`, v, t('sup_eventClosedDone', { lot: e.lotNumber }));
      },
    });
  return (
    <Card
      size="small"
      extra={
        <Button data-testid="adverse-report-open" onClick={() => setReporting(true)}>
          {t('sup_reportEvent')}
        </Button>
      }
    >
      <Table<AdverseEvent>
        data-testid="adverse-events"
        rowKey="id"
        size="small"
        pagination={{ pageSize: 20 }}
        dataSource={events.data ?? []}
        locale={{ emptyText: t('sup_noEvents') }}
        onRow={(e) => ({ 'data-testid': 'adverse-event', 'data-lot': e.lotNumber }) as object}
        columns={[
          { title: t('sup_event'), render: (_, e) => <AdverseEventLine e={e} /> },
          ...(mayClose
            ? [
                {
                  title: '',
                  render: (_: unknown, e: AdverseEvent) =>
                    e.status === 'open' && (
                      <Button type="primary" data-testid="adverse-close" onClick={() => setClosing(e)}>
                        {t('sup_closeEvent')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={closing !== null}
        title={`${t('sup_closeEvent')} · ${closing?.lotNumber ?? ''}`}
        okText={t('submit')}
        cancelText={t('cancel')}
        onCancel={() => setClosing(null)}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'adverse-close-submit' }}
        destroyOnHidden
      >
        <Form name="close-event" form={form} layout="vertical" onFinish={close} preserve={false} initialValues={{ batchReleased: false }}>
          <Form.Item
            name="investigation"
            label={t('sup_investigation')}
            rules={[{ required: true, whitespace: true, message: t('sup_required') }]}
          >
            <Input.TextArea data-testid="adverse-investigation" rows={3} maxLength={500} />
          </Form.Item>
          <Form.Item name="batchReleased" label={t('sup_releaseBatch')} valuePropName="checked">
            <Switch data-testid="adverse-release" />
          </Form.Item>
        </Form>
      </Modal>
      <ReportEventDialog
        open={reporting}
        batches={(stock.data ?? []).map((b) => ({ id: b.id, label: `${b.productCode} · ${b.lotNumber}` }))}
        onClose={() => setReporting(false)}
        act={act}
      />
    </Card>
  );
}

/** Recording an adverse event on a batch (a department: on a batch it received). */
export function ReportEventDialog({
  open,
  batches,
  onClose,
  act,
  batchId,
}: {
  open: boolean;
  batches: { id: string; label: string }[];
  onClose: () => void;
  act: Act;
  batchId?: string;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ batchId: string; kind: string; occurredAt?: string; description: string; outcome: string }>();
  const submit = async (v: { batchId: string; kind: string; occurredAt?: string; description: string; outcome: string }) => {
    onClose();
    await act('/api/supplies/adverse-events', { ...v, occurredAt: v.occurredAt || undefined }, t('sup_eventReported'));
  };
  return (
    <Modal
      open={open}
      title={t('sup_reportEvent')}
      okText={t('submit')}
      cancelText={t('cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'adverse-submit' }}
      destroyOnHidden
    >
      <Form
        name="report-event"
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{ batchId, kind: 'product_defect' }}
      >
        <Form.Item name="batchId" label={t('sup_batch')} rules={[{ required: true, message: t('sup_required') }]}>
          <Select
            data-testid="adverse-batch"
            showSearch
            optionFilterProp="label"
            options={batches.map((b) => ({ value: b.id, label: b.label }))}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('sup_eventKind')} rules={[{ required: true, message: t('sup_required') }]}>
          <Select
            data-testid="adverse-kind"
            options={ADVERSE_EVENT_KINDS.map((k) => ({ value: k, label: t(`sup_kind_${k}` as MessageKey) }))}
          />
        </Form.Item>
        <Form.Item name="occurredAt" label={t('sup_occurredAt')} extra={t('sup_defaultNow')}>
          <Input type="datetime-local" data-testid="adverse-occurred-at" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('sup_description')}
          rules={[{ required: true, whitespace: true, message: t('sup_required') }]}
        >
          <Input.TextArea data-testid="adverse-description" rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="outcome" label={t('sup_outcome')} rules={[{ required: true, whitespace: true, message: t('sup_required') }]}>
          <Input data-testid="adverse-outcome" maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
