import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import {
  type AssessmentRow,
  currentMonth,
  type Granularity,
  type MapLevel,
  type Measures,
  type OverdueRow,
  pct,
  recentMonths,
  type Tier,
  type TrendRow,
  useAssessment,
  useCityMeasures,
  useHotspots,
  useMix,
  useOverdue,
  useRegions,
  useTrend,
} from './analytics-api.ts';
import { Chart, type ChartOption, echarts } from './Chart.tsx';
import { ReportCard } from './ReportCard.tsx';
import './analytics.css';

const TIER_LABELS: Record<Tier, string> = {
  district: '区县',
  street: '街道（乡镇）',
  department: '市直部门及公用企业',
};
const GRANULARITY: { value: Granularity; label: string }[] = [
  { value: 'day', label: '按日' },
  { value: 'week', label: '按周' },
  { value: 'month', label: '按月' },
];

/** 领导驾驶舱: the month's measures, volume trend with last year, mix, hotspots, ranking and overdue orders. */
export default function AnalyticsPage() {
  const [month, setMonth] = useState(currentMonth());
  const months = useMemo(() => recentMonths(24), []);
  return (
    <div className="analytics">
      <Card size="small" className="analytics-head">
        <Space wrap align="center" style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space align="center">
            <Typography.Title level={4} style={{ margin: 0 }}>
              领导驾驶舱
            </Typography.Title>
            <Typography.Text type="secondary">
              鼠标悬停指标可查看计算口径；数据每 5 秒汇总一次
            </Typography.Text>
          </Space>
          <Space>
            <span>统计月份</span>
            <Select
              aria-label="统计月份"
              value={month}
              onChange={setMonth}
              style={{ width: 130 }}
              options={months.map((m) => ({ value: m, label: `${m.slice(0, 4)}年${Number(m.slice(5))}月` }))}
            />
            <Button icon={<DownloadOutlined />} href={`/api/analytics/assessment.xlsx?month=${month}`}>
              导出考核表
            </Button>
          </Space>
        </Space>
      </Card>
      <KpiCards month={month} />
      <ReportCard key={month} month={month} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={16}>
          <TrendCard month={month} />
        </Col>
        <Col xs={24} xl={8}>
          <TypeMixCard month={month} />
        </Col>
        <Col xs={24} xl={12}>
          <HotspotCard month={month} />
        </Col>
        <Col xs={24} xl={12}>
          <CategoryCard month={month} />
        </Col>
        <Col xs={24} xl={14}>
          <RankingCard month={month} />
        </Col>
        <Col xs={24} xl={10}>
          <OverdueCard />
        </Col>
      </Row>
    </div>
  );
}

const KPIS: { key: keyof Measures; label: string; target?: number; lowerIsBetter?: boolean; hint: string }[] =
  [
    { key: 'responseRate', label: '响应率', target: 0.98, hint: '时限内签收的派单 / 派单数' },
    { key: 'resolutionRate', label: '解决率', hint: '回访认定已解决 / 回访数' },
    { key: 'satisfactionRate', label: '满意率', target: 0.9, hint: '（满意 + 基本满意）/ 回访数' },
    { key: 'completionRate', label: '办结率', hint: '应办结工单中已办结的 / 本期应办结' },
    { key: 'onTimeRate', label: '按时办结率', hint: '按时（含批准延期）办结 / 办结数' },
    { key: 'directAnswerRate', label: '直接答复率', hint: '受理时直接答复 / 受理量' },
    { key: 'redoRate', label: '重办率', lowerIsBetter: true, hint: '重办过的办结工单 / 办结数' },
    { key: 'returnRate', label: '退单率', lowerIsBetter: true, hint: '退单申请 / 派单数' },
  ];

