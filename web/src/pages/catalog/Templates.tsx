import { Button, Checkbox, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { postOnce, type ApiError } from '../../api/client';
import type { MessageKey } from '../../messages';
import { NameFields, useInactiveFilter } from './Departments';
import { ActiveButton, ActiveTag, ApiErrorAlert, changed, FormDialog, useCanEdit, useList, useName, useRefresh, type Named } from './kit';

/** The service's lists (src/catalog/catalog.enums.ts). */
export const PACKAGING = [
  'cotton',
  'paper_bag',
  'crepe_nonwoven',
  'paper_plastic_pouch',
  'rigid_container',
  'nonwoven_polypropylene',
  'tyvek_pouch',
] as const;
export const METHODS = ['steam_prevacuum', 'steam_gravity', 'h2o2_plasma', 'ethylene_oxide'] as const;

interface Item {
  nameZh: string;
  nameEn: string;
  specification: string;
  quantity: number;
}
export interface Template extends Named {
  packagingMaterial: string;
  alternativePackaging: string[];
  sterilizationMethod: string;
  implant: boolean;
  critical: boolean;
  dressing: boolean;
  weightKg: number | null;
  maxWeightKg: number | null;
  gtin: string | null;
  contents: Item[];
}
type TemplateForm = Omit<Template, 'id' | 'active' | 'weightKg' | 'maxWeightKg' | 'gtin'> & {
  weightKg?: number | null;
  maxWeightKg?: number | null;
  gtin?: string;
};

export function TemplatesTab() {
  const { t } = useTranslation();
  const name = useName();
  const canEdit = useCanEdit();
  const list = useList<Template>('/api/set-templates');
  const refresh = useRefresh();
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const { filter, toggle } = useInactiveFilter();
  const pm = (x: string) => t(`cat_pm_${x}` as MessageKey);
  const sm = (x: string) => t(`cat_sm_${x}` as MessageKey);
  const initial: Partial<TemplateForm> =
    editing && editing !== 'new'
      ? { ...editing, gtin: editing.gtin ?? undefined }
      : {
          packagingMaterial: 'crepe_nonwoven',
          sterilizationMethod: 'steam_prevacuum',
          alternativePackaging: [],
          implant: false,
          critical: false,
          dressing: false,
          contents: [{ nameZh: '', nameEn: '', specification: '', quantity: 1 }],
        };
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
        expandable={{
          expandedRowRender: (r) => (
            <Table
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={false}
              dataSource={r.contents}
              columns={[
                { title: t('cat_itemZh'), dataIndex: 'nameZh' },
                { title: t('cat_itemEn'), dataIndex: 'nameEn' },
                { title: t('cat_specification'), dataIndex: 'specification' },
                { title: t('cat_quantity'), dataIndex: 'quantity' },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('cat_code'), dataIndex: 'code' },
          { title: t('cat_name'), render: (_, r) => name(r) },
          { title: t('cat_method'), render: (_, r) => sm(r.sterilizationMethod) },
          { title: t('cat_packaging'), render: (_, r) => [r.packagingMaterial, ...r.alternativePackaging].map(pm).join(' / ') },
          {
            title: t('cat_flags'),
            render: (_, r) => (
              <>
                {r.implant && <Tag color="purple">{t('cat_implant')}</Tag>}
                {r.critical && <Tag color="red">{t('cat_critical')}</Tag>}
                {r.dressing && <Tag>{t('cat_dressing')}</Tag>}
              </>
            ),
          },
          {
            title: t('cat_contents'),
            render: (_, r) => t('cat_lines', { n: r.contents.length, q: r.contents.reduce((a, c) => a + c.quantity, 0) }),
          },
          { title: t('cat_state'), render: (_, r) => <ActiveTag active={r.active} /> },
          ...(canEdit
            ? [
                {
                  title: t('cat_actions'),
                  render: (_: unknown, r: Template) => (
                    <Space>
                      <Button size="small" data-testid="edit" onClick={() => setEditing(r)}>
                        {t('cat_edit')}
                      </Button>
                      <ActiveButton
                        active={r.active}
                        what={`${r.code} ${name(r)}`}
                        path={`/api/set-templates/${r.id}`}
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
      <FormDialog<TemplateForm>
        name="template"
        width={1000}
        open={editing !== null}
        title={editing === 'new' ? t('cat_new') : t('cat_edit')}
        initial={initial}
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          // A cleared weight, weight limit or GTIN is sent as null on an edit (the service keeps what is left out).
          const cleared = editing === 'new' ? undefined : null;
          const body = {
            ...v,
            weightKg: v.weightKg ?? cleared,
            maxWeightKg: v.maxWeightKg ?? cleared,
            gtin: v.gtin || cleared,
            contents: (v.contents ?? []).map((c) => ({ ...c, specification: c.specification ?? '' })),
          };
          if (editing === 'new') await postOnce('/api/set-templates', body);
          else if (editing) await postOnce(`/api/set-templates/${editing.id}`, changed(body, editing), { method: 'PATCH' });
          await refresh();
        }}
      >
        <NameFields />
        <Space wrap align="start">
          <Form.Item name="sterilizationMethod" label={t('cat_method')} rules={[{ required: true }]}>
            <Select data-testid="f-method" style={{ width: 220 }} options={METHODS.map((m) => ({ value: m, label: sm(m) }))} />
          </Form.Item>
          <Form.Item name="packagingMaterial" label={t('cat_packaging')} rules={[{ required: true }]}>
            <Select data-testid="f-packaging" style={{ width: 240 }} options={PACKAGING.map((m) => ({ value: m, label: pm(m) }))} />
          </Form.Item>
          <Form.Item name="alternativePackaging" label={t('cat_altPackaging')}>
            <Select mode="multiple" style={{ width: 320 }} options={PACKAGING.map((m) => ({ value: m, label: pm(m) }))} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="implant" valuePropName="checked">
            <Checkbox data-testid="f-implant">{t('cat_implant')}</Checkbox>
          </Form.Item>
          <Form.Item name="critical" valuePropName="checked">
            <Checkbox data-testid="f-critical">{t('cat_critical')}</Checkbox>
          </Form.Item>
          <Form.Item name="dressing" valuePropName="checked">
            <Checkbox>{t('cat_dressing')}</Checkbox>
          </Form.Item>
          <Form.Item name="weightKg" label={t('cat_weight')}>
            <InputNumber min={0} max={100} step={0.1} />
          </Form.Item>
          <Form.Item name="maxWeightKg" label={t('cat_maxWeight')}>
            <InputNumber data-testid="f-max-weight" min={0.01} max={100} step={0.1} />
          </Form.Item>
          <Form.Item name="gtin" label={t('cat_gtin')} rules={[{ pattern: /^\d{14}$/ }]}>
            <Input style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <ContentsTable />
      </FormDialog>
    </>
  );
}

/** The template's contents as an editable table: one line per instrument, specification and quantity. */
function ContentsTable() {
  const { t } = useTranslation();
  return (
    <Form.List name="contents">
      {(fields, { add, remove }) => (
        <>
          <Table
            data-testid="contents-table"
            size="small"
            rowKey="key"
            pagination={false}
            title={() => t('cat_contents')}
            dataSource={fields}
            columns={[
              {
                title: t('cat_itemZh'),
                render: (_, f) => (
                  <Form.Item name={[f.name, 'nameZh']} rules={[{ required: true, max: 100 }]} style={{ margin: 0 }}>
                    <Input data-testid={`line-${f.name}-nameZh`} />
                  </Form.Item>
                ),
              },
              {
                title: t('cat_itemEn'),
                render: (_, f) => (
                  <Form.Item name={[f.name, 'nameEn']} rules={[{ required: true, max: 100 }]} style={{ margin: 0 }}>
                    <Input data-testid={`line-${f.name}-nameEn`} />
                  </Form.Item>
                ),
              },
              {
                title: t('cat_specification'),
                width: 160,
                render: (_, f) => (
                  <Form.Item name={[f.name, 'specification']} rules={[{ max: 60 }]} style={{ margin: 0 }}>
                    <Input data-testid={`line-${f.name}-spec`} />
                  </Form.Item>
                ),
              },
              {
                title: t('cat_quantity'),
                width: 110,
                render: (_, f) => (
                  <Form.Item name={[f.name, 'quantity']} rules={[{ required: true }]} style={{ margin: 0 }}>
                    <InputNumber data-testid={`line-${f.name}-qty`} min={1} max={999} precision={0} />
                  </Form.Item>
                ),
              },
              {
                width: 90,
                render: (_, f) => (
                  <Button size="small" danger onClick={() => remove(f.name)}>
                    {t('cat_removeLine')}
                  </Button>
                ),
              },
            ]}
          />
          <Button
            data-testid="add-line"
            style={{ margin: '8px 0 16px' }}
            onClick={() => add({ nameZh: '', nameEn: '', specification: '', quantity: 1 })}
          >
            {t('cat_addLine')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
