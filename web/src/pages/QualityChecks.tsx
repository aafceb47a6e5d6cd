import { useQuery } from '@tanstack/react-query';
import {
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
  Table,
  Tag,
  Typography,
  type FormInstance,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getJson, postOnce, type ApiError } from '../api/client';
import { useAuth } from '../auth';
import { useName, useWhen, type Outcome } from '../components/desk';
import type { MessageKey } from '../messages';

/** One routine task of the schedule (seed 7.2–7.7) and where it stands today. */
export interface ScheduledTask {
  taskId: string;
  code: string;
  nameZh: string;
  nameEn: string;
  frequency: 'daily' | 'monthly';
  readingKind: string | null;
  status: 'done' | 'due' | 'overdue';
  periodStart: string;
  periodEnd: string;
  overdueSince: string | null;
  lastDoneAt: string | null;
  lastPassed: boolean | null;
}
/** A corrective action (seed 7.8). */
export interface CorrectiveAction {
  id: string;
  whatZh: string;
  whatEn: string;
  findings: string | null;
  /** Set by a defect's investigation, a quality review's decision or a satisfaction survey: the page that holds it. */
  defectId?: string | null;
  reviewId?: string | null;
  surveyId?: string | null;
  failedAt: string;
  responsibleName: string;
  dueDate: string;
  overdue: boolean;
  status: 'open' | 'closed';
}

export const SCHEDULE_KEY = '/api/quality-checks/schedule';
export const OPEN_ACTIONS_KEY = '/api/corrective-actions?status=open';
const POLL = 5000;

const STATUS_COLOR = { done: 'green', due: 'blue', overdue: 'red' } as const;

export function TaskStatusTag({ task }: { task: ScheduledTask }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap data-testid={`task-status-${task.code}`} data-status={task.status}>
      <Tag color={STATUS_COLOR[task.status]}>{t(`qc_status_${task.status}` as MessageKey)}</Tag>
      {task.overdueSince && <span>{t('qc_overdueSince', { since: task.overdueSince })}</span>}
    </Space>
  );
}

/**
 * Today's routine checks on the monitoring desk: done, due or overdue for the hospital's day or
 * month. A reading task is done by a reading of its kind (the readings form below); the random
 * check of indicator tape and process records has its own entry.
 */
export function useSchedule() {
  return useQuery({
    queryKey: [SCHEDULE_KEY],
    queryFn: () => getJson<{ today: string; tasks: ScheduledTask[] }>(SCHEDULE_KEY),
    refetchInterval: POLL,
  });
}