function KpiCards({ month }: { month: string }) {
  const q = useCityMeasures(month);
  const m = q.data?.measures;
  const c = q.data?.counters;
  return (
    <Card size="small" className="analytics-kpis" loading={q.isLoading}>
      {q.isError ? (
        <Alert type="error" title="指标加载失败" showIcon />
      ) : (
        <div className="kpi-grid">
          <Statistic title="受理量" value={c?.received ?? 0} groupSeparator="," />
          {KPIS.map((k) => {
            const v = m?.[k.key] as number | null | undefined;
            const bad = k.target !== undefined && v !== null && v !== undefined && v < k.target;
            return (
              <Tooltip key={k.key} title={k.hint}>
                <div>
                  <Statistic
                    title={k.label}
                    value={pct(v)}
                    styles={{ content: { color: bad ? '#cf1322' : undefined } }}
                  />
                  {k.target !== undefined && (
                    <Typography.Text type="secondary" className="kpi-target">
                      目标 ≥ {pct(k.target, 0)}
                    </Typography.Text>
                  )}
                </div>
              </Tooltip>
            );
          })}
          <Statistic
            title="超期数"
            value={m?.overdueCount ?? 0}
            styles={{ content: { color: (m?.overdueCount ?? 0) > 0 ? '#cf1322' : undefined } }}
          />
        </div>
      )}
    </Card>
  );
}

function TrendCard({ month }: { month: string }) {
  const [granularity, setGranularity] = useState<Granularity>('day');
  const q = useTrend(month, granularity);
  const option = useMemo(() => trendOption(q.data?.items ?? [], granularity), [q.data, granularity]);
  return (
    <Card
      size="small"
      title="诉求量趋势（含去年同期）"
      extra={
        <Segmented
          size="small"
          value={granularity}
          onChange={(v) => setGranularity(v as Granularity)}
          options={GRANULARITY}
        />
      }
    >
      <Spin spinning={q.isLoading}>
        <Chart label="诉求量趋势" option={option} />
      </Spin>
    </Card>
  );
}

function trendOption(items: TrendRow[], g: Granularity): ChartOption {
  const label = (b: string) => (g === 'month' ? `${b.slice(0, 7)}` : b.slice(5));
  const total = items.reduce((s, r) => s + r.received, 0);
  const last = items.reduce((s, r) => s + r.receivedLastYear, 0);
  const yoy =
    last > 0
      ? `同比 ${total >= last ? '+' : ''}${(((total - last) / last) * 100).toFixed(1)}%`
      : '去年同期无数据';
  return {
    title: {
      text: `合计 ${total.toLocaleString('zh-CN')} 件 · ${yoy}`,
      left: 0,
      top: 0,
      textStyle: { fontSize: 13, fontWeight: 'normal' },
    },
    tooltip: { trigger: 'axis' },
    legend: { right: 0, top: 0, data: ['受理量', '办结量', '去年同期受理量'] },
    grid: { left: 44, right: 16, top: 40, bottom: 28 },
    xAxis: { type: 'category', data: items.map((r) => label(r.bucket)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: '受理量',
        type: 'line',
        smooth: true,
        areaStyle: { opacity: 0.12 },
        data: items.map((r) => r.received),
      },
      { name: '办结量', type: 'line', smooth: true, data: items.map((r) => r.closed) },
      {
        name: '去年同期受理量',
        type: 'line',
        smooth: true,
        lineStyle: { type: 'dashed' },
        itemStyle: { color: '#aaa' },
        data: items.map((r) => r.receivedLastYear),
      },
    ],
  };
}

