import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, Descriptions, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, postOnce, type ApiError } from '../api/client';
import type { components } from '../api/schema';
import { useAuth } from '../auth';
import { OutcomeBanner, useWhen, type Outcome } from '../components/desk';
import { filled, StepDialog } from '../components/StepDialog';
import { hospitalLocal } from '../hospital-time';
import type { MessageKey } from '../messages';
import { MonthRegisterCard, useMonthRegister } from '../components/month-register';

/** The answers of /api/visits (src/visitors/dto/visitors.view.ts). */
type Register = components['schemas']['VisitRegisterView'];
type Visit = Register['visits'][number];
type Detail = components['schemas']['VisitDetailView'];
type Escort = components['schemas']['EscortView'];
type Zone = components['schemas']['RequestVisitDto']['zones'][number];

/** Fails the type check unless `list` holds every value of the contract's `T`. */
const every =
  <T extends string>() =>
  <L extends readonly T[]>(list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : never)) =>
    list;
export const VISIT_ZONES = every<Zone>()(['recycling', 'cleaning', 'packing', 'sterilization', 'storage', 'dispatch'] as const);
/** Who asks for visits and records them; who decides. */
const REQUESTERS = ['nurse', 'head_nurse', 'monitor'];
const APPROVERS = ['head_nurse', 'admin'];
const STATUS_COLOR: Record<string, string> = {
  pending: 'blue',
  approved: 'cyan',
  refused: 'red',
  cancelled: 'default',
  checked_in: 'orange',
  checked_out: 'green',
};

type RequestValues = {
  unit: string;
  visitors: { name: string; title: string }[];
  contact: string;
  purpose: string;
  plannedDate: string;
  windowStart: string;
  windowEnd: string;
  zones: string[];
  reason?: string;
};

/**
 * The visitors register (来访登记, issue 17): the CSSD is a restricted department. Its staff ask for
 * a visit in advance; the head nurse (or an administrator) approves or refuses it; the visit is
 * recorded as it happens — time in with the escort, the visitors' comments, time out with the zones
 * actually entered. Nothing is changed: a correction is a new entry with its reason. The month's
 * register is listed here and exported as XLSX and PDF.
 */
export function VisitorsPage() {
  const { t } = useTranslation();
  const people = usePeople();
  const { me } = useAuth();
  const when = useWhen();
  const qc = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const register = useMonthRegister<Register>('visits', '/api/visits');
  const { month, params, setParams, list } = register;
  const openId = params.get('open');
  const canRequest = !!me && REQUESTERS.includes(me.role);
  const done = (o: Outcome) => {
    setOutcome(o);
    void qc.invalidateQueries({ queryKey: ['visits'] });
  };
  const zones = useZones();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="visitors-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('vis_title')}
      </Typography.Title>
      <OutcomeBanner outcome={outcome} testId="visitors-outcome" />
      {openId && <VisitCard id={openId} onClose={() => setParams({ month })} onDone={done} />}
      {canRequest && <RequestForm onDone={done} />}
      <MonthRegisterCard title={t('vis_register')} id="visitors-month" register={register}>
        <Table<Visit>
          data-testid="visits-list"
          rowKey="id"
          size="small"
          // A month's visits fit one page (a CSSD has a few dozen at most).
          pagination={{ pageSize: 100, hideOnSinglePage: true }}
          dataSource={onScreenOrder(list.data?.visits ?? [])}
          locale={{ emptyText: t('vis_none') }}
          onRow={(v) => ({ 'data-testid': 'visit-row', 'data-status': v.status, 'data-id': v.id }) as object}
          columns={[
            { title: t('vis_day'), dataIndex: 'day' },
            { title: t('vis_window'), render: (_, v) => `${v.windowStart}–${v.windowEnd}` },
            { title: t('vis_unit'), dataIndex: 'unit' },
            { title: t('vis_visitors'), render: (_, v) => people(v.visitors) },
            { title: t('vis_zones'), render: (_, v) => zones(v.zones) },
            { title: t('vis_in'), render: (_, v) => when(v.inAt) },
            { title: t('vis_out'), render: (_, v) => when(v.outAt) },
            { title: t('vis_status'), render: (_, v) => <StatusTag status={v.status} /> },
            {
              title: '',
              render: (_, v) => (
                <Button size="small" data-testid="visit-open" onClick={() => setParams({ month, open: v.id })}>
                  {t('vis_details')}
                </Button>
              ),
            },
          ]}
        />
      </MonthRegisterCard>
    </Space>
  );
}

