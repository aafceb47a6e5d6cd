import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import type { Role } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { DomainError } from '../common/errors/domain-error.js';
import { IdPipe } from '../common/id-param.js';
import { Station } from '../packs/station.js';
import { LabelOptionsDto, LoadLabelOptionsDto, PrintLoadDto, ReprintDto, SendLabelDto } from './dto/label-options.dto.js';
import type { LabelFormat } from './label-renderer.js';
import { LabelsService, type LabelFile } from './labels.service.js';
import { LabelPrinterView, LabelPrintsView, LabelSentView } from './dto/label-prints.view.js';

/** CSSD staff who pack, load, unload and check: they print and reprint labels. */
const LABEL_ROLES: Role[] = ['nurse', 'head_nurse', 'monitor'];
const PRODUCES = ['image/png', 'image/svg+xml', 'application/pdf', 'application/zpl'];
const FILE = { description: 'the label file (format as asked)', schema: { type: 'string', format: 'binary' } };
const PACK_FILE = /^(.+?)(?:\.(png|svg|pdf|zpl))?$/;

@ApiTags('labels 标签')
@ApiHeader({ name: 'X-Station', required: false })
@Controller('labels')
export class LabelsController {
  constructor(private readonly labels: LabelsService) {}

  /** A pack's label, drawn only (nothing recorded): `P00000012344.png`, `.svg`, `.pdf`, `.zpl`, or `?format=`. */
  @Get('packs/:file')
  @Roles(...LABEL_ROLES)
  @ApiParam({ name: 'file', example: 'P00000012344.pdf', description: 'the pack barcode, optionally with the format as extension' })
  @ApiProduces(...PRODUCES)
  @ApiOkResponse(FILE)
  @ApiErrors(
    'INVALID_BARCODE',
    'UNKNOWN_BARCODE',
    'LABEL_VOIDED',
    'PACK_SUPERSEDED',
    'PACK_WRONG_STATE',
    'LABEL_FIELDS_MISSING',
    'LABEL_SYMBOLOGY_UNAVAILABLE',
    'LABEL_GS1_INVALID',
    'LABEL_TOO_SMALL',
  )
  @ApiOperation({ summary: 'Draw a pack’s label (nothing recorded)' })
  async pack(@Param('file') file: string, @Query() q: LabelOptionsDto, @Req() req: Request) {
    const { barcode, format } = packFile(file, q.format);
    return send(await this.labels.packLabel(barcode, { ...q, format }, baseUrl(req)));
  }

  /** The first print of a pack's label: recorded on the pack's history (`label_printed`). A second print is a reprint. */
  @Post('packs/:barcode/print')
  @HttpCode(200)
  @Roles(...LABEL_ROLES)
  @ApiProduces(...PRODUCES)
  @ApiOkResponse({ ...FILE, headers: { 'X-Label-Print-No': { description: 'which print of this pack’s label this is (1 = first)' } } })
  @ApiErrors(
    'INVALID_BARCODE',
    'UNKNOWN_BARCODE',
    'LABEL_VOIDED',
    'PACK_SUPERSEDED',
    'PACK_WRONG_STATE',
    'LABEL_FIELDS_MISSING',
    'LABEL_ALREADY_PRINTED',
    'LABEL_SYMBOLOGY_UNAVAILABLE',
    'LABEL_GS1_INVALID',
    'LABEL_TOO_SMALL',
    'LABEL_IDEMPOTENCY_UNSUPPORTED',
  )
  @ApiOperation({ summary: 'Print a pack’s label for the first time (recorded)' })
  async print(
    @CurrentUser() actor: Actor,
    @Station() station: string | null,
    @Param('barcode') barcode: string,
    @Body() dto: LabelOptionsDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    refuseIdempotencyKey(key);
    return send(await this.labels.print({ actor, station }, barcode, dto, baseUrl(req)), res);
  }

