import { Bool, Instant, Int, Text } from '../../common/views.js';

/** A load's loading check 装载核查 (seed 1.4) as recorded; people by display name. */
export class LoadingCheckView {
  @Text({ description: 'the check’s number (checks of a load are kept; the latest counts)' }) id: string;
  @Bool({ description: '包装' }) packaging: boolean;
  @Bool({ description: '数量' }) quantity: boolean;
  @Bool({ description: '规格' }) specification: boolean;
  @Bool({ description: '装载方法' }) loadingMethod: boolean;
  @Bool({ description: 'every item passed' }) passed: boolean;
  @Int({ description: 'the packs it covered' }) packCount: number;
  @Bool({ description: 'the load held an implant or critical pack: checked by a second person' }) secondRequired: boolean;
  @Text() checkedBy: string;
  @Text({ nullable: true }) secondCheckedBy: string | null;
  @Instant() checkedAt: string;
  @Text({ nullable: true }) note: string | null;
  @Bool({
    description: 'it covered exactly the packs in the load now (a pack scanned in or out since leaves the load to be checked again)',
  })
  current: boolean;
}
