/**
 * Working-day calendar of the hotline (DOMAIN.md §4): national holidays and 调休 make-up workdays,
 * admin overrides, and the working hours of a working day. Pure: every instant is passed in.
 *
 * All arithmetic is done on "local milliseconds" (UTC ms shifted by utcOffsetMinutes) read with the
 * getUTC* accessors, so the process TZ never matters.
 */
// The static table of chinese-days, not its isWorkday(): chinese-days 1.5.7 parses 'YYYY-MM-DD' as
// UTC midnight and reads it back with local getters, so both its generated table and its lookups
// shift by a day when the process runs west of UTC (e.g. TZ=America/Los_Angeles). The JSON keys are
// plain date strings and are TZ-independent; the rule below is the package's own isWorkday rule.
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

const NATIONAL_HOLIDAYS: Readonly<Record<string, string>> = chineseDays.holidays;
const NATIONAL_WORKDAYS: Readonly<Record<string, string>> = chineseDays.workdays;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** An admin could mark every day off; give up rather than loop forever. */
const MAX_DAYS_WITHOUT_WORKDAY = 400;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

export interface WorkCalendarOptions {
  /** Local days that override the national calendar ('YYYY-MM-DD' -> true = working day, false = day off), set by admins. */
  overrides?: ReadonlyMap<string, boolean>;
  /** Working hours of a working day as local 'HH:MM' intervals, ascending, non-overlapping. Default [['09:00','12:00'],['13:30','17:30']]. */
  workHours?: ReadonlyArray<readonly [string, string]>;
  /** Offset of local time from UTC in minutes. Default 480 (China Standard Time, no DST). */
  utcOffsetMinutes?: number;
}

export const DEFAULT_WORK_HOURS: ReadonlyArray<readonly [string, string]> = [
  ['09:00', '12:00'],
  ['13:30', '17:30'],
];

/** Day number (days since 1970-01-01) of a 'YYYY-MM-DD' string; throws on anything else. */
function parseLocalDate(localDate: string): number {
  const m = DATE_RE.exec(localDate);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== localDate) {
    throw new RangeError(`Invalid local date '${localDate}', expected YYYY-MM-DD`);
  }
  return ms / DAY_MS;
}

function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function parseTime(time: string): number {
  const m = TIME_RE.exec(time);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[2]) > 59 || minutes > 24 * 60) {
    throw new RangeError(`Invalid working time '${time}', expected HH:MM between 00:00 and 24:00`);
  }
  return minutes * MINUTE_MS;
}

/** Working intervals as [start, end) in ms since local midnight, validated. */
function parseWorkHours(workHours: ReadonlyArray<readonly [string, string]>): Array<[number, number]> {
  if (workHours.length === 0) throw new RangeError('workHours must contain at least one interval');
  const intervals = workHours.map(([from, to]): [number, number] => [parseTime(from), parseTime(to)]);
  let previousEnd = 0;
  for (const [i, [start, end]] of intervals.entries()) {
    if (start >= end || (i > 0 && start < previousEnd)) {
      throw new RangeError('workHours must be ascending, non-empty, non-overlapping intervals');
    }
    previousEnd = end;
  }
  return intervals;
}

function nationalIsWorkday(day: number, localDate: string): boolean {
  if (NATIONAL_WORKDAYS[localDate] !== undefined) return true;
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday >= 1 && weekday <= 5 && NATIONAL_HOLIDAYS[localDate] === undefined;
}

export class WorkCalendar {
  readonly utcOffsetMinutes: number;
  readonly #offsetMs: number;
  readonly #intervals: ReadonlyArray<readonly [number, number]>;
  readonly #overrides: ReadonlyMap<string, boolean>;
  readonly #cache = new Map<number, boolean>();

