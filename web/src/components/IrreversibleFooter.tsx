import { Button } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  confirming: boolean;
  onCancel: () => void;
  onBack: () => void;
  onNext: () => void;
  onConfirm: () => void;
  next: ReactNode;
  confirm: ReactNode;
  testId: string;
  nextDisabled?: boolean;
  sending?: boolean;
}

/**
 * The footer of a dialog whose action cannot be undone: first "cancel / <action>", then, once the
 * warning shows, "back / <confirm>". Nothing is sent before the second step.
 */
export function IrreversibleFooter(o: Props) {
  const { t } = useTranslation();
  return o.confirming ? (
    <>
      <Button size="large" onClick={o.onBack}>
        {t('dept_back')}
      </Button>
      <Button size="large" danger type="primary" loading={o.sending} data-testid={`${o.testId}-confirm`} onClick={o.onConfirm}>
        {o.confirm}
      </Button>
    </>
  ) : (
    <>
      <Button size="large" onClick={o.onCancel}>
        {t('cancel')}
      </Button>
      <Button size="large" danger type="primary" disabled={o.nextDisabled} data-testid={`${o.testId}-next`} onClick={o.onNext}>
        {o.next}
      </Button>
    </>
  );
}
