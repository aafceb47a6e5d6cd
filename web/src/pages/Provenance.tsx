import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Input, Space, Spin, Typography } from 'antd';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { getJson, type ApiError } from '../api/client';
import type { MessageKey } from '../messages';
import { shortLineText, type ShortLine } from '../components/shortfall';
import { HOSPITAL_TZ } from '../hospital-time';
import { useAuth } from '../auth';
import { ApiErrorAlert } from './catalog/kit';
import { useFileDownload } from './reports/Downloads';

type Person = { username: string; displayName: string } | null;
type Named = { code: string; nameZh: string | null; nameEn: string | null };
interface Step {
  at: string;
  by: Person;
  secondBy: Person;
  station: string | null;
  data: Record<string, unknown>;
}
interface EventRow extends Step {
  id: string;
  type: string;
  fromState: string | null;
  toState: string | null;
}
interface Bi {
  lot: string;
  placedAt: string;
  placedBy: string;
  readoutMinutes: number;
  readableFrom: string | null;
  pcdType5Passed: boolean | null;
  result: 'pending' | 'passed' | 'failed';
  readAt: string | null;
  readBy: string | null;
  productCode: string | null;
  productNameZh: string | null;
  productNameEn: string | null;
  positiveControl: { grew: boolean; readAt: string; by: string } | null;
  invalid: boolean | null;
}
interface AtDispatch {
  at: string;
  underEmergencyRelease: boolean;
  pendingBis: { lot: string; result: string; resultRecordedAt: string | null; hoursAfterDispatch: number | null }[];
}
/** GET /api/trace/packs/:barcode (src/trace/trace.service.ts). */
interface Trace {
  pack: {
    barcode: string;
    state: string;
    stateZh: string;
    stateEn: string;
    templateCode: string;
    nameZh: string;
    nameEn: string;
    setAssetCode: string | null;
    cycleNo: number | null;
    implant: boolean;
  };
  template: {
    code: string;
    nameZh: string;
    nameEn: string;
    packagingMaterial: string;
    sterilizationMethod: string;
    implant: boolean;
    critical: boolean;
    contents: { nameZh: string; nameEn: string; specification?: string; quantity: number }[];
  };
  set: { assetCode: string; cycleCount: number; cycleNo: number } | null;
  recycling:
    | (Step & {
        fromDepartment: Named | null;
        contaminationClass?: string;
        countMatches?: boolean;
        handover: { handedOverBy: string; receivedBy: Person } | null;
      })
    | null;
  shortfall: {
    open: ShortLine[];
    replacements: (ShortLine & { at: string; by: Person })[];
    packedShort: { at: string; approvedBy: Person; lines: ShortLine[] } | null;
  };
  cleaning:
    | {
        kind: 'washer';
        washer: Named;
        program: Named;
        cycleNo: number;
        result: string;
        temperatureC: number | null;
        disinfectMinutes: number | null;
        a0: number | null;
        openedAt: string;
        completedAt: string | null;
        operator: Person;
      }
    | (Step & { kind: 'manual' })
    | null;
  packing: { at: string; inspector: Person; packer: Person; checker: Person; packagingMaterial: string } | null;
  sterilization: {
    loadId: string;
    sterilizer: Named & { type: string };
    cycleNo: number;
    program: Named & { tempMinC: number | null; tempMaxC: number | null; minHoldMin: number | null };
    status: string;
    release: string;
    startedAt: string | null;
    completedAt: string | null;
    operator: Person;
    unloadedBy: Person;
    coSignedBy: Person;
    physical: {
      passed: boolean | null;
      problems: string[] | null;
      tempMinC: number | null;
      tempMaxC: number | null;
      pressureMinKpa: number | null;
      pressureMaxKpa: number | null;
      holdMinutes: number | null;
      h2o2MgL: number | null;
      reportedCycleStartedAt: string | null;
      reportedCycleEndedAt: string | null;
    };
  } | null;
  indicators: { loadChemicalPassed: boolean | null; outsideIndicatorPassed: boolean | null; insideIndicatorReportedFailed: boolean };
  monitoring: {
    biologicalIndicators: Bi[];
    bowieDick: { testedAt: string; cycleNo: number | null; passed: boolean; by: string } | null;
    emergencyRelease: { at: string; reason: string; approvedBy: string } | null;
    atDispatch: AtDispatch | null;
  };
  storage: (Step & { location: string | null }) | null;
  dispatch: (Step & { department: Named | null }) | null;
  receipt: Step | null;
  use: (Step & { patientId: string | null; operationId: string | null }) | null;
  problem: Step | null;
  sterilizationDate: string | null;
  expiryDate: string | null;
  wet: boolean;
  damaged: boolean;
  events: EventRow[];
}

