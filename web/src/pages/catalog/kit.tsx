import { Alert, Button, Form, Modal, Popconfirm, Space, Tag, Typography, type FormInstance } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson, postOnce, type ApiError } from '../../api/client';
import { useAuth } from '../../auth';

/** What every catalog row has: shown by code and name, never by id. */
export interface Named {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
}

/** The name in the page's language. */
export function useName() {
  const { i18n } = useTranslation();
  return (x: { nameZh: string; nameEn: string } | undefined | null) => (x ? (i18n.language === 'en' ? x.nameEn : x.nameZh) : '');
}

/** A catalog list (inactive rows included: the page filters), refreshed after each change. */
export function useList<T>(path: string) {
  const sep = path.includes('?') ? '&' : '?';
  return useQuery({ queryKey: [path, 'all'], queryFn: () => getJson<T[]>(`${path}${sep}includeInactive=true`) });
}

export function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries();
}

/** The head nurse edits the catalog; an administrator may look (issue 12). */
export function useCanEdit(): boolean {
  const { me } = useAuth();
  return me?.role === 'head_nurse';
}

/** The service's refusal in the page's language, with its code small. */
export function ApiErrorAlert({ error, testid = 'form-error' }: { error: ApiError | null; testid?: string }) {
  if (!error) return null;
  return (
    <Alert
      data-testid={testid}
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      message={error.message}
      description={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {error.code}
        </Typography.Text>
      }
    />
  );
}

export function ActiveTag({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return active ? <Tag color="green">{t('cat_isActive')}</Tag> : <Tag>{t('cat_isInactive')}</Tag>;
}

/**
 * Deactivate (after a confirmation: the item leaves every pick list) or activate again.
 * Errors come back to the page through onError.
 */
export function ActiveButton({
  active,
  what,
  path,
  onDone,
  onError,
}: {
  active: boolean;
  what: string;
  path: string;
  onDone: () => void;
  onError: (e: ApiError | null) => void;
}) {
  const { t } = useTranslation();
  const run = async (action: 'activate' | 'deactivate') => {
    onError(null);
    try {
      await postOnce(`${path}/${action}`, {});
      onDone();
    } catch (e) {
      onError(e as ApiError);
    }
  };
  if (!active) {
    return (
      <Button size="small" data-testid="activate" onClick={() => run('activate')}>
        {t('cat_activate')}
      </Button>
    );
  }
  return (
    <Popconfirm
      title={t('cat_confirmDeactivate', { what })}
      okText={t('cat_deactivate')}
      cancelText={t('cancel')}
      okButtonProps={{ danger: true, ...{ 'data-testid': 'confirm-deactivate' } }}
      onConfirm={() => run('deactivate')}
    >
      <Button size="small" danger data-testid="deactivate">
        {t('cat_deactivate')}
      </Button>
    </Popconfirm>
  );
}

/** The columns every catalog table ends with: its state, and for the head nurse edit and (de)activate. */
export function stateAndActionColumns<T extends Named>(
  t: (k: string) => string,
  canEdit: boolean,
  row: {
    path: (r: T) => string;
    what: (r: T) => string;
    onEdit: (r: T) => void;
    onDone: () => void;
    onError: (e: ApiError | null) => void;
  },
) {
  return [
    { title: t('cat_state'), render: (_: unknown, r: T) => <ActiveTag active={r.active} /> },
    ...(canEdit
      ? [
          {
            title: t('cat_actions'),
            render: (_: unknown, r: T) => (
              <Space>
                <Button size="small" data-testid="edit" onClick={() => row.onEdit(r)}>
                  {t('cat_edit')}
                </Button>
                <ActiveButton active={r.active} what={row.what(r)} path={row.path(r)} onDone={row.onDone} onError={row.onError} />
              </Space>
            ),
          },
        ]
      : []),
  ];
}

/**
 * A form in a dialog: opened fresh each time (initial values applied), sends with onSubmit and
 * shows the service's refusal above the fields, keeping what was typed.
 */
export function FormDialog<V extends object>({
  open,
  title,
  initial,
  onClose,
  onSubmit,
  children,
  width = 640,
  name,
}: {
  open: boolean;
  title: string;
  initial: Partial<V>;
  onClose: () => void;
  onSubmit: (v: V) => Promise<unknown>;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
  width?: number;
  name: string;
}) {
  return (
    <Modal open={open} title={title} footer={null} onCancel={onClose} destroyOnHidden width={width} maskClosable={false}>
      {open && (
        <FormBody name={name} initial={initial} onClose={onClose} onSubmit={onSubmit}>
          {children}
        </FormBody>
      )}
    </Modal>
  );
}

function FormBody<V extends object>({
  name,
  initial,
  onClose,
  onSubmit,
  children,
}: {
  name: string;
  initial: Partial<V>;
  onClose: () => void;
  onSubmit: (v: V) => Promise<unknown>;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <ApiErrorAlert error={error} />
      <Form
        form={form}
        name={name}
        layout="vertical"
        initialValues={initial}
        onFinish={async (v) => {
          setBusy(true);
          setError(null);
          try {
            await onSubmit(v);
            onClose();
          } catch (e) {
            setError(e as ApiError);
          } finally {
            setBusy(false);
          }
        }}
      >
        {typeof children === 'function' ? children(form) : children}
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="form-submit">
            {t('submit')}
          </Button>
        </Space>
      </Form>
    </>
  );
}

/** Empty strings from cleared optional fields are not sent (the service would refuse them). */
export function compact<T extends object>(v: T): Partial<T> {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')) as Partial<T>;
}

/**
 * Only the fields an edit changed: a PATCH that repeats a value can still mean something to the
 * service (a sterilizer marked commissioning again restarts its qualification count, §4.2).
 */
export function changed<T extends object>(v: T, before: object): Partial<T> {
  const old = before as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(v).filter(([k, x]) => JSON.stringify(x ?? null) !== JSON.stringify(old[k] ?? null)),
  ) as Partial<T>;
}
