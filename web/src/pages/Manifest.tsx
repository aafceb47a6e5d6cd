import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { getJson, postOnce, type ApiError } from '../api/client';
import { useAuth } from '../auth';
import { OutcomeBanner, type Outcome } from '../components/desk';
import { CloseRoundDialog, ManifestHeader, ManifestTables, type RoundDetail } from '../components/requisitions';

/** A4, no navigation, with the lines the two people sign on paper at the handover. */
const PRINT_CSS = `
@page { size: A4; margin: 14mm 12mm; }
.print-only { display: none; }
@media print {
  .ant-layout-header, .no-print, [data-testid="offline"] { display: none !important; }
  .ant-layout, .ant-layout-content { background: #fff !important; padding: 0 !important; max-width: none !important; }
  .print-only { display: flex; gap: 48px; margin-top: 32px; font-size: 11pt; }
}
`;

/**
 * A delivery or collection manifest (seed 15.4, 11.3), on screen and printed: per template what
 * left the CSSD (or came back), the department's count once it signed, and every pack. A nurse
 * closes an open one (it is then final); the department signs it on its own page.
 */
export function ManifestPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const { me } = useAuth();
  const qc = useQueryClient();
  const round = useQuery({
    queryKey: ['rq', 'round', id],
    queryFn: () => getJson<RoundDetail>(`/api/rounds/${id}`),
    refetchInterval: 10_000,
  });
  const [closing, setClosing] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const r = round.data;
  const mayClose = (me?.role === 'nurse' || me?.role === 'head_nurse') && r?.status === 'open';
  const close = async () => {
    try {
      const closed = await postOnce<RoundDetail>(`/api/rounds/${id}/close`, {});
      setOutcome({ ok: true, message: t('rq_closed', { code: closed.code }) });
    } catch (e) {
      setOutcome({ ok: false, error: e as ApiError });
    } finally {
      void qc.invalidateQueries({ queryKey: ['rq'] });
    }
  };
  if (round.error) return <Alert type="error" showIcon message={(round.error as unknown as ApiError).message} />;
  if (!r) return <Spin />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="manifest-page" data-status={r.status}>
      <style>{PRINT_CSS}</style>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }} data-testid="manifest-code">
          {t('rq_manifestTitle', { code: r.code })}
        </Typography.Title>
        <Space className="no-print">
          {mayClose && (
            <Button danger data-testid="close-round" onClick={() => setClosing(true)}>
              {t('rq_close')}
            </Button>
          )}
          <Button data-testid="print-manifest" onClick={() => window.print()}>
            {t('rq_print')}
          </Button>
          <Link to="/requisitions">{t('rq_title')}</Link>
        </Space>
      </Space>
      <div className="no-print">
        <OutcomeBanner outcome={outcome} testId="manifest-outcome" />
      </div>
      <Card size="small">
        <Space direction="vertical" style={{ width: '100%' }}>
          <ManifestHeader round={r} />
          {r.signatureNote && <Typography.Text>{`${t('rq_note')}: ${r.signatureNote}`}</Typography.Text>}
          <ManifestTables round={r} />
          <div className="print-only">
            <span>{t('rq_printHandedOver')}: ____________</span>
            <span>{t('rq_printReceived')}: ____________</span>
            <span>{t('rq_at')}: ____________</span>
          </div>
        </Space>
      </Card>
      <CloseRoundDialog open={closing} code={r.code} onClose={() => setClosing(false)} onConfirm={() => void close()}>
        <ManifestHeader round={r} />
      </CloseRoundDialog>
    </Space>
  );
}
