import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';

// Short property decorators for the response views (what each route really answers), so a
// view reads like the JSON it documents. Dates: `Instant` is an ISO 8601 timestamp; `Day` a
// calendar date (YYYY-MM-DD) in the hospital's time zone.
type Opts = Omit<ApiPropertyOptions, 'type' | 'format' | 'nullable'> & { nullable?: boolean };
const prop =
  (base: ApiPropertyOptions) =>
  (o: Opts = {}) =>
    ApiProperty({ ...base, ...o } as ApiPropertyOptions);

export const Id = prop({ type: String, format: 'uuid' });
export const Text = prop({ type: String });
export const Int = prop({ type: 'integer' });
export const Num = prop({ type: Number });
export const Bool = prop({ type: Boolean });
export const Instant = prop({ type: String, format: 'date-time' });
export const Day = prop({ type: String, format: 'date', example: '2026-10-01' });
/** Free-form JSON (details recorded as they were). */
export const AnyJson = (o: Opts = {}) => ApiProperty({ ...o } as ApiPropertyOptions);

/** One line for the station, in both languages. */
export class BilingualText {
  @Text({ example: '腹腔镜器械包 P00000012344 已入库' }) zh: string;
  @Text({ example: 'Laparoscopy set P00000012344 stored' }) en: string;
}

/** A warning that did not stop the step (amber at the station). */
export class WarningView {
  @Text({ example: 'FIFO_EARLIER_PACK' }) code: string;
  @Text() zh: string;
  @Text() en: string;
  @AnyJson({ required: false, description: 'machine-readable particulars' }) details?: unknown;
}

/** Who did a step: the person as provenance and the label history name them. */
export class PersonRefView {
  @Id() id: string;
  @Text() username: string;
  @Text() displayName: string;
}
