import { Button, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { postOnce, type ApiError } from '../../api/client';
import type { MessageKey } from '../../messages';
import { NameFields, useInactiveFilter } from './Departments';
import { ActiveButton, ActiveTag, ApiErrorAlert, changed, FormDialog, useCanEdit, useList, useName, useRefresh, type Named } from './kit';
import { METHODS } from './Templates';

const STATUSES = ['in_service', 'commissioning', 'out_of_service'] as const;

type Program = Named & Record<string, number | null | string | boolean>;
interface Machine extends Named {
  type?: string;
  status?: string;
  annualInspectionValidUntil?: string | null;
  programs: Program[];
}

/** Each program's limits, per kind of machine (src/catalog/dto/catalog.dto.ts). */
const LIMITS = {
  sterilizers: [
    { key: 'tempMinC', label: 'cat_tempMin', required: true, max: 200 },
    { key: 'tempMaxC', label: 'cat_tempMax', required: true, max: 200 },
    { key: 'minHoldMin', label: 'cat_minHold', required: true, max: 600 },
    { key: 'pressureMinKpa', label: 'cat_pressureMin', required: false, max: 1000 },
    { key: 'pressureMaxKpa', label: 'cat_pressureMax', required: false, max: 1000 },
    { key: 'h2o2MinMgL', label: 'cat_h2o2Min', required: false, max: 1000 },
  ],
  washers: [
    { key: 'disinfectTempMinC', label: 'cat_disinfectTempMin', required: true, max: 150 },
    { key: 'disinfectMinMin', label: 'cat_disinfectMin', required: true, max: 600 },
    { key: 'a0Min', label: 'cat_a0Min', required: true, max: 100000 },
  ],
} as const satisfies Record<string, readonly { key: string; label: MessageKey; required: boolean; max: number }[]>;

/**
 * Sterilizers (method, annual inspection, status: commissioning waits for its qualification
 * tests, §4.2 — the service refuses what it must and the page shows why) or washers, each with
 * its programs and their limits below it.
 */
export function MachinesTab({ kind }: { kind: 'sterilizers' | 'washers' }) {
  const { t } = useTranslation();
  const name = useName();
  const canEdit = useCanEdit();
  const list = useList<Machine>(`/api/${kind}`);
  const refresh = useRefresh();
  const [editing, setEditing] = useState<Machine | 'new' | null>(null);
  const [program, setProgram] = useState<{ machine: Machine; program: Program | 'new' } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [expanded, setExpanded] = useState<readonly React.Key[] | null>(null);
  const { filter, toggle } = useInactiveFilter();
  const rows = filter(list.data);
  const sterilizers = kind === 'sterilizers';
  const limits = LIMITS[kind];
  const limitText = (p: Program) =>
    limits
      .filter((l) => p[l.key] !== null && p[l.key] !== undefined)
      .map((l) => `${t(l.label)}: ${p[l.key]}`)
      .join(' · ');

  const programTable = (m: Machine) => (
    <div data-testid={`programs-${m.code}`}>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={m.programs}
        columns={[
          { title: t('cat_code'), dataIndex: 'code' },
          { title: t('cat_name'), render: (_, p) => name(p) },
          { title: t('cat_limits'), render: (_, p) => <span data-testid="limits">{limitText(p)}</span> },
          { title: t('cat_state'), render: (_, p) => <ActiveTag active={p.active} /> },
          ...(canEdit
            ? [
                {
                  title: t('cat_actions'),
                  render: (_: unknown, p: Program) => (
                    <Space>
                      <Button size="small" data-testid="edit-program" onClick={() => setProgram({ machine: m, program: p })}>
                        {t('cat_edit')}
                      </Button>
                      <ActiveButton
                        active={p.active}
                        what={`${m.code} ${p.code}`}
                        path={`/api/${kind}/${m.id}/programs/${p.id}`}
                        onDone={refresh}
                        onError={setError}
                      />
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canEdit && m.active && (
        <Button size="small" style={{ marginTop: 8 }} data-testid="new-program" onClick={() => setProgram({ machine: m, program: 'new' })}>
          {t('cat_newProgram')}
        </Button>
      )}
    </div>
  );

  return (
    <>
      <ApiErrorAlert error={error} testid="page-error" />
      <Space style={{ marginBottom: 12 }}>
        {canEdit && (
          <Button type="primary" data-testid="new" onClick={() => setEditing('new')}>
            {t('cat_new')}
          </Button>
        )}
        {toggle}
      </Space>
      <Table
        rowKey="code"
        loading={list.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        // Programs shown under each machine from the start: their limits are what a head nurse checks.
        expandable={{
          expandedRowRender: programTable,
          expandedRowKeys: expanded ?? rows.map((r) => r.code),
          onExpandedRowsChange: setExpanded,
        }}
        columns={[
          { title: t('cat_code'), dataIndex: 'code' },
          { title: t('cat_name'), render: (_, r) => name(r) },
          ...(sterilizers
            ? [
                { title: t('cat_method'), render: (_: unknown, r: Machine) => t(`cat_sm_${r.type}` as MessageKey) },
                {
                  title: t('cat_status'),
                  render: (_: unknown, r: Machine) => (
                    <Tag
                      data-testid="status"
                      color={r.status === 'in_service' ? 'green' : r.status === 'commissioning' ? 'orange' : 'default'}
                    >
                      {t(`cat_st_${r.status}` as MessageKey)}
                    </Tag>
                  ),
                },
                { title: t('cat_annualInspection'), render: (_: unknown, r: Machine) => r.annualInspectionValidUntil ?? '—' },
              ]
            : []),
          { title: t('cat_state'), render: (_, r) => <ActiveTag active={r.active} /> },
          ...(canEdit
            ? [
                {
                  title: t('cat_actions'),
                  render: (_: unknown, r: Machine) => (
                    <Space>
                      <Button size="small" data-testid="edit" onClick={() => setEditing(r)}>
                        {t('cat_edit')}
                      </Button>
                      <ActiveButton
                        active={r.active}
                        what={`${r.code} ${name(r)}`}
                        path={`/api/${kind}/${r.id}`}
                        onDone={refresh}
                        onError={setError}
                      />
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <FormDialog<Omit<Machine, 'id' | 'active' | 'programs'>>
        name="machine"
        open={editing !== null}
        title={editing === 'new' ? t('cat_new') : t('cat_edit')}
        initial={editing && editing !== 'new' ? editing : sterilizers ? { type: 'steam_prevacuum', status: 'in_service' } : {}}
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          const body = sterilizers ? { ...v, annualInspectionValidUntil: v.annualInspectionValidUntil || null } : v;
          if (editing === 'new') await postOnce(`/api/${kind}`, body);
          else if (editing) await postOnce(`/api/${kind}/${editing.id}`, changed(body, editing), { method: 'PATCH' });
          await refresh();
        }}
      >
        <NameFields />
        {sterilizers && (
          <Space wrap align="start">
            <Form.Item name="type" label={t('cat_method')} rules={[{ required: true }]}>
              <Select
                data-testid="f-type"
                style={{ width: 220 }}
                options={METHODS.map((m) => ({ value: m, label: t(`cat_sm_${m}` as MessageKey) }))}
              />
            </Form.Item>
            <Form.Item name="status" label={t('cat_status')} rules={[{ required: true }]}>
              <Select
                data-testid="f-status"
                style={{ width: 280 }}
                options={STATUSES.map((s) => ({ value: s, label: t(`cat_st_${s}` as MessageKey) }))}
              />
            </Form.Item>
            <Form.Item name="annualInspectionValidUntil" label={t('cat_annualInspection')}>
              <Input type="date" data-testid="f-inspection" style={{ width: 180 }} />
            </Form.Item>
          </Space>
        )}
      </FormDialog>
      <FormDialog<Record<string, string | number | null>>
        name="program"
        open={program !== null}
        title={program ? `${program.machine.code} — ${program.program === 'new' ? t('cat_newProgram') : t('cat_edit')}` : ''}
        initial={program && program.program !== 'new' ? (program.program as Record<string, string | number | null>) : {}}
        onClose={() => setProgram(null)}
        onSubmit={async (v) => {
          if (!program) return;
          const isNew = program.program === 'new';
          // A cleared optional limit is sent as null on an edit (removed), left out on a new program.
          const body = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x ?? (isNew ? undefined : null)]));
          const base = `/api/${kind}/${program.machine.id}/programs`;
          if (program.program === 'new') await postOnce(base, body);
          else await postOnce(`${base}/${program.program.id}`, changed(body, program.program), { method: 'PATCH' });
          await refresh();
        }}
      >
        <NameFields />
        <Space wrap align="start">
          {limits.map((l) => (
            <Form.Item key={l.key} name={l.key} label={t(l.label)} rules={[{ required: l.required }]}>
              <InputNumber data-testid={`f-${l.key}`} min={0} max={l.max} style={{ width: 180 }} />
            </Form.Item>
          ))}
        </Space>
      </FormDialog>
    </>
  );
}