  constructor(options: WorkCalendarOptions = {}) {
    const offset = options.utcOffsetMinutes ?? 480;
    if (!Number.isInteger(offset) || Math.abs(offset) > 14 * 60) {
      throw new RangeError(`Invalid utcOffsetMinutes ${offset}`);
    }
    this.utcOffsetMinutes = offset;
    this.#offsetMs = offset * MINUTE_MS;
    this.#intervals = parseWorkHours(options.workHours ?? DEFAULT_WORK_HOURS);
    // Copied: results are cached, so a change of overrides means constructing a new calendar.
    this.#overrides = new Map(options.overrides ?? []);
    for (const key of this.#overrides.keys()) parseLocalDate(key);
  }

  localDate(at: Date): string {
    return formatDay(this.#dayOf(at.getTime()));
  }

  isWorkday(localDate: string): boolean {
    return this.#isWorkday(parseLocalDate(localDate));
  }

  /**
   * The day of arrival is not counted (期间开始之日不计算在期间内), whatever the hour: counting starts
   * on the next working day, and the deadline is the end of the n-th working day's hours.
   */
  addWorkingDays(from: Date, days: number): Date {
    if (!Number.isInteger(days) || days < 1)
      throw new RangeError(`days must be an integer >= 1, got ${days}`);
    let day = this.#dayOf(from.getTime());
    for (let counted = 0; counted < days; ) {
      day = this.#nextWorkday(day);
      counted++;
    }
    const lastEnd = this.#intervals[this.#intervals.length - 1]?.[1] ?? 0;
    return new Date(day * DAY_MS + lastEnd - this.#offsetMs);
  }

  /** Only time inside working intervals of working days counts; an exact fit ends at the interval's end. */
  addWorkingMinutes(from: Date, minutes: number): Date {
    if (!Number.isFinite(minutes) || minutes < 0)
      throw new RangeError(`minutes must be >= 0, got ${minutes}`);
    let remaining = Math.round(minutes * MINUTE_MS);
    if (remaining === 0) return new Date(from.getTime());
    const local = from.getTime() + this.#offsetMs;
    let day = this.#dayOf(from.getTime());
    let cursor = local - day * DAY_MS; // ms since local midnight; 0 on the following days
    if (!this.#isWorkday(day)) {
      day = this.#nextWorkday(day);
      cursor = 0;
    }
    for (;;) {
      for (const [start, end] of this.#intervals) {
        const segmentStart = Math.max(start, cursor);
        if (segmentStart >= end) continue;
        if (remaining <= end - segmentStart)
          return new Date(day * DAY_MS + segmentStart + remaining - this.#offsetMs);
        remaining -= end - segmentStart;
      }
      day = this.#nextWorkday(day);
      cursor = 0;
    }
  }

  /** Working minutes within [a, b] (fractional when the instants are not on whole minutes). */
  workingMinutesBetween(a: Date, b: Date): number {
    const from = a.getTime() + this.#offsetMs;
    const to = b.getTime() + this.#offsetMs;
    if (to <= from) return 0;
    let total = 0;
    for (let day = Math.floor(from / DAY_MS); day * DAY_MS < to; day++) {
      if (!this.#isWorkday(day)) continue;
      for (const [start, end] of this.#intervals) {
        const overlap = Math.min(end + day * DAY_MS, to) - Math.max(start + day * DAY_MS, from);
        if (overlap > 0) total += overlap;
      }
    }
    return total / MINUTE_MS;
  }

  endOfLocalDay(at: Date): Date {
    return new Date((this.#dayOf(at.getTime()) + 1) * DAY_MS - 1 - this.#offsetMs);
  }

  #dayOf(utcMs: number): number {
    if (Number.isNaN(utcMs)) throw new RangeError('Invalid Date');
    return Math.floor((utcMs + this.#offsetMs) / DAY_MS);
  }

  #isWorkday(day: number): boolean {
    let result = this.#cache.get(day);
    if (result === undefined) {
      const localDate = formatDay(day);
      result = this.#overrides.get(localDate) ?? nationalIsWorkday(day, localDate);
      this.#cache.set(day, result);
    }
    return result;
  }

  /** First working day strictly after `day`. */
  #nextWorkday(day: number): number {
    for (let next = day + 1; next <= day + MAX_DAYS_WITHOUT_WORKDAY; next++) {
      if (this.#isWorkday(next)) return next;
    }
    throw new RangeError(
      `No working day within ${MAX_DAYS_WITHOUT_WORKDAY} days after ${formatDay(day)}; check the calendar overrides`,
    );
  }
}