export function ScheduleCard({ onPickReading, onDone }: { onPickReading: (task: ScheduledTask) => void; onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const { me } = useAuth();
  const when = useWhen();
  const name = useName();
  const [checking, setChecking] = useState(false);
  const [adding, setAdding] = useState(false);
  const schedule = useSchedule();
  const tasks = schedule.data?.tasks ?? [];
  // The head nurse keeps the solutions in use; the last one of a kind stays.
  const retirable = (x: ScheduledTask) =>
    me?.role === 'head_nurse' &&
    PER_SOLUTION.includes(x.readingKind ?? '') &&
    tasks.filter((y) => y.readingKind === x.readingKind).length > 1;
  const retire = (x: ScheduledTask) =>
    modal.confirm({
      title: t('qc_retireTitle', { name: name(x) }),
      content: t('qc_retireConfirm'),
      okText: t('ok'),
      cancelText: t('cancel'),
      okButtonProps: { ...({ 'data-testid': 'retire-confirm' } as object) },
      onOk: async () => {
        try {
          await postOnce(`/api/quality-checks/tasks/${x.taskId}/retire`, {});
          onDone({ ok: true, message: t('qc_retired', { name: name(x) }) });
        } catch (e) {
          onDone({ ok: false, error: e as ApiError });
        }
      },
    });
  return (
    <Card
      title={t('qc_schedule', { day: schedule.data?.today ?? '' })}
      size="small"
      data-testid="schedule-card"
      extra={
        me?.role === 'head_nurse' ? (
          <Button size="small" data-testid="solution-add" onClick={() => setAdding(true)}>
            {t('qc_addSolution')}
          </Button>
        ) : null
      }
    >
      <Table
        size="small"
        rowKey="taskId"
        pagination={false}
        loading={schedule.isLoading}
        dataSource={tasks}
        onRow={(x) => ({ 'data-testid': `task-${x.code}` }) as object}
        columns={[
          { title: t('qc_task'), render: (_, x) => <b>{name(x)}</b> },
          { title: t('qc_frequency'), render: (_, x) => t(`qc_freq_${x.frequency}` as MessageKey) },
          { title: t('state'), render: (_, x) => <TaskStatusTag task={x} /> },
          {
            title: t('qc_lastDone'),
            render: (_, x) =>
              x.lastDoneAt ? (
                <Space size={4}>
                  {when(x.lastDoneAt)}
                  {x.lastPassed === false && <Tag color="red">{t('failed')}</Tag>}
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: t('mon_enterResult'),
            render: (_, x) =>
              x.readingKind ? (
                <Space size={4}>
                  <Button size="small" data-testid={`task-record-${x.code}`} onClick={() => onPickReading(x)}>
                    {t('qc_record')}
                  </Button>
                  {retirable(x) && (
                    <Button size="small" danger data-testid={`task-retire-${x.code}`} onClick={() => retire(x)}>
                      {t('qc_retire')}
                    </Button>
                  )}
                </Space>
              ) : (
                <Button
                  size="small"
                  type={x.status === 'done' ? 'default' : 'primary'}
                  data-testid="random-check-open"
                  onClick={() => setChecking(true)}
                >
                  {t('qc_record')}
                </Button>
              ),
          },
        ]}
      />
      <RandomCheckDialog open={checking} onClose={() => setChecking(false)} onDone={onDone} />
      <AddSolutionDialog open={adding} onClose={() => setAdding(false)} onDone={onDone} />
    </Card>
  );
}

const PER_SOLUTION = ['disinfectant_concentration', 'cleaning_agent_concentration'];

interface SolutionForm {
  readingKind: string;
  nameZh: string;
  nameEn: string;
}

/** Another solution in use (head nurse): its concentration joins the daily schedule. */
function AddSolutionDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SolutionForm>();
  const required = [
    { required: true, whitespace: true, message: t('mon_required') },
    { min: 2, max: 100, message: t('qc_nameLength') },
  ];
  const send = async (v: SolutionForm) => {
    await postOnce('/api/quality-checks/tasks', { readingKind: v.readingKind, nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim() });
    return t('qc_solutionAdded');
  };
  return (
    <FormDialog
      open={open}
      title={t('qc_addSolution')}
      testId="solution-submit"
      form={form}
      send={send}
      onClose={onClose}
      onDone={onDone}
      initialValues={{ readingKind: 'disinfectant_concentration' }}
    >
      <Form.Item name="readingKind" label={t('mon_readingKind')} rules={[{ required: true, message: t('mon_required') }]}>
        <Select data-testid="solution-kind" options={PER_SOLUTION.map((k) => ({ value: k, label: t(`mon_kind_${k}` as MessageKey) }))} />
      </Form.Item>
      <Form.Item name="nameZh" label={t('qc_nameZh')} rules={required}>
        <Input data-testid="solution-name-zh" maxLength={100} />
      </Form.Item>
      <Form.Item name="nameEn" label={t('qc_nameEn')} rules={required}>
        <Input data-testid="solution-name-en" maxLength={100} />
      </Form.Item>
    </FormDialog>
  );
}

/** A dialog holding one form: sent once, what happened said on the desk; it closes unless refused. */
function FormDialog<T extends object>(o: {
  open: boolean;
  title: string;
  testId: string;
  form: FormInstance<T>;
  send: (v: T) => Promise<string>;
  onClose: () => void;
  onDone: (o: Outcome) => void;
  initialValues: Partial<T>;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [sending, setSending] = useState(false);
  const submit = async (v: T) => {
    setSending(true);
    try {
      o.onDone({ ok: true, message: await o.send(v) });
      o.onClose();
    } catch (e) {
      o.onDone({ ok: false, error: e as ApiError });
    } finally {
      setSending(false);
    }
  };
  return (
    <Modal
      open={o.open}
      title={o.title}
      okText={t('submit')}
      cancelText={t('cancel')}
      onCancel={o.onClose}
      onOk={() => o.form.submit()}
      confirmLoading={sending}
      okButtonProps={{ 'data-testid': o.testId } as Record<string, string>}
      destroyOnHidden
    >
      <Form form={o.form} layout="vertical" onFinish={submit} preserve={false} initialValues={o.initialValues}>
        {o.children}
      </Form>
    </Modal>
  );
}

interface RandomCheckForm {
  checkedItems: string[];
  sampleSize: number;
  nonconforming: number;
  findings?: string;
}

/** The day's random check (seed 7.2): what was checked, how many, how many did not conform, the findings. */
function RandomCheckDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (o: Outcome) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RandomCheckForm>();
  const nonconforming = Form.useWatch('nonconforming', form);
  const send = async (v: RandomCheckForm) => {
    const r = await postOnce<{ passed: boolean }>('/api/quality-checks/random-checks', {
      checkedItems: v.checkedItems,
      sampleSize: v.sampleSize,
      nonconforming: v.nonconforming,
      ...(v.findings?.trim() ? { findings: v.findings.trim() } : {}),
    });
    return t(r.passed ? 'qc_rcPassed' : 'qc_rcFailed');
  };
  return (
    <FormDialog
      open={open}
      title={t('qc_rcTitle')}
      testId="random-check-submit"
      form={form}
      send={send}
      onClose={onClose}
      onDone={onDone}
      initialValues={{ checkedItems: ['indicator_tape', 'process_records'], nonconforming: 0 }}
    >
      <Form.Item
        name="checkedItems"
        label={t('qc_rcItems')}
        rules={[{ required: true, type: 'array', min: 1, message: t('mon_required') }]}
      >
        <Checkbox.Group
          data-testid="random-check-items"
          options={[
            { value: 'indicator_tape', label: t('qc_item_indicator_tape') },
            { value: 'process_records', label: t('qc_item_process_records') },
          ]}
        />
      </Form.Item>
      <Space>
        <Form.Item
          name="sampleSize"
          label={t('qc_rcSample')}
          rules={[
            { required: true, message: t('mon_required') },
            { type: 'integer', min: 1, max: 10_000, message: t('qc_countRange') },
          ]}
        >
          <InputNumber data-testid="random-check-sample" precision={0} />
        </Form.Item>
        <Form.Item
          name="nonconforming"
          label={t('qc_rcNonconforming')}
          dependencies={['sampleSize']}
          rules={[
            { required: true, message: t('mon_required') },
            { type: 'integer', min: 0, max: 10_000, message: t('qc_countRange') },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                typeof v !== 'number' || typeof getFieldValue('sampleSize') !== 'number' || v <= getFieldValue('sampleSize')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('qc_rcCountOrder'))),
            }),
          ]}
        >
          <InputNumber data-testid="random-check-nonconforming" precision={0} />
        </Form.Item>
      </Space>
      <Form.Item
        name="findings"
        label={t('qc_rcFindings')}
        extra={nonconforming ? t('qc_rcFindingsRequired') : null}
        rules={[
          { required: !!nonconforming, whitespace: true, message: t('qc_rcFindingsRequired') },
          { max: 500, message: t('qc_tooLong') },
        ]}
      >
        <Input.TextArea data-testid="random-check-findings" rows={2} maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}

