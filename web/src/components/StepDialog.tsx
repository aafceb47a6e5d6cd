import { App, Form, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { postOnce, type ApiError } from '../api/client';
import type { Outcome } from './desk';

/** Only what was filled in: an empty optional field is left out, not sent as "". */
export function filled<T extends object>(v: T): Partial<T> {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== null && x !== '')) as Partial<T>;
}

/**
 * A step of a register that cannot be undone (nothing recorded is ever changed): its form, then
 * "are you sure", then one request (sent once, postOnce); what it answered goes to the page.
 */
export function StepDialog<V extends object>(props: {
  title: string;
  testId: string;
  path: string;
  okMessage: string;
  body?: (v: V) => object;
  initial?: Partial<V>;
  width?: number;
  onClose: () => void;
  onDone: (o: Outcome) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [form] = Form.useForm<V>();
  const send = async (v: V) => {
    try {
      await postOnce(props.path, props.body ? props.body(v) : filled(v));
      props.onDone({ ok: true, message: props.okMessage });
      props.onClose();
    } catch (e) {
      props.onDone({ ok: false, error: e as ApiError });
    }
  };
  const confirm = (v: V) =>
    modal.confirm({
      title: props.title,
      content: t('def_confirm'),
      okText: t('ok'),
      cancelText: t('cancel'),
      okButtonProps: { ...({ 'data-testid': `${props.testId}-confirm` } as object) },
      onOk: () => send(v),
    });
  return (
    <Modal
      open
      width={props.width ?? 720}
      title={props.title}
      okText={t('submit')}
      cancelText={t('cancel')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': `${props.testId}-submit` } as Record<string, string>}
      destroyOnHidden
    >
      <Form form={form} name={props.testId} layout="vertical" initialValues={props.initial as object} onFinish={confirm}>
        {props.children}
      </Form>
    </Modal>
  );
}
