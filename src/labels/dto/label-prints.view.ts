import { ApiProperty } from '@nestjs/swagger';
import { Id, Instant, Int, PersonRefView, Text } from '../../common/views.js';
import { LABEL_PRINTED, LABEL_REPRINTED } from '../../kernel/pack-event-types.js';

export class LabelPrintView {
  @Instant() at: string;
  @ApiProperty({ enum: [LABEL_PRINTED, LABEL_REPRINTED] }) type: string;
  @ApiProperty({ type: PersonRefView, nullable: true }) by: PersonRefView | null;
  @Text({ nullable: true }) station: string | null;
  @Text({ nullable: true, description: 'why it was reprinted' }) reason: string | null;
  @ApiProperty({ enum: ['png', 'svg', 'pdf', 'zpl'], nullable: true }) format: string | null;
  @Text({ nullable: true, example: 'code128' }) symbology: string | null;
  @Id({ nullable: true, description: 'the load whose sheet it was printed on' }) loadSheet: string | null;
}

export class LabelPrintsView {
  @Text() barcode: string;
  @Int() printed: number;
  @Int() reprinted: number;
  @Int() total: number;
  @ApiProperty({ type: [LabelPrintView] }) history: LabelPrintView[];
}

/** A Zebra label printer a station may send to (CSSD_LABEL_PRINTERS). */
export class LabelPrinterView {
  @Text({ example: 'LOAD-1' }) name: string;
  @Text({ example: '10.1.2.21:9100' }) address: string;
}

/** A label the printer took (the print is recorded). */
export class LabelSentView {
  @Text({ example: 'P00000012344' }) barcode: string;
  @Text({ example: 'LOAD-1' }) printer: string;
  @Int({ description: 'bytes of ZPL the printer took' }) bytes: number;
  @Int({ description: 'which print of this pack’s label this is (1 = the first)' }) printNo: number;
}