function TypeMixCard({ month }: { month: string }) {
  const q = useMix(month);
  const option: ChartOption = useMemo(() => {
    const data = (q.data?.byType ?? []).map((r) => ({ name: r.name, value: r.received }));
    const total = data.reduce((sum, d) => sum + d.value, 0) || 1;
    const share = new Map(data.map((d) => [d.name, ((d.value / total) * 100).toFixed(1)]));
    return {
      tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
      legend: {
        orient: 'vertical',
        right: 8,
        top: 'middle',
        formatter: (name: string) => `${name}  ${share.get(name) ?? ''}%`,
      },
      series: [
        {
          name: '诉求类型',
          type: 'pie',
          radius: ['40%', '70%'],
          center: ['36%', '50%'],
          label: { show: false },
          data,
        },
      ],
    };
  }, [q.data]);
  return (
    <Card size="small" title="诉求类型构成">
      <Spin spinning={q.isLoading}>
        {q.data && q.data.byType.length === 0 ? (
          <Empty style={{ height: 256 }} description="本月暂无诉求" />
        ) : (
          <Chart label="诉求类型构成" option={option} />
        )}
      </Spin>
    </Card>
  );
}

function CategoryCard({ month }: { month: string }) {
  const q = useMix(month);
  const rows = (q.data?.byCategory ?? []).slice(0, 10).reverse();
  const channels = q.data?.byChannel ?? [];
  const option: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 96, right: 40, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((r) => r.name) },
      series: [
        {
          name: '受理量',
          type: 'bar',
          data: rows.map((r) => r.received),
          label: { show: true, position: 'right' },
          itemStyle: { color: '#5b8ff9' },
        },
      ],
    }),
    [rows],
  );
  return (
    <Card
      size="small"
      title="事项分类（一级）"
      extra={
        <Typography.Text type="secondary" ellipsis style={{ maxWidth: 360 }}>
          渠道：
          {channels
            .slice(0, 4)
            .map((c) => `${c.name} ${c.received}`)
            .join(' · ') || '—'}
        </Typography.Text>
      }
    >
      <Spin spinning={q.isLoading}>
        <Chart label="事项分类构成" option={option} style={{ height: 320 }} />
      </Spin>
    </Card>
  );
}

function HotspotCard({ month }: { month: string }) {
  const [level, setLevel] = useState<MapLevel>('street');
  const regions = useRegions(level);
  const hot = useHotspots(month, level);
  const mapName = `jiesu-${level}`;
  const ready = useMemo(() => {
    if (!regions.data) return false;
    // Features are keyed by unit id: street names may repeat across districts.
    const geo = {
      ...regions.data,
      features: regions.data.features.map((f) => ({
        ...f,
        properties: { ...f.properties, name: String(f.properties.unitId) },
      })),
    };
    echarts.registerMap(mapName, geo as unknown as Parameters<typeof echarts.registerMap>[1]);
    return true;
  }, [regions.data, mapName]);
  const option: ChartOption = useMemo(() => {
    const items = hot.data?.items ?? [];
    const names = new Map(items.map((i) => [String(i.unitId), i]));
    const max = Math.max(1, ...items.map((i) => i.received));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string }) => {
          const i = names.get(p.name);
          return i ? `${i.name}<br/>受理量 ${i.received} 件<br/>满意率 ${pct(i.satisfactionRate)}` : '';
        },
      },
      visualMap: {
        min: 0,
        max,
        left: 0,
        bottom: 0,
        text: ['多', '少'],
        calculable: true,
        inRange: { color: ['#fff7e6', '#ffc069', '#fa541c', '#a8071a'] },
      },
      series: [
        {
          name: '受理量',
          type: 'map',
          map: mapName,
          roam: true,
          label: {
            show: level === 'district',
            formatter: (p: { name: string }) => names.get(p.name)?.name ?? '',
            fontSize: 11,
          },
          emphasis: {
            label: { show: true, formatter: (p: { name: string }) => names.get(p.name)?.name ?? '' },
          },
          data: items.map((i) => ({ name: String(i.unitId), value: i.received })),
        },
      ],
    };
  }, [hot.data, mapName, level]);
  return (
    <Card
      size="small"
      title="热点地图（按受理量）"
      extra={
        <Segmented
          size="small"
          value={level}
          onChange={(v) => setLevel(v as MapLevel)}
          options={[
            { value: 'district', label: '区县' },
            { value: 'street', label: '街道' },
          ]}
        />
      }
    >
      <Spin spinning={regions.isLoading || hot.isLoading}>
        {regions.isError ? (
          <Empty style={{ height: 304 }} description="行政区划边界加载失败" />
        ) : ready ? (
          <Chart key={mapName} label="热点地图" option={option} style={{ height: 320 }} />
        ) : (
          <div style={{ height: 320 }} />
        )}
      </Spin>
    </Card>
  );
}

