import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, Descriptions, Form, Input, List, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { getFile, getJson, postOnce, saveFile, type ApiError } from '../api/client';
import type { components } from '../api/schema';
import { useAuth } from '../auth';
import { OutcomeBanner, useName, useWhen, type Outcome } from '../components/desk';
import type { MessageKey } from '../messages';

/** GET /api/shift-handovers (src/shift-handover/dto/shift-handover.view.ts). */
type Register = components['schemas']['HandoverRegisterView'];
type Handover = components['schemas']['ShiftHandoverView'];
type Shift = components['schemas']['ShiftView'];
type Draft = components['schemas']['DraftHandoverDto'];

const ZONES = ['decontamination', 'packing', 'sterile_storage'] as const;
const ITEMS = ['water', 'power', 'gas', 'steam', 'cleaned'] as const;
const STAFF = ['nurse', 'head_nurse', 'monitor'];
const STATUS_COLOR: Record<string, string> = { draft: 'blue', signed_out: 'gold', closed: 'green' };

/**
 * The shift handover (交接班, issue 17): the register of a day per shift and zone; the outgoing nurse
 * drafts the note (the system's open items are copied in as she sees them), records the end-of-shift
 * checklist and signs out with her badge + PIN; the incoming nurse signs in with hers. A signed
 * note is corrected by a new entry with the reason. The service refuses each rule broken, with why.
 */
