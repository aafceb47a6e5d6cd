import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { SetTemplateVersion } from '../catalog/set-template-version.entity.js';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import { Clock, localDate } from '../common/clock.js';
import { DomainError, type Localized } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { computeExpiry, datesAtStart } from '../kernel/expiry.js';
import { packBarcode } from '../kernel/barcode.js';
import { PackEvent } from '../kernel/pack-event.entity.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { CLOSED_STATES, STATE_LABELS } from '../kernel/pack-state.js';
import { Pack } from '../kernel/pack.entity.js';
import { readPackBarcode } from '../kernel/scan.js';
import { loadPhase } from '../kernel/load-state.js';
import { SterilizerLoad } from '../kernel/sterilizer-load.entity.js';
import { User } from '../users/user.entity.js';
import type { LoadLabelOptionsDto, LabelOptionsDto } from './dto/label-options.dto.js';
import {
  labelContent,
  missingLabelFields,
  REQUIRED_FIELD_NAMES,
  type LabelContent,
  type LabelFacts,
  type RequiredLabelField,
  type ShortItem,
} from './label-content.js';
import { DEFAULT_LABEL_SIZE } from './label-layout.js';
import { renderLabels, type LabelFormat, type RenderOptions } from './label-renderer.js';
import { ZPL_DOTS_PER_MM } from './render-zpl.js';
import { chooseSymbology } from './symbology.js';
import { LABEL_PRINTED, LABEL_REPRINTED } from '../kernel/pack-event-types.js';
import { printedLabels } from '../kernel/printed-labels.js';
import { sendToPrinter } from './zebra-printer.js';
import { storageCompliant } from '../kernel/storage-environment.js';
import { LabelsRepository } from './labels.repository.js';

export interface LabelFile {
  body: Buffer;
  contentType: string;
  filename: string;
  /** For a recorded print: which print of this pack (1 = the first). */
  printNo?: number;
}

/**
 * Pack labels (§6): drawn from what the database knows, refused while any field is unknown.
 *
 * WHEN A LABEL IS PRINTABLE — decided here: from the moment the pack is scanned into a
 * sterilizer load (scanned by its set's asset tag or its barcode), so the label goes on the
 * pack before it enters the chamber. The label names that load's sterilizer and cycle; the
 * sterilization date of a load not started yet is the day it is planned for (today, hospital
 * time zone) and the expiry follows from it (§4.1). What is printed stays true:
 * - a labelled pack taken out of its open load (or the load cancelled) gets a new barcode and
 *   its old label is void — scanning it is refused naming the new barcode (LABEL_VOIDED);
 * - a load whose sterilizer code, start date or expiry no longer matches its printed labels
 *   (the sterilizer was renamed, it waited past midnight, the storage environment changed)
 *   refuses to start until they are reprinted (LABELS_OUTDATED, SterilizationService.start);
 * - once the load has started, a label drawn again names the sterilizer it started with (its
 *   run snapshot) and the template version the pack was packed to, whatever the catalog says now.
 * Before loading the answer is 422 LABEL_FIELDS_MISSING naming what is still unknown. Closed
 * packs (used, failed, recalled …) get no label at all, so nothing unsafe looks fresh.
 *
 * GETs only draw (preview, screen); printing is a POST that records a `label_printed` pack
 * event; any later print is a reprint that needs a reason (`label_reprinted`, §6).
 */
