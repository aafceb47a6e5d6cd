import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { getJson, type ApiError } from '../api/client';
import type { components } from '../api/schema';
import { useAuth } from '../auth';
import { OutcomeBanner, useWhen, type Outcome } from '../components/desk';
import { ScanField } from '../components/ScanField';
import { filled, StepDialog } from '../components/StepDialog';
import type { MessageKey } from '../messages';
import { hospitalMonth } from './Defects';
import { useReportDownloads } from './reports/Downloads';

/** The answers of /api/repairs (src/repairs/dto/repairs.view.ts). */
type Register = components['schemas']['RepairRegisterView'];
export type RepairEntry = Register['entries'][number];
type SetFindings = components['schemas']['SetFindingsView'];
type SetReplacements = components['schemas']['SetReplacementsView'];
type FindingLine = SetFindings['findings'][number]['lines'][number];
type Disposition = components['schemas']['RecordRepairDto']['disposition'];
type StepInput = components['schemas']['RepairStepDto']['step'];

/** Who records dispositions and their steps; who confirms a scrap. */
const RECORDERS = ['nurse', 'head_nurse'];
export const REPAIR_STATUS_COLOR: Record<string, string> = {
  awaiting_repair: 'blue',
  at_vendor: 'orange',
  repaired: 'green',
  awaiting_scrap: 'purple',
  scrapped: 'default',
  lost: 'red',
};
const DISPOSITIONS_FOR: Record<string, Disposition[]> = { damaged: ['repair', 'scrap'], missing: ['lost'] };

/** "组织剪 16cm" / "Tissue scissors 16cm": a contents line in the page's language. */
export function useInstrument() {
  const { i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  return (x: { nameZh: string; nameEn: string; specification: string }) =>
    `${zh ? x.nameZh : x.nameEn}${x.specification ? ` ${x.specification}` : ''}`;
}

export function useDepartmentName() {
  const { i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  return (d: { nameZh: string | null; nameEn: string | null; code: string | null } | null) =>
    d && d.code ? `${zh ? d.nameZh : d.nameEn} (${d.code})` : '—';
}

export function RepairStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={REPAIR_STATUS_COLOR[status]} data-testid="repair-status" data-status={status}>
      {t(`rp_status_${status}` as MessageKey)}
    </Tag>
  );
}

/**
 * Repair and scrap (器械维修报废, issue 16, seed 4.4): a set is scanned, its newest count and failed
 * inspections show what was found damaged or missing, line by line; each finding is recorded once —
 * sent for repair, scrapped, or lost (with who pays, when a department caused it); its later steps
 * follow in the register, which the head nurse reads per month with totals and exports.
 */
