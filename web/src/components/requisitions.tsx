import { useQueryClient } from '@tanstack/react-query';
import { Alert, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';
import type { MessageKey } from '../messages';
import { postOnce, type ApiError } from '../api/client';
import { useName, useWhen, type Outcome } from './desk';
import { IrreversibleFooter } from './IrreversibleFooter';

/** The answers of the requisitions module, as the service's OpenAPI document describes them (src/requisitions/dto/requisitions.view.ts). */
type Schemas = components['schemas'];
export type Requisition = Schemas['RequisitionView'];
export type RequisitionDetail = Schemas['RequisitionDetailView'];
export type DepartmentStock = Schemas['DepartmentStockView'];
export type StockLevel = Schemas['StockLevelView'];
export type Round = Schemas['RoundView'];
export type RoundDetail = Schemas['RoundDetailView'];
export type LowStock = Schemas['LowStockView'];

const STATUS_COLOURS: Record<string, string> = {
  open: 'blue',
  partial: 'gold',
  fulfilled: 'green',
  cancelled: 'default',
  refused: 'red',
  closed: 'orange',
  signed: 'green',
  signed_with_difference: 'volcano',
};

export function RequisitionStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="requisition-status" data-status={status}>
      {t(`rq_status_${status}` as MessageKey)}
    </Tag>
  );
}

export function UrgencyTag({ urgency }: { urgency: string }) {
  const { t } = useTranslation();
  return <Tag color={urgency === 'urgent' ? 'red' : 'default'}>{t(`rq_urgency_${urgency}` as MessageKey)}</Tag>;
}

export function RoundStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="round-status" data-status={status}>
      {t(`rq_roundStatus_${status}` as MessageKey)}
    </Tag>
  );
}

/** A requisition's lines as "LAP 剖腹探查包 1/2", one per line. */
export function RequisitionLines({ lines }: { lines: Requisition['lines'] }) {
  const { t } = useTranslation();
  const name = useName();
  return (
    <Space direction="vertical" size={0}>
      {lines.map((l) => (
        <span key={l.templateId} data-testid="requisition-line" data-template={l.templateCode}>
          {t('rq_lineProgress', { name: `${l.templateCode} ${name(l)}`, fulfilled: l.fulfilled, quantity: l.quantity })}
        </span>
      ))}
    </Space>
  );
}

/** A manifest's lines per template (what left or came back, the count once signed) and its packs. */
export function ManifestTables({ round }: { round: RoundDetail }) {
  const { t } = useTranslation();
  const name = useName();
  const when = useWhen();
  const collection = round.kind === 'collection';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table
        data-testid="manifest-lines"
        rowKey="templateId"
        size="small"
        pagination={false}
        dataSource={round.lines}
        onRow={(l) =>
          ({ 'data-testid': 'manifest-line', 'data-template': l.templateCode, 'data-difference': l.difference ?? '' }) as object
        }
        columns={[
          { title: t('rq_template'), render: (_, l) => `${l.templateCode} ${name(l)}` },
          { title: t('rq_expected'), dataIndex: 'expected', align: 'right' },
          { title: t('rq_counted'), render: (_, l) => l.counted ?? '—', align: 'right' },
          {
            title: t('rq_difference'),
            align: 'right',
            render: (_, l) =>
              l.difference === null ? (
                '—'
              ) : l.difference === 0 ? (
                '0'
              ) : (
                <Tag color="volcano">{l.difference > 0 ? `+${l.difference}` : l.difference}</Tag>
              ),
          },
          { title: t('rq_differenceNote'), render: (_, l) => l.note ?? '' },
        ]}
      />
      <Table
        data-testid="manifest-packs"
        rowKey={(p) => `${p.barcode ?? p.setAssetCode}-${p.at}`}
        size="small"
        pagination={false}
        dataSource={round.packs}
        columns={[
          { title: t('rq_barcode'), render: (_, p) => (p.barcode ? <code>{p.barcode}</code> : '—') },
          { title: t('rq_template'), render: (_, p) => `${p.templateCode} ${name(p)}` },
          { title: t('rq_set'), render: (_, p) => p.setAssetCode ?? '—' },
          ...(collection
            ? [{ title: t('rq_handedOverBy'), render: (_: unknown, p: RoundDetail['packs'][number]) => p.handedOverBy ?? '—' }]
            : [{ title: t('rq_against'), render: (_: unknown, p: RoundDetail['packs'][number]) => p.requisitionCode ?? '—' }]),
          { title: t('rq_scannedBy'), dataIndex: 'actorName' },
          { title: t('rq_at'), render: (_, p) => when(p.at) },
        ]}
      />
    </Space>
  );
}

