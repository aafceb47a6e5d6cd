import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { postOnce, type ApiError } from '../api/client';
import { IrreversibleFooter } from '../components/IrreversibleFooter';
import { OutcomeBanner, useName, useWhen, type Outcome } from '../components/desk';

export interface HeldLoad {
  loadId: string;
  sterilizerCode: string;
  cycleNo: number;
  pcdType5Passed: boolean | null;
  earliestBiReadAt: string | null;
  biReadable: boolean;
  implantPacks: { barcode: string; templateCode: string; nameZh: string; nameEn: string }[];
}

/**
 * Emergency releases waiting for the head nurse's approval (WS 310.3 4.4.2.3.2): implant loads
 * whose implants are still held for their BI. Approving asks which implants, why, and then once
 * more (it cannot be undone); the service decides (PCD type 5 passed, no BI failed) and its
 * refusal is shown as it said it. A load leaves the list once none of its implants is held.
 */
export function EmergencyApprovals({ loads }: { loads: HeldLoad[] }) {
  const { t } = useTranslation();
  const when = useWhen();
  const qc = useQueryClient();
  const [approving, setApproving] = useState<HeldLoad | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const waiting = loads.filter((l) => l.implantPacks.length > 0);
  const loadLabel = (l: HeldLoad) => t('mon_loadLabel', { sterilizer: l.sterilizerCode, cycle: l.cycleNo });

  return (
    <Card title={t('board_approvals', { n: waiting.length })} size="small" data-testid="board-approvals">
      <Space direction="vertical" style={{ width: '100%' }}>
        <OutcomeBanner outcome={outcome} testId="approval-outcome" />
        <Table
          size="small"
          rowKey="loadId"
          pagination={false}
          dataSource={waiting}
          locale={{ emptyText: t('board_noApprovals') }}
          onRow={(l) => ({ 'data-testid': `approval-${l.sterilizerCode}-${l.cycleNo}` }) as object}
          columns={[
            { title: t('load'), render: (_, l) => <b>{loadLabel(l)}</b>, width: 140 },
            {
              title: t('board_heldImplants'),
              render: (_, l) => (
                <Space size={4} wrap>
                  {l.implantPacks.map((p) => (
                    <Tag key={p.barcode} color="purple">
                      {p.barcode}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('mon_pcd'),
              render: (_, l) =>
                l.pcdType5Passed === null ? (
                  <Tag color="orange">{t('mon_pcdMissing')}</Tag>
                ) : (
                  <Tag color={l.pcdType5Passed ? 'green' : 'red'}>{t(l.pcdType5Passed ? 'passed' : 'failed')}</Tag>
                ),
              width: 110,
            },
            {
              title: t('mon_readFrom'),
              render: (_, l) => (l.biReadable ? <Tag color="green">{t('mon_readableNow')}</Tag> : when(l.earliestBiReadAt)),
              width: 120,
            },
            {
              title: t('board_emergency'),
              width: 120,
              render: (_, l) => (
                <Button danger data-testid="approve" onClick={() => setApproving(l)}>
                  {t('board_approve')}
                </Button>
              ),
            },
          ]}
        />
      </Space>
      <ApprovalDialog
        load={approving}
        label={approving ? loadLabel(approving) : ''}
        onClose={() => setApproving(null)}
        onDone={(o) => {
          setApproving(null);
          setOutcome(o);
          void qc.invalidateQueries({ queryKey: ['/api/board'] });
        }}
      />
    </Card>
  );
}

/** Which implants and why, then a second step that says it cannot be undone. */
function ApprovalDialog({
  load,
  label,
  onClose,
  onDone,
}: {
  load: HeldLoad | null;
  label: string;
  onClose: () => void;
  onDone: (o: Outcome) => void;
}) {
  const { t } = useTranslation();
  const name = useName();
  const [form] = Form.useForm<{ barcodes: string[]; reason: string }>();
  const [confirming, setConfirming] = useState<{ barcodes: string[]; reason: string } | null>(null);
  const [sending, setSending] = useState(false);

  const send = async () => {
    if (!load || !confirming) return;
    setSending(true);
    try {
      const a = await postOnce<{ released: number }>(`/api/monitoring/loads/${load.loadId}/emergency-release`, confirming);
      onDone({ ok: true, message: t('board_approved', { n: a.released, load: label }) });
    } catch (e) {
      onDone({ ok: false, error: e as ApiError });
    } finally {
      setSending(false);
    }
  };

  return (
    <Modal
      open={load !== null}
      title={t('board_approveTitle', { load: label })}
      destroyOnHidden
      afterClose={() => setConfirming(null)}
      onCancel={onClose}
      footer={
        <IrreversibleFooter
          confirming={confirming !== null}
          onCancel={onClose}
          onBack={() => setConfirming(null)}
          onNext={() => form.submit()}
          onConfirm={() => void send()}
          next={t('board_approve')}
          confirm={t('board_approveConfirm')}
          testId="approve"
          sending={sending}
        />
      }
    >
      {confirming ? (
        <Alert
          data-testid="approve-warning"
          type="error"
          showIcon
          message={<span style={{ fontSize: 18 }}>{t('board_approveAreYouSure', { n: confirming.barcodes.length, load: label })}</span>}
          description={
            <Space direction="vertical">
              <span>{t('board_approveIrreversible')}</span>
              <Typography.Text italic>{confirming.reason}</Typography.Text>
            </Space>
          }
        />
      ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ barcodes: load?.implantPacks.map((p) => p.barcode) ?? [] }}
          onFinish={(v) => setConfirming({ barcodes: v.barcodes, reason: v.reason.trim() })}
        >
          <Typography.Paragraph type="secondary">{t('board_approveHint')}</Typography.Paragraph>
          <Form.Item
            name="barcodes"
            label={t('board_heldImplants')}
            rules={[{ required: true, type: 'array', min: 1, message: t('board_approvePickOne') }]}
          >
            <Checkbox.Group data-testid="approve-packs">
              <Space direction="vertical">
                {(load?.implantPacks ?? []).map((p) => (
                  <Checkbox key={p.barcode} value={p.barcode}>
                    <code>{p.barcode}</code> {name(p)}
                  </Checkbox>
                ))}
              </Space>
            </Checkbox.Group>
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('board_approveReason')}
            rules={[
              { required: true, whitespace: true, message: t('rc_reasonLength') },
              {
                validator: (_, v: string | undefined) =>
                  !v || (v.trim().length >= 5 && v.trim().length <= 300)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('rc_reasonLength'))),
              },
            ]}
          >
            <Input.TextArea data-testid="approve-reason" rows={3} maxLength={300} autoFocus />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