export function RepairsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [code, setCode] = useState<string | null>(params.get('set'));
  const [recording, setRecording] = useState<{ eventId: string; line: FindingLine } | null>(null);
  const [stepping, setStepping] = useState<{ entry: RepairEntry; step: StepInput | 'scrap_confirmed' } | null>(null);
  const month = params.get('month') ?? hospitalMonth(0);
  const disposition = params.get('disposition') ?? '';
  const valid = /^\d{4}-\d{2}$/.test(month);
  const query = `/api/repairs?month=${month}${disposition ? `&disposition=${disposition}` : ''}`;
  const list = useQuery({ queryKey: ['repairs', query], queryFn: () => getJson<Register>(query), enabled: valid });
  const findingsPath = code ? `/api/repairs/findings?code=${encodeURIComponent(code)}` : null;
  const findings = useQuery({
    queryKey: ['repairs', 'findings', code],
    queryFn: () => getJson<SetFindings>(findingsPath!),
    enabled: !!findingsPath,
    retry: false,
  });
  const replacements = useQuery({
    queryKey: ['repairs', 'replacements', code],
    queryFn: () => getJson<SetReplacements>(`/api/repairs/sets/${encodeURIComponent(code!)}/replacements`),
    enabled: !!code && !!findings.data,
    retry: false,
  });
  const { buttons, error } = useReportDownloads(query, valid);
  const records = !!me && RECORDERS.includes(me.role);
  const instrument = useInstrument();
  const department = useDepartmentName();
  const when = useWhen();
  const done = (o: Outcome) => {
    setOutcome(o);
    void qc.invalidateQueries({ queryKey: ['repairs'] });
  };
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const totals = list.data?.totals;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="repairs-page">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('rp_title')}
      </Typography.Title>
      <OutcomeBanner outcome={outcome} testId="repairs-outcome" />
      {records && (
        <Card size="small" title={t('rp_findings')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('rp_scanHint')}</Typography.Text>
            <ScanField onScan={(c) => setCode(c)} paused={!!recording || !!stepping} />
            {findings.error && <Alert type="error" showIcon message={(findings.error as unknown as ApiError).message} />}
            {findings.data && (
              <>
                <Typography.Text strong data-testid="repair-set">
                  {findings.data.assetCode}
                </Typography.Text>
                {findings.data.findings.length === 0 && <Typography.Text>{t('rp_noFindings')}</Typography.Text>}
                {findings.data.findings.map((f) => (
                  <Table<FindingLine>
                    key={f.packEventId}
                    data-testid="repair-finding"
                    size="small"
                    rowKey={(l) => `${l.line}-${l.finding}`}
                    pagination={false}
                    title={() => `${t(`rp_foundAt_${f.foundAtStep}` as MessageKey)} · ${when(f.foundAt)}`}
                    dataSource={f.lines}
                    onRow={(l) => ({ 'data-testid': 'finding-line', 'data-line': l.line, 'data-finding': l.finding }) as object}
                    columns={[
                      { title: t('rp_line'), dataIndex: 'line' },
                      { title: t('rp_instrument'), render: (_, l) => instrument(l) },
                      { title: t('rp_finding'), render: (_, l) => t(`rp_finding_${l.finding}` as MessageKey) },
                      { title: t('rp_found'), dataIndex: 'found' },
                      {
                        title: t('rp_disposition'),
                        render: (_, l) =>
                          l.entry ? (
                            <Space>
                              {t(`rp_disposition_${l.entry.disposition}` as MessageKey)} ×{l.entry.quantity}
                              <RepairStatusTag status={l.entry.status} />
                            </Space>
                          ) : (
                            <Button
                              size="small"
                              type="primary"
                              data-testid="finding-record"
                              onClick={() => setRecording({ eventId: f.packEventId, line: l })}
                            >
                              {t('rp_record')}
                            </Button>
                          ),
                      },
                    ]}
                  />
                ))}
              </>
            )}
            {!!replacements.data?.replacements.length && (
              <Table<SetReplacements['replacements'][number]>
                data-testid="repair-replacements"
                size="small"
                rowKey="eventId"
                pagination={false}
                title={() => t('rp_replacements')}
                dataSource={replacements.data.replacements}
                columns={[
                  { title: t('rp_replacedAt'), render: (_, r) => when(r.at) },
                  { title: t('rp_instrument'), render: (_, r) => `${instrument(r)} ×${r.quantity}` },
                  { title: t('rp_replacedBy'), dataIndex: 'actorName' },
                  {
                    title: t('rp_replaces'),
                    render: (_, r) =>
                      r.replaces ? `${t(`rp_disposition_${r.replaces.disposition}` as MessageKey)} · ${r.replaces.reason}` : '—',
                  },
                ]}
              />
            )}
          </Space>
        </Card>
      )}
      {recording && findings.data && (
        <RecordDialog
          eventId={recording.eventId}
          line={recording.line}
          chargeable={findings.data.chargeable}
          onClose={() => setRecording(null)}
          onDone={done}
        />
      )}
      {stepping && <StepDialogFor entry={stepping.entry} step={stepping.step} onClose={() => setStepping(null)} onDone={done} />}
      <Card size="small" title={t('rp_register')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <label htmlFor="rp-month">{t('vis_month')}</label>
            <Input
              id="rp-month"
              type="month"
              value={month}
              data-testid="repairs-month"
              onChange={(e) => setParam('month', e.target.value)}
              style={{ width: 160 }}
            />
            <Select
              aria-label={t('rp_disposition')}
              data-testid="repairs-disposition"
              value={disposition}
              style={{ width: 160 }}
              onChange={(v) => setParam('disposition', v)}
              options={[
                { value: '', label: t('rp_allDispositions') },
                ...(['repair', 'scrap', 'lost'] as const).map((d) => ({ value: d, label: t(`rp_disposition_${d}`) })),
              ]}
            />
            {buttons}
          </Space>
          {(error ?? list.error) && <Alert type="error" showIcon message={(error ?? (list.error as unknown as ApiError)).message} />}
          {totals && (
            <Descriptions size="small" column={{ xs: 1, md: 4 }} data-testid="repairs-totals" bordered>
              <Descriptions.Item label={t('rp_entries')}>{totals.entries}</Descriptions.Item>
              <Descriptions.Item label={t('rp_quantity')}>{totals.quantity}</Descriptions.Item>
              <Descriptions.Item label={t('rp_cost')}>
                <span data-testid="repairs-total-cost">{totals.cost.toFixed(2)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('rp_compensation')}>{totals.compensation.toFixed(2)}</Descriptions.Item>
              {totals.byDepartment.map((d) => (
                <Descriptions.Item key={d.departmentId} label={department(d)}>
                  {t('rp_chargedTotal', { count: d.entries, amount: d.compensation.toFixed(2), settled: d.settled.toFixed(2) })}
                </Descriptions.Item>
              ))}
            </Descriptions>
          )}
          <RepairEntriesTable
            entries={list.data?.entries ?? []}
            actions={(e) => (records ? <NextSteps entry={e} onStep={(step) => setStepping({ entry: e, step })} /> : null)}
          />
        </Space>
      </Card>
    </Space>
  );
}

