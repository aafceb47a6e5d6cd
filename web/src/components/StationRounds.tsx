import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getJson, postOnce, type ApiError } from '../api/client';
import type { MessageKey } from '../messages';
import {
  CloseRoundDialog,
  RequisitionLines,
  RequisitionStatusTag,
  UrgencyTag,
  type Requisition,
  type Round,
  type RoundDetail,
} from './requisitions';
import { refocusScan } from './ScanField';

/** What a station refreshes after each scan: the requisitions and manifests it shows. */
export const STATION_ROUNDS_KEY = ['rq', 'station'] as const;

/**
 * The dispatch station works through a requisition (issue 16): the department's open ones, urgent
 * first, to pick (or scan its barcode); each pack then scanned counts against it. The progress of
 * the one picked shows line by line.
 */
export function RequisitionPicker({
  departmentId,
  selected,
  onSelect,
}: {
  departmentId: string;
  selected: Requisition | null;
  onSelect: (r: Requisition | null) => void;
}) {
  const { t } = useTranslation();
  const open = useQuery({
    queryKey: [...STATION_ROUNDS_KEY, 'requisitions', departmentId],
    queryFn: () => getJson<Requisition[]>(`/api/requisitions?departmentId=${departmentId}`),
    refetchInterval: 10_000,
  });
  const list = open.data ?? [];
  // The one picked stays shown once fulfilled (it leaves the open list).
  const shown = selected && !list.some((r) => r.id === selected.id) ? [selected, ...list] : list;
  return (
    <Card size="small" title={t('rq_pickRequisition')} data-testid="requisition-picker">
      <Radio.Group
        value={selected?.id ?? ''}
        onChange={(e) => {
          onSelect(shown.find((r) => r.id === e.target.value) ?? null);
          refocusScan();
        }}
        style={{ width: '100%' }}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Radio value="">
            <span data-testid="requisition-none">{t('rq_noRequisition')}</span>
          </Radio>
          {shown.map((r) => (
            <Radio key={r.id} value={r.id}>
              <Space wrap align="start" data-testid="requisition-option" data-code={r.code} data-picked={selected?.id === r.id}>
                <code>{r.code}</code>
                <UrgencyTag urgency={r.urgency} />
                <RequisitionStatusTag status={(selected?.id === r.id ? selected : r).status} />
                <RequisitionLines lines={(selected?.id === r.id ? selected : r).lines} />
                {r.note && <Typography.Text type="secondary">{r.note}</Typography.Text>}
              </Space>
            </Radio>
          ))}
        </Space>
      </Radio.Group>
    </Card>
  );
}

/**
 * The department's open delivery (or collection) round at this station: its manifest so far, and
 * the button that closes it — final, confirmed first — with the link to print it.
 */
export function RoundPanel({ kind, departmentId }: { kind: 'delivery' | 'collection'; departmentId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const current = useQuery({
    queryKey: [...STATION_ROUNDS_KEY, 'round', kind, departmentId],
    queryFn: () => getJson<Round[]>(`/api/rounds?departmentId=${departmentId}&kind=${kind}&status=open`),
    refetchInterval: 10_000,
  });
  const round = current.data?.[0] ?? null;
  const [closing, setClosing] = useState(false);
  const [closed, setClosed] = useState<{ id: string; code: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const close = async () => {
    try {
      const r = await postOnce<RoundDetail>(`/api/rounds/${round!.id}/close`, {});
      setClosed({ id: r.id, code: r.code });
      setError(null);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      void qc.invalidateQueries({ queryKey: STATION_ROUNDS_KEY });
      refocusScan();
    }
  };
  const kindName = t(`rq_kind_${kind}` as MessageKey);
  return (
    <Card size="small" title={t('rq_currentRound', { kind: kindName })} data-testid={`round-panel-${kind}`}>
      <Space wrap>
        {round ? (
          <>
            <Typography.Text strong data-testid="current-round" data-code={round.code}>
              {round.code}
            </Typography.Text>
            <Tag data-testid="current-round-items">
              {t('rq_packs')}: {round.items}
            </Tag>
            <Button danger data-testid="close-round" onClick={() => setClosing(true)}>
              {t('rq_close')}
            </Button>
          </>
        ) : (
          <Typography.Text type="secondary">{t('rq_noCurrentRound')}</Typography.Text>
        )}
        {closed && (
          <span data-testid="closed-round">
            {t('rq_lastClosed', { code: closed.code })} <Link to={`/rounds/${closed.id}`}>{t('rq_openManifest')}</Link>
          </span>
        )}
      </Space>
      {error && <Alert type="error" showIcon message={error.message} />}
      <CloseRoundDialog open={closing} code={round?.code ?? ''} onClose={() => setClosing(false)} onConfirm={() => void close()}>
        <Typography.Paragraph>
          {round?.code} · {t('rq_packs')}: {round?.items}
        </Typography.Paragraph>
      </CloseRoundDialog>
    </Card>
  );
}