const CARD_TAGS = {
  none: null,
  yellow: <Tag color="gold">黄牌</Tag>,
  red: <Tag color="red">红牌</Tag>,
} as const;

function RankingCard({ month }: { month: string }) {
  const [tier, setTier] = useState<Tier>('district');
  const q = useAssessment(month);
  const rows = (q.data?.items ?? []).filter((r) => r.tier === tier);
  const w = q.data?.settings.weights;
  return (
    <Card
      size="small"
      title="单位考核排名"
      extra={
        <Segmented
          size="small"
          value={tier}
          onChange={(v) => setTier(v as Tier)}
          options={(Object.keys(TIER_LABELS) as Tier[]).map((t) => ({ value: t, label: TIER_LABELS[t] }))}
        />
      }
    >
      <Table<AssessmentRow>
        size="small"
        rowKey="unitId"
        loading={q.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 8, size: 'small', hideOnSinglePage: true }}
        scroll={{ x: 620 }}
        locale={{ emptyText: '本月暂无考核数据' }}
        footer={() =>
          w && (
            <Typography.Text type="secondary">
              得分 = 响应率×{w.response} + 解决率×{w.resolution} + 满意率×{w.satisfaction}
              （按权重折算为百分制）； 响应率低于 {pct(q.data?.settings.yellow.response, 0)} 或满意率低于{' '}
              {pct(q.data?.settings.yellow.satisfaction, 0)} 亮黄牌，低于
              {pct(q.data?.settings.red.response, 0)} / {pct(q.data?.settings.red.satisfaction, 0)} 亮红牌
            </Typography.Text>
          )
        }
        columns={[
          { title: '排名', dataIndex: 'rank', width: 56, render: (r: number | null) => r ?? '—' },
          { title: '单位', dataIndex: 'unitName', ellipsis: true },
          {
            title: '得分',
            dataIndex: 'score',
            width: 70,
            render: (s: number | null) => (s === null ? '—' : s.toFixed(2)),
          },
          {
            title: '红黄牌',
            dataIndex: 'card',
            width: 70,
            render: (c: AssessmentRow['card']) => CARD_TAGS[c],
          },
          { title: '派单', width: 64, render: (_: unknown, r) => r.counters.dispatched },
          { title: '响应率', width: 76, render: (_: unknown, r) => pct(r.measures.responseRate) },
          { title: '解决率', width: 76, render: (_: unknown, r) => pct(r.measures.resolutionRate) },
          { title: '满意率', width: 76, render: (_: unknown, r) => pct(r.measures.satisfactionRate) },
          { title: '超期', width: 56, render: (_: unknown, r) => r.measures.overdueCount },
        ]}
      />
    </Card>
  );
}

function OverdueCard() {
  const q = useOverdue();
  return (
    <Card size="small" title="超期工单（最超期在前）">
      <Table<OverdueRow>
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '当前没有超期工单' }}
        columns={[
          {
            title: '工单',
            dataIndex: 'number',
            width: 130,
            render: (n: string, r) => <Link to={`/orders/${r.id}`}>{n}</Link>,
          },
          { title: '诉求', dataIndex: 'title', ellipsis: true },
          { title: '承办单位', dataIndex: 'leadUnitName', ellipsis: true, width: 130 },
          {
            title: '已超期',
            dataIndex: 'overdueHours',
            width: 84,
            render: (h: number) => (
              <Tag color="red">{h >= 24 ? `${Math.floor(h / 24)} 天` : `${Math.round(h)} 小时`}</Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}
