import type { ReactNode } from 'react';

export interface PassageText {
  text: string;
  highlights: { start: number; length: number }[];
}

/** A passage with the matched words marked (from the server's highlight offsets, never raw HTML). */
export function Passage({ passage, className }: { passage: PassageText; className?: string }) {
  const parts: ReactNode[] = [];
  let at = 0;
  const marks = [...passage.highlights].sort((a, b) => a.start - b.start);
  for (const h of marks) {
    if (h.start < at) continue;
    if (h.start > at) parts.push(passage.text.slice(at, h.start));
    parts.push(<mark key={h.start}>{passage.text.slice(h.start, h.start + h.length)}</mark>);
    at = h.start + h.length;
  }
  if (at < passage.text.length) parts.push(passage.text.slice(at));
  return <span className={className ?? 'knowledge-passage'}>{parts}</span>;
}
