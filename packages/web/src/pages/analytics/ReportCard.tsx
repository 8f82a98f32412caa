import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Segmented, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { describeError } from '../../api/error-handling.ts';
import { ApiError } from '../../api/request-error.ts';

export type ReportKind = 'daily' | 'monthly' | 'quarterly' | 'annual';

const KIND_META: Record<
  ReportKind,
  { label: string; picker: 'date' | 'month' | 'quarter' | 'year'; hint: string }
> = {
  daily: { label: '日统计', picker: 'date', hint: '当日受理、办理与热点，环比前一日' },
  monthly: {
    label: '月分析',
    picker: 'month',
    hint: '指标环比同比、诉求构成、单位排名与红黄牌、热点及「每月一题」候选',
  },
  quarterly: { label: '季通报', picker: 'quarter', hint: '季度指标、单位排名与红黄牌、超期和热点' },
  annual: { label: '年报告', picker: 'year', hint: '全年指标同比、单位排名和各季度热点' },
};
const KINDS: ReportKind[] = ['daily', 'monthly', 'quarterly', 'annual'];

/** The `period` the server expects for a kind: 2026-11-21, 2026-11, 2026-Q4, 2026. */
export function periodOf(kind: ReportKind, d: Dayjs): string {
  switch (kind) {
    case 'daily':
      return d.format('YYYY-MM-DD');
    case 'monthly':
      return d.format('YYYY-MM');
    case 'quarterly':
      return `${d.format('YYYY')}-Q${Math.floor(d.month() / 3) + 1}`;
    case 'annual':
      return d.format('YYYY');
  }
}

const reportUrl = (kind: ReportKind, period: string, format: 'html' | 'pdf') =>
  `/api/analytics/reports/${kind}?period=${encodeURIComponent(period)}&format=${format}`;

/** The file name from Content-Disposition (RFC 5987 filename* first). */
function fileNameOf(header: string | null, fallback: string) {
  const star = header?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (star) return decodeURIComponent(star);
  return header?.match(/filename="([^"]+)"/i)?.[1] ?? fallback;
}

/** 报告: pick a kind and a period, open the printable page in a new tab or download the PDF. */
export function ReportCard({ month }: { month: string }) {
  const [kind, setKind] = useState<ReportKind>('monthly');
  const [date, setDate] = useState<Dayjs | null>(() => dayjs(`${month}-01`));
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const meta = KIND_META[kind];
  const period = date ? periodOf(kind, date) : null;

  async function downloadPdf() {
    if (!period) return;
    setDownloading(true);
    setError(null);
    try {
      const res = await api.GET('/api/analytics/reports/{kind}', {
        params: { path: { kind }, query: { period, format: 'pdf' } },
        parseAs: 'blob',
      });
      if (!res.response.ok || !(res.data instanceof Blob))
        throw ApiError.fromResponse(res.response.status, res.error);
      const url = URL.createObjectURL(res.data);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileNameOf(res.response.headers.get('content-disposition'), `报告-${period}.pdf`);
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setDownloading(false);
    }
  }

  return (
    <Card size="small" title="报告" className="analytics-report">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap align="center">
          <Segmented<ReportKind>
            aria-label="报告类型"
            value={kind}
            onChange={(k) => {
              setKind(k);
              setError(null);
            }}
            options={KINDS.map((k) => ({ value: k, label: KIND_META[k].label }))}
          />
          <DatePicker
            aria-label="报告期间"
            picker={meta.picker}
            value={date}
            onChange={(d) => {
              setDate(d);
              setError(null);
            }}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            placeholder="选择统计期间"
            style={{ width: 160 }}
          />
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            disabled={!period}
            href={period ? reportUrl(kind, period, 'html') : undefined}
            target="_blank"
            rel="noopener"
          >
            打开打印版
          </Button>
          <Button icon={<DownloadOutlined />} disabled={!period} loading={downloading} onClick={downloadPdf}>
            下载 PDF
          </Button>
        </Space>
        <Typography.Text type="secondary">
          {period ? `${meta.label}（${period}）：${meta.hint}` : '请选择统计期间'}
        </Typography.Text>
        {error && (
          <Alert
            type="error"
            showIcon
            title="PDF 生成失败"
            description={error}
            closable
            onClose={() => setError(null)}
          />
        )}
      </Space>
    </Card>
  );
}
