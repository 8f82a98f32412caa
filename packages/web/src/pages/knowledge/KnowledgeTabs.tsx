import {
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Empty,
  Flex,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { ApiError } from '../../api/request-error.ts';
import { LoadMore } from '../orders/LoadMore.tsx';
import { unitName, useUnits } from '../orders/reference.ts';
import {
  type Gap,
  type ImportResult,
  KEY,
  type Reminder,
  type ShareFile,
  type Synonym,
  useGaps,
  useReminders,
  useSynonyms,
} from './knowledge-api.ts';

const CHANNEL_LABELS: Record<Gap['channel'], string> = { desk: '受理台', portal: '市民门户' };

/** 待补充问题: questions that found no good answer, newest first; each can start a new draft. */
export function GapsTab({
  onOpen,
  onCreate,
}: {
  onOpen: (id: number) => void;
  onCreate: (question: string) => void;
}) {
  const gaps = useGaps();
  const units = useUnits();
  const rows = gaps.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Typography.Paragraph type="secondary">
        来电和市民自助提问时没有找到满意答案的问题。请据此补充或修订知识条目。
      </Typography.Paragraph>
      <Table<Gap>
        rowKey="id"
        size="middle"
        pagination={false}
        loading={gaps.isPending}
        dataSource={rows}
        tableLayout="fixed"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无待补充问题" /> }}
        columns={[
          { title: '问题', dataIndex: 'question', ellipsis: true },
          {
            title: '来源',
            dataIndex: 'channel',
            width: 100,
            render: (c: Gap['channel']) => <Tag>{CHANNEL_LABELS[c]}</Tag>,
          },
          {
            title: '区域',
            dataIndex: 'regionUnitId',
            width: 130,
            render: (id: number | null) => unitName(units.data, id) ?? '—',
          },
          {
            title: '最接近的条目',
            key: 'best',
            width: 160,
            render: (_: unknown, g) =>
              g.bestEntryId === null ? (
                <Typography.Text type="secondary">无</Typography.Text>
              ) : (
                <Typography.Link onClick={() => onOpen(g.bestEntryId ?? 0)}>
                  #{g.bestEntryId}（{Math.round((g.bestScore ?? 0) * 100)}%）
                </Typography.Link>
              ),
          },
          {
            title: '时间',
            dataIndex: 'at',
            width: 120,
            render: (at: string) => <span className="tabular">{dayjs(at).format('MM-DD HH:mm')}</span>,
          },
          {
            title: '',
            key: 'act',
            width: 110,
            render: (_: unknown, g: Gap) => (
              <Button size="small" icon={<PlusOutlined />} onClick={() => onCreate(g.question)}>
                补充条目
              </Button>
            ),
          },
        ]}
      />
      <LoadMore
        shown={rows.length}
        hasMore={gaps.hasNextPage}
        loading={gaps.isFetchingNextPage}
        onMore={() => void gaps.fetchNextPage()}
      />
    </>
  );
}

const REMINDER_KINDS: Record<Reminder['kind'], { label: string; color: string }> = {
  expiry: { label: '即将到期', color: 'orange' },
  expired: { label: '已过期', color: 'red' },
  review: { label: '超过一年未复核', color: 'volcano' },
};

/** 到期提醒: expiry and review-due reminders sent to owner units. */
export function RemindersTab({ onOpen }: { onOpen: (id: number) => void }) {
  const reminders = useReminders();
  const units = useUnits();
  const rows = reminders.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Table<Reminder>
        rowKey="id"
        size="middle"
        pagination={false}
        loading={reminders.isPending}
        dataSource={rows}
        tableLayout="fixed"
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无到期或复核提醒" />,
        }}
        columns={[
          {
            title: '提醒',
            dataIndex: 'kind',
            width: 140,
            render: (k: Reminder['kind']) => (
              <Tag color={REMINDER_KINDS[k].color}>{REMINDER_KINDS[k].label}</Tag>
            ),
          },
          {
            title: '条目',
            key: 'entry',
            render: (_: unknown, r) => (
              <Flex vertical gap={2} style={{ minWidth: 0 }}>
                <Typography.Link onClick={() => onOpen(r.entryId)} ellipsis>
                  {r.entryTitle}
                </Typography.Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                  {r.message}
                </Typography.Text>
              </Flex>
            ),
          },
          {
            title: '责任单位',
            dataIndex: 'ownerUnitId',
            width: 160,
            ellipsis: true,
            render: (id: number | null) => unitName(units.data, id) ?? '—',
          },
          {
            title: '到期 / 复核日',
            dataIndex: 'dueOn',
            width: 120,
            render: (d: string) => <span className="tabular">{d}</span>,
          },
        ]}
      />
      <LoadMore
        shown={rows.length}
        hasMore={reminders.hasNextPage}
        loading={reminders.isFetchingNextPage}
        onMore={() => void reminders.fetchNextPage()}
      />
    </>
  );
}