/** A list as the page's language writes it: 、 in Chinese, commas in English. */
function useList() {
  const { i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  return (items: string[]) => items.join(zh ? '、' : ', ');
}

/** The visitors with their titles: 张明（院感科主任） / 张明 (院感科主任). */
function usePeople() {
  const { t } = useTranslation();
  const list = useList();
  return (visitors: readonly { name: string; title: string }[]) =>
    list(visitors.map((p) => t('vis_person', { name: p.name, title: p.title })));
}

/** The zones by name, in the page's language. */
function useZones() {
  const { t } = useTranslation();
  const list = useList();
  return (zones: readonly string[] | null | undefined) => list((zones ?? []).map((z) => t(`def_zone_${z}` as MessageKey))) || '—';
}

function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="visit-status">
      {t(`vis_status_${status}` as MessageKey)}
    </Tag>
  );
}

function ZoneChoice({ name, label, testId }: { name: string; label: string; testId: string }) {
  const { t } = useTranslation();
  return (
    // A validator, not `required`: antd would put aria-required on the group's <div>, which ARIA does not allow there.
    <Form.Item
      name={name}
      label={label}
      rules={[{ validator: (_, v?: string[]) => (v?.length ? Promise.resolve() : Promise.reject(new Error(t('def_required')))) }]}
    >
      <Checkbox.Group
        role="group"
        aria-label={label}
        data-testid={testId}
        options={VISIT_ZONES.map((z) => ({ value: z, label: t(`def_zone_${z}` as MessageKey) }))}
      />
    </Form.Item>
  );
}

/** The request's fields (a new request, or the correction of the entry in force). */
function RequestFields({ correcting }: { correcting?: boolean }) {
  const { t } = useTranslation();
  const required = [{ required: true, whitespace: true, message: t('def_required') }];
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="unit" label={t('vis_unit')} rules={required}>
            <Input data-testid="visit-unit" maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="contact" label={t('vis_contact')} rules={required}>
            <Input data-testid="visit-contact" maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text strong>{t('vis_visitors')}</Typography.Text>
      <Form.List name="visitors">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Row key={f.key} gutter={8} align="top" data-testid="visit-visitor">
                <Col xs={10}>
                  <Form.Item name={[f.name, 'name']} label={t('vis_visitorName')} rules={required}>
                    <Input data-testid="visitor-name" maxLength={100} />
                  </Form.Item>
                </Col>
                <Col xs={10}>
                  <Form.Item name={[f.name, 'title']} label={t('vis_visitorTitle')} rules={required}>
                    <Input data-testid="visitor-title" maxLength={100} />
                  </Form.Item>
                </Col>
                <Col xs={4}>
                  <Form.Item label=" ">
                    <Button disabled={fields.length <= 1} onClick={() => remove(f.name)}>
                      {t('qr_remove')}
                    </Button>
                  </Form.Item>
                </Col>
              </Row>
            ))}
            <Button data-testid="visit-add-visitor" onClick={() => add({ name: '', title: '' })} style={{ marginBottom: 16 }}>
              {t('vis_addVisitor')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item name="purpose" label={t('vis_purpose')} rules={required}>
        <Input.TextArea data-testid="visit-purpose" rows={2} maxLength={500} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="plannedDate" label={t('vis_plannedDate')} rules={required}>
            <Input type="date" data-testid="visit-date" />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="windowStart" label={t('vis_windowStart')} rules={required}>
            <Input type="time" data-testid="visit-start" />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="windowEnd" label={t('vis_windowEnd')} rules={required}>
            <Input type="time" data-testid="visit-end" />
          </Form.Item>
        </Col>
      </Row>
      <ZoneChoice name="zones" label={t('vis_zonesRequested')} testId="visit-zones" />
      {correcting && (
        <Form.Item name="reason" label={t('def_reason')} rules={required}>
          <Input data-testid="visit-reason" maxLength={200} />
        </Form.Item>
      )}
    </>
  );
}

