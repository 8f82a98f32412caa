/**
 * The working calendar as an admin reads it (节假日与调休): for each day, whether it is worked, and
 * why — a national holiday, a 调休 make-up workday, a weekend, or a local override with its reason.
 */
// The static table of chinese-days (see domain/calendar.ts for why not its functions).
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { WorkCalendar } from '../domain/calendar.ts';

const HOLIDAYS: Readonly<Record<string, string>> = chineseDays.holidays;
const WORKDAYS: Readonly<Record<string, string>> = chineseDays.workdays;
const DAY_MS = 86_400_000;

export interface CalendarOverride {
  isWorkday: boolean;
  note: string;
}

export interface CalendarDayView {
  day: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  isWorkday: boolean;
  /** What the national calendar says when it differs from a plain week: 春节 holiday, 调休 workday. */
  national: { kind: 'holiday' | 'workday'; name: string } | null;
  override: CalendarOverride | null;
  /** One short Chinese word for why the day is (not) worked. */
  label: string;
}

/** 'Spring Festival,春节,4' → '春节'. */
const holidayName = (entry: string) => entry.split(',')[1] ?? entry;

export function describeDay(
  day: string,
  calendar: WorkCalendar,
  overrides: ReadonlyMap<string, CalendarOverride>,
): CalendarDayView {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const holiday = HOLIDAYS[day];
  const workday = WORKDAYS[day];
  const national = holiday
    ? { kind: 'holiday' as const, name: holidayName(holiday) }
    : workday
      ? { kind: 'workday' as const, name: `${holidayName(workday)}调休` }
      : null;
  const override = overrides.get(day) ?? null;
  const isWorkday = calendar.isWorkday(day);
  const label = override
    ? override.note || (override.isWorkday ? '本地工作日' : '本地休息日')
    : (national?.name ?? (isWorkday ? '工作日' : '周末'));
  return { day, weekday, isWorkday, national, override, label };
}

/** Every day from `from` to `to` inclusive ('YYYY-MM-DD'). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** The days of a month 'YYYY-MM'. */
export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return daysBetween(`${month}-01`, `${month}-${String(last).padStart(2, '0')}`);
}