/** A4, no navigation: the record a nurse prints and files. */
const PRINT_CSS = `
@page { size: A4; margin: 14mm 12mm; }
@media print {
  .ant-layout-header, .no-print, [data-testid="offline"] { display: none !important; }
  .ant-layout, .ant-layout-content { background: #fff !important; padding: 0 !important; max-width: none !important; }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .prov-record { font-size: 10.5pt; }
  .prov-record h1 { font-size: 16pt; }
  .prov-record section { break-inside: avoid; }
  .prov-record table { page-break-inside: auto; }
  .prov-record tr { break-inside: avoid; }
}
.prov-record table { width: 100%; border-collapse: collapse; margin: 4px 0 12px; }
.prov-record th, .prov-record td { border: 1px solid #bbb; padding: 4px 6px; text-align: left; vertical-align: top; }
.prov-record th { background: #f0f4f8; font-weight: 600; white-space: nowrap; }
.prov-record h2 { font-size: 1.15em; margin: 16px 0 4px; border-bottom: 2px solid #0b3d62; padding-bottom: 2px; }
.prov-record .bad { color: #b42318; font-weight: 700; }
.prov-record .good { color: #1f7a1f; }
`;

/**
 * Provenance (§1): for a scanned or typed barcode, the pack's whole record — set, every step with
 * who, when and where, the washer and sterilizer cycles, the monitoring that released it, expiry,
 * department and patient — laid out to be printed on A4 and filed. A department sees only its own
 * packs (the service answers "unknown barcode" for any other).
 */
