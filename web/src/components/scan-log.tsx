import { List, Space, Tag } from 'antd';
import { memo, useDeferredValue, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { HOSPITAL_TZ } from '../hospital-time';
import { ResultPanel, type ScanResult } from './ResultPanel';

/**
 * A station's answers: the one on screen and the last 20 (issue 12). Kept outside the station's
 * React state so that an answer redraws the result panel and the list only, not the whole station
 * with its dialogs and pick lists — the nurse sees the answer a frame sooner.
 */
export class ScanLog {
  private state: { result: ScanResult | null; recent: ScanResult[] } = { result: null, recent: [] };
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  readonly snapshot = () => this.state;

  push(r: ScanResult): void {
    this.set({ result: r, recent: [r, ...this.state.recent].slice(0, 20) });
  }

  clear(): void {
    if (this.state.result || this.state.recent.length) this.set({ result: null, recent: [] });
  }

  private set(next: ScanLog['state']): void {
    this.state = next;
    for (const l of this.listeners) l();
  }
}

/** The answer on screen, redrawn as soon as it arrives. */
export function ScanLogResult({ log }: { log: ScanLog }) {
  const { result } = useSyncExternalStore(log.subscribe, log.snapshot);
  return <ResultPanel result={result} />;
}

/** The station's last scans, newest first: drawn after the answer itself (a deferred value). */
export function ScanLogRecent({ log }: { log: ScanLog }) {
  const { recent } = useSyncExternalStore(log.subscribe, log.snapshot);
  return <RecentList recent={useDeferredValue(recent)} />;
}

const RecentList = memo(function RecentList({ recent }: { recent: ScanResult[] }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  return (
    <List
      data-testid="recent"
      locale={{ emptyText: t('noScansYet') }}
      dataSource={recent}
      renderItem={(r) => (
        <List.Item>
          <Space>
            <Tag color={r.ok ? (r.warnings.length ? '#ad6800' : '#1f7a1f') : '#b42318'}>{r.ok ? t('outcomeOk') : t('outcomeRefused')}</Tag>
            <span>{r.at.toLocaleTimeString(zh ? 'zh-CN' : 'en-GB', { timeZone: HOSPITAL_TZ })}</span>
            <code>{r.code}</code>
            <span>{r.message}</span>
          </Space>
        </List.Item>
      )}
    />
  );
});
