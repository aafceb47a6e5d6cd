import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
  type InputRef,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { startTransition, useCallback, useEffect, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { getJson, postFile, postOnce, type ApiError } from '../api/client';
import type { ScanResult } from '../components/ResultPanel';
import { ScanLog, ScanLogRecent, ScanLogResult } from '../components/scan-log';
import { refocusScan, ScanField } from '../components/ScanField';
import { playResult } from '../sounds';
import type { MessageKey } from '../messages';
import { shortLineText, type ShortLine } from '../components/shortfall';
import { LABEL_PRINTERS, STATION_CATALOGS, type Zone } from '../zones';
import { HOSPITAL_TZ, hospitalLocal } from '../hospital-time';
import { RequisitionPicker, RoundPanel, STATION_ROUNDS_KEY } from '../components/StationRounds';
import type { Requisition } from '../components/requisitions';
import type { components } from '../api/schema';

type BiProduct = components['schemas']['BiProductView'];
type LoadBi = components['schemas']['LoadBiView'];

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
  maxWeightKg?: number | null;
  contents: { nameZh: string; nameEn: string; specification?: string; quantity: number }[];
}
/** What the recycling count sends: contents lines (from 1) missing or damaged, never free text. */
interface Counts {
  missing: { line: number; quantity: number }[];
  damaged: { line: number; quantity: number }[];
}
interface Answer {
  summary?: { zh: string; en: string };
  warnings?: { code: string; zh: string; en: string }[];
  pack?: { barcode: string | null; templateCode: string; nameZh: string; nameEn: string; state: string };
  /** Dispatch: the requisition the pack was sent against, as the scan left it. */
  requisition?: Pick<Requisition, 'id' | 'code' | 'status' | 'lines'> | null;
}
/** A requisition's barcode, scanned at the dispatch station (src/requisitions/requisition-rules.ts). */
const REQUISITION_CODE = /^RQ\d{1,9}$/i;
interface Context {
  department?: Named;
  washerCycle?: { id: string; cycleNo: number; washer: Machine };
  load?: { id: string; cycleNo: number; sterilizer: Machine; status: string };
}
interface ManualClean {
  agent: string;
  concentration: string;
  temperatureC: number | null;
  minutes: number | null;
  passed: boolean;
  reason: 'washer_failed' | 'not_washable';
}
interface SecondPerson {
  badgeCode: string;
  pin: string;
}
/** What the loading station needs to know about its open load before the start (GET /api/loads/:id). */
interface LoadState {
  packs: unknown[];
  unprintedLabels: string[];
  loadingCheckNeedsSecondPerson: boolean;
  loadingCheck: { passed: boolean; current: boolean } | null;
  bis: LoadBi[];
}
/** A start the service refused for want of a BI (§4.2): the station offers to place one right there. */
const NEEDS_A_BI = ['LOAD_NEEDS_BI', 'BI_OVERDUE'];
const CHECK_ITEMS = ['packaging', 'quantity', 'specification', 'loadingMethod'] as const;

/** Scans that need a second person answer this code first; the station then asks for a badge + PIN. */
const NEEDS_SECOND_PERSON = 'SECOND_PERSON_REQUIRED';
/** A set that came back short: the packing station shows what it lacks and how to go on. */
const SHORTFALL_OPEN = 'SHORTFALL_OPEN';

/** A station catalog's query: read by the page (useCatalog) and waited for by a scan (contextScan). */
const catalogQuery = <T,>(path: string) => ({ queryKey: [path], queryFn: () => getJson<T[]>(path), staleTime: 60_000 });

function useCatalog<T>(path: string) {
  return useQuery(catalogQuery<T>(path));
}

/**
 * A zone's scanning station (§3.2): one scan field, the station's context at the top (changed by
 * scanning a department's, washer's or sterilizer's code), the answer filling the screen, and
 * the last scans below. Nobody types or sees a UUID.
 */
