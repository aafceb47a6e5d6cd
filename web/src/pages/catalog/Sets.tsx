import { Button, Form, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { getJson, postOnce, type ApiError } from '../../api/client';
import { useInactiveFilter } from './Departments';
import { ActiveButton, ActiveTag, ApiErrorAlert, FormDialog, useCanEdit, useList, useName, useRefresh, type Named } from './kit';
import type { Template } from './Templates';

interface InstrumentSet {
  id: string;
  assetCode: string;
  templateId: string;
  homeDepartmentId: string;
  cycleCount: number;
  active: boolean;
}
type SetForm = { assetCode: string; templateId: string; homeDepartmentId: string };

/** Pick-list options by code and name; inactive items are not offered (the service refuses them). */
export function options(list: Named[] | undefined, name: (x: Named) => string) {
  return (list ?? []).filter((x) => x.active).map((x) => ({ value: x.id, label: `${x.code} ${name(x)}` }));
}

export function SetsTab() {
  const { t } = useTranslation();
  const name = useName();
  const canEdit = useCanEdit();
  const list = useList<InstrumentSet>('/api/instrument-sets');
  const templates = useList<Template>('/api/set-templates');
  const departments = useList<Named>('/api/departments');
  const refresh = useRefresh();
  const [editing, setEditing] = useState<InstrumentSet | 'new' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const { filter, toggle, search } = useInactiveFilter();
  // The service lists at most 1000 sets: a typed asset code is also asked for exactly, so any set can be found.
  const exact = useQuery({
    queryKey: ['/api/instrument-sets', search],
    queryFn: () => getJson<InstrumentSet[]>(`/api/instrument-sets?includeInactive=true&assetCode=${encodeURIComponent(search)}`),
    enabled: search.length > 0,
  });
  const rows = [...(exact.data ?? []), ...(list.data ?? [])].filter((r, i, all) => all.findIndex((x) => x.id === r.id) === i);
  const byId = <T extends Named>(rows: T[] | undefined, id: string) => rows?.find((x) => x.id === id);
  const label = (x: Named | undefined) => (x ? `${x.code} ${name(x)}` : '—');
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
        rowKey="assetCode"
        loading={list.isLoading}
        dataSource={filter(rows)}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('cat_assetCode'), dataIndex: 'assetCode' },
          { title: t('cat_template'), render: (_, r) => label(byId(templates.data, r.templateId)) },
          { title: t('cat_homeDepartment'), render: (_, r) => label(byId(departments.data, r.homeDepartmentId)) },
          { title: t('cat_cycleCount'), dataIndex: 'cycleCount' },
          { title: t('cat_state'), render: (_, r) => <ActiveTag active={r.active} /> },
          ...(canEdit
            ? [
                {
                  title: t('cat_actions'),
                  render: (_: unknown, r: InstrumentSet) => (
                    <Space>
                      <Button size="small" data-testid="edit" onClick={() => setEditing(r)}>
                        {t('cat_edit')}
                      </Button>
                      <ActiveButton
                        active={r.active}
                        what={r.assetCode}
                        path={`/api/instrument-sets/${r.id}`}
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
      <FormDialog<SetForm>
        name="set"
        open={editing !== null}
        title={editing === 'new' ? t('cat_new') : t('cat_edit')}
        initial={editing && editing !== 'new' ? editing : {}}
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          if (editing === 'new') await postOnce('/api/instrument-sets', v);
          else if (editing)
            await postOnce(`/api/instrument-sets/${editing.id}`, { homeDepartmentId: v.homeDepartmentId }, { method: 'PATCH' });
          await refresh();
        }}
      >
        {/* The asset code and template are the tray's identity: only the home department changes. */}
        <Form.Item name="assetCode" label={t('cat_assetCode')} rules={[{ required: true, pattern: /^[\x21-\x7e]{1,64}$/ }]}>
          <Input data-testid="f-assetCode" disabled={editing !== 'new'} />
        </Form.Item>
        <Form.Item name="templateId" label={t('cat_template')} rules={[{ required: true }]}>
          <Select
            data-testid="f-template"
            showSearch={{ optionFilterProp: 'label' }}
            disabled={editing !== 'new'}
            options={
              editing !== 'new' && editing
                ? [{ value: editing.templateId, label: label(byId(templates.data, editing.templateId)) }]
                : options(
                    templates.data?.filter((x) => !x.dressing),
                    name,
                  )
            }
          />
        </Form.Item>
        <Form.Item name="homeDepartmentId" label={t('cat_homeDepartment')} rules={[{ required: true }]}>
          <Select data-testid="f-department" showSearch={{ optionFilterProp: 'label' }} options={options(departments.data, name)} />
        </Form.Item>
      </FormDialog>
    </>
  );
}
