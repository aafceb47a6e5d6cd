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
    // Focus comes back unless the nurse is using another field (a location, a printer pick list).
    const inAnotherField = () => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body || el === ref.current?.input) return false;
      return el.matches('input, textarea, select, [role="combobox"], [contenteditable="true"]');
    };
    // A closed dialog may stay in the page, hidden: only an open one keeps the focus.
    const dialogOpen = () =>
      [...document.querySelectorAll<HTMLElement>('.ant-modal-wrap')].some((el) => el.style.display !== 'none' && el.offsetParent !== null);
    const id = setInterval(() => {
      if (
        document.activeElement !== ref.current?.input &&
        !dialogOpen() &&
        !document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden)') &&
        !inAnotherField()
      )
        focus();
    }, 500);
    const onClick = (e: MouseEvent) => {
      if (!(e.target as HTMLElement).closest('input, textarea, .ant-select, .ant-select-dropdown')) focus();
    };
    window.addEventListener('cssd-refocus', focus);
    document.addEventListener('click', onClick);
    return () => {
      clearInterval(id);
      window.removeEventListener('cssd-refocus', focus);
      document.removeEventListener('click', onClick);
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
        // A dialog is opening (the count, a second person): what the scanner typed before the dialog
        // took the focus is not a new scan of the station.
        if (code && !paused) onScan(code);
      }}
    />
  );
}

/** Gives the focus back to the station's scan field (after a pick list or another field was used). */
export function refocusScan(): void {
  window.dispatchEvent(new Event('cssd-refocus'));
}
