import { Typography } from 'antd';
import dayjs from 'dayjs';
import type { Order } from '../../api/types.ts';
import { CHANNEL_LABELS } from '../orders/labels.ts';
import { unitName, useUnits } from '../orders/reference.ts';
import type { ReplyFacts } from '../review/order-events.ts';

const day = (iso: string) => dayjs(iso).format('M月D日');
const summary = (text: string, max = 90) => (text.length > max ? `${text.slice(0, max)}……` : text);

/** 回访话术: what the visitor says, filled with this order's facts. */
export function VisitScript({ order: o, reply }: { order: Order; reply: ReplyFacts | null }) {
  const units = useUnits();
  const unit = unitName(units.data, reply?.unitId ?? o.handlingUnitId ?? o.leadUnitId) ?? '承办单位';
  const who = o.citizenName ? `${o.citizenName}` : '诉求人';
  const lines: { step: string; text: string }[] = [
    {
      step: '开场',
      text: `您好，这里是12345政务服务便民热线，我是回访员。请问是${who}吗？耽误您一两分钟，对您反映的问题做个回访。`,
    },
    {
      step: '核实',
      text: `您在${day(o.createdAt)}通过${CHANNEL_LABELS[o.channel]}反映了“${o.title}”的问题，${unit}${
        reply ? `已于${day(reply.event.createdAt)}答复：${summary(reply.content)}` : '已经办理并答复'
      }`,
    },
    { step: '满意度', text: '请问您对这次办理结果满意吗？是满意、基本满意，还是不满意？' },
    { step: '是否解决', text: '您反映的问题现在解决了吗？' },
    {
      step: '不满意时',
      text: `请问您不满意的主要原因是什么？我们会把您的意见如实转给${unit}重新办理，并再次回访您。`,
    },
    { step: '结束', text: '感谢您对12345热线工作的支持，祝您生活愉快，再见！' },
  ];
  return (
    <ol data-testid="visit-script" style={{ margin: 0, paddingInlineStart: 0, listStyle: 'none' }}>
      {lines.map((l) => (
        <li key={l.step} style={{ display: 'flex', gap: 8, padding: '4px 0' }}>
          <Typography.Text type="secondary" style={{ flex: 'none', width: 60, fontSize: 12, paddingTop: 2 }}>
            {l.step}
          </Typography.Text>
          <Typography.Text style={{ lineHeight: 1.6 }}>{l.text}</Typography.Text>
        </li>
      ))}
    </ol>
  );
}