function RequestForm({ onDone }: { onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RequestValues>();
  const submit = async (v: RequestValues) => {
    try {
      await postOnce('/api/visits', filled(v));
      onDone({ ok: true, message: t('vis_requested') });
      form.resetFields();
    } catch (e) {
      onDone({ ok: false, error: e as ApiError });
    }
  };
  return (
    <Card size="small" title={t('vis_request')}>
      <Form
        form={form}
        name="visit"
        layout="vertical"
        data-testid="visit-form"
        initialValues={{ visitors: [{ name: '', title: '' }] }}
        onFinish={(v) => void submit(v)}
      >
        <RequestFields />
        <Button type="primary" htmlType="submit" data-testid="visit-submit">
          {t('vis_request')}
        </Button>
      </Form>
    </Card>
  );
}

/** The CSSD users who may escort visitors. */
function EscortSelect() {
  const { t } = useTranslation();
  const escorts = useQuery({ queryKey: ['/api/visits/escorts'], queryFn: () => getJson<Escort[]>('/api/visits/escorts') });
  return (
    <Form.Item name="escortUserId" label={t('vis_escort')} rules={[{ required: true, message: t('def_required') }]}>
      <Select
        data-testid="visit-escort"
        showSearch
        optionFilterProp="label"
        options={(escorts.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
      />
    </Form.Item>
  );
}

type Step = 'correct' | 'approve' | 'refuse' | 'cancel' | 'checkIn' | 'comment' | 'checkOut' | 'correctIn' | 'correctOut';

/** One visit with its whole record, and the next step for whoever may take it. */
function VisitCard({ id, onClose, onDone }: { id: string; onClose: () => void; onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const when = useWhen();
  const qc = useQueryClient();
  const [step, setStep] = useState<Step | null>(null);
  const key = ['visit', id];
  const detail = useQuery({ queryKey: key, queryFn: () => getJson<Detail>(`/api/visits/${id}`) });
  const d = detail.data;
  const path = `/api/visits/${id}`;
  const stepDone = (o: Outcome) => {
    onDone(o);
    void qc.invalidateQueries({ queryKey: key });
  };
  const records = !!me && REQUESTERS.includes(me.role);
  const decides = !!me && APPROVERS.includes(me.role);
  const by = (name: string, at: string) => t('def_by', { name, at: when(at) });
  const required = [{ required: true, whitespace: true, message: t('def_required') }];
  const zones = useZones();
  const people = usePeople();
  const checkIn = d?.checkIns.at(-1);
  const checkOut = d?.checkOuts.at(-1);
  const button = (s: Step, label: MessageKey, testId: string, primary = false) => (
    <Button type={primary ? 'primary' : 'default'} data-testid={testId} onClick={() => setStep(s)}>
      {t(label)}
    </Button>
  );
  const dialog = (s: Step, title: MessageKey, testId: string, suffix: string, children: ReactNode, extra: object = {}) =>
    step === s && (
      <StepDialog
        title={t(title)}
        testId={testId}
        okMessage={t('def_saved')}
        path={`${path}${suffix}`}
        onClose={() => setStep(null)}
        onDone={stepDone}
        {...extra}
      >
        {children}
      </StepDialog>
    );
  return (
    <Card
      size="small"
      title={t('vis_details')}
      data-testid="visit-card"
      extra={
        <Button size="small" data-testid="visit-hide" onClick={onClose}>
          {t('def_hide')}
        </Button>
      }
    >
      {detail.error && <Alert type="error" showIcon message={(detail.error as unknown as ApiError).message} />}
      {d && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="visit-detail" data-status={d.status}>
          <StatusTag status={d.status} />
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('vis_unit')}>{d.unit}</Descriptions.Item>
            <Descriptions.Item label={t('vis_visitors')}>
              <span data-testid="visit-visitors">{people(d.visitors)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('vis_contact')}>{d.contact}</Descriptions.Item>
            <Descriptions.Item label={t('vis_purpose')}>{d.purpose}</Descriptions.Item>
            <Descriptions.Item label={t('vis_plannedDate')}>{`${d.plannedDate} ${d.windowStart}–${d.windowEnd}`}</Descriptions.Item>
            <Descriptions.Item label={t('vis_zonesRequested')}>{zones(d.zones)}</Descriptions.Item>
            <Descriptions.Item label={t('vis_requestedBy')}>{by(d.requestedByName, d.requestedAt)}</Descriptions.Item>
            {d.decision && (
              <Descriptions.Item label={t(d.decision.approved ? 'vis_approvedBy' : 'vis_refusedBy')}>
                {by(d.decision.decidedByName, d.decision.decidedAt)}
                {d.decision.reason ? ` · ${d.decision.reason}` : ''}
              </Descriptions.Item>
            )}
            {d.cancellation && (
              <Descriptions.Item label={t('vis_cancelledBy')}>
                {`${by(d.cancellation.cancelledByName, d.cancellation.cancelledAt)} · ${d.cancellation.reason}`}
              </Descriptions.Item>
            )}
            {checkIn && (
              <Descriptions.Item label={t('vis_in')}>
                <span data-testid="visit-in">{`${when(checkIn.inAt)} · ${t('vis_escortedBy', { name: checkIn.escortName })}`}</span>
              </Descriptions.Item>
            )}
            {checkOut && (
              <Descriptions.Item label={t('vis_out')}>
                <span data-testid="visit-out">{`${when(checkOut.outAt)} · ${zones(checkOut.zonesEntered)}`}</span>
              </Descriptions.Item>
            )}
          </Descriptions>
          {(d.history.length > 1 || d.checkIns.length > 1 || d.checkOuts.length > 1) && (
            <Card size="small" title={t('def_history')}>
              {[
                ...d.history.map((e) => ({ id: e.id, reason: e.reason, text: `${by(e.requestedByName, e.requestedAt)} · ${e.unit}` })),
                ...d.checkIns.map((c) => ({ id: c.id, reason: c.reason, text: `${t('vis_in')} ${when(c.inAt)} · ${c.escortName}` })),
                ...d.checkOuts.map((c) => ({
                  id: c.id,
                  reason: c.reason,
                  text: `${t('vis_out')} ${when(c.outAt)} · ${zones(c.zonesEntered)}`,
                })),
              ].map((e) => (
                <div key={e.id}>
                  <Typography.Text>{e.text}</Typography.Text>
                  {e.reason && <Typography.Text type="secondary">{` · ${t('def_correctsEntry', { reason: e.reason })}`}</Typography.Text>}
                </div>
              ))}
            </Card>
          )}
          {d.comments.length > 0 && (
            <Card size="small" title={t('vis_comments')}>
              {d.comments.map((c) => (
                <div key={c.id} data-testid="visit-comment">
                  <Typography.Text>{c.author ? t('vis_said', { author: c.author, text: c.text }) : c.text}</Typography.Text>
                  <Typography.Text type="secondary">{` · ${by(c.recordedByName, c.recordedAt)}`}</Typography.Text>
                </div>
              ))}
            </Card>
          )}
          <Space wrap>
            {decides && d.status === 'pending' && button('approve', 'vis_approve', 'visit-approve', true)}
            {decides && d.status === 'pending' && button('refuse', 'vis_refuse', 'visit-refuse')}
            {records && d.status === 'pending' && button('correct', 'def_correct', 'visit-correct')}
            {records && d.status === 'approved' && button('checkIn', 'vis_checkIn', 'visit-check-in', true)}
            {records &&
              (d.status === 'checked_in' || d.status === 'checked_out') &&
              button('comment', 'vis_addComment', 'visit-add-comment')}
            {records && d.status === 'checked_in' && button('checkOut', 'vis_checkOut', 'visit-check-out', true)}
            {records && checkIn && button('correctIn', 'vis_correctIn', 'visit-correct-in')}
            {records && checkOut && button('correctOut', 'vis_correctOut', 'visit-correct-out')}
            {(d.status === 'pending' || d.status === 'approved') && button('cancel', 'vis_cancel', 'visit-cancel')}
          </Space>
        </Space>
      )}
      {d &&
        dialog('correct', 'vis_correcting', 'visit-correction', '/corrections', <RequestFields correcting />, {
          body: (v: RequestValues) => ({ ...filled(v), correctsId: d.entryId }),
          initial: {
            unit: d.unit,
            visitors: d.visitors,
            contact: d.contact,
            purpose: d.purpose,
            plannedDate: d.plannedDate,
            windowStart: d.windowStart,
            windowEnd: d.windowEnd,
            zones: d.zones,
          },
        })}
      {dialog(
        'approve',
        'vis_approve',
        'visit-approval',
        '/approve',
        <Form.Item name="note" label={t('vis_note')}>
          <Input data-testid="approval-note" maxLength={300} />
        </Form.Item>,
      )}
      {dialog(
        'refuse',
        'vis_refuse',
        'visit-refusal',
        '/refuse',
        <Form.Item name="reason" label={t('def_reason')} rules={required}>
          <Input data-testid="refusal-reason" maxLength={300} />
        </Form.Item>,
      )}
      {dialog(
        'cancel',
        'vis_cancel',
        'visit-cancellation',
        '/cancel',
        <Form.Item name="reason" label={t('def_reason')} rules={required}>
          <Input data-testid="cancel-reason" maxLength={300} />
        </Form.Item>,
      )}
      {dialog(
        'checkIn',
        'vis_checkIn',
        'visit-checkin',
        '/check-in',
        <>
          <Form.Item name="at" label={t('vis_in')} extra={t('def_defaultNow')}>
            <Input type="datetime-local" data-testid="checkin-at" />
          </Form.Item>
          <EscortSelect />
        </>,
        { initial: { escortUserId: me?.id } },
      )}
      {checkIn &&
        dialog(
          'correctIn',
          'vis_correctIn',
          'visit-checkin-correction',
          '/check-in/corrections',
          <>
            <Form.Item name="at" label={t('vis_in')} extra={t('def_defaultNow')}>
              <Input type="datetime-local" />
            </Form.Item>
            <EscortSelect />
            <Form.Item name="reason" label={t('def_reason')} rules={required}>
              <Input maxLength={200} />
            </Form.Item>
          </>,
          {
            initial: { at: hospitalLocal(new Date(checkIn.inAt)).slice(0, 16), escortUserId: checkIn.escortUserId },
            body: (v: object) => ({ ...filled(v), correctsId: checkIn.id }),
          },
        )}
      {dialog(
        'comment',
        'vis_addComment',
        'visit-comment',
        '/comments',
        <>
          <Form.Item name="author" label={t('vis_commentAuthor')}>
            <Select
              allowClear
              data-testid="comment-author"
              options={(d?.visitors ?? []).map((p) => ({ value: p.name, label: people([p]) }))}
            />
          </Form.Item>
          <Form.Item name="text" label={t('vis_comment')} rules={required}>
            <Input.TextArea data-testid="comment-text" rows={3} maxLength={1000} />
          </Form.Item>
        </>,
      )}
      {dialog(
        'checkOut',
        'vis_checkOut',
        'visit-checkout',
        '/check-out',
        <>
          <Form.Item name="at" label={t('vis_out')} extra={t('def_defaultNow')}>
            <Input type="datetime-local" data-testid="checkout-at" />
          </Form.Item>
          <ZoneChoice name="zonesEntered" label={t('vis_zonesEntered')} testId="checkout-zones" />
        </>,
      )}
      {checkOut &&
        dialog(
          'correctOut',
          'vis_correctOut',
          'visit-checkout-correction',
          '/check-out/corrections',
          <>
            <Form.Item name="at" label={t('vis_out')} extra={t('def_defaultNow')}>
              <Input type="datetime-local" />
            </Form.Item>
            <ZoneChoice name="zonesEntered" label={t('vis_zonesEntered')} testId="checkout-correction-zones" />
            <Form.Item name="reason" label={t('def_reason')} rules={required}>
              <Input maxLength={200} />
            </Form.Item>
          </>,
          {
            initial: { at: hospitalLocal(new Date(checkOut.outAt)).slice(0, 16), zonesEntered: checkOut.zonesEntered },
            body: (v: object) => ({ ...filled(v), correctsId: checkOut.id }),
          },
        )}
    </Card>
  );
}

/**
 * The register on screen: what waits for the head nurse's decision first, then visitors in the
 * department now, then the rest with the latest day first (the printed register stays in day order).
 */
function onScreenOrder(visits: Visit[]): Visit[] {
  const rank = (v: Visit) => (v.status === 'pending' ? 0 : v.status === 'checked_in' ? 1 : 2);
  return [...visits].sort((a, b) => rank(a) - rank(b) || b.day.localeCompare(a.day) || b.windowStart.localeCompare(a.windowStart));
}