export function StationPage() {
  const { zone = 'recycling' } = useParams<{ zone: Zone }>();
  const { t, i18n } = useTranslation();
  // The app's modal (not the static Modal.confirm): it takes the theme and the build's extracted styles.
  const { modal } = App.useApp();
  const zh = i18n.language !== 'en';
  const name = (x: { nameZh: string; nameEn: string }) => (zh ? x.nameZh : x.nameEn);
  const [departmentsPath, washersPath, sterilizersPath, templatesPath] = STATION_CATALOGS;
  // Asked for with the page (contextScan waits for them if a scan comes first).
  useCatalog<Named>(departmentsPath);
  useCatalog<Machine>(washersPath);
  useCatalog<Machine>(sterilizersPath);
  const templates = useCatalog<Template>(templatesPath);

  const [context, setContext] = useState<Context>({});
  // The dispatch station works through a requisition of the department in context (issue 16).
  const [requisition, setRequisition] = useState<Requisition | null>(null);
  const qc = useQueryClient();
  const [log] = useState(() => new ScanLog());
  const [lastTemplate, setLastTemplate] = useState<Template | null>(null);
  const [dialog, setDialog] = useState<null | 'second' | 'approval' | 'count' | 'washer' | 'unload' | 'check' | 'bi'>(null);
  // The service's refusal of the start for want of a BI (LOAD_NEEDS_BI, BI_OVERDUE), until one is placed.
  const [biNeeded, setBiNeeded] = useState<string | null>(null);
  const pendingSecond = useRef<((p: SecondPerson | null) => void) | null>(null);
  const [contamination, setContamination] = useState('routine');
  const [handover, setHandover] = useState('');
  const [counting, setCounting] = useState<{ code: string; template: Template } | null>(null);
  const pendingCount = useRef<((c: Counts | null) => void) | null>(null);
  const [shortfall, setShortfall] = useState<{ code: string; lines: ShortLine[] } | null>(null);
  const [location, setLocation] = useState('');
  const [inspection, setInspection] = useState({ clean: true, functional: true, complete: true, label: true, indicatorTape: true });
  const [weightKg, setWeightKg] = useState<number | null>(null);
  // The cleaning station cleans in a washer (its cycle) or by hand, with the manual clean's record.
  const [byHand, setByHand] = useState(false);
  const [manual, setManual] = useState<ManualClean>({
    agent: '',
    concentration: '',
    temperatureC: null,
    minutes: null,
    passed: true,
    reason: 'washer_failed',
  });
  // The station's Zebra printer (remembered per browser); none: the PDF label through the print dialog.
  const printers = useQuery({
    queryKey: [LABEL_PRINTERS],
    queryFn: () => getJson<{ name: string; address: string }[]>(LABEL_PRINTERS),
    enabled: zone === 'loading',
  });
  const [printer, setPrinterState] = useState<string>(() => localStorage.getItem('cssd.printer') ?? '');
  const setPrinter = (p: string) => {
    localStorage.setItem('cssd.printer', p);
    setPrinterState(p);
    refocusScan();
  };
  const [lastLabel, setLastLabel] = useState<string | null>(null);
  // The open load as the service sees it: labels still to print, the loading check (issue 18).
  const [loadState, setLoadState] = useState<LoadState | null>(null);
  const loadId = context.load?.status === 'open' ? context.load.id : null;
  const refreshLoad = useCallback(async () => {
    if (!loadId) return setLoadState(null);
    try {
      setLoadState(await getJson<LoadState>(`/api/loads/${loadId}`));
    } catch {
      // The panel stays as it was; the start re-checks everything on the service anyway.
    }
  }, [loadId]);
  useEffect(() => {
    void refreshLoad();
    setBiNeeded(null);
  }, [refreshLoad]);
  const queue = useRef(Promise.resolve());

  useEffect(() => {
    localStorage.setItem('cssd.station', `WEB-${zone.toUpperCase()}`);
    setContext({});
    setRequisition(null);
    log.clear();
    setLastTemplate(null);
    setShortfall(null);
  }, [zone, log]);

  const show = useCallback(
    (r: ScanResult) => {
      log.push(r);
      playResult(r.ok ? (r.warnings.length ? 'warning' : 'ok') : 'error');
    },
    [log],
  );
  const ok = (code: string, message: string, answer?: Answer) =>
    show({ at: new Date(), code, ok: true, message, warnings: (answer?.warnings ?? []).map((w) => (zh ? w.zh : w.en)) });
  const refused = (code: string, e: ApiError | { message: string; code?: string }) =>
    show({ at: new Date(), code, ok: false, message: e.message, errorCode: e.code, warnings: [] });
  const summary = (a: Answer) => (a.summary ? (zh ? a.summary.zh : a.summary.en) : t('outcomeOk'));

  const askSecondPerson = (kind: 'second' | 'approval' = 'second') =>
    new Promise<SecondPerson | null>((resolve) => {
      pendingSecond.current = resolve;
      setDialog(kind);
    });

  /** The count at recycling, line by line against the scanned set's template (null: cancelled). */
  const askCount = (code: string, template: Template) =>
    new Promise<Counts | null>((resolve) => {
      pendingCount.current = resolve;
      setCounting({ code, template });
      setDialog('count');
    });

  /** The template of a scanned set (its asset code, or the label of the pack it came back in); null for anything else. */
  const templateOfScan = async (code: string): Promise<Template | null> => {
    // A template added since the station loaded its list is fetched again: a set is never recorded uncounted.
    const find = async (pick: (x: Template) => boolean) =>
      templates.data?.find(pick) ?? (await templates.refetch()).data?.find(pick) ?? null;
    const sets = await getJson<{ templateId: string }[]>(`/api/instrument-sets?assetCode=${encodeURIComponent(code)}`).catch(() => []);
    if (sets[0]) return find((x) => x.id === sets[0].templateId);
    const trace = await getJson<{ pack: { setAssetCode: string | null; templateCode: string } }>(
      `/api/trace/packs/${encodeURIComponent(code)}`,
    ).catch(() => null);
    return trace?.pack.setAssetCode ? find((x) => x.code === trace.pack.templateCode) : null;
  };

  /**
   * Inspects and packs a set: asks for the second person when the service wants one; a set that
   * came back short is shown with its shortfall (replace, or the head nurse approves packing short).
   */
  const packSet = async (code: string, extra: { shortApproval?: SecondPerson } = {}): Promise<Answer> => {
    let body: Record<string, unknown> = { code, inspection: { ...inspection, ...(weightKg != null ? { weightKg } : {}) }, ...extra };
    for (;;) {
      try {
        const answer = await postOnce<Answer>('/api/packing/sets', body);
        setShortfall(null);
        return answer;
      } catch (e) {
        const err = e as ApiError;
        if (err.code === NEEDS_SECOND_PERSON && !body.secondPerson) {
          const second = await askSecondPerson();
          if (second) {
            body = { ...body, secondPerson: second };
            continue;
          }
        }
        if (err.code === SHORTFALL_OPEN) setShortfall({ code, lines: (err.details as { shortfall: ShortLine[] }).shortfall });
        throw err;
      }
    }
  };

  const replaceLine = async (line: ShortLine) => {
    if (!shortfall) return;
    const code = shortfall.code;
    try {
      const answer = await postOnce<Answer & { shortfall: ShortLine[] }>('/api/packing/replacements', {
        code,
        line: line.line,
        quantity: line.quantity,
      });
      setShortfall(answer.shortfall.length ? { code, lines: answer.shortfall } : null);
      ok(code, summary(answer), answer);
    } catch (e) {
      refused(code, e as ApiError);
    }
  };

  const packShort = async () => {
    if (!shortfall) return;
    const code = shortfall.code;
    const approval = await askSecondPerson('approval');
    if (!approval) return;
    try {
      const answer = await packSet(code, { shortApproval: approval });
      rememberTemplate(answer);
      ok(code, summary(answer), answer);
    } catch (e) {
      refused(code, e as ApiError);
    }
  };

  // The contents card redraws the station: after the answer is on screen.
  const rememberTemplate = (a: Answer) => {
    const tpl = templates.data?.find((x) => x.code === a.pack?.templateCode);
    if (tpl) startTransition(() => setLastTemplate(tpl));
  };

  /** A machine or department code changes the station's context instead of being sent as a pack. */
  const contextScan = async (code: string): Promise<boolean> => {
    const upper = code.toUpperCase();
    // A catalog still loading is waited for: scanned as soon as the page opens, a sterilizer's code
    // would otherwise go to the service as a pack's barcode and come back unknown.
    const catalog = <T,>(path: string) => qc.ensureQueryData(catalogQuery<T>(path));
    const byCode = async <T extends Named>(path: string) =>
      (await catalog<T>(path)).find((x) => x.active && x.code.toUpperCase() === upper);
    if (zone === 'dispatch' && REQUISITION_CODE.test(code)) {
      const [r] = await getJson<Requisition[]>(`/api/requisitions?code=${encodeURIComponent(code)}`);
      const d = r && (await catalog<Named>(departmentsPath)).find((x) => x.id === r.departmentId);
      if (!r || !d) {
        refused(code, { message: t('rq_requisitionUnknown', { code }) });
        return true;
      }
      setContext((c) => ({ ...c, department: d }));
      setRequisition(r);
      ok(code, t('rq_requisitionPicked', { code: r.code }));
      return true;
    }
    if (zone === 'recycling' || zone === 'dispatch') {
      const d = await byCode<Named>(departmentsPath);
      if (d) {
        setContext((c) => ({ ...c, department: d }));
        setRequisition((r) => (r && r.departmentId === d.id ? r : null));
        ok(code, t('contextSet', { what: t('department'), code: `${d.code} ${name(d)}` }));
        return true;
      }
    }
    if (zone === 'cleaning') {
      const w = await byCode<Machine>(washersPath);
      if (w) {
        const program = w.programs.find((p) => p.active);
        const cycle = await postOnce<{ id: string; cycleNo: number }>('/api/cleaning/cycles', { washerId: w.id, programId: program?.id });
        setContext((c) => ({ ...c, washerCycle: { id: cycle.id, cycleNo: cycle.cycleNo, washer: w } }));
        ok(code, t('washerCycleOpened', { washer: w.code, cycle: cycle.cycleNo }));
        return true;
      }
    }
    if (zone === 'loading') {
      const s = await byCode<Machine>(sterilizersPath);
      if (s) {
        const program = s.programs.find((p) => p.active && p.code !== 'BD');
        const load = await postOnce<{ id: string; cycleNo: number; status: string } & Answer>('/api/loads', {
          sterilizerId: s.id,
          programId: program?.id,
        });
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
      let roundChanged = false;
      switch (zone) {
        case 'recycling': {
          if (!context.department) return refused(code, { message: t('scanDepartmentFirst') });
          if (!handover.trim()) return refused(code, { message: t('enterHandoverFirst') });
          // The count is taken against the set's template, line by line (a single-use item has none).
          const template = await templateOfScan(code);
          const counts = template?.contents.length ? await askCount(code, template) : { missing: [], damaged: [] };
          if (!counts) return refused(code, { message: t('countCancelled') });
          answer = await postOnce('/api/recycling/scan', {
            code,
            departmentId: context.department.id,
            contaminationClass: contamination,
            handedOverBy: handover.trim(),
            ...counts,
          });
          roundChanged = true;
          break;
        }
        case 'cleaning':
          if (byHand) {
            if (!manual.agent.trim() || !manual.concentration.trim() || manual.temperatureC === null || manual.minutes === null)
              return refused(code, { message: t('manualParamsFirst') });
            answer = await postOnce('/api/cleaning/manual', {
              code,
              ...manual,
              agent: manual.agent.trim(),
              concentration: manual.concentration.trim(),
            });
            break;
          }
          if (!context.washerCycle) return refused(code, { message: t('scanWasherFirst') });
          answer = await postOnce(`/api/cleaning/cycles/${context.washerCycle.id}/scan`, { code });
          break;
        case 'packing':
          answer = await packSet(code);
          break;
        case 'loading':
          if (!context.load) return refused(code, { message: t('scanSterilizerFirst') });
          answer = await postOnce(`/api/loads/${context.load.id}/packs`, { code });
          // The label goes on now, before the pack enters the chamber (the service allows it from here on).
          if (answer.pack?.barcode) {
            rememberTemplate(answer);
            ok(code, summary(answer), answer);
            await printLabel(answer.pack.barcode);
            await refreshLoad();
            return;
          }
          break;
        case 'storage':
          answer = await postOnce('/api/storage/scan', { code, ...(location ? { location } : {}) });
          break;
        case 'dispatch':
          if (!context.department) return refused(code, { message: t('scanDepartmentFirst') });
          answer = await postOnce('/api/dispatch/scan', {
            code,
            departmentId: context.department.id,
            ...(requisition?.departmentId === context.department.id ? { requisitionId: requisition.id } : {}),
          });
          if (answer.requisition) {
            const progress = answer.requisition;
            setRequisition((r) => (r && r.id === progress.id ? { ...r, status: progress.status, lines: progress.lines } : r));
          }
          roundChanged = true;
          break;
      }
      rememberTemplate(answer);
      ok(code, summary(answer), answer);
      // The round's panel reads its counts again once the answer is on screen.
      if (roundChanged) void qc.invalidateQueries({ queryKey: STATION_ROUNDS_KEY });
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
      printPdf(
        await postFile(`/api/labels/packs/${barcode}/${reason ? 'reprint' : 'print'}`, { format: 'pdf', ...(reason ? { reason } : {}) }),
      );
      ok(barcode, t('labelPrinted'));
    } catch (e) {
      refused(barcode, e as ApiError);
    }
  };

  /**
   * The labels of the load's packs never printed (a printer that was off, a pack scanned in at
   * another station): one by one on the station's Zebra printer, or the load's sheet of them
   * through the print dialog. The load does not start before they are printed.
   */
  const printMissingLabels = async () => {
    if (!context.load || !loadState) return;
    const label = `${context.load.sterilizer.code}-${context.load.cycleNo}`;
    try {
      if (printer) {
        for (const barcode of loadState.unprintedLabels) await postOnce(`/api/labels/packs/${barcode}/send`, { printer });
      } else {
        printPdf(await postFile(`/api/labels/loads/${context.load.id}/print`, { format: 'pdf', unprintedOnly: true }));
      }
      ok(label, t('loadLabelsPrinted', { count: loadState.unprintedLabels.length }));
    } catch (e) {
      refused(label, e as ApiError);
    }
    await refreshLoad();
  };

  /** Start: the loading check first unless a passing one covers the packs loaded now (the service decides again). */
  const start = async () => {
    const state = context.load ? await getJson<LoadState>(`/api/loads/${context.load.id}`).catch(() => loadState) : null;
    setLoadState(state);
    const checked = state?.loadingCheck?.passed && state.loadingCheck.current;
    if (state && state.packs.length > 0 && !checked) return setDialog('check');
    await loadAction('start');
    await refreshLoad();
  };

  const recordCheck = async (body: object) => {
    setDialog(null);
    if (!context.load) return;
    const label = `${context.load.sterilizer.code}-${context.load.cycleNo}`;
    try {
      const check = await postOnce<{ passed: boolean; checkedBy: string }>(`/api/loads/${context.load.id}/check`, body);
      await refreshLoad();
      if (!check.passed) return refused(label, { message: t('loadingCheckFailed') });
      ok(label, t('loadingCheckPassed', { by: check.checkedBy }));
      await loadAction('start');
      await refreshLoad();
    } catch (e) {
      refused(label, e as ApiError);
    }
  };

  const reprint = () => {
    if (!lastLabel) return;
    let reason = '';
    // A reprint is recorded with its reason (§6): printing waits until one is typed.
    const dialog = modal.confirm({
      title: t('reprintLabel'),
      content: (
        <Input
          data-testid="reprint-reason"
          autoFocus
          placeholder={t('reprintReason')}
          onChange={(e) => {
            reason = e.target.value;
            dialog.update({ okButtonProps: { disabled: !reason.trim(), 'data-testid': 'reprint-ok' } });
          }}
        />
      ),
      okText: t('print'),
      okButtonProps: { disabled: true, 'data-testid': 'reprint-ok' },
      cancelText: t('cancel'),
      onOk: () => printLabel(lastLabel, reason.trim()),
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
      if (path === 'start' && NEEDS_A_BI.includes((e as ApiError).code ?? '')) setBiNeeded((e as ApiError).message);
    }
  };

  /** A BI (in its PCD) placed in the open load before the start (§4.2): the service's answer, or its refusal thrown. */
  const placeBi = async (body: { productId: string; lot: string; placedAt?: string }) => {
    if (!context.load) return;
    const label = `${context.load.sterilizer.code}-${context.load.cycleNo}`;
    try {
      await postOnce<components['schemas']['BiTestView']>('/api/monitoring/bi', { loadId: context.load.id, ...body });
      ok(label, t('biPlaced', { lot: body.lot }));
      setBiNeeded(null);
      setDialog(null);
    } catch (e) {
      refused(label, e as ApiError);
      throw e;
    } finally {
      await refreshLoad();
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
              {t('department')}:{' '}
              {context.department ? (
                <Tag color="blue" style={{ fontSize: 18 }}>{`${context.department.code} ${name(context.department)}`}</Tag>
              ) : (
                t('none')
              )}
            </span>
          )}
          {zone === 'recycling' && (
            <Space>
              {t('handedOverBy')}
              <Input
                data-testid="handover"
                aria-label={t('handedOverBy')}
                value={handover}
                maxLength={60}
                onChange={(e) => setHandover(e.target.value)}
                onPressEnter={refocusScan}
                style={{ width: 160 }}
              />
            </Space>
          )}
          {zone === 'recycling' && (
            <Radio.Group
              value={contamination}
              onChange={(e) => {
                setContamination(e.target.value);
                refocusScan();
              }}
              optionType="button"
              options={[
                { value: 'routine', label: zh ? '常规' : 'Routine' },
                { value: 'multidrug_resistant', label: zh ? '多重耐药' : 'MDR' },
                { value: 'special_infection', label: zh ? '特殊感染' : 'Special infection' },
                { value: 'prion', label: zh ? '朊毒体' : 'Prion' },
              ]}
            />
          )}
          {zone === 'cleaning' && (
            <Radio.Group
              data-testid="clean-mode"
              value={byHand ? 'hand' : 'washer'}
              onChange={(e) => {
                setByHand(e.target.value === 'hand');
                refocusScan();
              }}
              optionType="button"
              options={[
                { value: 'washer', label: t('cleanByWasher') },
                { value: 'hand', label: <span data-testid="clean-by-hand">{t('cleanByHand')}</span> },
              ]}
            />
          )}
          {zone === 'cleaning' && byHand && (
            <Space wrap data-testid="manual-params">
              <Input
                data-testid="manual-agent"
                placeholder={t('manualAgent')}
                aria-label={t('manualAgent')}
                value={manual.agent}
                onChange={(e) => setManual((x) => ({ ...x, agent: e.target.value }))}
                style={{ width: 200 }}
                maxLength={100}
              />
              <Input
                data-testid="manual-concentration"
                placeholder={t('manualConcentration')}
                aria-label={t('manualConcentration')}
                value={manual.concentration}
                onChange={(e) => setManual((x) => ({ ...x, concentration: e.target.value }))}
                style={{ width: 140 }}
                maxLength={40}
              />
              <InputNumber
                data-testid="manual-temperature"
                placeholder={t('manualTemperature')}
                aria-label={t('manualTemperature')}
                min={0}
                max={100}
                value={manual.temperatureC}
                onChange={(v) => setManual((x) => ({ ...x, temperatureC: v }))}
                style={{ width: 120 }}
              />
              <InputNumber
                data-testid="manual-minutes"
                placeholder={t('manualMinutes')}
                aria-label={t('manualMinutes')}
                min={0.5}
                max={600}
                value={manual.minutes}
                onChange={(v) => setManual((x) => ({ ...x, minutes: v }))}
                style={{ width: 120 }}
              />
              <Select
                data-testid="manual-reason"
                aria-label={t('manualReason')}
                value={manual.reason}
                onChange={(v) => setManual((x) => ({ ...x, reason: v }))}
                style={{ width: 180 }}
                options={[
                  { value: 'washer_failed', label: t('manualReason_washer_failed') },
                  { value: 'not_washable', label: t('manualReason_not_washable') },
                ]}
              />
              <Radio.Group
                data-testid="manual-result"
                value={manual.passed}
                onChange={(e) => {
                  setManual((x) => ({ ...x, passed: e.target.value }));
                  refocusScan();
                }}
                optionType="button"
                buttonStyle="solid"
                options={[
                  { value: true, label: t('passed') },
                  { value: false, label: <span data-testid="manual-failed">{t('failed')}</span> },
                ]}
              />
            </Space>
          )}
          {zone === 'cleaning' && !byHand && (
            <span data-testid="context-washer">
              {t('washerCycle')}:{' '}
              {context.washerCycle ? (
                <Tag color="blue" style={{ fontSize: 18 }}>{`${context.washerCycle.washer.code} #${context.washerCycle.cycleNo}`}</Tag>
              ) : (
                t('none')
              )}
              {context.washerCycle && (
                <Button data-testid="complete-washer" style={{ marginLeft: 12 }} onClick={() => setDialog('washer')}>
                  {t('completeWasherCycle')}
                </Button>
              )}
            </span>
          )}
          {zone === 'loading' && (
            <span data-testid="context-load">
              {t('load')}:{' '}
              {context.load ? (
                <Tag
                  color="blue"
                  style={{ fontSize: 18 }}
                >{`${context.load.sterilizer.code} #${context.load.cycleNo} · ${context.load.status}`}</Tag>
              ) : (
                t('none')
              )}
              {context.load?.status === 'open' && (loadState?.unprintedLabels.length ?? 0) > 0 && (
                <Button data-testid="print-load-labels" danger style={{ marginLeft: 12 }} onClick={() => void printMissingLabels()}>
                  {t('printLoadLabels', { count: loadState!.unprintedLabels.length })}
                </Button>
              )}
              {context.load?.status === 'open' && (
                <Button data-testid="place-bi" style={{ marginLeft: 12 }} onClick={() => setDialog('bi')}>
                  {t('placeBi')}
                </Button>
              )}
              {context.load?.status === 'open' && (loadState?.packs.length ?? 0) > 0 && (
                <Button data-testid="check-load" style={{ marginLeft: 12 }} onClick={() => setDialog('check')}>
                  {t('loadingCheck')}
                </Button>
              )}
              {context.load?.status === 'open' && (
                <Button data-testid="start-load" type="primary" style={{ marginLeft: 12 }} onClick={() => void start()}>
                  {t('startLoad')}
                </Button>
              )}
              {context.load?.status === 'running' && (
                <Button data-testid="unload" type="primary" style={{ marginLeft: 12 }} onClick={() => setDialog('unload')}>
                  {t('unloadLoad')}
                </Button>
              )}
            </span>
          )}
          {zone === 'loading' && (
            <Space>
              {t('labelPrinter')}
              <Select
                data-testid="printer"
                aria-label={t('labelPrinter')}
                style={{ width: 220 }}
                value={printer}
                onChange={setPrinter}
                options={[
                  { value: '', label: t('printDialog') },
                  ...(printers.data ?? []).map((p) => ({ value: p.name, label: `${p.name} (${p.address})` })),
                ]}
              />
              {lastLabel && (
                <Button data-testid="reprint" onClick={reprint}>
                  {t('reprintLabel')} {lastLabel}
                </Button>
              )}
            </Space>
          )}
          {zone === 'storage' && (
            <Space>
              {t('location')}
              <Input
                data-testid="location"
                aria-label={t('location')}
                value={location}
                onChange={(e) => setLocation(e.target.value)}
                onPressEnter={refocusScan}
                style={{ width: 120 }}
              />
            </Space>
          )}
          {zone === 'packing' && (
            <Space>
              {t('inspection')}:
              <Checkbox checked={inspection.clean} onChange={(e) => setInspection((i) => ({ ...i, clean: e.target.checked }))}>
                {t('inspectClean')}
              </Checkbox>
              <Checkbox checked={inspection.functional} onChange={(e) => setInspection((i) => ({ ...i, functional: e.target.checked }))}>
                {t('inspectFunctional')}
              </Checkbox>
              <Checkbox checked={inspection.complete} onChange={(e) => setInspection((i) => ({ ...i, complete: e.target.checked }))}>
                {t('inspectComplete')}
              </Checkbox>
              <Checkbox
                data-testid="inspect-label"
                checked={inspection.label}
                onChange={(e) => setInspection((i) => ({ ...i, label: e.target.checked }))}
              >
                {t('inspectLabel')}
              </Checkbox>
              <Checkbox
                data-testid="inspect-tape"
                checked={inspection.indicatorTape}
                onChange={(e) => setInspection((i) => ({ ...i, indicatorTape: e.target.checked }))}
              >
                {t('inspectTape')}
              </Checkbox>
              {t('inspectWeight')}
              <InputNumber
                data-testid="inspect-weight"
                aria-label={t('inspectWeight')}
                min={0}
                max={100}
                step={0.1}
                value={weightKg}
                onChange={(v) => setWeightKg(v)}
                onPressEnter={refocusScan}
                style={{ width: 90 }}
              />
            </Space>
          )}
        </Space>
      </Card>

      {zone === 'loading' && context.load?.status === 'open' && (loadState?.bis.length ?? 0) > 0 && (
        <Space wrap data-testid="load-bis">
          {t('loadBis')}:
          {loadState!.bis.map((b) => (
            <Tag key={b.id} color="purple" data-testid={`load-bi-${b.lot}`}>
              {t('loadBi', {
                product: b.productCode ?? '—',
                lot: b.lot,
                at: new Date(b.placedAt).toLocaleTimeString('sv-SE', { timeZone: HOSPITAL_TZ }),
                by: b.placedBy,
              })}
            </Tag>
          ))}
        </Space>
      )}
      {zone === 'loading' && context.load?.status === 'open' && biNeeded && (
        <Alert
          type="error"
          showIcon
          data-testid="bi-needed"
          message={biNeeded}
          action={
            <Button data-testid="place-bi-now" type="primary" danger onClick={() => setDialog('bi')}>
              {t('placeBi')}
            </Button>
          }
        />
      )}
      <ScanField onScan={onScan} paused={dialog !== null} />
      <ScanLogResult log={log} />

      {zone === 'dispatch' && context.department && (
        <RequisitionPicker departmentId={context.department.id} selected={requisition} onSelect={setRequisition} />
      )}
      {(zone === 'dispatch' || zone === 'recycling') && context.department && (
        <RoundPanel kind={zone === 'dispatch' ? 'delivery' : 'collection'} departmentId={context.department.id} />
      )}

      {zone === 'packing' && shortfall && (
        <Card size="small" title={t('shortfallTitle', { code: shortfall.code })} data-testid="shortfall" style={{ borderColor: '#ad6800' }}>
          <List
            size="small"
            dataSource={shortfall.lines}
            renderItem={(line) => (
              <List.Item
                actions={[
                  <Button key="replace" data-testid={`replace-${line.line}`} onClick={() => void replaceLine(line)}>
                    {t('replaced')}
                  </Button>,
                ]}
              >
                {shortLineText(line, zh)}
              </List.Item>
            )}
          />
          <Button data-testid="pack-short" onClick={() => void packShort()}>
            {t('packShort')}
          </Button>
        </Card>
      )}

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
        <ScanLogRecent log={log} />
      </Card>

      <SecondPersonDialog
        open={dialog === 'second' || dialog === 'approval'}
        title={dialog === 'approval' ? t('headNurseApproval') : t('secondPerson')}
        onDone={(p) => {
          setDialog(null);
          pendingSecond.current?.(p);
          pendingSecond.current = null;
        }}
      />
      <CountDialog
        open={dialog === 'count'}
        counting={counting}
        onDone={(c) => {
          // The count goes to the service first; closing the dialog redraws the whole station, which can wait.
          pendingCount.current?.(c);
          pendingCount.current = null;
          startTransition(() => {
            setDialog(null);
            setCounting(null);
          });
          refocusScan(); // confirmed by a scan, not a click: the scan field takes the focus back for the next set
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
      <LoadingCheckDialog
        open={dialog === 'check'}
        needsSecond={loadState?.loadingCheckNeedsSecondPerson ?? false}
        onCancel={() => setDialog(null)}
        onSubmit={(body) => void recordCheck(body)}
      />
      <PlaceBiDialog open={dialog === 'bi'} method={context.load?.sterilizer.type} onCancel={() => setDialog(null)} onSubmit={placeBi} />
      <UnloadDialog
        open={dialog === 'unload'}
        loadId={context.load?.id ?? null}
        onCancel={() => setDialog(null)}
        onSubmit={(body) => {
          setDialog(null);
          void loadAction('complete', body);
        }}
      />
      {context.load && (
        <Descriptions size="small" column={2}>
          <Descriptions.Item
            label={t('sterilizer')}
          >{`${context.load.sterilizer.code} ${name(context.load.sterilizer)}`}</Descriptions.Item>
        </Descriptions>
      )}
    </Space>
  );
}

/** A PDF (labels) through the browser's print dialog. */
function printPdf(pdf: Blob) {
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  frame.src = URL.createObjectURL(pdf);
  frame.onload = () => frame.contentWindow?.print();
  document.body.appendChild(frame);
}

/**
 * The loading check 装载核查 (seed 1.4): each item passed or failed — none is pre-set, so nothing
 * is passed by default — and, for an implant or critical load, the second person's badge + PIN.
 */
function LoadingCheckDialog({
  open,
  needsSecond,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  needsSecond: boolean;
  onCancel: () => void;
  onSubmit: (body: object) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  return (
    <Modal
      open={open}
      title={t('loadingCheck')}
      okText={t('submit')}
      cancelText={t('cancel')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
      okButtonProps={{ 'data-testid': 'check-submit' }}
    >
      <Typography.Paragraph>{t('loadingCheckIntro')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          onSubmit({
            ...Object.fromEntries(CHECK_ITEMS.map((item) => [item, v[item] === true])),
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
            ...(needsSecond ? { secondPerson: { badgeCode: v.badgeCode, pin: v.pin } } : {}),
          })
        }
      >
        {CHECK_ITEMS.map((item) => (
          <div key={item} data-testid={`check-${item}`}>
            <Form.Item name={item} label={t(`check_${item}` as MessageKey)} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: true, label: t('passed') },
                  { value: false, label: t('failed') },
                ]}
              />
            </Form.Item>
          </div>
        ))}
        <Form.Item name="note" label={t('checkNote')}>
          <Input data-testid="check-note" maxLength={200} />
        </Form.Item>
        {needsSecond && (
          <>
            <Typography.Text strong>{t('checkSecondPerson')}</Typography.Text>
            <Form.Item name="badgeCode" label={t('badge')} rules={[{ required: true }]}>
              <Input data-testid="check-badge" />
            </Form.Item>
            <Form.Item name="pin" label={t('pin')} rules={[{ required: true }]}>
              <Input.Password data-testid="check-pin" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/** The second person's badge (a badge scan fills it and moves on) and PIN. */
function SecondPersonDialog({ open, title, onDone }: { open: boolean; title: string; onDone: (p: SecondPerson | null) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SecondPerson>();
  const badge = useRef<InputRef>(null);
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  // The badge field takes the focus once the dialog is there (the dialog's own focus handling comes
  // first): the second person's badge scan must land in it, not in the page behind.
  return (
    <Modal
      open={open}
      title={title}
      okText={t('ok')}
      cancelText={t('cancel')}
      destroyOnHidden
      onCancel={() => onDone(null)}
      onOk={() => form.submit()}
      afterOpenChange={(o) => o && badge.current?.focus()}
    >
      <Form form={form} layout="vertical" onFinish={(v) => onDone(v)}>
        <Form.Item name="badgeCode" label={t('badge')} rules={[{ required: true }]}>
          <Input
            ref={badge}
            data-testid="second-badge"
            autoFocus
            size="large"
            onPressEnter={(e) => {
              e.preventDefault();
              (document.querySelector('[data-testid="second-pin"]') as HTMLInputElement | null)?.focus();
            }}
          />
        </Form.Item>
        <Form.Item name="pin" label={t('pin')} rules={[{ required: true }]}>
          <Input.Password data-testid="second-pin" size="large" onPressEnter={() => form.submit()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * Scanner-only confirmation in the count dialog: the set's code scanned again (or Enter alone)
 * records the count as it stands; another code is refused here. Its own state, so a scanner's
 * keystrokes re-render this field only, not the count table.
 */
function ConfirmScan({ expected, onConfirm, inputRef }: { expected: string; onConfirm: () => void; inputRef: Ref<InputRef> }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <Input
        ref={inputRef}
        autoFocus
        data-testid="count-confirm"
        aria-label={t('countConfirmScan')}
        placeholder={t('countConfirmScan')}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setProblem(null);
        }}
        onPressEnter={(e) => {
          e.preventDefault();
          const v = value.trim();
          setValue('');
          if (v === '' || v.toUpperCase() === expected.trim().toUpperCase()) onConfirm();
          else setProblem(t('countConfirmOtherSet', { code: v }));
        }}
        style={{ marginBottom: 12 }}
        status={problem ? 'error' : undefined}
      />
      {problem && <Alert type="error" showIcon message={problem} data-testid="count-confirm-problem" style={{ marginBottom: 12 }} />}
    </>
  );
}

/**
 * The count at recycling against the set's template (seed 1.1): per contents line, how many were
 * counted and how many of those are damaged; what is not counted is missing. No free text.
 */
function CountDialog({
  open,
  counting,
  onDone,
}: {
  open: boolean;
  counting: { code: string; template: Template } | null;
  onDone: (c: Counts | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const [form] = Form.useForm<{ lines: { present: number; damaged: number }[] }>();
  const contents = counting?.template.contents ?? [];
  const confirmRef = useRef<InputRef>(null);
  const submit = (v: { lines: { present: number; damaged: number }[] }) => {
    const counts: Counts = { missing: [], damaged: [] };
    contents.forEach((x, i) => {
      const present = Math.min(v.lines[i]?.present ?? x.quantity, x.quantity);
      const damaged = Math.min(v.lines[i]?.damaged ?? 0, present);
      if (present < x.quantity) counts.missing.push({ line: i + 1, quantity: x.quantity - present });
      if (damaged > 0) counts.damaged.push({ line: i + 1, quantity: damaged });
    });
    onDone(counts);
  };
  return (
    <Modal
      open={open}
      title={t('countTitle', { code: counting?.code ?? '' })}
      okText={t('countRecord')}
      cancelText={t('cancel')}
      onCancel={() => onDone(null)}
      onOk={() => form.submit()}
      afterOpenChange={(o) => o && confirmRef.current?.focus()}
      destroyOnHidden
      width={640}
    >
      {/* Everything present and sound unless the nurse counts otherwise; the dialog is new each time it opens. */}
      <Form
        form={form}
        onFinish={submit}
        data-testid="count"
        initialValues={{ lines: contents.map((x) => ({ present: x.quantity, damaged: 0 })) }}
      >
        {/* The confirming scan sends the count at once: the form has no rules to wait for. */}
        <ConfirmScan inputRef={confirmRef} expected={counting?.code ?? ''} onConfirm={() => submit(form.getFieldsValue(true))} />
        <table style={{ width: '100%' }}>
          <thead>
            <tr>
              <th style={{ textAlign: 'left' }}>{t('countInstrument')}</th>
              <th>{t('countExpected')}</th>
              <th>{t('countPresent')}</th>
              <th>{t('countDamaged')}</th>
            </tr>
          </thead>
          <tbody>
            {contents.map((x, i) => (
              <tr key={i}>
                <td>{`${zh ? x.nameZh : x.nameEn} ${x.specification ?? ''}`}</td>
                <td style={{ textAlign: 'center' }}>{x.quantity}</td>
                <td>
                  <Form.Item name={['lines', i, 'present']} style={{ margin: 0 }}>
                    <InputNumber
                      onPressEnter={() => form.submit()}
                      data-testid={`count-present-${i + 1}`}
                      aria-label={`${t('countPresent')} ${zh ? x.nameZh : x.nameEn}`}
                      min={0}
                      max={x.quantity}
                      precision={0}
                    />
                  </Form.Item>
                </td>
                <td>
                  <Form.Item name={['lines', i, 'damaged']} style={{ margin: 0 }}>
                    <InputNumber
                      onPressEnter={() => form.submit()}
                      data-testid={`count-damaged-${i + 1}`}
                      aria-label={`${t('countDamaged')} ${zh ? x.nameZh : x.nameEn}`}
                      min={0}
                      max={x.quantity}
                      precision={0}
                    />
                  </Form.Item>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Form>
    </Modal>
  );
}

function WasherDialog({ open, onCancel, onSubmit }: { open: boolean; onCancel: () => void; onSubmit: (run: object) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  return (
    <Modal
      open={open}
      title={t('completeWasherCycle')}
      okText={t('submit')}
      cancelText={t('cancel')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {/* Issue 18: what the washer's record says is typed from it, nothing proposed — accepting a proposal is not reading the record. */}
      <Form form={form} layout="vertical" onFinish={onSubmit}>
        <Form.Item name="temperatureC" label={t('temperature')} rules={[{ required: true, message: t('fromPrintout') }]}>
          <InputNumber data-testid="washer-temp" min={0} max={150} />
        </Form.Item>
        <Form.Item name="disinfectMinutes" label={t('minutes')} rules={[{ required: true, message: t('fromPrintout') }]}>
          <InputNumber data-testid="washer-minutes" min={0} max={600} />
        </Form.Item>
        <Form.Item name="a0" label={t('a0')} rules={[{ required: true, message: t('fromPrintout') }]}>
          <InputNumber data-testid="washer-a0" min={0} max={1000000} />
        </Form.Item>
        <Form.Item name="passed" label={t('washerResult')} rules={[{ required: true, message: t('chooseResult') }]}>
          <Radio.Group data-testid="washer-result">
            <Radio value={true} data-testid="washer-passed">
              {t('passed')}
            </Radio>
            <Radio value={false} data-testid="washer-failed">
              {t('failed')}
            </Radio>
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A BI's lot as the service takes it (PlaceBiDto): printable ASCII, no spaces, 1–40 characters. */
const BI_LOT = /^[\x21-\x7e]{1,40}$/;

/**
 * Placing a biological indicator 生物监测 in the open load (§4.2: in its PCD, in the chamber before
 * the start): the product (active, suiting the sterilizer's method; the last one used proposed),
 * the lot typed or scanned (a keyboard-wedge scanner types it and Enter, which submits), and when
 * it was placed — now unless the nurse changes it (the service's now then: the station's clock
 * is not asked).
 */
function PlaceBiDialog({
  open,
  method,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  method: string | undefined;
  onCancel: () => void;
  onSubmit: (body: { productId: string; lot: string; placedAt?: string }) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const [form] = Form.useForm<{ productId?: string; lot?: string; placedAt?: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const proposed = useRef('');
  const lotRef = useRef<InputRef>(null);
  const products = useQuery({
    queryKey: ['/api/bi-products'],
    queryFn: () => getJson<BiProduct[]>('/api/bi-products'),
    enabled: open,
  });
  const suitable = (products.data ?? []).filter((p) => p.active && (!method || (p.methods as string[]).includes(method)));
  useEffect(() => {
    if (!open) return;
    setProblem(null);
    proposed.current = hospitalLocal().slice(0, 16);
    form.resetFields();
    form.setFieldsValue({ placedAt: proposed.current });
  }, [open, form]);
  // The product last used at this station, else the only one there is.
  useEffect(() => {
    if (!open || form.getFieldValue('productId')) return;
    const last = localStorage.getItem('cssd.biProduct');
    const pick = suitable.find((p) => p.id === last) ?? (suitable.length === 1 ? suitable[0] : undefined);
    if (pick) form.setFieldsValue({ productId: pick.id });
  }, [open, suitable, form]);
  const submit = async (v: { productId?: string; lot?: string; placedAt?: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      localStorage.setItem('cssd.biProduct', v.productId!);
      await onSubmit({
        productId: v.productId!,
        lot: v.lot!.trim(),
        // Left as proposed: the service's own now. Changed: a wall time of the hospital's zone.
        ...(v.placedAt && v.placedAt !== proposed.current ? { placedAt: withSeconds(v.placedAt) } : {}),
      });
    } catch (e) {
      setProblem((e as ApiError).message);
      lotRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('placeBi')}
      okText={t('submit')}
      cancelText={t('cancel')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'bi-submit', loading: busy }}
      destroyOnHidden
      afterOpenChange={(o) => o && lotRef.current?.focus()}
    >
      <Typography.Paragraph type="secondary">{t('placeBiIntro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="productId" label={t('biProduct')} rules={[{ required: true, message: t('biProductRequired') }]}>
          <Select
            data-testid="bi-product"
            aria-label={t('biProduct')}
            showSearch
            optionFilterProp="label"
            loading={products.isLoading}
            notFoundContent={t('biNoProduct')}
            options={suitable.map((p) => ({
              value: p.id,
              label: `${p.code} ${zh ? p.nameZh : p.nameEn} (${t('biIncubation', { minutes: p.incubationMinutes })})`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="lot"
          label={t('biLot')}
          rules={[
            { required: true, message: t('biLotRequired') },
            { pattern: BI_LOT, message: t('biLotInvalid') },
          ]}
        >
          <Input
            ref={lotRef}
            data-testid="bi-lot"
            size="large"
            autoComplete="off"
            placeholder={t('biLotPlaceholder')}
            onPressEnter={(e) => {
              // The scanner's Enter ends the lot: it submits (the product and time are already there).
              e.preventDefault();
              form.submit();
            }}
          />
        </Form.Item>
        <Form.Item name="placedAt" label={t('biPlacedAt')} extra={t('biPlacedAtHint')} rules={[{ required: true }]}>
          <Input type="datetime-local" data-testid="bi-placed-at" />
        </Form.Item>
      </Form>
      {problem && <Alert type="error" showIcon message={problem} data-testid="bi-problem" />}
    </Modal>
  );
}

/**
 * A datetime-local value (seconds omitted when zero) with its seconds: a wall time of the hospital's
 * zone, which the service reads as such (a zone-less time, cycle-times.ts) — the printout's clock.
 */
const withSeconds = (v: string) => (v.length === 16 ? `${v}:00` : v);

/** A printout's clock time as the nurse types it: HH:mm or HH:mm:ss (colons optional: 1006, 100615). */
const CLOCK_TIME = /^([01]\d|2[0-3]):?([0-5]\d)(?::?([0-5]\d))?$/;
/** The clock time typed, as HH:mm:ss and the precision it was typed with; null when it is not one. */
function readClock(v: string | undefined): { time: string; seconds: boolean } | null {
  const m = CLOCK_TIME.exec((v ?? '').trim());
  if (!m) return null;
  return { time: `${m[1]}:${m[2]}:${m[3] ?? '00'}`, seconds: m[3] !== undefined };
}
/** The next hospital day after a YYYY-MM-DD one. */
function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The printout's cycle start and end as hospital wall times (YYYY-MM-DDTHH:mm:ss), from the clock
 * times typed: the day is implied — the start is the first such time at or after the load's start
 * (compared to the precision typed: the start's own minute when no seconds were typed), the end
 * the first after the printout's start. Null until both are clock times.
 */
function printoutTimes(
  loadStartedLocal: string,
  start: string | undefined,
  end: string | undefined,
): { cycleStartedAt: string; cycleEndedAt: string } | null {
  const s = readClock(start);
  const e = readClock(end);
  if (!s || !e) return null;
  const startDay = loadStartedLocal.slice(0, 10);
  const loadClock = loadStartedLocal.slice(11, 19);
  const cut = s.seconds ? 8 : 5;
  const sDay = s.time.slice(0, cut) < loadClock.slice(0, cut) ? nextDay(startDay) : startDay;
  const eDay = e.time <= s.time ? nextDay(sDay) : sDay;
  return { cycleStartedAt: `${sDay}T${s.time}`, cycleEndedAt: `${eDay}T${e.time}` };
}

/**
 * Unloading: the run's physical record as the sterilizer's printout shows it — the hold time and
 * the cycle's start and end (clock times in hospital time, the day implied by the load's start;
 * issue 18: they must lie between the load's start and now, cycle-times.ts). Nothing of the
 * printout is proposed: a nurse who accepted defaults would record a pass she never read. Then
 * the load indicator and the co-signing monitor's badge + PIN.
 */
function UnloadDialog({
  open,
  loadId,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  loadId: string | null;
  onCancel: () => void;
  onSubmit: (body: object) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  // The load's recorded start, in hospital time: the day the printout's clock times fall on.
  const [startedLocal, setStartedLocal] = useState<string | null>(null);
  useEffect(() => {
    if (!open || !loadId) return;
    let live = true;
    setStartedLocal(null);
    void getJson<{ startedAt: string | null }>(`/api/loads/${loadId}`)
      .then((load) => {
        if (live && load.startedAt) setStartedLocal(hospitalLocal(new Date(load.startedAt)));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [open, loadId]);
  const start = Form.useWatch('cycleStart', form) as string | undefined;
  const end = Form.useWatch('cycleEnd', form) as string | undefined;
  const times = startedLocal ? printoutTimes(startedLocal, start, end) : null;
  const clockRule = { pattern: CLOCK_TIME, message: t('clockTimeInvalid') };
  return (
    <Modal
      open={open}
      title={t('unloadLoad')}
      okText={t('submit')}
      cancelText={t('cancel')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          const printed = startedLocal ? printoutTimes(startedLocal, v.cycleStart, v.cycleEnd) : null;
          if (!printed) return;
          onSubmit({
            physical: {
              tempMinC: v.tempMinC,
              tempMaxC: v.tempMaxC,
              holdMinutes: v.holdMinutes,
              // A pressure typed and then cleared reads null: not read off the printout, left out.
              pressureMinKpa: v.pressureMinKpa ?? undefined,
              pressureMaxKpa: v.pressureMaxKpa ?? undefined,
              ...printed,
            },
            loadIndicatorPassed: v.loadIndicatorPassed,
            exceptions: [],
            secondPerson: { badgeCode: v.badgeCode, pin: v.pin },
          });
        }}
      >
        <Space wrap>
          <Form.Item name="tempMinC" label={t('tempMin')} rules={[{ required: true, message: t('fromPrintout') }]}>
            <InputNumber data-testid="unload-temp-min" />
          </Form.Item>
          <Form.Item name="tempMaxC" label={t('tempMax')} rules={[{ required: true, message: t('fromPrintout') }]}>
            <InputNumber data-testid="unload-temp-max" />
          </Form.Item>
          <Form.Item name="holdMinutes" label={t('holdMinutes')} rules={[{ required: true, message: t('fromPrintout') }]}>
            <InputNumber data-testid="unload-hold" min={0} step={0.5} />
          </Form.Item>
          <Form.Item name="pressureMinKpa" label={t('pressureMin')}>
            <InputNumber data-testid="unload-pressure-min" />
          </Form.Item>
          <Form.Item name="pressureMaxKpa" label={t('pressureMax')}>
            <InputNumber data-testid="unload-pressure-max" />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('cycleTimesHint')}
        </Typography.Paragraph>
        <Space wrap>
          <Form.Item name="cycleStart" label={t('cycleStartedAt')} rules={[{ required: true, message: t('fromPrintout') }, clockRule]}>
            <Input data-testid="cycle-started-at" placeholder="HH:mm:ss" autoComplete="off" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="cycleEnd" label={t('cycleEndedAt')} rules={[{ required: true, message: t('fromPrintout') }, clockRule]}>
            <Input data-testid="cycle-ended-at" placeholder="HH:mm:ss" autoComplete="off" style={{ width: 140 }} />
          </Form.Item>
        </Space>
        {times && (
          <Typography.Paragraph data-testid="cycle-times-read">
            {t('cycleTimesRead', { start: times.cycleStartedAt.replace('T', ' '), end: times.cycleEndedAt.replace('T', ' ') })}
          </Typography.Paragraph>
        )}
        <Form.Item name="loadIndicatorPassed" label={t('loadIndicator')} rules={[{ required: true, message: t('chooseResult') }]}>
          <Radio.Group data-testid="load-indicator">
            <Radio value={true} data-testid="load-indicator-passed">
              {t('passed')}
            </Radio>
            <Radio value={false} data-testid="load-indicator-failed">
              {t('failed')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        <Typography.Text strong>{t('secondPerson')}</Typography.Text>
        <Form.Item name="badgeCode" label={t('badge')} rules={[{ required: true }]}>
          <Input data-testid="unload-badge" />
        </Form.Item>
        <Form.Item name="pin" label={t('pin')} rules={[{ required: true }]}>
          <Input.Password data-testid="unload-pin" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