/** The register's entries (this page, and a department's own charges on its page). */
export function RepairEntriesTable({ entries, actions }: { entries: RepairEntry[]; actions?: (e: RepairEntry) => React.ReactNode }) {
  const { t } = useTranslation();
  const instrument = useInstrument();
  const department = useDepartmentName();
  const when = useWhen();
  return (
    <Table<RepairEntry>
      data-testid="repairs-list"
      rowKey="id"
      size="small"
      pagination={{ pageSize: 100, hideOnSinglePage: true }}
      dataSource={entries}
      locale={{ emptyText: t('rp_none') }}
      onRow={(e) => ({ 'data-testid': 'repair-row', 'data-id': e.id, 'data-status': e.status }) as object}
      columns={[
        { title: t('rp_decidedAt'), render: (_, e) => when(e.decidedAt) },
        { title: t('rp_set'), dataIndex: 'assetCode' },
        { title: t('rp_instrument'), render: (_, e) => `${instrument(e)} ×${e.quantity}` },
        { title: t('rp_disposition'), render: (_, e) => t(`rp_disposition_${e.disposition}` as MessageKey) },
        { title: t('rp_reason'), dataIndex: 'reason' },
        { title: t('rp_decidedBy'), dataIndex: 'decidedByName' },
        { title: t('rp_cost'), render: (_, e) => (e.cost === null ? '—' : e.cost.toFixed(2)) },
        {
          title: t('rp_chargedTo'),
          render: (_, e) =>
            e.chargedDepartmentId
              ? `${department({ nameZh: e.chargedDepartmentNameZh, nameEn: e.chargedDepartmentNameEn, code: e.chargedDepartmentCode })} · ${e.compensation?.toFixed(2)} · ${t(`rp_comp_${e.compensationStatus}` as MessageKey)}`
              : '—',
        },
        { title: t('rp_status'), render: (_, e) => <RepairStatusTag status={e.status} /> },
        ...(actions ? [{ title: '', render: (_: unknown, e: RepairEntry) => actions(e) }] : []),
      ]}
    />
  );
}

