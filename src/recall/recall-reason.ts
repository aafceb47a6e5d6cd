/**
 * A recall's reason in each language. An automatic recall (a positive BI, a failed inside
 * indicator) is written from its particulars, kept in its scope, so each language reads its own
 * text; the stored `reason` holds both for the record. A person's reason is shown as typed.
 */
export function recallReason(r: { trigger: string; reason: string; scope: Record<string, unknown> }): { zh: string; en: string } {
  const {
    sterilizerCode: code,
    failedCycleNo: cycle,
    lot,
  } = r.scope as { sterilizerCode?: unknown; failedCycleNo?: unknown; lot?: unknown };
  if (typeof code !== 'string' || typeof cycle !== 'number') return { zh: r.reason, en: r.reason };
  if (r.trigger === 'bi_failed') {
    const hasLot = typeof lot === 'string';
    return {
      zh: `生物监测阳性：${code} 第 ${cycle} 锅${hasLot ? `，批号 ${lot}` : ''}`,
      en: `Positive BI: ${code} cycle ${cycle}${hasLot ? `, lot ${lot}` : ''}`,
    };
  }
  if (r.trigger === 'chemical_failed')
    return { zh: `包内化学指示物不合格（${code} 第 ${cycle} 锅）`, en: `Inside indicator failed: ${code} cycle ${cycle}` };
  return { zh: r.reason, en: r.reason };
}
