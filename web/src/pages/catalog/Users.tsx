import { Button, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, postOnce, type ApiError } from '../../api/client';
import { useAuth, type Role } from '../../auth';
import type { MessageKey } from '../../messages';
import { useInactiveFilter } from './Departments';
import { ActiveButton, ActiveTag, ApiErrorAlert, changed, FormDialog, useList, useName, useRefresh, type Named } from './kit';
import { options } from './Sets';

const ROLES: Role[] = ['nurse', 'monitor', 'head_nurse', 'department', 'admin'];
const CERT_KINDS = ['sterilizer_operator', 'washer_operator', 'pressure_vessel'] as const;

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  badgeCode: string | null;
  hasPin: boolean;
  active: boolean;
  certifications: { id: string; kind: string; number: string | null; validUntil: string }[];
}

type Dialog = { kind: 'new' } | { kind: 'edit' | 'badge' | 'cert'; user: UserRow };

/** Accounts (§5): the head nurse creates staff and department accounts, badges and PINs, certifications; nobody is deleted. */
export function UsersPage() {
  const { t } = useTranslation();
  const name = useName();
  const { me } = useAuth();
  const users = useQuery({ queryKey: ['/api/users'], queryFn: () => getJson<UserRow[]>('/api/users') });
  const departments = useList<Named>('/api/departments');
  const refresh = useRefresh();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const { filter, toggle } = useInactiveFilter();
  const role = (r: string) => t(`users_role_${r}` as MessageKey);
  const certKind = (k: string) => ((CERT_KINDS as readonly string[]).includes(k) ? t(`users_cert_${k}` as MessageKey) : k);
  // Only an administrator manages administrator accounts (the service refuses the head nurse).
  const roleOptions = ROLES.filter((r) => r !== 'admin' || me?.role === 'admin').map((r) => ({ value: r, label: role(r) }));
  const dept = (id: string | null) => {
    const d = departments.data?.find((x) => x.id === id);
    return d ? `${d.code} ${name(d)}` : '';
  };
  const departmentField = (
    <Form.Item noStyle shouldUpdate={(a, b) => a.role !== b.role}>
      {({ getFieldValue }) =>
        getFieldValue('role') === 'department' && (
          <Form.Item name="departmentId" label={t('department')} rules={[{ required: true }]}>
            <Select data-testid="f-department" showSearch={{ optionFilterProp: 'label' }} options={options(departments.data, name)} />
          </Form.Item>
        )
      }
    </Form.Item>
  );
  const current = dialog && dialog.kind !== 'new' ? dialog.user : null;

  return (
    <>
      <Typography.Title level={2}>{t('users_title')}</Typography.Title>
      <ApiErrorAlert error={error} testid="page-error" />
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" data-testid="new" onClick={() => setDialog({ kind: 'new' })}>
          {t('users_new')}
        </Button>
        {toggle}
      </Space>
      <Table
        rowKey="username"
        loading={users.isLoading}
        dataSource={filter(users.data)}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('username'), dataIndex: 'username' },
          { title: t('users_displayName'), dataIndex: 'displayName' },
          { title: t('users_role'), render: (_, u) => <span style={{ whiteSpace: 'nowrap' }}>{role(u.role)}</span> },
          { title: t('department'), render: (_, u) => dept(u.departmentId) },
          {
            title: t('badge'),
            render: (_, u) => (
              <Space>
                {u.badgeCode && <code>{u.badgeCode}</code>}
                <Tag color={u.hasPin ? 'blue' : 'default'}>{u.hasPin ? t('users_pinSet') : t('users_noPin')}</Tag>
              </Space>
            ),
          },
          {
            title: t('users_certs'),
            render: (_, u) =>
              u.certifications.map((c) => <div key={c.id}>{`${certKind(c.kind)}${c.number ? ` ${c.number}` : ''} → ${c.validUntil}`}</div>),
          },
          { title: t('cat_state'), render: (_, u) => <ActiveTag active={u.active} /> },
          {
            title: t('cat_actions'),
            render: (_, u) => (
              <Space wrap>
                <Button size="small" data-testid="edit" onClick={() => setDialog({ kind: 'edit', user: u })}>
                  {t('cat_edit')}
                </Button>
                <Button size="small" data-testid="reset-badge" onClick={() => setDialog({ kind: 'badge', user: u })}>
                  {t('users_resetBadge')}
                </Button>
                <Button size="small" data-testid="add-cert" onClick={() => setDialog({ kind: 'cert', user: u })}>
                  {t('users_addCert')}
                </Button>
                {u.id !== me?.id && (
                  <ActiveButton
                    active={u.active}
                    what={`${u.displayName} (${u.username})`}
                    path={`/api/users/${u.id}`}
                    onDone={refresh}
                    onError={setError}
                  />
                )}
              </Space>
            ),
          },
        ]}
      />
      <FormDialog<Record<string, string>>
        name="user"
        open={dialog?.kind === 'new'}
        title={t('users_new')}
        initial={{ role: 'nurse' }}
        onClose={() => setDialog(null)}
        onSubmit={async (v) => {
          await postOnce('/api/users', {
            ...v,
            departmentId: v.role === 'department' ? v.departmentId : undefined,
            badgeCode: v.badgeCode || undefined,
            pin: v.pin || undefined,
          });
          await refresh();
        }}
      >
        <Space wrap align="start">
          <Form.Item name="username" label={t('username')} rules={[{ required: true, pattern: /^[a-zA-Z0-9._-]{2,64}$/ }]}>
            <Input data-testid="f-username" />
          </Form.Item>
          <Form.Item name="displayName" label={t('users_displayName')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="f-displayName" />
          </Form.Item>
        </Space>
        <Form.Item name="password" label={t('users_password')} rules={[{ required: true, min: 10, max: 200 }]}>
          <Input.Password data-testid="f-password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('users_role')} rules={[{ required: true }]}>
          <Select data-testid="f-role" options={roleOptions} />
        </Form.Item>
        {departmentField}
        <Space wrap align="start">
          <Form.Item name="badgeCode" label={t('badge')} rules={[{ pattern: /^[A-Za-z0-9-]{2,64}$/ }]}>
            <Input data-testid="f-badge" />
          </Form.Item>
          <Form.Item name="pin" label={t('users_pin')} rules={[{ pattern: /^\d{4,12}$/ }]}>
            <Input.Password data-testid="f-pin" autoComplete="new-password" />
          </Form.Item>
        </Space>
      </FormDialog>
      <FormDialog<Record<string, string | null>>
        name="userEdit"
        open={dialog?.kind === 'edit'}
        title={`${t('cat_edit')} — ${current?.username ?? ''}`}
        initial={current ? { displayName: current.displayName, role: current.role, departmentId: current.departmentId } : {}}
        onClose={() => setDialog(null)}
        onSubmit={async (v) => {
          if (!current) return;
          const body = { ...v, departmentId: v.role === 'department' ? v.departmentId : null };
          await postOnce(`/api/users/${current.id}`, changed(body, current), { method: 'PATCH' });
          await refresh();
        }}
      >
        <Form.Item name="displayName" label={t('users_displayName')} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('users_role')} rules={[{ required: true }]}>
          <Select options={roleOptions} />
        </Form.Item>
        {departmentField}
      </FormDialog>
      <FormDialog<Record<string, string>>
        name="badge"
        open={dialog?.kind === 'badge'}
        title={`${t('users_resetBadge')} — ${current?.username ?? ''}`}
        initial={{ badgeCode: current?.badgeCode ?? '' }}
        onClose={() => setDialog(null)}
        onSubmit={async (v) => {
          if (!current) return;
          // An emptied badge field removes the badge; an empty PIN or password keeps the old one.
          const body = {
            badgeCode: v.badgeCode || null,
            ...(v.pin ? { pin: v.pin } : {}),
            ...(v.password ? { password: v.password } : {}),
          };
          await postOnce(`/api/users/${current.id}`, body, { method: 'PATCH' });
          await refresh();
        }}
      >
        <Form.Item name="badgeCode" label={t('badge')} rules={[{ pattern: /^[A-Za-z0-9-]{2,64}$/ }]}>
          <Input data-testid="f-badge" />
        </Form.Item>
        <Form.Item name="pin" label={t('users_newPin')} rules={[{ pattern: /^\d{4,12}$/ }]}>
          <Input.Password data-testid="f-pin" autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="password" label={t('users_newPassword')} rules={[{ min: 10, max: 200 }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </FormDialog>
      <FormDialog<Record<string, string>>
        name="cert"
        open={dialog?.kind === 'cert'}
        title={`${t('users_addCert')} — ${current?.username ?? ''}`}
        initial={{ kind: 'sterilizer_operator' }}
        onClose={() => setDialog(null)}
        onSubmit={async (v) => {
          if (!current) return;
          await postOnce(`/api/users/${current.id}/certifications`, {
            kind: v.kind,
            validUntil: v.validUntil,
            ...(v.number ? { number: v.number } : {}),
          });
          await refresh();
        }}
      >
        <Form.Item name="kind" label={t('users_certKind')} rules={[{ required: true }]}>
          <Select data-testid="f-certKind" options={CERT_KINDS.map((k) => ({ value: k, label: certKind(k) }))} />
        </Form.Item>
        <Form.Item name="number" label={t('users_certNumber')} rules={[{ max: 64 }]}>
          <Input data-testid="f-certNumber" />
        </Form.Item>
        <Form.Item name="validUntil" label={t('users_validUntil')} rules={[{ required: true }]}>
          <Input type="date" data-testid="f-validUntil" style={{ width: 180 }} />
        </Form.Item>
      </FormDialog>
    </>
  );
}
