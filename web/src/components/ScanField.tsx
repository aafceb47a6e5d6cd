import { Input, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The one scan field a station has. It always has focus — a keyboard-wedge scanner types into
 * whatever is focused — and takes it back after a click or a closed dialog. Enter submits.
 */
export function ScanField({ onScan, paused }: { onScan: (code: string) => void; paused: boolean }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const ref = useRef<InputRef>(null);
  useEffect(() => {
    if (paused) return;
    const focus = () => setTimeout(() => ref.current?.focus(), 0);
    focus();
    const id = setInterval(() => {
      if (document.activeElement !== ref.current?.input && !document.querySelector('.ant-modal-wrap')) focus();
    }, 500);
    document.addEventListener('click', focus);
    return () => {
      clearInterval(id);
      document.removeEventListener('click', focus);
    };
  }, [paused]);
  return (
    <Input
      ref={ref}
      data-testid="scan"
      size="large"
      autoComplete="off"
      aria-label={t('scanHere')}
      placeholder={t('scanPlaceholder')}
      value={value}
      style={{ fontSize: 28, height: 64 }}
      onChange={(e) => setValue(e.target.value)}
      onPressEnter={() => {
        const code = value.trim();
        setValue('');
        if (code) onScan(code);
      }}
    />
  );
}
