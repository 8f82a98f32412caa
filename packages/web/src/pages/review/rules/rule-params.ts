import type { RequestType } from '../../../api/types.ts';
import { REQUEST_TYPE_LABELS } from '../../orders/labels.ts';
import type { ReviewRule, RuleKind, Severity } from './review-rules-api.ts';

/** Tri-state of an 适用条件 flag: the rule applies regardless, only when it holds, only when it does not. */
export type When = 'any' | 'yes' | 'no';

/** The editor's form: the rule's fields, and its params under `params` so server errors land on them. */
export interface RuleFormValues {
  code: string;
  name: string;
  kind: RuleKind;
  severity: Severity;
  enabled: boolean;
  params: {
    message: string;
    patterns?: string[];
    acceptContactFlag?: boolean;
    phrases?: string[];
    maxOtherChars?: number;
    minChars?: number;
    minScore?: number;
  };
  requestTypes: RequestType[];
  refused: When;
  finalReply: When;
}

interface AppliesWhen {
  requestTypes?: RequestType[];
  refused?: boolean;
  finalReply?: boolean;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const toWhen = (v: unknown): When => (v === true ? 'yes' : v === false ? 'no' : 'any');
const fromWhen = (w: When): boolean | undefined => (w === 'yes' ? true : w === 'no' ? false : undefined);

function appliesWhenOf(params: Record<string, unknown>): AppliesWhen {
  const a = params.appliesWhen;
  return typeof a === 'object' && a !== null ? (a as AppliesWhen) : {};
}

/** What a new rule of each kind starts with (the defaults of the seeded rules). */
export const NEW_PARAMS: Record<RuleKind, RuleFormValues['params']> = {
  required_element: { message: '', patterns: [] },
  forbidden_phrase: { message: '', phrases: [], maxOtherChars: 30 },
  min_substance: { message: '', minChars: 30 },
  relevance: { message: '', minScore: 0.04 },
};

export function toFormValues(r: ReviewRule): RuleFormValues {
  const p = r.params;
  const when = appliesWhenOf(p);
  return {
    code: r.code,
    name: r.name,
    kind: r.kind,
    severity: r.severity,
    enabled: r.enabled,
    params: {
      message: typeof p.message === 'string' ? p.message : '',
      patterns: strings(p.patterns),
      acceptContactFlag: p.acceptContactFlag === true,
      phrases: strings(p.phrases),
      maxOtherChars: num(p.maxOtherChars),
      minChars: num(p.minChars),
      minScore: num(p.minScore),
    },
    requestTypes: when.requestTypes ?? [],
    refused: toWhen(when.refused),
    finalReply: toWhen(when.finalReply),
  };
}

/**
 * The params the server stores for the form: only the keys of the rule's kind, keys this screen does
 * not edit kept from `previous`, and no 适用条件 at all when every condition is 不限.
 */
export function toParams(v: RuleFormValues, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const { appliesWhen: _, ...kept } = previous;
  const p = v.params;
  const own: Record<RuleKind, Record<string, unknown>> = {
    required_element: {
      patterns: (p.patterns ?? []).map((s) => s.trim()).filter(Boolean),
      acceptContactFlag: p.acceptContactFlag || undefined,
    },
    forbidden_phrase: {
      phrases: (p.phrases ?? []).map((s) => s.trim()).filter(Boolean),
      maxOtherChars: p.maxOtherChars,
    },
    min_substance: { minChars: p.minChars },
    relevance: { minScore: p.minScore },
  };
  const when: AppliesWhen = {};
  if (v.requestTypes.length) when.requestTypes = v.requestTypes;
  const refused = fromWhen(v.refused);
  if (refused !== undefined) when.refused = refused;
  const finalReply = fromWhen(v.finalReply);
  if (finalReply !== undefined) when.finalReply = finalReply;
  const out: Record<string, unknown> = { ...kept, ...own[v.kind], message: p.message.trim() };
  if (Object.keys(when).length) out.appliesWhen = when;
  // Keys of other kinds would be stored and never read: the kind decides which params exist.
  for (const kind of Object.keys(own) as RuleKind[])
    if (kind !== v.kind) for (const key of Object.keys(own[kind])) delete out[key];
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

/** One line saying when a rule fires, for the table. */
export function describeRule(r: ReviewRule): string {
  const p = r.params;
  let what: string;
  switch (r.kind) {
    case 'required_element':
      what = `答复须匹配 ${strings(p.patterns).length} 个模式之一${p.acceptContactFlag ? '（勾选“已联系市民”即满足）' : ''}`;
      break;
    case 'forbidden_phrase':
      what = `出现 ${strings(p.phrases).length} 个空话之一且其余实质内容少于 ${num(p.maxOtherChars) ?? '—'} 字`;
      break;
    case 'min_substance':
      what = `实质内容少于 ${num(p.minChars) ?? '—'} 字`;
      break;
    case 'relevance':
      what = `诉求与答复相关度低于 ${num(p.minScore) ?? '—'}`;
      break;
  }
  const when = appliesWhenOf(p);
  const only: string[] = [];
  if (when.requestTypes?.length) only.push(when.requestTypes.map((t) => REQUEST_TYPE_LABELS[t]).join('、'));
  if (when.refused !== undefined) only.push(when.refused ? '不予支持的答复' : '非不予支持的答复');
  if (when.finalReply !== undefined) only.push(when.finalReply ? '最终答复' : '非最终答复');
  return only.length ? `${what}；仅适用于${only.join('，')}` : what;
}