/**
 * Corrective actions (seed 7.8): what failed, who is responsible, by when (red once overdue). On
 * the desk the head nurse or a monitor closes one with what was done — asked once more, since a
 * closed action is never rewritten; the board lists them.
 */
export function CorrectiveActionsCard({
  actions,
  loading,
  onDone,
}: {
  actions: CorrectiveAction[];
  loading?: boolean;
  onDone?: (o: Outcome) => void;
}) {
  const { t, i18n } = useTranslation();
  const when = useWhen();
  const [closing, setClosing] = useState<CorrectiveAction | null>(null);
  const what = (a: CorrectiveAction) => (i18n.language === 'en' ? a.whatEn : a.whatZh);
  return (
    <Card title={t('qc_actionsOpen', { n: actions.length })} size="small" data-testid="corrective-actions-card">
      <Table
        size="small"
        rowKey="id"
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        loading={loading}
        dataSource={actions}
        locale={{ emptyText: t('qc_noActions') }}
        onRow={(a) => ({ 'data-testid': 'corrective-action', 'data-overdue': a.overdue ? 'yes' : 'no' }) as object}
        columns={[
          {
            title: t('qc_what'),
            render: (_, a) => (
              <Space direction="vertical" size={0}>
                {a.defectId || a.reviewId || a.surveyId ? (
                  <Link
                    to={
                      a.defectId
                        ? `/defects?open=${a.defectId}`
                        : a.reviewId
                          ? `/quality-reviews?open=${a.reviewId}`
                          : `/surveys?open=${a.surveyId}`
                    }
                  >
                    {what(a)}
                  </Link>
                ) : (
                  <span>{what(a)}</span>
                )}
                {a.findings && <Typography.Text type="secondary">{a.findings}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('time'), render: (_, a) => when(a.failedAt) },
          { title: t('qc_responsible'), dataIndex: 'responsibleName' },
          {
            title: t('qc_due'),
            render: (_, a) => (
              <Tag color={a.overdue ? 'red' : 'orange'}>{a.overdue ? `${a.dueDate} · ${t('qc_status_overdue')}` : a.dueDate}</Tag>
            ),
          },
          ...(onDone
            ? [
                {
                  title: t('qc_close'),
                  render: (_: unknown, a: CorrectiveAction) => (
                    <Button size="small" type="primary" data-testid="corrective-action-close" onClick={() => setClosing(a)}>
                      {t('qc_close')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {onDone && (
        <CloseActionDialog action={closing} what={closing ? what(closing) : ''} onClose={() => setClosing(null)} onDone={onDone} />
      )}
    </Card>
  );
}

function CloseActionDialog({
  action,
  what,
  onClose,
  onDone,
}: {
  action: CorrectiveAction | null;
  what: string;
  onClose: () => void;
  onDone: (o: Outcome) => void;
}) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ actionTaken: string }>();
  const send = async (v: { actionTaken: string }) => {
    try {
      await postOnce(`/api/corrective-actions/${action!.id}/close`, { actionTaken: v.actionTaken.trim() });
      onDone({ ok: true, message: t('qc_closed') });
      onClose();
    } catch (e) {
      onDone({ ok: false, error: e as ApiError });
    }
  };
  const confirm = (v: { actionTaken: string }) =>
    modal.confirm({
      title: t('qc_closeTitle'),
      content: t('qc_closeConfirm'),
      okText: t('ok'),
      cancelText: t('cancel'),
      okButtonProps: { ...({ 'data-testid': 'corrective-action-confirm' } as object) },
      onOk: () => send(v),
    });
  return (
    <Modal
      open={action !== null}
      title={t('qc_closeTitle')}
      okText={t('submit')}
      cancelText={t('cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'corrective-action-submit' } as Record<string, string>}
      destroyOnHidden
    >
      <Typography.Paragraph>{what}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={confirm} preserve={false}>
        <Form.Item
          name="actionTaken"
          label={t('qc_actionTaken')}
          rules={[
            { required: true, whitespace: true, message: t('mon_required') },
            { min: 2, message: t('mon_required') },
          ]}
        >
          <Input.TextArea data-testid="corrective-action-taken" rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The routine checks a whole day or month went by without (the board's list). */
export function OverdueChecksCard({ tasks }: { tasks: ScheduledTask[] }) {
  const { t } = useTranslation();
  const name = useName();
  const when = useWhen();
  return (
    <Card title={t('qc_overdueChecks', { n: tasks.length })} size="small" data-testid="overdue-checks-card">
      <Table
        size="small"
        rowKey="taskId"
        pagination={false}
        dataSource={tasks}
        locale={{ emptyText: t('qc_noneOverdue') }}
        onRow={(x) => ({ 'data-testid': `overdue-${x.code}` }) as object}
        columns={[
          { title: t('qc_task'), render: (_, x) => <b>{name(x)}</b> },
          { title: t('qc_frequency'), render: (_, x) => t(`qc_freq_${x.frequency}` as MessageKey) },
          { title: t('state'), render: (_, x) => <TaskStatusTag task={x} /> },
          { title: t('qc_lastDone'), render: (_, x) => when(x.lastDoneAt) },
        ]}
      />
    </Card>
  );
}

/** The desk's open corrective actions, polled. */
export function useOpenActions() {
  return useQuery({ queryKey: [OPEN_ACTIONS_KEY], queryFn: () => getJson<CorrectiveAction[]>(OPEN_ACTIONS_KEY), refetchInterval: POLL });
}