export function ShiftHandoverPage() {
  const { t } = useTranslation();
  const when = useWhen();
  const name = useName();
  const { me } = useAuth();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [day, setDay] = useState<string | null>(params.get('date'));
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [form] = Form.useForm<Draft>();
  const openId = params.get('open');
  const canWrite = !!me && STAFF.includes(me.role);

  const shifts = useQuery({ queryKey: ['shift-handovers', 'shifts'], queryFn: () => getJson<Shift[]>('/api/shift-handovers/shifts') });
  const register = useQuery({
    queryKey: ['shift-handovers', 'register', day],
    queryFn: () => getJson<Register>(`/api/shift-handovers${day ? `?date=${day}` : ''}`),
  });
  // The service's today (its clock, not this PC's) when no day was chosen.
  useEffect(() => {
    if (!day && register.data) setDay(register.data.to);
  }, [day, register.data]);
  // The draft's day starts as the register's day; a day the nurse typed is never overwritten by a
  // register answering late (a slow answer used to move her draft to the service's today).
  useEffect(() => {
    if (day && !form.getFieldValue('day')) form.setFieldValue('day', day);
  }, [day, form]);

  const shiftName = (code: string) => {
    const s = shifts.data?.find((x) => x.code === code);
    return s ? `${name(s)} ${s.start}–${s.end}` : code;
  };
  const refresh = () => void qc.invalidateQueries({ queryKey: ['shift-handovers'] });
  const open = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('open', id);
    else next.delete('open');
    setParams(next);
  };
  const draft = async (values: Draft) => {
    try {
      const h = await postOnce<Handover>('/api/shift-handovers', values);
      setOutcome({ ok: true, message: t('sh_drafted') });
      // The register turns to the drafted day, so the new handover is in the list below.
      setDay(h.day);
      const next = new URLSearchParams(params);
      next.set('date', h.day);
      next.set('open', h.id);
      setParams(next);
    } catch (e) {
      setOutcome({ ok: false, error: e as ApiError });
    } finally {
      refresh();
    }
  };
  const download = async (format: 'xlsx' | 'pdf') => {
    try {
      const { blob, filename } = await getFile(`/api/shift-handovers?date=${day}&format=${format}`);
      saveFile(blob, filename);
    } catch (e) {
      setOutcome({ ok: false, error: e as ApiError });
    }
  };

  const columns = [
    { title: t('sh_shift'), render: (_: unknown, h: Handover) => shiftName(h.shift) },
    { title: t('sh_zone'), render: (_: unknown, h: Handover) => t(`dis_area_${h.zone}` as MessageKey) },
    {
      title: t('sh_status'),
      render: (_: unknown, h: Handover) => (
        <Tag data-testid="handover-status" color={STATUS_COLOR[h.status]}>
          {t(`sh_status_${h.status}` as MessageKey)}
        </Tag>
      ),
    },
    { title: t('sh_author'), dataIndex: 'authorName' },
    {
      title: t('sh_outgoing'),
      render: (_: unknown, h: Handover) => (h.outgoing ? `${h.outgoing.signerName} · ${when(h.outgoing.signedAt)}` : '—'),
    },
    {
      title: t('sh_incoming'),
      render: (_: unknown, h: Handover) => (h.incoming ? `${h.incoming.signerName} · ${when(h.incoming.signedAt)}` : '—'),
    },
    {
      title: '',
      render: (_: unknown, h: Handover) => (
        <Button size="small" data-testid="handover-open" onClick={() => open(h.id)}>
          {t('sh_open')}
        </Button>
      ),
    },
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="shift-handover-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('sh_title')}
      </Typography.Title>
      <OutcomeBanner outcome={outcome} testId="handover-outcome" />
      {register.error && <Alert type="error" showIcon message={(register.error as unknown as ApiError).message} />}
      <Card
        size="small"
        title={t('sh_register')}
        extra={
          <Space wrap>
            <Input
              type="date"
              aria-label={t('sh_day')}
              data-testid="register-day"
              value={day ?? ''}
              onChange={(e) => e.target.value && setDay(e.target.value)}
            />
            <Button data-testid="register-xlsx" onClick={() => void download('xlsx')}>
              {t('reg_downloadXlsx')}
            </Button>
            <Button data-testid="register-pdf" onClick={() => void download('pdf')}>
              {t('reg_downloadPdf')}
            </Button>
          </Space>
        }
      >
        <Table
          data-testid="handover-register"
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={register.data?.handovers ?? []}
          locale={{ emptyText: t('sh_none') }}
          onRow={(h) => ({ 'data-testid': 'handover-row', 'data-status': h.status }) as object}
          columns={columns}
        />
      </Card>
      {openId && <HandoverDetail id={openId} shiftName={shiftName} canWrite={canWrite} onOutcome={setOutcome} onChange={refresh} />}
      {canWrite && (
        <Card size="small" title={t('sh_draft')}>
          <Form
            form={form}
            name="handover"
            layout="vertical"
            data-testid="handover-form"
            initialValues={{ shift: 'early', zone: 'packing' }}
            onFinish={(v) => void draft(v)}
          >
            <Row gutter={16}>
              <Col xs={24} md={6}>
                <Form.Item name="day" label={t('sh_day')} rules={[{ required: true, message: t('sh_required') }]}>
                  <Input type="date" data-testid="draft-day" />
                </Form.Item>
              </Col>
              <Col xs={24} md={9}>
                <Form.Item name="shift" label={t('sh_shift')}>
                  <Select options={(shifts.data ?? []).map((s) => ({ value: s.code, label: shiftName(s.code) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={9}>
                <Form.Item name="zone" label={t('sh_zone')}>
                  <Select options={ZONES.map((z) => ({ value: z, label: t(`dis_area_${z}` as MessageKey) }))} />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item name="notes" label={t('sh_notes')}>
                  <Input.TextArea data-testid="draft-notes" rows={3} maxLength={2000} />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit" data-testid="draft-submit">
              {t('sh_draftSubmit')}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}

/** One handover: the slot, the snapshot, the notes in force, and the step it is at. */
function HandoverDetail(props: {
  id: string;
  shiftName: (code: string) => string;
  canWrite: boolean;
  onOutcome: (o: Outcome) => void;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const when = useWhen();
  const name = useName();
  const qc = useQueryClient();
  const key = ['shift-handovers', 'one', props.id];
  const h = useQuery({ queryKey: key, queryFn: () => getJson<Handover>(`/api/shift-handovers/${props.id}`) });

  const step = async (path: string, body: unknown, message: MessageKey) => {
    try {
      await postOnce(`/api/shift-handovers/${props.id}/${path}`, body);
      props.onOutcome({ ok: true, message: t(message) });
      return true;
    } catch (e) {
      props.onOutcome({ ok: false, error: e as ApiError });
      return false;
    } finally {
      void qc.invalidateQueries({ queryKey: key });
      props.onChange();
    }
  };

  if (h.error) return <Alert type="error" showIcon message={(h.error as unknown as ApiError).message} />;
  const x = h.data;
  if (!x) return null;
  const s = x.snapshot;
  const section = (title: MessageKey, testId: string, items: string[]) => (
    <Col xs={24} md={12} lg={8}>
      <List
        size="small"
        bordered
        data-testid={testId}
        header={<Typography.Text strong>{`${t(title)} (${items.length})`}</Typography.Text>}
        // An empty list says so in the page's own text colour (antd's empty text is too faint to read, axe colour-contrast).
        dataSource={items.length ? items : [t('sh_nothing')]}
        renderItem={(i) => <List.Item>{i}</List.Item>}
      />
    </Col>
  );

  return (
    <Card
      size="small"
      data-testid="handover-detail"
      data-status={x.status}
      title={`${x.day} · ${props.shiftName(x.shift)} · ${t(`dis_area_${x.zone}` as MessageKey)}`}
      extra={<Tag color={STATUS_COLOR[x.status]}>{t(`sh_status_${x.status}` as MessageKey)}</Tag>}
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('sh_author')}>{`${x.authorName} · ${when(x.draftedAt)}`}</Descriptions.Item>
          <Descriptions.Item label={t('sh_snapshotAt')}>{when(s.takenAt)}</Descriptions.Item>
          <Descriptions.Item label={t('sh_notes')} span={2}>
            <span data-testid="handover-notes" style={{ whiteSpace: 'pre-wrap' }}>
              {x.notes || '—'}
            </span>
          </Descriptions.Item>
        </Descriptions>
        <Row gutter={[12, 12]}>
          {section(
            'sh_loads',
            'snapshot-loads',
            s.loads.map((l) => `${l.sterilizerCode} #${l.cycleNo} · ${t(`sh_load_${l.status}` as MessageKey)}`),
          )}
          {section(
            'sh_bis',
            'snapshot-bis',
            s.bisIncubating.map(
              (b) => `${b.sterilizerCode} #${b.cycleNo} · ${b.lot} · ${t('sh_readFrom', { at: when(b.earliestReadAt) })}`,
            ),
          )}
          {section(
            'sh_recalls',
            'snapshot-recalls',
            s.recalls.map((r) => `${name({ zh: r.reasonZh, en: r.reasonEn })} · ${t('sh_packs', { n: r.total })}`),
          )}
          {section(
            'sh_equipment',
            'snapshot-equipment',
            s.equipment.map(
              (e) =>
                `${e.code} ${name(e)} · ${t(`sh_machine_${e.status}` as MessageKey)}${e.openFaults ? ` · ${t('sh_faults', { n: e.openFaults })}` : ''}`,
            ),
          )}
          {section(
            'sh_actions',
            'snapshot-actions',
            s.correctiveActions.map(
              (a) =>
                `${name({ zh: a.whatZh, en: a.whatEn })} · ${a.responsibleName} · ${a.dueDate}${a.overdue ? ` · ${t('sh_overdue')}` : ''}`,
            ),
          )}
        </Row>
        {x.status === 'draft' && props.canWrite && <ChecklistForm handover={x} onSend={(body) => step('checklist', body, 'sh_checked')} />}
        {x.status !== 'draft' && x.checklist && (
          <Descriptions size="small" column={1} title={t('sh_checklist')} data-testid="checklist-recorded">
            {x.checklist.items.map((i) => (
              <Descriptions.Item key={i.item} label={t(`sh_item_${i.item}` as MessageKey)}>
                {i.done ? t('sh_done') : `${t('sh_notDone')}: ${i.reason}`}
              </Descriptions.Item>
            ))}
          </Descriptions>
        )}
        {x.status === 'draft' && props.canWrite && x.checklist && (
          <SignForm
            testId="sign-out"
            title="sh_signOut"
            explain="sh_signOutExplain"
            onSend={(body) => step('sign-out', body, 'sh_signedOut')}
          />
        )}
        {x.status === 'signed_out' && props.canWrite && (
          <SignForm testId="sign-in" title="sh_signIn" explain="sh_signInExplain" onSend={(body) => step('sign-in', body, 'sh_signedIn')} />
        )}
        {x.outgoing && (
          <Typography.Text data-testid="signed-out-by">
            {t('sh_signedOutBy', { name: x.outgoing.signerName, at: when(x.outgoing.signedAt) })}
          </Typography.Text>
        )}
        {x.incoming && (
          <Typography.Text data-testid="signed-in-by">
            {t('sh_signedInBy', { name: x.incoming.signerName, at: when(x.incoming.signedAt) })}
          </Typography.Text>
        )}
        {x.corrections.length > 0 && (
          <List
            size="small"
            header={<Typography.Text strong>{t('sh_corrections')}</Typography.Text>}
            dataSource={x.corrections}
            renderItem={(c) => <List.Item>{`${when(c.recordedAt)} · ${c.recordedByName} · ${t('sh_reason')}: ${c.reason}`}</List.Item>}
          />
        )}
        {x.status !== 'draft' && props.canWrite && (
          <CorrectionForm handover={x} onSend={(body) => step('corrections', body, 'sh_corrected')} />
        )}
      </Space>
    </Card>
  );
}

/** The end-of-shift checklist: each item ticked, or left with the reason it is not done. */
function ChecklistForm({ handover, onSend }: { handover: Handover; onSend: (body: unknown) => Promise<boolean> }) {
  const { t } = useTranslation();
  const given = new Map((handover.checklist?.items ?? []).map((i) => [i.item, i]));
  const [done, setDone] = useState<Record<string, boolean>>(Object.fromEntries(ITEMS.map((i) => [i, given.get(i)?.done ?? false])));
  const [reasons, setReasons] = useState<Record<string, string>>(Object.fromEntries(ITEMS.map((i) => [i, given.get(i)?.reason ?? ''])));
  const send = () =>
    void onSend({ items: ITEMS.map((item) => ({ item, done: done[item], ...(done[item] ? {} : { reason: reasons[item] }) })) });
  return (
    <Card size="small" type="inner" title={t('sh_checklist')} data-testid="checklist-form">
      <Space direction="vertical" style={{ width: '100%' }}>
        {ITEMS.map((item) => (
          <Space key={item} wrap>
            <Checkbox data-testid={`check-${item}`} checked={done[item]} onChange={(e) => setDone({ ...done, [item]: e.target.checked })}>
              {t(`sh_item_${item}` as MessageKey)}
            </Checkbox>
            {!done[item] && (
              <Input
                data-testid={`reason-${item}`}
                aria-label={t('sh_reasonFor', { item: t(`sh_item_${item}` as MessageKey) })}
                placeholder={t('sh_reasonPlaceholder')}
                value={reasons[item]}
                maxLength={200}
                style={{ width: 320 }}
                onChange={(e) => setReasons({ ...reasons, [item]: e.target.value })}
              />
            )}
          </Space>
        ))}
        <Button type="primary" data-testid="checklist-submit" onClick={send}>
          {t('sh_checklistSubmit')}
        </Button>
      </Space>
    </Card>
  );
}

/** A signature: the signer's own badge and PIN. */
function SignForm(props: { testId: string; title: MessageKey; explain: MessageKey; onSend: (body: unknown) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [badgeCode, setBadge] = useState('');
  const [pin, setPin] = useState('');
  const send = async () => {
    if (await props.onSend({ signer: { badgeCode, pin } })) setPin('');
  };
  return (
    <Card size="small" type="inner" title={t(props.title)} data-testid={`${props.testId}-form`}>
      <Space direction="vertical">
        <Typography.Text type="secondary">{t(props.explain)}</Typography.Text>
        <Space wrap>
          <Input
            aria-label={t('badge')}
            placeholder={t('badge')}
            data-testid={`${props.testId}-badge`}
            value={badgeCode}
            onChange={(e) => setBadge(e.target.value)}
          />
          <Input.Password
            aria-label={t('pin')}
            placeholder={t('pin')}
            data-testid={`${props.testId}-pin`}
            value={pin}
            onChange={(e) => setPin(e.target.value)}
          />
          <Button type="primary" data-testid={`${props.testId}-submit`} onClick={() => void send()}>
            {t(props.title)}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}

/** A correction of a signed note: the notes again, with the reason. */
function CorrectionForm({ handover, onSend }: { handover: Handover; onSend: (body: unknown) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ notes: string; reason: string }>();
  const submit = async (v: { notes: string; reason: string }) => {
    if (await onSend({ correctsId: handover.entryId, ...v })) form.resetFields();
  };
  return (
    <Card size="small" type="inner" title={t('sh_correct')}>
      <Form
        form={form}
        layout="vertical"
        name="handover-correction"
        initialValues={{ notes: handover.notes }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="notes" label={t('sh_notes')} rules={[{ required: true, message: t('sh_required') }]}>
          <Input.TextArea data-testid="correction-notes" rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="reason" label={t('sh_reason')} rules={[{ required: true, message: t('sh_required') }]}>
          <Input data-testid="correction-reason" maxLength={200} />
        </Form.Item>
        <Button htmlType="submit" data-testid="correction-submit">
          {t('sh_correctSubmit')}
        </Button>
      </Form>
    </Card>
  );
}
