import { Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, List, Modal, Radio, Select, Space, Tag, Typography, type InputRef } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { getJson, postFile, postOnce, type ApiError } from '../api/client';
import { ResultPanel, type ScanResult } from '../components/ResultPanel';
import { refocusScan, ScanField } from '../components/ScanField';
import { playResult } from '../sounds';
import type { MessageKey } from '../messages';
import type { Zone } from '../zones';


interface Named {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
}
interface Program extends Named {
  h2o2MinMgL?: number | null;
}
interface Machine extends Named {
  programs: Program[];
  type?: string;
}
interface Template extends Named {
  critical: boolean;
  implant: boolean;
  contents: { nameZh: string; nameEn: string; specification?: string; quantity: number }[];
}
interface Answer {
  summary?: { zh: string; en: string };
  warnings?: { code: string; zh: string; en: string }[];
  pack?: { barcode: string | null; templateCode: string; nameZh: string; nameEn: string; state: string };
}
interface Context {
  department?: Named;
  washerCycle?: { id: string; cycleNo: number; washer: Machine };
  load?: { id: string; cycleNo: number; sterilizer: Machine; status: string };
}
interface SecondPerson {
  badgeCode: string;
  pin: string;
}

/** Scans that need a second person answer this code first; the station then asks for a badge + PIN. */
const NEEDS_SECOND_PERSON = 'SECOND_PERSON_REQUIRED';

function useCatalog<T>(path: string) {
  return useQuery({ queryKey: [path], queryFn: () => getJson<T[]>(path), staleTime: 60_000 });
}

/**
 * A zone's scanning station (§3.2): one scan field, the station's context at the top (changed by
 * scanning a department's, washer's or sterilizer's code), the answer filling the screen, and
 * the last scans below. Nobody types or sees a UUID.
 */