  /** Prints a pack's label again; the reason is recorded on the pack's history (`label_reprinted`). */
  @Post('packs/:barcode/reprint')
  @HttpCode(200)
  @Roles(...LABEL_ROLES)
  @ApiProduces(...PRODUCES)
  @ApiOkResponse({ ...FILE, headers: { 'X-Label-Print-No': { description: 'which print of this pack’s label this is' } } })
  @ApiErrors(
    'INVALID_BARCODE',
    'UNKNOWN_BARCODE',
    'LABEL_VOIDED',
    'PACK_SUPERSEDED',
    'PACK_WRONG_STATE',
    'LABEL_FIELDS_MISSING',
    'LABEL_SYMBOLOGY_UNAVAILABLE',
    'LABEL_GS1_INVALID',
    'LABEL_TOO_SMALL',
    'LABEL_IDEMPOTENCY_UNSUPPORTED',
  )
  @ApiOperation({ summary: 'Reprint a pack’s label, with the reason (recorded)' })
  async reprint(
    @CurrentUser() actor: Actor,
    @Station() station: string | null,
    @Param('barcode') barcode: string,
    @Body() dto: ReprintDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    refuseIdempotencyKey(key);
    const { reason, ...options } = dto;
    return send(await this.labels.print({ actor, station }, barcode, options, baseUrl(req), reason), res);
  }

  /** The Zebra label printers configured for the stations (CSSD_LABEL_PRINTERS). */
  @Get('printers')
  @Roles(...LABEL_ROLES)
  @ApiOperation({ summary: 'The Zebra label printers configured for the stations' })
  @ApiOkResponse({ type: [LabelPrinterView] })
  printers() {
    return this.labels.printers();
  }

  /**
   * Prints a pack's label on a station's Zebra printer (ZPL over TCP 9100): recorded as its first
   * print — or, with a reason, a reprint — only once the printer took it. The answer is JSON, so a
   * retry with the same Idempotency-Key gets it again (and does not print twice).
   */
  @Post('packs/:barcode/send')
  @HttpCode(200)
  @Roles(...LABEL_ROLES)
  @ApiOperation({ summary: 'Print a pack’s label on a station’s Zebra printer (ZPL over TCP 9100; recorded once the printer took it)' })
  @ApiOkResponse({ type: LabelSentView })
  @ApiErrors(
    'INVALID_BARCODE',
    'UNKNOWN_BARCODE',
    'LABEL_VOIDED',
    'PACK_SUPERSEDED',
    'PACK_WRONG_STATE',
    'LABEL_FIELDS_MISSING',
    'LABEL_ALREADY_PRINTED',
    'PRINTER_NOT_FOUND',
    'PRINTER_UNREACHABLE',
  )
  sendToPrinter(
    @CurrentUser() actor: Actor,
    @Station() station: string | null,
    @Param('barcode') barcode: string,
    @Body() dto: SendLabelDto,
    @Req() req: Request,
  ) {
    return this.labels.sendToPrinter({ actor, station }, barcode, dto.printer, baseUrl(req), dto.reason);
  }

  /** How often a pack's label was printed, by whom and why (reprints). */
  @Get('packs/:barcode/prints')
  @Roles(...LABEL_ROLES)
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE', 'LABEL_VOIDED')
  @ApiOperation({ summary: 'How often a pack’s label was printed, by whom and why' })
  @ApiOkResponse({ type: LabelPrintsView })
  prints(@Param('barcode') barcode: string) {
    return this.labels.prints(barcode);
  }

  /** All labels of a load, drawn only: one PDF (A4 sheet by default, or `sheet=label`) or one ZPL stream. */
  @Get('loads/:loadId')
  @Roles(...LABEL_ROLES)
  @ApiProduces('application/pdf', 'application/zpl')
  @ApiOkResponse(FILE)
  @ApiErrors(
    'LOAD_NOT_FOUND',
    'LABEL_FIELDS_MISSING',
    'LABEL_NOTHING_TO_PRINT',
    'LABEL_SYMBOLOGY_UNAVAILABLE',
    'LABEL_GS1_INVALID',
    'LABEL_TOO_SMALL',
  )
  @ApiOperation({ summary: 'Draw all labels of a load (nothing recorded)' })
  async load(@Param('loadId', IdPipe) loadId: string, @Query() q: LoadLabelOptionsDto, @Req() req: Request) {
    return send(await this.labels.loadLabels(loadId, q, baseUrl(req)));
  }

