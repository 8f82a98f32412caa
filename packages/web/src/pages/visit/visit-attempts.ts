import { useCallback, useState } from 'react';

/**
 * 无法联系: an order may be closed unvisited only after this many unanswered calls. The server has no
 * rule for it yet (it accepts `close` with reason `unreachable` at any time), so the desk enforces it;
 * the attempts are kept in this browser per order and their times go into the closing note.
 */
export const VISIT_ATTEMPTS_REQUIRED = 3;

const key = (orderId: number) => `jiesu.visit-attempts.${orderId}`;

function read(orderId: number): string[] {
  try {
    const raw = JSON.parse(localStorage.getItem(key(orderId)) ?? '[]');
    return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function useVisitAttempts(orderId: number) {
  const [attempts, setAttempts] = useState<string[]>(() => read(orderId));
  const record = useCallback(() => {
    const next = [...read(orderId), new Date().toISOString()];
    localStorage.setItem(key(orderId), JSON.stringify(next));
    setAttempts(next);
  }, [orderId]);
  const clear = useCallback(() => {
    localStorage.removeItem(key(orderId));
    setAttempts([]);
  }, [orderId]);
  return { attempts, record, clear };
}
