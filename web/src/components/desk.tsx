import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { HOSPITAL_TZ } from '../hospital-time';

/** A time as the hospital reads it (in its time zone), in the page's language. */
export function useWhen() {
  const { i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  return (at: string | Date | null | undefined, withDate = true): string =>
    at
      ? new Date(at).toLocaleString(zh ? 'zh-CN' : 'en-GB', {
          timeZone: HOSPITAL_TZ,
          ...(withDate ? { month: '2-digit', day: '2-digit' } : {}),
          hour: '2-digit',
          minute: '2-digit',
          hour12: false,
        })
      : '—';
}

/** Chinese or English name of a catalog row (or a bilingual text), by the page's language. */
export function useName() {
  const { i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  return (x: { nameZh: string; nameEn: string } | { name_zh: string; name_en: string } | { zh: string; en: string }): string =>
    'nameZh' in x ? (zh ? x.nameZh : x.nameEn) : 'name_zh' in x ? (zh ? x.name_zh : x.name_en) : zh ? x.zh : x.en;
}

/** What a desk action answered: green with what happened, or red with the service's message (its code small). */
export type Outcome = { ok: true; message: string } | { ok: false; error: ApiError };

export function OutcomeBanner({ outcome, testId = 'desk-outcome' }: { outcome: Outcome | null; testId?: string }) {
  if (!outcome) return null;
  return outcome.ok ? (
    <Alert
      data-testid={testId}
      data-outcome="ok"
      type="success"
      showIcon
      message={<span style={{ fontSize: 18 }}>{outcome.message}</span>}
    />
  ) : (
    <Alert
      data-testid={testId}
      data-outcome="error"
      type="error"
      showIcon
      message={
        <span style={{ fontSize: 18 }}>
          {outcome.error.message}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {outcome.error.code}
          </Typography.Text>
        </span>
      }
    />
  );
}
