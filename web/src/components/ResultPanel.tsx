import { useTranslation } from 'react-i18next';

export interface ScanResult {
  at: Date;
  code: string;
  ok: boolean;
  /** The service's message (in the page's language) or the answer's summary. */
  message: string;
  /** The error code of a refusal (machine-readable), e.g. PACK_WRONG_STATE. */
  errorCode?: string;
  warnings: string[];
}

const COLORS = { ok: '#1f7a1f', warn: '#ad6800', error: '#b42318' };

/** The answer fills the screen: green with what happened, red with why not; warnings in amber. */
export function ResultPanel({ result }: { result: ScanResult | null }) {
  const { t } = useTranslation();
  if (!result)
    return (
      <div
        data-testid="result"
        style={{
          minHeight: 180,
          border: '2px dashed #bbb',
          borderRadius: 12,
          display: 'grid',
          placeItems: 'center',
          fontSize: 28,
          color: '#666',
        }}
      >
        {t('scanHere')}
      </div>
    );
  const color = result.ok ? (result.warnings.length ? COLORS.warn : COLORS.ok) : COLORS.error;
  return (
    <div
      data-testid="result"
      data-outcome={result.ok ? (result.warnings.length ? 'warning' : 'ok') : 'error'}
      role="status"
      aria-live="assertive"
      style={{ minHeight: 180, background: color, color: '#fff', borderRadius: 12, padding: 24 }}
    >
      <div style={{ fontSize: 20, opacity: 0.9 }}>
        {result.ok ? t('outcomeOk') : t('outcomeRefused')} · {result.code}
        {result.errorCode ? ` · ${result.errorCode}` : ''}
      </div>
      <div data-testid="result-message" style={{ fontSize: 34, fontWeight: 700, lineHeight: 1.3, marginTop: 8 }}>
        {result.message}
      </div>
      {result.warnings.map((w) => (
        <div
          key={w}
          data-testid="result-warning"
          style={{ marginTop: 12, background: '#fff7e6', color: '#873800', borderRadius: 8, padding: '8px 12px', fontSize: 22 }}
        >
          ⚠ {w}
        </div>
      ))}
    </div>
  );
}
