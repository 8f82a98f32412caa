/**
 * 工单编号 order numbers that a call-taker can read to a caller: the local date (YYMMDD) and six
 * digits. The digits come from one database sequence, so numbering takes no lock; they stay unique
 * within a day as long as a day has fewer than a million orders (Beijing: about 60,000).
 */
export function formatOrderNumber(localDate: string, sequenceValue: number): string {
  const m = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(localDate);
  if (!m) throw new RangeError(`bad local date: ${localDate}`);
  const digits = String(sequenceValue % 1_000_000).padStart(6, '0');
  return `${m[1]}${m[2]}${m[3]}${digits}`;
}

export const ORDER_NUMBER_PATTERN = /^\d{12}$/;
