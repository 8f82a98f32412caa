import { z } from 'zod';
import { ORDER_STATES } from '../domain/order-lifecycle.ts';
import { URGENCIES } from '../domain/reference.ts';
import {
  CASE_ACTIONS,
  SUPERVISION_CAUSES,
  SUPERVISION_LEVELS,
  SUPERVISION_STATUSES,
} from '../domain/supervision.ts';
import { NOTICE_CHANNELS } from './notice-sender.ts';

const iso = z.iso.datetime({ offset: true });
export const Id = z.coerce.number().int().positive().max(2_147_483_647);
export const Page = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
};

export const CaseListQuery = z.object({
  status: z.enum(SUPERVISION_STATUSES).optional(),
  /** true: only cases still being chased (待督办, 已通知, 已提级), earliest case deadline first. */
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  level: z.enum(SUPERVISION_LEVELS).optional(),
  /** One cause or several separated by commas. */
  cause: z
    .string()
    .max(200)
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(z.enum(SUPERVISION_CAUSES)).max(SUPERVISION_CAUSES.length))
    .optional(),
  unitId: Id.optional(),
  ...Page,
});

export const CaseView = z.object({
  id: z.number(),
  cause: z.enum(SUPERVISION_CAUSES),
  causeLabel: z.string(),
  subjectKey: z.string(),
  level: z.enum(SUPERVISION_LEVELS),
  levelLabel: z.string(),
  status: z.enum(SUPERVISION_STATUSES),
  statusLabel: z.string(),
  summary: z.string(),
  orderId: z.number().nullable(),
  orderNumber: z.string().nullable(),
  orderCount: z.number(),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  ownerId: z.number().nullable(),
  ownerName: z.string().nullable(),
  dueAt: iso,
  late: z.boolean(),
  result: z.string().nullable(),
  version: z.number(),
  openedAt: iso,
  updatedAt: iso,
  endedAt: iso.nullable(),
});

export const NoticeView = z.object({
  id: z.number(),
  caseId: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  orderId: z.number().nullable(),
  orderNumber: z.string().nullable(),
  message: z.string(),
  channels: z.array(z.string()),
  senderName: z.string().nullable(),
  caseSummary: z.string(),
  caseLevel: z.enum(SUPERVISION_LEVELS),
  caseLevelLabel: z.string(),
  caseDueAt: iso,
  createdAt: iso,
  readAt: iso.nullable(),
});

export const CaseDetail = CaseView.extend({
  events: z.array(
    z.object({
      id: z.number(),
      action: z.enum(CASE_ACTIONS),
      actionLabel: z.string(),
      fromStatus: z.enum(SUPERVISION_STATUSES).nullable(),
      toStatus: z.enum(SUPERVISION_STATUSES),
      level: z.enum(SUPERVISION_LEVELS),
      levelLabel: z.string(),
      actorName: z.string().nullable(),
      note: z.string().nullable(),
      payload: z.record(z.string(), z.unknown()),
      createdAt: iso,
    }),
  ),
  orders: z.array(
    z.object({
      id: z.number(),
      number: z.string(),
      title: z.string(),
      state: z.enum(ORDER_STATES),
      stateLabel: z.string(),
      urgencyLabel: z.string(),
      handleDueAt: iso.nullable(),
      handlingUnitName: z.string().nullable(),
    }),
  ),
  notices: z.array(NoticeView),
});

export const OverdueOrderView = z.object({
  id: z.number(),
  number: z.string(),
  title: z.string(),
  urgency: z.enum(URGENCIES),
  urgencyLabel: z.string(),
  state: z.enum(ORDER_STATES),
  stateLabel: z.string(),
  handlingUnitId: z.number().nullable(),
  handlingUnitName: z.string().nullable(),
  handleDueAt: iso,
  overdueMinutes: z.number(),
  dispatchCount: z.number(),
  redoCount: z.number(),
  caseId: z.number().nullable(),
});

const Text = (max: number) => z.string().trim().min(1).max(max);
export const EscalateBody = z.object({
  /** Defaults to the next level up. */
  level: z.enum(SUPERVISION_LEVELS).optional(),
  reason: Text(500),
});
export const AssignBody = z.object({ ownerId: z.number().int().positive(), note: Text(500).optional() });
export const NoticeBody = z.object({
  message: Text(500),
  /** External channels besides the in-app notice. */
  channels: z.array(z.enum(NOTICE_CHANNELS)).max(2).default([]),
  /** Defaults to the case's unit. */
  unitId: z.number().int().positive().optional(),
});
export const EndBody = z.object({ result: Text(1000) });

export const RuleView = z.object({
  cause: z.enum(SUPERVISION_CAUSES),
  causeLabel: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  level: z.enum(SUPERVISION_LEVELS),
  levelLabel: z.string(),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  paramSpecs: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      min: z.number().nullable(),
      max: z.number().nullable(),
      oneOf: z.array(z.string()).nullable(),
    }),
  ),
  updatedAt: iso,
});
export const RuleBody = z.object({
  name: Text(100),
  enabled: z.boolean(),
  level: z.enum(SUPERVISION_LEVELS),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
});