/** Who opened, closed and signed a manifest, when. */
export function ManifestHeader({ round }: { round: Round }) {
  const { t } = useTranslation();
  const name = useName();
  const when = useWhen();
  return (
    <Space wrap size="large">
      <Typography.Text
        strong
      >{`${round.departmentCode} ${name({ nameZh: round.departmentNameZh, nameEn: round.departmentNameEn })}`}</Typography.Text>
      <Tag>{t(`rq_kind_${round.kind}` as MessageKey)}</Tag>
      <RoundStatusTag status={round.status} />
      <span>
        {t('rq_opened')}: {round.openedByName} {when(round.openedAt)}
      </span>
      {round.closedAt && (
        <span>
          {t('rq_closedAt')}: {round.closedByName} {when(round.closedAt)}
        </span>
      )}
      {round.signedAt && (
        <span data-testid="manifest-signed">
          {t('rq_signed')}: {round.signedByName} {when(round.signedAt)}
        </span>
      )}
    </Space>
  );
}

/** A department's templates: base (emergency sets marked), held, in the CSSD's loop, short (red when short). */
export function StockTable({ lines, extra }: { lines: StockLevel[]; extra?: (l: StockLevel) => ReactNode }) {
  const { t } = useTranslation();
  const name = useName();
  return (
    <Table<StockLevel>
      data-testid="stock-levels"
      rowKey="templateId"
      size="small"
      pagination={false}
      dataSource={lines}
      locale={{ emptyText: t('rq_noBase') }}
      onRow={(l) => ({ 'data-testid': 'stock-level', 'data-template': l.templateCode, 'data-shortfall': l.shortfall }) as object}
      columns={[
        {
          title: t('rq_template'),
          render: (_, l) => (
            <Space>
              {`${l.templateCode} ${name(l)}`}
              {l.emergency && <Tag color="red">{t('rq_emergency')}</Tag>}
            </Space>
          ),
        },
        { title: t('rq_base'), dataIndex: 'base', align: 'right' },
        { title: t('rq_held'), dataIndex: 'held', align: 'right' },
        { title: t('rq_inLoop'), dataIndex: 'inLoop', align: 'right' },
        {
          title: t('rq_shortfall'),
          align: 'right',
          render: (_, l) => (l.shortfall > 0 ? <Tag color="red">{l.shortfall}</Tag> : '0'),
        },
        ...(extra ? [{ title: '', render: (_: unknown, l: StockLevel) => extra(l) }] : []),
      ]}
    />
  );
}

/**
 * A dialog whose action cannot be undone (refusing or cancelling a requisition, closing a
 * manifest): what it is about (and, with `reason`, a reason field — required when `reasonRequired`),
 * then a second step that says what will happen. Nothing is sent before the second step.
 */