  /** Prints all labels of a load, recorded per pack; packs printed before need a reason. */
  @Post('loads/:loadId/print')
  @HttpCode(200)
  @Roles(...LABEL_ROLES)
  @ApiProduces('application/pdf', 'application/zpl')
  @ApiOkResponse(FILE)
  @ApiErrors(
    'LOAD_NOT_FOUND',
    'LABEL_FIELDS_MISSING',
    'LABEL_NOTHING_TO_PRINT',
    'LABEL_ALREADY_PRINTED',
    'LABEL_SYMBOLOGY_UNAVAILABLE',
    'LABEL_GS1_INVALID',
    'LABEL_TOO_SMALL',
    'LABEL_IDEMPOTENCY_UNSUPPORTED',
  )
  @ApiOperation({ summary: 'Print all labels of a load (recorded per pack)' })
  async printLoad(
    @CurrentUser() actor: Actor,
    @Station() station: string | null,
    @Param('loadId', IdPipe) loadId: string,
    @Body() dto: PrintLoadDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
  ) {
    refuseIdempotencyKey(key);
    const { reason, unprintedOnly, ...options } = dto;
    return send(await this.labels.printLoad({ actor, station }, loadId, options, baseUrl(req), reason, unprintedOnly));
  }

  /** A sample label of a template, for setting a printer up (marked 样张 SAMPLE; nothing recorded). */
  @Get('templates/:templateId/sample')
  @Roles(...LABEL_ROLES)
  @ApiProduces(...PRODUCES)
  @ApiOkResponse(FILE)
  @ApiErrors('TEMPLATE_NOT_FOUND', 'LABEL_SYMBOLOGY_UNAVAILABLE', 'LABEL_GS1_INVALID', 'LABEL_TOO_SMALL')
  @ApiOperation({ summary: 'A sample label of a template, for setting a printer up' })
  async sample(@Param('templateId', IdPipe) templateId: string, @Query() q: LabelOptionsDto, @Req() req: Request) {
    return send(await this.labels.templateSample(templateId, q, baseUrl(req)));
  }
}

function packFile(file: string, queryFormat: LabelFormat | undefined): { barcode: string; format: LabelFormat | undefined } {
  const [, barcode, ext] = PACK_FILE.exec(file)!;
  if (ext && queryFormat && ext !== queryFormat) {
    throw new DomainError(
      'VALIDATION_FAILED',
      { fields: 'format' },
      {
        fields: [
          {
            field: 'format',
            problems: [
              { zh: `路径要求 ${ext}，查询参数要求 ${queryFormat}`, en: `the path asks for ${ext}, the query for ${queryFormat}` },
            ],
          },
        ],
      },
    );
  }
  return { barcode, format: (ext as LabelFormat | undefined) ?? queryFormat };
}

/**
 * The global Idempotency-Key interceptor replays a stored JSON body; a label is a file, so a
 * replay could not give it back. A print whose answer was lost is reprinted with a reason.
 */
function refuseIdempotencyKey(key: string | undefined): void {
  if (key) throw new DomainError('LABEL_IDEMPOTENCY_UNSUPPORTED');
}

/** Where this server is reached, for the QR code's provenance link. */
function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

function send(file: LabelFile, res?: Response): StreamableFile {
  if (res && file.printNo !== undefined) res.setHeader('X-Label-Print-No', String(file.printNo));
  return new StreamableFile(file.body, {
    type: file.contentType,
    disposition: `inline; filename="${file.filename}"`,
    length: file.body.length,
  });
}