export function ProvenancePage() {
  const { barcode } = useParams<{ barcode?: string }>();
  const navigate = useNavigate();
  const { t } = useTranslation();
  const { me } = useAuth();
  const records = useFileDownload();
  const trace = useQuery<Trace, ApiError>({
    queryKey: ['trace', barcode],
    queryFn: () => getJson<Trace>(`/api/trace/packs/${encodeURIComponent(barcode!)}`),
    enabled: !!barcode,
    retry: false,
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <style>{PRINT_CSS}</style>
      <Space className="no-print" wrap style={{ width: '100%' }}>
        <Input.Search
          key={barcode ?? ''}
          data-testid="provenance-barcode"
          aria-label={t('prov_scanOrType')}
          placeholder={t('prov_scanOrType')}
          defaultValue={barcode}
          autoFocus
          size="large"
          enterButton={t('prov_show')}
          style={{ width: 'min(560px, 90vw)' }}
          onSearch={(v) => v.trim() && navigate(`/provenance/${encodeURIComponent(v.trim())}`)}
        />
        {trace.data && (
          <Button size="large" type="primary" data-testid="print" onClick={() => window.print()}>
            {t('print')}
          </Button>
        )}
        {/* The printable records (issue 15): the pack's, and its load's for the CSSD (a load holds other departments' packs). */}
        {trace.data && (
          <Button
            size="large"
            data-testid="print-pack-record"
            loading={records.busy === 'pack'}
            onClick={() => void records.download(`/api/reports/packs/${encodeURIComponent(trace.data.pack.barcode)}/record`, 'pack')}
          >
            {t('rec_printPack')}
          </Button>
        )}
        {trace.data?.sterilization && me?.role !== 'department' && (
          <Button
            size="large"
            data-testid="print-load-record"
            loading={records.busy === 'load'}
            onClick={() => void records.download(`/api/reports/loads/${trace.data.sterilization!.loadId}/record`, 'load')}
          >
            {t('rec_printLoad')}
          </Button>
        )}
      </Space>
      <ApiErrorAlert error={records.error} testid="record-error" />
      {trace.isLoading && <Spin />}
      {trace.error && (
        <Alert
          data-testid="provenance-error"
          type="error"
          showIcon
          message={trace.error.message}
          description={<code>{trace.error.code}</code>}
        />
      )}
      {trace.data && <Record tr={trace.data} />}
    </Space>
  );
}

function Record({ tr }: { tr: Trace }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const name = (x: { nameZh: string | null; nameEn: string | null } | null | undefined) =>
    x ? ((zh ? x.nameZh : x.nameEn) ?? x.nameZh ?? '') : '';
  const named = (x: Named | null | undefined) => (x ? `${x.code} ${name(x)}` : '—');
  const at = (iso: string | null | undefined) =>
    iso
      ? new Date(iso).toLocaleString(zh ? 'zh-CN' : 'en-GB', {
          timeZone: HOSPITAL_TZ,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
        })
      : '—';
  const who = (p: Person | string | null | undefined) => (p ? (typeof p === 'string' ? p : p.displayName) : '—');
  const yesNo = (v: boolean | null | undefined, good = t('passed'), bad = t('failed')) =>
    v == null ? <span>{t('prov_notRecorded')}</span> : v ? <span className="good">{good}</span> : <span className="bad">{bad}</span>;
  const tr_ = (prefix: string, v: string | null | undefined) => (v ? t(`${prefix}${v}` as MessageKey, { defaultValue: v }) : '—');
  const num = (v: number | null | undefined, unit = '') => (v == null ? '—' : `${v}${unit}`);
  const s = tr.sterilization;
  const c = tr.cleaning;
  const bis = tr.monitoring.biologicalIndicators;

  const row = (label: string, value: ReactNode, testid?: string) => (
    <tr>
      <th>{label}</th>
      <td data-testid={testid}>{value}</td>
    </tr>
  );

  return (
    <article className="prov-record" data-testid="provenance-record">
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', flexWrap: 'wrap', gap: 8 }}>
        <Typography.Title level={1} style={{ margin: 0, fontSize: 26 }}>
          {t('prov_title')} ·{' '}
          <span data-testid="prov-barcode" style={{ fontFamily: 'monospace' }}>
            {tr.pack.barcode}
          </span>
        </Typography.Title>
        <span>
          {t('appName')} · {t('prov_printedAt')} {at(new Date().toISOString())}
        </span>
      </header>

      <section>
        <h2>{t('prov_packAndSet')}</h2>
        <table>
          <tbody>
            {row(t('set'), `${tr.template.code} ${name(tr.template)}`, 'prov-set')}
            {row(
              t('prov_asset'),
              tr.set ? `${tr.set.assetCode} · ${t('prov_cycleOfSet', { n: tr.set.cycleNo })}` : t('prov_singleUse'),
              'prov-asset',
            )}
            {row(t('state'), zh ? tr.pack.stateZh : tr.pack.stateEn, 'prov-state')}
            {row(
              t('prov_flags'),
              [tr.template.implant && t('dept_implant'), tr.template.critical && t('prov_critical')].filter(Boolean).join(' · ') || '—',
            )}
            {row(t('prov_packaging'), tr_('prov_pkg_', tr.packing?.packagingMaterial ?? tr.template.packagingMaterial))}
            {row(t('prov_method'), tr_('prov_method_', tr.template.sterilizationMethod))}
            {row(t('prov_sterilizationDate'), tr.sterilizationDate ?? '—', 'prov-sterilization-date')}
            {row(t('expiry'), <strong>{tr.expiryDate ?? '—'}</strong>, 'prov-expiry')}
            {row(t('department'), named(tr.dispatch?.department), 'prov-department')}
            {row(
              t('prov_patient'),
              tr.use
                ? [
                    tr.use.patientId && `${t('patientId')} ${tr.use.patientId}`,
                    tr.use.operationId && `${t('operationId')} ${tr.use.operationId}`,
                  ]
                    .filter(Boolean)
                    .join(' · ')
                : t('prov_notUsedYet'),
              'prov-patient',
            )}
            {(tr.wet || tr.damaged || tr.problem) &&
              row(
                t('prov_problem'),
                <span className="bad">
                  {[
                    tr.wet && t('problem_wet'),
                    tr.damaged && t('dept_problem_damaged'),
                    tr.problem && tr_('dept_problem_', tr.problem.data.kind as string),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>,
                'prov-problem',
              )}
          </tbody>
        </table>
        <details open>
          <summary>{t('contents')}</summary>
          <table>
            <tbody>
              {tr.template.contents.map((x, i) => (
                <tr key={i}>
                  <td>{name(x)}</td>
                  <td>{x.specification ?? ''}</td>
                  <td style={{ width: 60 }}>× {x.quantity}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </section>

      <section>
        <h2>{t('prov_steps')}</h2>
        <table data-testid="prov-steps">
          <thead>
            <tr>
              <th>{t('time')}</th>
              <th>{t('step')}</th>
              <th>{t('who')}</th>
              <th>{t('where')}</th>
            </tr>
          </thead>
          <tbody>
            {tr.events.map((e) => (
              <tr key={e.id} data-testid="prov-step">
                <td style={{ whiteSpace: 'nowrap' }}>{at(e.at)}</td>
                <td>{tr_('prov_ev_', e.type)}</td>
                <td>
                  {who(e.by)}
                  {e.secondBy ? ` / ${who(e.secondBy)}` : ''}
                </td>
                <td>{e.station ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section>
        <h2>{t('prov_cleaning')}</h2>
        <table data-testid="prov-cleaning">
          <tbody>
            {c?.kind === 'washer' ? (
              <>
                {row(t('washer'), `${named(c.washer)} · ${t('prov_cycleNo', { n: c.cycleNo })}`)}
                {row(t('program'), named(c.program))}
                {row(
                  t('prov_washerRun'),
                  `${num(c.temperatureC, ' °C')} · ${num(c.disinfectMinutes, ` ${t('prov_min')}`)} · A0 ${num(c.a0)}`,
                )}
                {row(t('prov_result'), tr_('prov_result_', c.result))}
                {row(t('time'), `${at(c.openedAt)} – ${at(c.completedAt)}`)}
                {row(t('who'), who(c.operator))}
              </>
            ) : c?.kind === 'manual' ? (
              row(t('prov_manualClean'), `${at(c.at)} · ${who(c.by)}`)
            ) : (
              row(t('prov_cleaning'), t('prov_notRecorded'))
            )}
            {tr.recycling?.handover &&
              row(
                t('prov_handover'),
                `${tr.recycling.handover.handedOverBy} → ${t('prov_receivedBy')} ${who(tr.recycling.handover.receivedBy)}`,
                'prov-handover',
              )}
            {tr.shortfall.replacements.map((r, i) => (
              <Fragment key={i}>
                {row(t('prov_replaced'), `${at(r.at)} · ${who(r.by)} · ${shortLineText(r, zh)}`, `prov-replaced-${i}`)}
              </Fragment>
            ))}
            {tr.shortfall.packedShort &&
              row(
                t('prov_shortfall'),
                <span className="bad">{`${tr.shortfall.packedShort.lines.map((x) => shortLineText(x, zh)).join('; ')} · ${t('prov_packedShort')} ${who(tr.shortfall.packedShort.approvedBy)} · ${at(tr.shortfall.packedShort.at)}`}</span>,
                'prov-shortfall',
              )}
            {tr.packing &&
              row(
                t('prov_packing'),
                `${at(tr.packing.at)} · ${t('prov_packer')} ${who(tr.packing.packer)} · ${t('prov_checker')} ${who(tr.packing.checker)}`,
              )}
          </tbody>
        </table>
      </section>

      <section>
        <h2>{t('prov_sterilization')}</h2>
        {s ? (
          <table data-testid="prov-sterilization">
            <tbody>
              {row(t('sterilizer'), `${named(s.sterilizer)} · ${t('prov_cycleNo', { n: s.cycleNo })}`, 'prov-sterilizer')}
              {row(
                t('program'),
                `${named(s.program)} (${num(s.program.tempMinC)}–${num(s.program.tempMaxC)} °C, ≥ ${num(s.program.minHoldMin)} ${t('prov_min')})`,
              )}
              {row(t('time'), `${at(s.startedAt)} – ${at(s.completedAt)}`)}
              {row(
                t('prov_operator'),
                `${who(s.operator)} · ${t('prov_unloadedBy')} ${who(s.unloadedBy)} · ${t('prov_coSignedBy')} ${who(s.coSignedBy)}`,
              )}
              {row(t('prov_release'), tr_('prov_release_', s.release), 'prov-release')}
            </tbody>
          </table>
        ) : (
          <p>{t('prov_notSterilized')}</p>
        )}
      </section>

      <section>
        <h2>{t('prov_monitoring')}</h2>
        <table data-testid="prov-monitoring">
          <tbody>
            {s &&
              row(
                t('prov_physical'),
                <>
                  {yesNo(s.physical.passed)} · {num(s.physical.tempMinC)}–{num(s.physical.tempMaxC)} °C · {num(s.physical.pressureMinKpa)}–
                  {num(s.physical.pressureMaxKpa)} kPa · {t('holdMinutes')} {num(s.physical.holdMinutes)}
                  {s.physical.h2o2MgL != null ? ` · H₂O₂ ${s.physical.h2o2MgL} mg/L` : ''}
                  {s.physical.problems?.length ? <span className="bad"> · {s.physical.problems.join('; ')}</span> : null}
                  {s.physical.reportedCycleStartedAt
                    ? ` · ${t('prov_printoutCycle')} ${at(s.physical.reportedCycleStartedAt)} – ${at(s.physical.reportedCycleEndedAt)}`
                    : ''}
                </>,
                'prov-physical',
              )}
            {row(t('prov_loadIndicator'), yesNo(tr.indicators.loadChemicalPassed), 'prov-load-indicator')}
            {row(t('prov_outsideIndicator'), yesNo(tr.indicators.outsideIndicatorPassed))}
            {tr.indicators.insideIndicatorReportedFailed &&
              row(t('prov_insideIndicator'), <span className="bad">{t('dept_problem_inside_indicator_failed')}</span>)}
            {tr.monitoring.bowieDick &&
              row(
                t('prov_bd'),
                <>
                  {yesNo(tr.monitoring.bowieDick.passed)}
                  {tr.monitoring.bowieDick.cycleNo !== null ? ` · ${t('prov_bdCycle', { n: tr.monitoring.bowieDick.cycleNo })}` : ''} ·{' '}
                  {at(tr.monitoring.bowieDick.testedAt)} · {tr.monitoring.bowieDick.by}
                </>,
                'prov-bd',
              )}
            {tr.monitoring.emergencyRelease &&
              row(
                t('prov_emergencyRelease'),
                <span className="bad">{`${at(tr.monitoring.emergencyRelease.at)} · ${tr.monitoring.emergencyRelease.approvedBy} · ${tr.monitoring.emergencyRelease.reason}`}</span>,
              )}
            {tr.monitoring.atDispatch &&
              (tr.monitoring.atDispatch.underEmergencyRelease || tr.monitoring.atDispatch.pendingBis.length > 0) &&
              row(
                t('prov_atDispatch'),
                <span className="bad" data-testid="prov-at-dispatch">
                  {[
                    ...(tr.monitoring.atDispatch.underEmergencyRelease ? [t('prov_dispatchedUnderEmergency')] : []),
                    ...tr.monitoring.atDispatch.pendingBis.map((p) =>
                      p.resultRecordedAt === null
                        ? t('prov_biStillPending', { lot: p.lot })
                        : t('prov_biReadLater', {
                            lot: p.lot,
                            hours: p.hoursAfterDispatch,
                            result: p.result === 'passed' ? t('prov_biNegative') : t('prov_biPositive'),
                          }),
                    ),
                  ].join(zh ? '；' : '; ')}
                </span>,
              )}
          </tbody>
        </table>
        <table data-testid="prov-bis">
          <thead>
            <tr>
              <th>{t('prov_bi')}</th>
              <th>{t('prov_placed')}</th>
              <th>{t('prov_readableFrom')}</th>
              <th>{t('prov_read')}</th>
              <th>{t('prov_result')}</th>
              <th>{t('prov_pcd')}</th>
            </tr>
          </thead>
          <tbody>
            {bis.length === 0 ? (
              <tr>
                <td colSpan={6}>{t('prov_noBi')}</td>
              </tr>
            ) : (
              bis.map((b, i) => (
                <tr key={i} data-testid="prov-bi">
                  <td>
                    {t('prov_lot')} {b.lot}
                    {b.productCode ? ` · ${b.productCode} ${name({ nameZh: b.productNameZh ?? '', nameEn: b.productNameEn ?? '' })}` : ''}
                  </td>
                  <td>
                    {at(b.placedAt)} · {b.placedBy}
                  </td>
                  <td>{at(b.readableFrom)}</td>
                  <td>{b.readAt ? `${at(b.readAt)} · ${b.readBy ?? '—'}` : '—'}</td>
                  <td>
                    {b.result === 'pending'
                      ? t('prov_biPending')
                      : yesNo(b.result === 'passed', t('prov_biNegative'), t('prov_biPositive'))}
                    {b.invalid ? <span className="bad"> · {t('prov_biInvalid')}</span> : null}
                    {b.positiveControl
                      ? ` · ${t('prov_positiveControl')} ${b.positiveControl.grew ? t('prov_controlGrew') : t('prov_controlNoGrowth')} (${at(b.positiveControl.readAt)} · ${b.positiveControl.by})`
                      : ''}
                  </td>
                  <td>{yesNo(b.pcdType5Passed)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>

      <section>
        <h2>{t('prov_departmentAndPatient')}</h2>
        <table data-testid="prov-department-section">
          <tbody>
            {row(
              t('prov_storage'),
              tr.storage
                ? `${at(tr.storage.at)} · ${who(tr.storage.by)}${tr.storage.location ? ` · ${t('location')} ${tr.storage.location}` : ''}`
                : '—',
            )}
            {row(
              t('prov_dispatched'),
              tr.dispatch ? `${at(tr.dispatch.at)} · ${who(tr.dispatch.by)} → ${named(tr.dispatch.department)}` : '—',
            )}
            {row(t('prov_received'), tr.receipt ? `${at(tr.receipt.at)} · ${who(tr.receipt.by)}` : '—', 'prov-received')}
            {row(
              t('prov_used'),
              tr.use
                ? `${at(tr.use.at)} · ${who(tr.use.by)} · ${[tr.use.patientId && `${t('patientId')} ${tr.use.patientId}`, tr.use.operationId && `${t('operationId')} ${tr.use.operationId}`].filter(Boolean).join(' · ')}`
                : '—',
              'prov-used',
            )}
          </tbody>
        </table>
      </section>
      <footer style={{ marginTop: 24, display: 'flex', gap: 48 }}>
        <span>{t('prov_checkedBy')} ____________________</span>
        <span>{t('prov_date')} ____________________</span>
      </footer>
    </article>
  );
}