export function FinalStepDialog(o: {
  open: boolean;
  title: string;
  next: string;
  confirm: string;
  warning: string;
  testId: string;
  reason?: boolean;
  reasonRequired?: boolean;
  children?: ReactNode;
  onClose: () => void;
  onConfirm: (reason: string) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  return (
    <Modal
      open={o.open}
      title={o.title}
      onCancel={o.onClose}
      destroyOnHidden
      afterClose={() => {
        setReason('');
        setConfirming(false);
      }}
      footer={
        <IrreversibleFooter
          confirming={confirming}
          onCancel={o.onClose}
          onBack={() => setConfirming(false)}
          onNext={() => setConfirming(true)}
          onConfirm={() => {
            o.onClose();
            o.onConfirm(reason.trim());
          }}
          next={o.next}
          confirm={o.confirm}
          testId={o.testId}
          nextDisabled={o.reasonRequired && reason.trim().length < 2}
        />
      }
    >
      {confirming ? (
        <Alert type="error" showIcon message={o.warning} description={reason.trim() || undefined} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {o.children}
          {o.reason && (
            <Input.TextArea
              data-testid={`${o.testId}-reason`}
              aria-label={t('rq_reason')}
              placeholder={t('rq_reason')}
              maxLength={200}
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Space>
      )}
    </Modal>
  );
}

/** Sends one write; `ok` makes the line that says what happened from its answer. */
export type Act = <T>(path: string, body: unknown, ok: (answer: T) => string) => Promise<boolean>;

/** A desk's writes: what happened (or the service's refusal) for the banner, and the lists under `refresh` fetched again. */
export function useAction(refresh: string[]): [Outcome | null, Act] {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const qc = useQueryClient();
  const act: Act = async (path, body, ok) => {
    try {
      setOutcome({ ok: true, message: ok(await postOnce(path, body)) });
      return true;
    } catch (e) {
      setOutcome({ ok: false, error: e as ApiError });
      return false;
    } finally {
      for (const key of refresh) void qc.invalidateQueries({ queryKey: [key] });
    }
  };
  return [outcome, act];
}

/**
 * Requisitions as a table: number, (department,) urgency, each line's packs sent so far, status,
 * who asked and when, the note and why it was closed; `action` adds what the reader may do with
 * one still open (refuse, cancel).
 */
export function RequisitionTable(o: {
  rows: Requisition[];
  testId: string;
  rowTestId: string;
  withDepartment?: boolean;
  pageSize?: number;
  action?: (r: Requisition) => ReactNode;
}) {
  const { t } = useTranslation();
  const name = useName();
  const when = useWhen();
  return (
    <Table<Requisition>
      data-testid={o.testId}
      rowKey="id"
      size="small"
      pagination={{ pageSize: o.pageSize ?? 20 }}
      dataSource={o.rows}
      locale={{ emptyText: t('rq_noneOpen') }}
      onRow={(r) => ({ 'data-testid': o.rowTestId, 'data-code': r.code, 'data-status': r.status }) as object}
      columns={[
        { title: t('rq_code'), render: (_, r) => <code>{r.code}</code> },
        ...(o.withDepartment
          ? [
              {
                title: t('rq_department'),
                render: (_: unknown, r: Requisition) =>
                  `${r.departmentCode} ${name({ nameZh: r.departmentNameZh, nameEn: r.departmentNameEn })}`,
              },
            ]
          : []),
        { title: t('rq_urgency'), render: (_, r) => <UrgencyTag urgency={r.urgency} /> },
        { title: t('rq_lines'), render: (_, r) => <RequisitionLines lines={r.lines} /> },
        { title: t('rq_status'), render: (_, r) => <RequisitionStatusTag status={r.status} /> },
        { title: t('rq_requested'), render: (_, r) => `${r.requestedByName} ${when(r.requestedAt)}` },
        { title: t('rq_note'), render: (_, r) => [r.note, r.closureReason].filter(Boolean).join(' · ') },
        ...(o.action
          ? [{ title: '', render: (_: unknown, r: Requisition) => (r.status === 'open' || r.status === 'partial' ? o.action!(r) : null) }]
          : []),
      ]}
    />
  );
}

/** Closing a manifest (it is final: the next scan starts another), asked twice. */
export function CloseRoundDialog(o: { open: boolean; code: string; onClose: () => void; onConfirm: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <FinalStepDialog
      open={o.open}
      title={t('rq_closeTitle', { code: o.code })}
      next={t('rq_close')}
      confirm={t('rq_closeConfirm')}
      warning={t('rq_closeWarning')}
      testId="close-round"
      onClose={o.onClose}
      onConfirm={o.onConfirm}
    >
      {o.children}
    </FinalStepDialog>
  );
}
