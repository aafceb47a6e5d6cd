import { Button, Checkbox, Form, Input, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { postOnce, type ApiError } from '../../api/client';
import { ApiErrorAlert, FormDialog, stateAndActionColumns, useCanEdit, useList, useRefresh, type Named } from './kit';

/** Code and both names: the fields every catalog item has. */
export function NameFields({ codeLocked = false }: { codeLocked?: boolean }) {
  const { t } = useTranslation();
  return (
    <Space wrap align="start">
      <Form.Item name="code" label={t('cat_code')} rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/ }]}>
        <Input data-testid="f-code" disabled={codeLocked} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="nameZh" label={t('cat_nameZh')} rules={[{ required: true, max: 100 }]}>
        <Input data-testid="f-nameZh" style={{ width: 220 }} />
      </Form.Item>
      <Form.Item name="nameEn" label={t('cat_nameEn')} rules={[{ required: true, max: 100 }]}>
        <Input data-testid="f-nameEn" style={{ width: 220 }} />
      </Form.Item>
    </Space>
  );
}

const SEARCHED = ['code', 'assetCode', 'username', 'displayName', 'nameZh', 'nameEn', 'badgeCode'];

/**
 * Rows shown: those matching what was typed in the search (code or name; a scanned code works
 * too), active ones only unless asked — a hospital's catalog runs to hundreds of rows.
 */
export function useInactiveFilter() {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  const toggle = (
    <>
      <Input
        data-testid="search"
        allowClear
        placeholder={`${t('cat_code')} / ${t('cat_name')}`}
        style={{ width: 260 }}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <Checkbox data-testid="show-inactive" checked={all} onChange={(e) => setAll(e.target.checked)}>
        {t('cat_showInactive')}
      </Checkbox>
    </>
  );
  const matches = (r: object) =>
    !needle ||
    SEARCHED.map((k) => (r as Record<string, unknown>)[k] ?? '')
      .join(' ')
      .toLowerCase()
      .includes(needle);
  return {
    filter: <T extends { active: boolean }>(rows: T[] | undefined) => (rows ?? []).filter((r) => (all || r.active) && matches(r)),
    toggle,
    search: search.trim(),
  };
}

export function DepartmentsTab() {
  const { t } = useTranslation();
  const canEdit = useCanEdit();
  const list = useList<Named>('/api/departments');
  const refresh = useRefresh();
  const [editing, setEditing] = useState<Named | 'new' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const { filter, toggle } = useInactiveFilter();
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
        dataSource={filter(list.data)}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('cat_code'), dataIndex: 'code' },
          { title: t('cat_nameZh'), dataIndex: 'nameZh' },
          { title: t('cat_nameEn'), dataIndex: 'nameEn' },
          ...stateAndActionColumns<Named>(t, canEdit, {
            path: (r) => `/api/departments/${r.id}`,
            what: (r) => `${r.code}`,
            onEdit: setEditing,
            onDone: () => void refresh(),
            onError: setError,
          }),
        ]}
      />
      <FormDialog<Omit<Named, 'id' | 'active'>>
        name="department"
        open={editing !== null}
        title={editing === 'new' ? t('cat_new') : t('cat_edit')}
        initial={editing && editing !== 'new' ? editing : {}}
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          if (editing === 'new') await postOnce('/api/departments', v);
          else if (editing) await postOnce(`/api/departments/${editing.id}`, v, { method: 'PATCH' });
          await refresh();
        }}
      >
        <NameFields />
      </FormDialog>
    </>
  );
}
