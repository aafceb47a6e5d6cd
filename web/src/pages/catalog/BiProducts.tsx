import { Button, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { postOnce, type ApiError } from '../../api/client';
import { NameFields, useInactiveFilter } from './Departments';
import { ApiErrorAlert, changed, FormDialog, stateAndActionColumns, useCanEdit, useList, useRefresh, type Named } from './kit';

const METHODS = ['steam_prevacuum', 'steam_gravity', 'h2o2_plasma', 'ethylene_oxide'] as const;

interface BiProduct extends Named {
  manufacturer: string;
  methods: (typeof METHODS)[number][];
  incubationMinutes: number;
}

/** Hours when whole (24 h, 3 h), minutes otherwise: how the IFU states it. */
function useIncubation() {
  const { t } = useTranslation();
  return (minutes: number) => (minutes % 60 === 0 ? t('cat_hours', { n: minutes / 60 }) : t('cat_minutes', { n: minutes }));
}

/** BI products (§4.2): the methods each is validated for and its incubation — what decides when a BI may be read. */
export function BiProductsTab() {
  const { t } = useTranslation();
  const canEdit = useCanEdit();
  const list = useList<BiProduct>('/api/bi-products');
  const refresh = useRefresh();
  const incubation = useIncubation();
  const [editing, setEditing] = useState<BiProduct | 'new' | null>(null);
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
          { title: t('cat_manufacturer'), dataIndex: 'manufacturer' },
          { title: t('cat_biMethods'), render: (_, r) => r.methods.map((m) => <Tag key={m}>{t(`prov_method_${m}`)}</Tag>) },
          { title: t('cat_incubation'), render: (_, r) => <span data-testid="incubation">{incubation(r.incubationMinutes)}</span> },
          ...stateAndActionColumns<BiProduct>(t, canEdit, {
            path: (r) => `/api/bi-products/${r.id}`,
            what: (r) => r.code,
            onEdit: setEditing,
            onDone: () => void refresh(),
            onError: setError,
          }),
        ]}
      />
      <FormDialog<Omit<BiProduct, 'id' | 'active'>>
        name="bi-product"
        open={editing !== null}
        title={editing === 'new' ? t('cat_new') : t('cat_edit')}
        initial={editing && editing !== 'new' ? editing : { methods: ['steam_prevacuum'] }}
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          if (editing === 'new') await postOnce('/api/bi-products', v);
          else if (editing) await postOnce(`/api/bi-products/${editing.id}`, changed(v, editing), { method: 'PATCH' });
          await refresh();
        }}
      >
        <NameFields />
        <Space wrap align="start">
          <Form.Item name="manufacturer" label={t('cat_manufacturer')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="f-manufacturer" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="methods" label={t('cat_biMethods')} rules={[{ required: true }]}>
            <Select
              data-testid="f-methods"
              mode="multiple"
              style={{ width: 320 }}
              options={METHODS.map((m) => ({ value: m, label: t(`prov_method_${m}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="incubationMinutes"
            label={t('cat_incubationMinutes')}
            rules={[{ required: true, type: 'integer', min: 20, max: 10080 }]}
          >
            <InputNumber data-testid="f-incubation" min={20} max={10080} style={{ width: 160 }} />
          </Form.Item>
        </Space>
      </FormDialog>
    </>
  );
}
