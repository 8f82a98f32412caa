import { useEffect, useState } from 'react';
import type { Order } from '../../api/types.ts';

/** The clock that runs for the order's current state (mirrors the server's time-limit warnings). */
export interface RunningDeadline {
  label: '派单' | '签收' | '办理';
  dueAt: Date;
  yellowAt: Date | null;
}

export function runningDeadline(o: Order): RunningDeadline | null {
  const at = (iso: string | null) => (iso === null ? null : new Date(iso));
  switch (o.state) {
    case 'pending_dispatch':
      return o.dispatchDueAt ? { label: '派单', dueAt: new Date(o.dispatchDueAt), yellowAt: null } : null;
    case 'dispatched':
      if (!o.signedAt && o.signDueAt) return { label: '签收', dueAt: new Date(o.signDueAt), yellowAt: null };
      return o.handleDueAt
        ? { label: '办理', dueAt: new Date(o.handleDueAt), yellowAt: at(o.yellowAt) }
        : null;
    case 'handling':
    case 'return_requested':
      return o.handleDueAt
        ? { label: '办理', dueAt: new Date(o.handleDueAt), yellowAt: at(o.yellowAt) }
        : null;
    default:
      return null;
  }
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** 2天3小时 · 5小时12分 · 18分钟 (calendar time; the deadline itself already counts working days). */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) {
    const hours = Math.floor((abs % DAY) / HOUR);
    return `${Math.floor(abs / DAY)}天${hours > 0 ? `${hours}小时` : ''}`;
  }
  if (abs >= HOUR) {
    const minutes = Math.floor((abs % HOUR) / MINUTE);
    return `${Math.floor(abs / HOUR)}小时${minutes > 0 ? `${minutes}分` : ''}`;
  }
  return `${Math.max(1, Math.floor(abs / MINUTE))}分钟`;
}

export type Urgency = 'overdue' | 'warning' | 'normal';

export function deadlineUrgency(d: RunningDeadline, now: number): Urgency {
  if (d.dueAt.getTime() <= now) return 'overdue';
  if (d.yellowAt && d.yellowAt.getTime() <= now) return 'warning';
  return 'normal';
}

/** The current time, refreshed every 30 seconds so countdowns move without refetching. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
