import { DomainError } from '../common/errors/domain-error.js';
import type { RecordChecklistDto } from './dto/shift-handover.dto.js';
import type { ChecklistAnswer } from './shift-handover.entity.js';
import { CHECK_ITEM_NAMES, CHECK_ITEMS } from './shifts.js';

/** The checklist's answers in the list's order: each item exactly once; one not done carries its reason. */
export function checklistAnswers(dto: RecordChecklistDto): ChecklistAnswer[] {
  return CHECK_ITEMS.map((item) => {
    const given = dto.items.filter((i) => i.item === item);
    if (given.length !== 1) throw new DomainError('SHIFT_HANDOVER_CHECKLIST_INCOMPLETE', { item: CHECK_ITEM_NAMES[item] });
    const [{ done, reason }] = given;
    const why = reason?.trim() || null;
    if (!done && !why) throw new DomainError('SHIFT_HANDOVER_REASON_REQUIRED', { item: CHECK_ITEM_NAMES[item] });
    return { item, done, reason: done ? null : why };
  });
}
