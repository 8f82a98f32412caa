import { Checkbox, Flex, Typography } from 'antd';
import { useState } from 'react';

/**
 * The points a reviewer checks (DOMAIN.md §5: from procedural closure to substantive resolution).
 * Guidance only: ticking helps the reviewer keep track and is not sent with the decision.
 */
export const REVIEW_POINTS = [
  { key: 'contacted', label: '联系了诉求人', hint: '答复中写明何时、以何种方式与诉求人沟通' },
  { key: 'explained', label: '说明了办理情况', hint: '讲清做了什么、结果如何，而非仅称“已转办”' },
  { key: 'grounds', label: '拒绝时有依据', hint: '不能办理的，须引用政策法规或事实依据并告知途径' },
  { key: 'plain', label: '无空话套话', hint: '语言具体、针对诉求，不用“高度重视”“积极协调”搪塞' },
] as const;

export function ReviewChecklist({ contactedCitizen }: { contactedCitizen: boolean | null }) {
  const [checked, setChecked] = useState<string[]>([]);
  return (
    <div data-testid="review-checklist">
      <Flex justify="space-between" align="baseline">
        <Typography.Text strong>审核要点</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          逐条核对（仅作提示，不随审核结果提交）
        </Typography.Text>
      </Flex>
      <Checkbox.Group value={checked} onChange={(v) => setChecked(v as string[])} style={{ width: '100%' }}>
        <Flex vertical gap={4} style={{ marginTop: 6, width: '100%' }}>
          {REVIEW_POINTS.map((p) => (
            <Checkbox key={p.key} value={p.key}>
              <span>{p.label}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
                {p.hint}
              </Typography.Text>
              {p.key === 'contacted' && contactedCitizen === false && (
                <Typography.Text type="danger" style={{ fontSize: 12, marginInlineStart: 8 }}>
                  承办人自查未联系诉求人
                </Typography.Text>
              )}
            </Checkbox>
          ))}
        </Flex>
      </Checkbox.Group>
    </div>
  );
}
