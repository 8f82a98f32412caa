import { EyeOutlined, PhoneOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button, Space, Tooltip, Typography } from 'antd';
import { api, unwrap } from '../../api/client.ts';
import type { Order } from '../../api/types.ts';

/**
 * The citizen's phone is masked everywhere; 「查看号码」 asks the server for the full number, which
 * writes an audit entry (PIPL: mask on display, log access). Asked once per order, on purpose.
 */
export function ContactReveal({ order }: { order: Order }) {
  const reveal = useMutation({
    mutationFn: () => unwrap(api.GET('/api/orders/{id}/contact', { params: { path: { id: order.id } } })),
  });
  const phone = reveal.data?.citizenPhone;
  return (
    <Space size={8} wrap data-testid="citizen-contact">
      <span>{order.citizenName || '诉求人'}</span>
      {phone ? (
        <>
          <Typography.Text strong copyable className="tabular" data-testid="citizen-phone">
            {phone}
          </Typography.Text>
          <Button size="small" icon={<PhoneOutlined />} href={`tel:${phone}`}>
            拨打
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            查看已记入审计日志
          </Typography.Text>
        </>
      ) : (
        <>
          <span className="tabular">{order.citizenPhone ?? '未留电话'}</span>
          {order.citizenPhone && (
            <Tooltip title="显示完整号码，查看记录将写入审计日志">
              <Button
                size="small"
                icon={<EyeOutlined />}
                loading={reveal.isPending}
                onClick={() => reveal.mutate()}
              >
                查看号码
              </Button>
            </Tooltip>
          )}
        </>
      )}
    </Space>
  );
}
