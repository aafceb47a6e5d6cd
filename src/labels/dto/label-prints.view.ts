import { ApiProperty } from '@nestjs/swagger';
import { Id, Instant, Int, Text } from '../../common/views.js';
import { PersonRefView } from '../../trace/dto/trace.view.js';

export class LabelPrintView {
  @Instant() at: string;
  @ApiProperty({ enum: ['label_printed', 'label_reprinted'] }) type: string;
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
