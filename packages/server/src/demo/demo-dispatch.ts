/**
 * Smart dispatch for the demo city, once its orders exist: a few 派单目录 entries (the public
 * utilities own their categories; one by a 联席会议 ruling), models trained on the seeded closed
 * orders, and auto-dispatch switched on for the catalogue (threshold 1: the model only suggests, so the
 * demo's call-taker and dispatcher still see their orders in the queue); it is off by default elsewhere.
 */
import { SYSTEM_ACTOR } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { createCatalogueEntry } from '../dispatch/catalogue.ts';
import { retrainModels } from '../dispatch/models.ts';
import { orgUnitCode } from './demo-city-data.ts';

const ENTRIES: readonly { category: string; lead: string; ruling?: string; note: string }[] = [
  { category: '0801', lead: 'water', note: '供水问题由自来水公司主办' },
  { category: '0802', lead: 'power', note: '供电问题由供电公司主办' },
  { category: '0803', lead: 'gas', note: '供气问题由燃气集团主办' },
  {
    category: '0804',
    lead: 'heat',
    ruling: '临江市接诉即办联席会议纪要〔2026〕2号',
    note: '供热问题（含收费）由热力公司主办，住建局监管',
  },
  { category: '0105', lead: 'gjj', note: '住房公积金由公积金中心主办' },
];

export async function seedDemoDispatch(ctx: Context): Promise<{ catalogue: number; models: number }> {
  const refs = await ctx.refs.get();
  const unitByCode = new Map([...refs.units.values()].map((u) => [u.code, u.id]));
  const categoryByCode = new Map([...refs.categories.values()].map((c) => [c.code, c.id]));
  let catalogue = 0;
  for (const e of ENTRIES) {
    const categoryId = categoryByCode.get(e.category);
    const leadUnitId = unitByCode.get(orgUnitCode(e.lead));
    if (categoryId === undefined || leadUnitId === undefined) continue;
    const housing = e.category === '0804' ? unitByCode.get(orgUnitCode('zjj')) : undefined;
    await createCatalogueEntry(ctx, {
      actor: SYSTEM_ACTOR,
      input: {
        categoryId,
        regionUnitId: null,
        leadUnitId,
        assistUnitIds: housing ? [housing] : [],
        source: e.ruling ? 'joint_ruling' : 'admin',
        reference: e.ruling ?? null,
        note: e.note,
        validFrom: null,
        validTo: null,
      },
    });
    catalogue++;
  }
  const { models } = await retrainModels(ctx);
  await ctx.db.query('UPDATE dispatch_settings SET auto_dispatch = true, threshold = 1');
  return { catalogue, models: models.length };
}