@Injectable()
export class LabelsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PackLedger) private readonly ledger: PackLedger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(LabelsRepository) private readonly repo: LabelsRepository,
  ) {}

  /** One pack's label, drawn; nothing is written. */
  async packLabel(code: string, dto: LabelOptionsDto, baseUrl: string): Promise<LabelFile> {
    const barcode = readPackBarcode(code, this.clock.instant());
    const opts = renderOptions(dto, 'png');
    const m = this.db.manager;
    const pack = (await m.getRepository(Pack).findOneBy({ barcode })) ?? (await this.ledger.refuseUnknown(m, barcode));
    const [content] = await this.contents(m, [await this.assertLabelled(m, pack)], baseUrl);
    return this.file([content], opts, `标签 ${barcode}`, barcode);
  }

  /**
   * Prints a pack's label and records it on the pack's history. Without a reason only the
   * first print is allowed; with one (`reprint`) any later print, recorded with its reason.
   */
  print(
    ctx: StepContext,
    code: string,
    dto: LabelOptionsDto,
    baseUrl: string,
    reason?: string,
    deliver?: (file: LabelFile) => Promise<void>,
  ): Promise<LabelFile> {
    const barcode = readPackBarcode(code, this.clock.instant());
    const opts = renderOptions(dto, 'png');
    return this.db.transaction(async (m) => {
      // Locked: two stations printing the same first label cannot both count as the first.
      const pack = await this.assertLabelled(m, await this.ledger.lockByBarcode(m, barcode));
      const [content] = await this.contents(m, [pack], baseUrl);
      const before = (await this.printCounts(m, [pack.id])).get(pack.id) ?? 0;
      if (!reason && before > 0)
        throw new DomainError('LABEL_ALREADY_PRINTED', { what: `${barcode} ×${before}` }, { barcodes: [barcode], prints: before });
      const file = await this.file([content], opts, `标签 ${barcode}`, barcode);
      const printNo = before + 1;
      await this.ledger.record(m, pack, reason ? LABEL_REPRINTED : LABEL_PRINTED, ctx, { data: printData(opts, content, printNo, reason) });
      // Sent before the print is committed: a printer that did not take it leaves no print on record.
      if (deliver) await deliver(file);
      return { ...file, printNo };
    });
  }

  /** The label printers a station may send to (their names and addresses). */
  printers() {
    return this.config.labelPrinters.map((p) => ({ name: p.name, address: `${p.host}:${p.port}` }));
  }

  /** Prints a pack's label as ZPL on a configured Zebra printer; recorded only once the printer took it. */
  async sendToPrinter(ctx: StepContext, code: string, printerName: string, baseUrl: string, reason?: string) {
    const printer = this.config.labelPrinters.find((p) => p.name === printerName);
    if (!printer) throw new DomainError('PRINTER_NOT_FOUND', { printer: printerName });
    const file = await this.print(ctx, code, { format: 'zpl' }, baseUrl, reason, (f) => sendToPrinter(printer, f.body));
    return { barcode: readPackBarcode(code, this.clock.instant()), printer: printer.name, bytes: file.body.length, printNo: file.printNo! };
  }

  /** Every print of a pack's label, oldest first. */
  async prints(code: string) {
    const barcode = readPackBarcode(code, this.clock.instant());
    const m = this.db.manager;
    const pack = (await m.getRepository(Pack).findOneBy({ barcode })) ?? (await this.ledger.refuseUnknown(m, barcode));
    const events = await m
      .getRepository(PackEvent)
      .find({ where: { packId: pack.id, type: In([LABEL_PRINTED, LABEL_REPRINTED]) }, order: { id: 'ASC' } });
    const users = await this.people(
      m,
      events.map((e) => e.actorId),
    );
    return {
      barcode,
      printed: events.filter((e) => e.type === LABEL_PRINTED).length,
      reprinted: events.filter((e) => e.type === LABEL_REPRINTED).length,
      total: events.length,
      history: events.map((e) => ({
        at: e.at,
        type: e.type,
        by: users.get(e.actorId) ?? null,
        station: e.station,
        reason: (e.data.reason as string | undefined) ?? null,
        format: e.data.format ?? null,
        symbology: e.data.symbology ?? null,
        loadSheet: e.data.loadId ?? null,
      })),
    };
  }

  /** Every printable pack of a load: a PDF (A4 sheet or one label per page) or one ZPL stream. */
  async loadLabels(loadId: string, dto: LoadLabelOptionsDto, baseUrl: string): Promise<LabelFile> {
    const opts = renderOptions(dto, 'pdf', true);
    const m = this.db.manager;
    const { load, sterilizerCode } = await this.load(m, loadId);
    const packs = labelledPacks(await m.getRepository(Pack).find({ where: { loadId: load.id }, order: { barcode: 'ASC' } }));
    return this.file(
      await this.contents(m, packs, baseUrl),
      opts,
      `${sterilizerCode} 第 ${load.cycleNo} 锅 标签`,
      `load-${sterilizerCode}-${load.cycleNo}`,
    );
  }

  /**
   * Prints a load's labels: a first print for each pack, or reprints (reason needed) for packs
   * printed before; `unprintedOnly`: the first prints of the packs never printed, nothing else.
   */
  printLoad(
    ctx: StepContext,
    loadId: string,
    dto: LoadLabelOptionsDto,
    baseUrl: string,
    reason?: string,
    unprintedOnly = false,
  ): Promise<LabelFile> {
    const opts = renderOptions(dto, 'pdf', true);
    return this.db.transaction(async (m) => {
      const { load, sterilizerCode } = await this.load(m, loadId);
      const locked = await m
        .getRepository(Pack)
        .find({ where: { loadId: load.id }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      const labelled = labelledPacks(locked).sort((a, b) => (a.barcode! < b.barcode! ? -1 : 1));
      const counts = await this.printCounts(
        m,
        labelled.map((p) => p.id),
      );
      const packs = unprintedOnly ? labelled.filter((p) => !counts.has(p.id)) : labelled;
      const contents = await this.contents(m, packs, baseUrl);
      const printedBefore = packs.filter((p) => (counts.get(p.id) ?? 0) > 0).map((p) => p.barcode!);
      if (!reason && printedBefore.length > 0) {
        const what =
          printedBefore.length > 3 ? `${printedBefore.slice(0, 3).join(', ')} … (${printedBefore.length})` : printedBefore.join(', ');
        throw new DomainError('LABEL_ALREADY_PRINTED', { what }, { barcodes: printedBefore });
      }
      const file = await this.file(
        contents,
        opts,
        `${sterilizerCode} 第 ${load.cycleNo} 锅 标签`,
        `load-${sterilizerCode}-${load.cycleNo}`,
      );
      for (const [i, pack] of packs.entries()) {
        const printNo = (counts.get(pack.id) ?? 0) + 1;
        await this.ledger.record(m, pack, printNo > 1 ? LABEL_REPRINTED : LABEL_PRINTED, ctx, {
          data: { ...printData(opts, contents[i], printNo, printNo > 1 ? reason : undefined), loadId: load.id },
        });
      }
      return file;
    });
  }

  /** A sample label of a template for setting a printer up: marked 样张 SAMPLE, with a barcode no pack ever gets. */
  async templateSample(templateId: string, dto: LabelOptionsDto, baseUrl: string): Promise<LabelFile> {
    const opts = renderOptions(dto, 'png');
    const template = await this.db.getRepository(SetTemplate).findOneBy({ id: templateId });
    if (!template) throw new DomainError('TEMPLATE_NOT_FOUND');
    const today = localDate(this.clock.instant(), this.config.timezone);
    const barcode = packBarcode(0); // the sequence starts at 1: never a real pack
    const content: LabelContent = {
      ...labelContent(
        {
          barcode,
          templateCode: template.code,
          nameZh: template.nameZh,
          nameEn: template.nameEn,
          sterilizerCode: '01',
          cycleNo: 1,
          sterilizationDate: today,
          expiryDate: computeExpiry(today, template.packagingMaterial, true),
          packer: '样张',
          checker: '样张',
          gtin: template.gtin,
        },
        provenanceUrl(baseUrl, barcode),
      ),
      sample: true,
    };
    return this.file([content], opts, `样张 ${template.code}`, `sample-${template.code}`);
  }

  /** Refuses a dead (superseded) label and closed packs: they get no label. */
  private async assertLabelled(m: EntityManager, pack: Pack): Promise<Pack> {
    if (pack.replacedByPackId) await this.ledger.refuseDeadLabel(m, pack);
    if (CLOSED_STATES.includes(pack.state)) {
      const label = STATE_LABELS[pack.state];
      throw new DomainError(
        'PACK_WRONG_STATE',
        { state: pack.state, stateZh: label.zh, stateEn: label.en },
        { state: pack.state, barcode: pack.barcode },
      );
    }
    return pack;
  }

  private async load(m: EntityManager, loadId: string) {
    const load = await m.getRepository(SterilizerLoad).findOneBy({ id: loadId });
    if (!load) throw new DomainError('LOAD_NOT_FOUND');
    // As the labels name it: the sterilizer as it was when the load started.
    const sterilizerCode =
      load.runSnapshot?.sterilizer.code ?? (await m.getRepository(Sterilizer).findOneByOrFail({ id: load.sterilizerId })).code;
    return { load, sterilizerCode };
  }

  /** The labels of `packs`, or 422 LABEL_FIELDS_MISSING naming every field still unknown (and for which packs). */
  private async contents(m: EntityManager, packs: Pack[], baseUrl: string): Promise<LabelContent[]> {
    if (packs.length === 0) throw new DomainError('LABEL_NOTHING_TO_PRINT');
    const facts = await this.facts(m, packs);
    const missing = new Set<RequiredLabelField>();
    const packsMissing: { barcode: string | null; fields: RequiredLabelField[] }[] = [];
    for (const [i, f] of facts.entries()) {
      const fields = missingLabelFields(f);
      if (fields.length === 0) continue;
      fields.forEach((x) => missing.add(x));
      packsMissing.push({ barcode: packs[i].barcode, fields });
    }
    if (missing.size > 0) {
      const order = Object.keys(REQUIRED_FIELD_NAMES) as RequiredLabelField[];
      const fields = order.filter((x) => missing.has(x));
      throw new DomainError(
        'LABEL_FIELDS_MISSING',
        {
          fieldsZh: fields.map((x) => REQUIRED_FIELD_NAMES[x].zh).join('、'),
          fieldsEn: fields.map((x) => REQUIRED_FIELD_NAMES[x].en).join(', '),
        },
        { fields, packs: packsMissing },
      );
    }
    return facts.map((f) => labelContent(f, provenanceUrl(baseUrl, f.barcode!)));
  }

  /** What the database knows for each pack's label, in a fixed number of queries whatever the count. */
  private async facts(m: EntityManager, packs: Pack[]): Promise<LabelFacts[]> {
    const ids = packs.map((p) => p.id);
    const templates = byId(await m.getRepository(SetTemplate).findBy({ id: In(unique(packs.map((p) => p.templateId))) }));
    const versions = await this.templateVersions(m, packs);
    const loadIds = unique(packs.map((p) => p.loadId));
    const loads = byId(loadIds.length ? await m.getRepository(SterilizerLoad).findBy({ id: In(loadIds) }) : []);
    // A load that started names its sterilizer as it was then; an open one (label printed before the run) as it is now.
    const sterilizerIds = unique([...loads.values()].filter((l) => !l.runSnapshot).map((l) => l.sterilizerId));
    const sterilizers = byId(sterilizerIds.length ? await m.getRepository(Sterilizer).findBy({ id: In(sterilizerIds) }) : []);
    // The inspector recorded at packing checks a pack that needs no second person (§5 only
    // requires a different checker for critical and implant packs): 检查包装者.
    const inspectors = new Map<string, string>();
    const shortfalls = new Map<string, ShortItem[]>();
    for (const e of await m.getRepository(PackEvent).find({ where: { packId: In(ids), type: 'pack' }, order: { id: 'ASC' } })) {
      inspectors.set(e.packId, (e.data.inspectorId as string | undefined) ?? e.actorId);
      if (Array.isArray(e.data.shortfall)) shortfalls.set(e.packId, e.data.shortfall as ShortItem[]);
    }
    const people = await this.people(
      m,
      packs.flatMap((p) => [p.packedBy, p.checkedBy, inspectors.get(p.id) ?? null]),
    );
    const now = this.clock.instant();
    const compliant = [...loads.values()].some((l) => loadPhase(l) === 'open') ? await storageCompliant(m) : true;
    const name = (id: string | null | undefined) => (id ? (people.get(id)?.displayName ?? people.get(id)?.username ?? null) : null);
    return packs.map((p) => {
      // The template as the pack was packed to it (packs from before versions were kept: as it is now).
      const template = versions.get(`${p.templateId}:${p.templateVersion}`) ?? templates.get(p.templateId)!;
      const load = p.loadId ? loads.get(p.loadId) : undefined;
      // A load not started yet is planned for now: its date and expiry are checked again at start.
      const planned =
        load && loadPhase(load) === 'open' && p.packagingMaterial
          ? datesAtStart(now, this.config.timezone, p.packagingMaterial, compliant)
          : null;
      return {
        barcode: p.barcode,
        templateCode: template.code,
        nameZh: template.nameZh,
        nameEn: template.nameEn,
        sterilizerCode: load ? (load.runSnapshot?.sterilizer.code ?? sterilizers.get(load.sterilizerId)?.code ?? null) : null,
        cycleNo: load ? load.cycleNo : null,
        sterilizationDate: p.sterilizationDate ?? planned?.sterilizationDate ?? null,
        expiryDate: p.expiryDate ?? planned?.expiryDate ?? null,
        packer: name(p.packedBy),
        checker: name(p.checkedBy ?? inspectors.get(p.id)),
        gtin: template.gtin,
        shortfall: shortfalls.get(p.id) ?? [],
      };
    });
  }

  /** The template versions the packs were packed to, by `templateId:version`. */
  private async templateVersions(m: EntityManager, packs: Pack[]): Promise<Map<string, SetTemplateVersion>> {
    const packed = packs.filter((p) => p.templateVersion !== null);
    if (packed.length === 0) return new Map();
    const versions = await this.repo.templateVersions(
      m,
      packed.map((p) => p.templateId),
      packed.map((p) => p.templateVersion!),
    );
    return new Map(versions.map((v) => [`${v.templateId}:${v.version}`, v]));
  }

  private async printCounts(m: EntityManager, packIds: string[]): Promise<Map<string, number>> {
    return new Map([...(await printedLabels(m, packIds)).values()].map((l) => [l.packId, l.prints]));
  }

  private async people(m: EntityManager, ids: (string | null)[]) {
    const wanted = unique(ids);
    if (wanted.length === 0) return new Map<string, { id: string; username: string; displayName: string }>();
    const users = await m.getRepository(User).findBy({ id: In(wanted) });
    return new Map(users.map((u) => [u.id, { id: u.id, username: u.username, displayName: u.displayName }]));
  }

  private async file(contents: LabelContent[], opts: RenderOptions, title: string, name: string): Promise<LabelFile> {
    const rendered = await renderLabels(contents, opts, title);
    return {
      body: rendered.body,
      contentType: rendered.contentType,
      filename: `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.${rendered.format}`,
    };
  }
}

/** Packs of a load that get a label: not closed, not superseded. */
function labelledPacks(packs: Pack[]): Pack[] {
  return packs.filter((p) => !p.replacedByPackId && !CLOSED_STATES.includes(p.state) && p.barcode);
}

function provenanceUrl(baseUrl: string, barcode: string): string {
  return `${baseUrl}/api/trace/packs/${encodeURIComponent(barcode)}`;
}

function printData(opts: RenderOptions, content: LabelContent, printNo: number, reason: string | undefined): Record<string, unknown> {
  return {
    printNo,
    barcode: content.barcode,
    format: opts.format,
    symbology: chooseSymbology(opts.symbology, content.gtin),
    sizeMm: `${opts.widthMm}x${opts.heightMm}`,
    sterilizerCode: content.sterilizerCode,
    cycleNo: content.cycleNo,
    sterilizationDate: content.sterilizationDate,
    expiryDate: content.expiryDate,
    ...(reason ? { reason } : {}),
  };
}

/** Request options with their defaults, checked where a DTO cannot (SVG/PNG hold one label; ZPL dpi). */
function renderOptions(dto: LoadLabelOptionsDto, defaultFormat: LabelFormat, many = false): RenderOptions {
  const format = dto.format ?? defaultFormat;
  const invalid = (field: string, problem: Localized) =>
    new DomainError('VALIDATION_FAILED', { fields: field }, { fields: [{ field, problems: [problem] }] });
  if (many && (format === 'png' || format === 'svg'))
    throw invalid('format', { zh: '一锅的标签只能是 pdf 或 zpl', en: 'the labels of a load come as pdf or zpl' });
  if (format === 'zpl' && dto.dpi !== undefined && !(dto.dpi in ZPL_DOTS_PER_MM))
    throw invalid('dpi', { zh: 'ZPL 打印头只有 203、300 或 600 dpi', en: 'a ZPL print head has 203, 300 or 600 dpi' });
  return {
    format,
    symbology: dto.symbology,
    widthMm: dto.widthMm ?? DEFAULT_LABEL_SIZE.widthMm,
    heightMm: dto.heightMm ?? DEFAULT_LABEL_SIZE.heightMm,
    dpi: dto.dpi,
    sheet: dto.sheet ?? (many ? 'a4' : 'label'),
  };
}

function unique<T>(xs: (T | null | undefined)[]): T[] {
  return [...new Set(xs.filter((x): x is T => x !== null && x !== undefined))];
}

function byId<T extends { id: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.id, r]));
}