/** 同义词: groups of words that search treats as one (医保 / 医疗保险 / 医宝). */
export function SynonymsTab({ canEdit }: { canEdit: boolean }) {
  const synonyms = useSynonyms();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Synonym | 'new' | null>(null);
  const [terms, setTerms] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: () =>
      editing === 'new' || editing === null
        ? unwrap(api.POST('/api/knowledge/synonyms', { body: { terms } }))
        : unwrap(
            api.PUT('/api/knowledge/synonyms/{id}', {
              params: { path: { id: editing.id } },
              body: { terms },
            }),
          ),
    onSuccess: () => {
      message.success('同义词组已保存');
      setEditing(null);
      void queryClient.invalidateQueries({ queryKey: [...KEY, 'synonyms'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) =>
      unwrap(api.DELETE('/api/knowledge/synonyms/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      message.success('同义词组已删除');
      void queryClient.invalidateQueries({ queryKey: [...KEY, 'synonyms'] });
    },
  });
  const open = (s: Synonym | 'new') => {
    setTerms(s === 'new' ? [] : s.terms);
    setEditing(s);
  };
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          同一组里的词在检索和智能答复中视为同义，如「医保、医疗保险、医宝」。
        </Typography.Text>
        {canEdit && (
          <Button icon={<PlusOutlined />} onClick={() => open('new')}>
            新增同义词组
          </Button>
        )}
      </Flex>
      <List
        bordered
        size="small"
        loading={synonyms.isPending}
        dataSource={synonyms.data ?? []}
        locale={{ emptyText: '暂无同义词组' }}
        renderItem={(s) => (
          <List.Item
            actions={
              canEdit
                ? [
                    <Button
                      key="edit"
                      size="small"
                      type="text"
                      icon={<EditOutlined />}
                      onClick={() => open(s)}
                    >
                      修改
                    </Button>,
                    <Popconfirm
                      key="del"
                      title="删除这组同义词？"
                      okText="删除"
                      cancelText="取消"
                      onConfirm={() => remove.mutate(s.id)}
                    >
                      <Button size="small" type="text" danger icon={<DeleteOutlined />}>
                        删除
                      </Button>
                    </Popconfirm>,
                  ]
                : undefined
            }
          >
            <Flex gap={4} wrap>
              {s.terms.map((t) => (
                <Tag key={t} style={{ marginInlineEnd: 0 }}>
                  {t}
                </Tag>
              ))}
            </Flex>
          </List.Item>
        )}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? '新增同义词组' : '修改同义词组'}
        okText="保存"
        cancelText="取消"
        okButtonProps={{ disabled: terms.length < 2, loading: save.isPending }}
        onOk={() => save.mutate()}
        onCancel={() => setEditing(null)}
      >
        <Select
          mode="tags"
          aria-label="同义词"
          style={{ width: '100%' }}
          value={terms}
          onChange={(v: string[]) => setTerms(v.map((t) => t.trim()).filter(Boolean))}
          tokenSeparators={[',', '，', ' ', '、']}
          placeholder="输入词语后回车，至少两个"
          open={false}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          每个词不含空格，最多 20 个
        </Typography.Text>
      </Modal>
    </>
  );
}

/** 导出 / 导入 in the open jiesu-knowledge format (imported entries arrive as drafts for review). */
export function ShareButtons({ canImport }: { canImport: boolean }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<ImportResult | null>(null);
  const exportFile = useMutation({
    mutationFn: () => unwrap(api.GET('/api/knowledge/export', { params: { query: {} } })),
    onSuccess: (file) => {
      const blob = new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `knowledge-${dayjs().format('YYYYMMDD')}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      message.success(`已导出 ${file.entries.length} 条已发布条目`);
    },
  });
  const importFile = useMutation({
    mutationFn: async (file: File) => {
      let body: ShareFile;
      try {
        body = JSON.parse(await file.text()) as ShareFile;
      } catch {
        throw new ApiError(0, 'VALIDATION_FAILED', '不是有效的 JSON 文件');
      }
      return unwrap(api.POST('/api/knowledge/import', { body }));
    },
    onSuccess: (r) => {
      setResult(r);
      void queryClient.invalidateQueries({ queryKey: [...KEY, 'entries'] });
    },
  });
  return (
    <Space>
      <Button icon={<DownloadOutlined />} loading={exportFile.isPending} onClick={() => exportFile.mutate()}>
        导出
      </Button>
      {canImport && (
        <Upload
          accept="application/json,.json"
          showUploadList={false}
          beforeUpload={(file) => {
            importFile.mutate(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={importFile.isPending}>
            导入
          </Button>
        </Upload>
      )}
      <Modal
        open={result !== null}
        title="导入完成"
        footer={
          <Button type="primary" onClick={() => setResult(null)}>
            知道了
          </Button>
        }
        onCancel={() => setResult(null)}
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert
            type="success"
            showIcon
            title={`已导入 ${result?.created.length ?? 0} 条，全部为草稿，请审核后发布`}
          />
          {(result?.warnings.length ?? 0) > 0 && (
            <List
              size="small"
              bordered
              header={`${result?.warnings.length} 条提示（区域、分类或单位未能匹配）`}
              dataSource={result?.warnings ?? []}
              renderItem={(w) => (
                <List.Item>
                  <Typography.Text type="secondary">{w.ref}</Typography.Text>：{w.message}
                </List.Item>
              )}
              style={{ maxHeight: 300, overflow: 'auto' }}
            />
          )}
        </Space>
      </Modal>
    </Space>
  );
}