export function StationPage() {
  const { zone = 'recycling' } = useParams<{ zone: Zone }>();
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const name = (x: { nameZh: string; nameEn: string }) => (zh ? x.nameZh : x.nameEn);
  const departments = useCatalog<Named>('/api/departments');
  const washers = useCatalog<Machine>('/api/washers');
  const sterilizers = useCatalog<Machine>('/api/sterilizers');
  const templates = useCatalog<Template>('/api/set-templates');

  const [context, setContext] = useState<Context>({});
  const [result, setResult] = useState<ScanResult | null>(null);
  const [recent, setRecent] = useState<ScanResult[]>([]);
  const [lastTemplate, setLastTemplate] = useState<Template | null>(null);
  const [dialog, setDialog] = useState<null | 'second' | 'washer' | 'unload'>(null);
  const pendingSecond = useRef<((p: SecondPerson | null) => void) | null>(null);
  const [contamination, setContamination] = useState('routine');
  const [location, setLocation] = useState('');
  const [inspection, setInspection] = useState({ clean: true, functional: true, complete: true });
  // The station's Zebra printer (remembered per browser); none: the PDF label through the print dialog.
  const printers = useQuery({ queryKey: ['/api/labels/printers'], queryFn: () => getJson<{ name: string; address: string }[]>('/api/labels/printers'), enabled: zone === 'loading' });
  const [printer, setPrinterState] = useState<string>(() => localStorage.getItem('cssd.printer') ?? '');
  const setPrinter = (p: string) => {
    localStorage.setItem('cssd.printer', p);
    setPrinterState(p);
    refocusScan();
  };
  const [lastLabel, setLastLabel] = useState<string | null>(null);
  const queue = useRef(Promise.resolve());

  useEffect(() => {
    localStorage.setItem('cssd.station', `WEB-${zone.toUpperCase()}`);
    setContext({});
    setResult(null);
    setRecent([]);
    setLastTemplate(null);
  }, [zone]);

  const show = useCallback((r: ScanResult) => {
    setResult(r);
    setRecent((list) => [r, ...list].slice(0, 20));
    playResult(r.ok ? (r.warnings.length ? 'warning' : 'ok') : 'error');
  }, []);
  const ok = (code: string, message: string, answer?: Answer) =>
    show({ at: new Date(), code, ok: true, message, warnings: (answer?.warnings ?? []).map((w) => (zh ? w.zh : w.en)) });
  const refused = (code: string, e: ApiError | { message: string; code?: string }) => show({ at: new Date(), code, ok: false, message: e.message, errorCode: e.code, warnings: [] });
  const summary = (a: Answer) => (a.summary ? (zh ? a.summary.zh : a.summary.en) : t('outcomeOk'));

  const askSecondPerson = () =>
    new Promise<SecondPerson | null>((resolve) => {
      pendingSecond.current = resolve;
      setDialog('second');
    });

  const rememberTemplate = (a: Answer) => {
    const tpl = templates.data?.find((x) => x.code === a.pack?.templateCode);
    if (tpl) setLastTemplate(tpl);
  };

  /** A machine or department code changes the station's context instead of being sent as a pack. */
  const contextScan = async (code: string): Promise<boolean> => {
    const upper = code.toUpperCase();
    const byCode = <T extends Named>(list?: T[]) => list?.find((x) => x.active && x.code.toUpperCase() === upper);
    if (zone === 'recycling' || zone === 'dispatch') {
      const d = byCode(departments.data);
      if (d) {
        setContext((c) => ({ ...c, department: d }));
        ok(code, t('contextSet', { what: t('department'), code: `${d.code} ${name(d)}` }));
        return true;
      }
    }
    if (zone === 'cleaning') {
      const w = byCode(washers.data);
      if (w) {
        const program = w.programs.find((p) => p.active);
        const cycle = await postOnce<{ id: string; cycleNo: number }>('/api/cleaning/cycles', { washerId: w.id, programId: program?.id });
        setContext((c) => ({ ...c, washerCycle: { id: cycle.id, cycleNo: cycle.cycleNo, washer: w } }));
        ok(code, t('washerCycleOpened', { washer: w.code, cycle: cycle.cycleNo }));
        return true;
      }
    }
    if (zone === 'loading') {
      const s = byCode(sterilizers.data);
      if (s) {
        const program = s.programs.find((p) => p.active && p.code !== 'BD');
        const load = await postOnce<{ id: string; cycleNo: number; status: string } & Answer>('/api/loads', { sterilizerId: s.id, programId: program?.id });
        setContext((c) => ({ ...c, load: { id: load.id, cycleNo: load.cycleNo, sterilizer: s, status: load.status } }));
        ok(code, t('loadOpened', { sterilizer: s.code, cycle: load.cycleNo }), load);
        return true;
      }
    }
    return false;
  };

  const scan = async (code: string) => {
    try {
      if (await contextScan(code)) return;
      let answer: Answer;
      switch (zone) {
        case 'recycling':
          if (!context.department) return refused(code, { message: t('scanDepartmentFirst') });
          answer = await postOnce('/api/recycling/scan', { code, departmentId: context.department.id, contaminationClass: contamination });
          break;
        case 'cleaning':
          if (!context.washerCycle) return refused(code, { message: t('scanWasherFirst') });
          answer = await postOnce(`/api/cleaning/cycles/${context.washerCycle.id}/scan`, { code });
          break;
        case 'packing': {
          const body = { code, inspection };
          try {
            answer = await postOnce('/api/packing/sets', body);
          } catch (e) {
            if ((e as ApiError).code !== NEEDS_SECOND_PERSON) throw e;
            const second = await askSecondPerson();
            if (!second) return refused(code, e as ApiError);
            answer = await postOnce('/api/packing/sets', { ...body, secondPerson: second });
          }
          break;
        }
        case 'loading':
          if (!context.load) return refused(code, { message: t('scanSterilizerFirst') });
          answer = await postOnce(`/api/loads/${context.load.id}/packs`, { code });
          // The label goes on now, before the pack enters the chamber (the service allows it from here on).
          if (answer.pack?.barcode) {
            rememberTemplate(answer);
            ok(code, summary(answer), answer);
            await printLabel(answer.pack.barcode);
            return;
          }
          break;
        case 'storage':
          answer = await postOnce('/api/storage/scan', { code, ...(location ? { location } : {}) });
          break;
        case 'dispatch':
          if (!context.department) return refused(code, { message: t('scanDepartmentFirst') });
          answer = await postOnce('/api/dispatch/scan', { code, departmentId: context.department.id });
          break;
      }
      rememberTemplate(answer);
      ok(code, summary(answer), answer);
    } catch (e) {
      refused(code, e as ApiError);
    }
  };

  /** Prints a pack's label: on the station's Zebra printer, or as a PDF through the browser's print dialog. */
  const printLabel = async (barcode: string, reason?: string) => {
    setLastLabel(barcode);
    try {
      if (printer) {
        const sent = await postOnce<{ printNo: number }>(`/api/labels/packs/${barcode}/send`, { printer, ...(reason ? { reason } : {}) });
        ok(barcode, t('labelSent', { printer, no: sent.printNo }));
        return;
      }
      const pdf = await postFile(`/api/labels/packs/${barcode}/${reason ? 'reprint' : 'print'}`, { format: 'pdf', ...(reason ? { reason } : {}) });
      const url = URL.createObjectURL(pdf);
      const frame = document.createElement('iframe');
      frame.style.display = 'none';
      frame.src = url;
      frame.onload = () => frame.contentWindow?.print();
      document.body.appendChild(frame);
      ok(barcode, t('labelPrinted'));
    } catch (e) {
      refused(barcode, e as ApiError);
    }
  };

  const reprint = () => {
    if (!lastLabel) return;
    let reason = '';
    Modal.confirm({
      title: t('reprintLabel'),
      content: <Input data-testid="reprint-reason" autoFocus placeholder={t('reprintReason')} onChange={(e) => (reason = e.target.value)} />,
      okText: t('print'),
      cancelText: t('cancel'),
      onOk: () => printLabel(lastLabel, reason.trim() || undefined),
    });
  };

  // Scans are handled one after another, in the order they were made.
  const onScan = (code: string) => {
    queue.current = queue.current.then(() => scan(code));
  };

  const loadAction = async (path: string, body: object = {}) => {
    if (!context.load) return;
    try {
      const answer = await postOnce<Answer & { status: string }>(`/api/loads/${context.load.id}/${path}`, body);
      ok(`${context.load.sterilizer.code}-${context.load.cycleNo}`, summary(answer), answer);
      setContext((c) => (c.load ? { ...c, load: path === 'complete' ? undefined : { ...c.load, status: answer.status } } : c));
    } catch (e) {
      refused(`${context.load.sterilizer.code}-${context.load.cycleNo}`, e as ApiError);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card size="small" data-testid="context">
        <Space wrap size="large" style={{ fontSize: 18 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t(`zone_${zone}` as MessageKey)}
          </Typography.Title>
          {(zone === 'recycling' || zone === 'dispatch') && (
            <span data-testid="context-department">
              {t('department')}: {context.department ? <Tag color="blue" style={{ fontSize: 18 }}>{`${context.department.code} ${name(context.department)}`}</Tag> : t('none')}
            </span>
          )}
          {zone === 'recycling' && (
            <Radio.Group value={contamination} onChange={(e) => { setContamination(e.target.value); refocusScan(); }} optionType="button" options={[
              { value: 'routine', label: zh ? '常规' : 'Routine' },
              { value: 'multidrug_resistant', label: zh ? '多重耐药' : 'MDR' },
              { value: 'special_infection', label: zh ? '特殊感染' : 'Special infection' },
              { value: 'prion', label: zh ? '朊毒体' : 'Prion' },
            ]} />
          )}
          {zone === 'cleaning' && (
            <span data-testid="context-washer">
              {t('washerCycle')}: {context.washerCycle ? <Tag color="blue" style={{ fontSize: 18 }}>{`${context.washerCycle.washer.code} #${context.washerCycle.cycleNo}`}</Tag> : t('none')}
              {context.washerCycle && <Button data-testid="complete-washer" style={{ marginLeft: 12 }} onClick={() => setDialog('washer')}>{t('completeWasherCycle')}</Button>}
            </span>
          )}
          {zone === 'loading' && (
            <span data-testid="context-load">
              {t('load')}: {context.load ? <Tag color="blue" style={{ fontSize: 18 }}>{`${context.load.sterilizer.code} #${context.load.cycleNo} · ${context.load.status}`}</Tag> : t('none')}
              {context.load?.status === 'open' && <Button data-testid="start-load" type="primary" style={{ marginLeft: 12 }} onClick={() => loadAction('start')}>{t('startLoad')}</Button>}
              {context.load?.status === 'running' && <Button data-testid="unload" type="primary" style={{ marginLeft: 12 }} onClick={() => setDialog('unload')}>{t('unloadLoad')}</Button>}
            </span>
          )}
          {zone === 'loading' && (
            <Space>
              {t('labelPrinter')}
              <Select
                data-testid="printer"
                style={{ width: 220 }}
                value={printer}
                onChange={setPrinter}
                options={[{ value: '', label: t('printDialog') }, ...(printers.data ?? []).map((p) => ({ value: p.name, label: `${p.name} (${p.address})` }))]}
              />
              {lastLabel && <Button data-testid="reprint" onClick={reprint}>{t('reprintLabel')} {lastLabel}</Button>}
            </Space>
          )}
          {zone === 'storage' && (
            <Space>
              {t('location')}
              <Input data-testid="location" value={location} onChange={(e) => setLocation(e.target.value)} onPressEnter={refocusScan} style={{ width: 120 }} />
            </Space>
          )}
          {zone === 'packing' && (
            <Space>
              {t('inspection')}:
              <Checkbox checked={inspection.clean} onChange={(e) => setInspection((i) => ({ ...i, clean: e.target.checked }))}>{t('inspectClean')}</Checkbox>
              <Checkbox checked={inspection.functional} onChange={(e) => setInspection((i) => ({ ...i, functional: e.target.checked }))}>{t('inspectFunctional')}</Checkbox>
              <Checkbox checked={inspection.complete} onChange={(e) => setInspection((i) => ({ ...i, complete: e.target.checked }))}>{t('inspectComplete')}</Checkbox>
            </Space>
          )}
        </Space>
      </Card>

      <ScanField onScan={onScan} paused={dialog !== null} />
      <ResultPanel result={result} />

      {lastTemplate && (zone === 'recycling' || zone === 'packing') && (
        <Card size="small" title={`${t('contents')} — ${lastTemplate.code} ${name(lastTemplate)}`} data-testid="contents">
          <List
            size="small"
            dataSource={lastTemplate.contents}
            renderItem={(line) => (
              <List.Item>
                <Checkbox defaultChecked={false}>
                  {name(line)} {line.specification ?? ''} × {line.quantity}
                </Checkbox>
              </List.Item>
            )}
          />
        </Card>
      )}

      <Card size="small" title={t('lastScans')}>
        <List
          data-testid="recent"
          locale={{ emptyText: t('noScansYet') }}
          dataSource={recent}
          renderItem={(r) => (
            <List.Item>
              <Space>
                <Tag color={r.ok ? (r.warnings.length ? '#ad6800' : '#1f7a1f') : '#b42318'}>{r.ok ? t('outcomeOk') : t('outcomeRefused')}</Tag>
                <span>{r.at.toLocaleTimeString(zh ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai' })}</span>
                <code>{r.code}</code>
                <span>{r.message}</span>
              </Space>
            </List.Item>
          )}
        />
      </Card>

      <SecondPersonDialog
        open={dialog === 'second'}
        onDone={(p) => {
          setDialog(null);
          pendingSecond.current?.(p);
          pendingSecond.current = null;
        }}
      />
      <WasherDialog
        open={dialog === 'washer'}
        onCancel={() => setDialog(null)}
        onSubmit={async (run) => {
          setDialog(null);
          if (!context.washerCycle) return;
          const label = `${context.washerCycle.washer.code} #${context.washerCycle.cycleNo}`;
          try {
            const answer = await postOnce<Answer & { status: string }>(`/api/cleaning/cycles/${context.washerCycle.id}/complete`, run);
            ok(label, answer.summary ? summary(answer) : `${label}: ${answer.status}`, answer);
            setContext((c) => ({ ...c, washerCycle: undefined }));
          } catch (e) {
            refused(label, e as ApiError);
          }
        }}
      />
      <UnloadDialog
        open={dialog === 'unload'}
        onCancel={() => setDialog(null)}
        onSubmit={(body) => {
          setDialog(null);
          void loadAction('complete', body);
        }}
      />
      {context.load && (
        <Descriptions size="small" column={2}>
          <Descriptions.Item label={t('sterilizer')}>{`${context.load.sterilizer.code} ${name(context.load.sterilizer)}`}</Descriptions.Item>
        </Descriptions>
      )}
    </Space>
  );
}

/** The second person's badge (a badge scan fills it and moves on) and PIN. */
function SecondPersonDialog({ open, onDone }: { open: boolean; onDone: (p: SecondPerson | null) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SecondPerson>();
  const badge = useRef<InputRef>(null);
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  // The badge field takes the focus once the dialog is there (the dialog's own focus handling comes
  // first): the second person's badge scan must land in it, not in the page behind.
  return (
    <Modal open={open} title={t('secondPerson')} okText={t('ok')} cancelText={t('cancel')} destroyOnHidden onCancel={() => onDone(null)} onOk={() => form.submit()} afterOpenChange={(o) => o && badge.current?.focus()}>
      <Form form={form} layout="vertical" onFinish={(v) => onDone(v)}>
        <Form.Item name="badgeCode" label={t('badge')} rules={[{ required: true }]}>
          <Input ref={badge} data-testid="second-badge" autoFocus size="large" onPressEnter={(e) => { e.preventDefault(); (document.querySelector('[data-testid="second-pin"]') as HTMLInputElement | null)?.focus(); }} />
        </Form.Item>
        <Form.Item name="pin" label={t('pin')} rules={[{ required: true }]}>
          <Input.Password data-testid="second-pin" size="large" onPressEnter={() => form.submit()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function WasherDialog({ open, onCancel, onSubmit }: { open: boolean; onCancel: () => void; onSubmit: (run: object) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  return (
    <Modal open={open} title={t('completeWasherCycle')} okText={t('submit')} cancelText={t('cancel')} onCancel={onCancel} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ temperatureC: 93, disinfectMinutes: 5, a0: 3000, passed: true }} onFinish={onSubmit}>
        <Form.Item name="temperatureC" label={t('temperature')} rules={[{ required: true }]}><InputNumber data-testid="washer-temp" min={0} max={150} /></Form.Item>
        <Form.Item name="disinfectMinutes" label={t('minutes')} rules={[{ required: true }]}><InputNumber min={0} max={600} /></Form.Item>
        <Form.Item name="a0" label={t('a0')} rules={[{ required: true }]}><InputNumber min={0} max={1000000} /></Form.Item>
        <Form.Item name="passed" label={t('passed')}><Select options={[{ value: true, label: t('passed') }, { value: false, label: t('failed') }]} /></Form.Item>
      </Form>
    </Modal>
  );
}

/** Unloading: the run's physical record, the load indicator, and the co-signing monitor's badge + PIN. */
function UnloadDialog({ open, onCancel, onSubmit }: { open: boolean; onCancel: () => void; onSubmit: (body: object) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  return (
    <Modal open={open} title={t('unloadLoad')} okText={t('submit')} cancelText={t('cancel')} onCancel={onCancel} onOk={() => form.submit()} destroyOnHidden width={640}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ tempMinC: 134.5, tempMaxC: 136, holdMinutes: 4.5, pressureMinKpa: 210, pressureMaxKpa: 225, loadIndicatorPassed: true }}
        onFinish={(v) =>
          onSubmit({
            physical: { tempMinC: v.tempMinC, tempMaxC: v.tempMaxC, holdMinutes: v.holdMinutes, pressureMinKpa: v.pressureMinKpa, pressureMaxKpa: v.pressureMaxKpa },
            loadIndicatorPassed: v.loadIndicatorPassed,
            exceptions: [],
            secondPerson: { badgeCode: v.badgeCode, pin: v.pin },
          })
        }
      >
        <Space wrap>
          <Form.Item name="tempMinC" label={t('tempMin')} rules={[{ required: true }]}><InputNumber /></Form.Item>
          <Form.Item name="tempMaxC" label={t('tempMax')} rules={[{ required: true }]}><InputNumber /></Form.Item>
          <Form.Item name="holdMinutes" label={t('holdMinutes')} rules={[{ required: true }]}><InputNumber /></Form.Item>
          <Form.Item name="pressureMinKpa" label={t('pressureMin')}><InputNumber /></Form.Item>
          <Form.Item name="pressureMaxKpa" label={t('pressureMax')}><InputNumber /></Form.Item>
        </Space>
        <Form.Item name="loadIndicatorPassed" valuePropName="checked"><Checkbox>{t('loadIndicatorPassed')}</Checkbox></Form.Item>
        <Typography.Text strong>{t('secondPerson')}</Typography.Text>
        <Form.Item name="badgeCode" label={t('badge')} rules={[{ required: true }]}><Input data-testid="unload-badge" /></Form.Item>
        <Form.Item name="pin" label={t('pin')} rules={[{ required: true }]}><Input.Password data-testid="unload-pin" /></Form.Item>
      </Form>
    </Modal>
  );
}