function NextSteps({ entry, onStep }: { entry: RepairEntry; onStep: (s: StepInput | 'scrap_confirmed') => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const steps = entry.nextSteps.filter((s) => s !== 'scrap_confirmed' || me?.role === 'head_nurse') as (StepInput | 'scrap_confirmed')[];
  return (
    <Space wrap>
      {steps.map((s) => (
        <Button key={s} size="small" data-testid={`repair-step-${s}`} onClick={() => onStep(s)}>
          {t(`rp_step_${s}` as MessageKey)}
        </Button>
      ))}
    </Space>
  );
}

type RecordValues = {
  quantity: number;
  disposition: Disposition;
  reason: string;
  cost?: number;
  vendor?: string;
  chargedDepartmentId?: string;
  compensation?: number;
};

function RecordDialog(props: {
  eventId: string;
  line: FindingLine;
  chargeable: SetFindings['chargeable'];
  onClose: () => void;
  onDone: (o: Outcome) => void;
}) {
  const { t } = useTranslation();
  const instrument = useInstrument();
  const department = useDepartmentName();
  const required = [{ required: true, message: t('def_required') }];
  const options = DISPOSITIONS_FOR[props.line.finding];
  return (
    <StepDialog<RecordValues>
      title={`${t('rp_record')} · ${instrument(props.line)}`}
      testId="repair-record"
      path="/api/repairs"
      okMessage={t('rp_recorded')}
      initial={{ quantity: props.line.found, disposition: options[0] }}
      body={(v) => ({ packEventId: props.eventId, line: props.line.line, finding: props.line.finding, ...filled(v) })}
      onClose={props.onClose}
      onDone={props.onDone}
    >
      <Form.Item name="quantity" label={t('rp_quantity')} rules={required}>
        <InputNumber data-testid="repair-quantity" min={1} max={props.line.found} precision={0} />
      </Form.Item>
      <Form.Item name="disposition" label={t('rp_disposition')} rules={required}>
        <Select data-testid="repair-disposition" options={options.map((d) => ({ value: d, label: t(`rp_disposition_${d}`) }))} />
      </Form.Item>
      <Form.Item name="reason" label={t('rp_reason')} rules={[{ required: true, whitespace: true, message: t('def_required') }]}>
        <Input data-testid="repair-reason" maxLength={300} />
      </Form.Item>
      <Form.Item name="cost" label={t('rp_costYuan')}>
        <InputNumber data-testid="repair-cost" min={0} precision={2} />
      </Form.Item>
      <Form.Item name="vendor" label={t('rp_vendor')}>
        <Input data-testid="repair-vendor" maxLength={100} />
      </Form.Item>
      <Form.Item name="chargedDepartmentId" label={t('rp_chargedTo')}>
        <Select data-testid="repair-department" allowClear options={props.chargeable.map((d) => ({ value: d.id, label: department(d) }))} />
      </Form.Item>
      <Form.Item name="compensation" label={t('rp_compensationYuan')}>
        <InputNumber data-testid="repair-compensation" min={0} precision={2} />
      </Form.Item>
    </StepDialog>
  );
}

function StepDialogFor(props: {
  entry: RepairEntry;
  step: StepInput | 'scrap_confirmed';
  onClose: () => void;
  onDone: (o: Outcome) => void;
}) {
  const { t } = useTranslation();
  const instrument = useInstrument();
  const { entry, step } = props;
  const scrap = step === 'scrap_confirmed';
  return (
    <StepDialog<{ vendor?: string; cost?: number; note?: string }>
      title={`${t(`rp_step_${step}` as MessageKey)} · ${entry.assetCode} · ${instrument(entry)}`}
      testId="repair-step"
      path={scrap ? `/api/repairs/${entry.id}/scrap-confirmation` : `/api/repairs/${entry.id}/steps`}
      okMessage={t('rp_stepRecorded')}
      initial={step === 'sent' && entry.vendor ? { vendor: entry.vendor } : {}}
      body={(v) => (scrap ? filled(v) : { step, ...filled(v) })}
      onClose={props.onClose}
      onDone={props.onDone}
    >
      {step === 'sent' && (
        <Form.Item name="vendor" label={t('rp_vendor')} rules={[{ required: true, whitespace: true, message: t('def_required') }]}>
          <Input data-testid="repair-step-vendor" maxLength={100} />
        </Form.Item>
      )}
      {(step === 'repaired' || step === 'beyond_repair') && (
        <Form.Item name="cost" label={t('rp_finalCost')}>
          <InputNumber data-testid="repair-step-cost" min={0} precision={2} />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('rp_note')}>
        <Input data-testid="repair-step-note" maxLength={300} />
      </Form.Item>
    </StepDialog>
  );
}

/**
 * A department's own charges (seed 4.4: losses a department caused are recorded against it), on its
 * page: the month's entries charged to it (the service answers a department user with nothing else).
 */
export function DepartmentRepairCharges({ month }: { month: string }) {
  const { t } = useTranslation();
  const query = `/api/repairs?month=${month}`;
  const list = useQuery({ queryKey: ['repairs', query], queryFn: () => getJson<Register>(query), enabled: /^\d{4}-\d{2}$/.test(month) });
  if (!list.data?.entries.length) return null;
  return (
    <Card size="small" title={t('rp_deptCharges')} data-testid="department-repair-charges">
      <RepairEntriesTable entries={list.data.entries} />
    </Card>
  );
}
