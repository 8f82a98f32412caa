import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Result,
  Space,
  Spin,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { describeError } from '../../api/error-handling.ts';
import { isApiError } from '../../api/request-error.ts';
import { useCategories, useUnits } from '../orders/reference.ts';
import { EntryForm, type EntryFormValues, formValuesOf, inputOf } from './EntryForm.tsx';
import { EntryEvents, EntryVersions } from './EntryHistory.tsx';
import {
  type EntryView,
  useAsked,
  useEntry,
  useEntryAction,
  useSaveEntry,
  type WorkflowAction,
} from './knowledge-api.ts';
import { ACTION_LABELS, AttentionTags, KindTag, StateTag } from './labels.tsx';

const WORKFLOW: readonly WorkflowAction[] = ['submit', 'approve', 'reject', 'withdraw', 'confirm'];

/** The entry editor: fields, workflow buttons, preview, versions with their diff, and the workflow record. */
export function EntryDrawer(props: {
  /** An entry id, 'new' for a new draft, or null when closed. */
  target: number | 'new' | null;
  onClose: () => void;
  onCreated: (id: number) => void;
  /** A question from 待补充问题 that the new draft should answer. */
  seed?: string | null;
}) {
  const id = typeof props.target === 'number' ? props.target : null;
  const entry = useEntry(id);
  const e = entry.data;
  const isNew = props.target === 'new';
  const [form] = Form.useForm<EntryFormValues>();
  const categories = useCategories();
  const units = useUnits();
  const save = useSaveEntry();
  const [tab, setTab] = useState('edit');
  const { message } = App.useApp();

  // Fill the form when another entry (or a new version of it) is loaded.
  useEffect(() => {
    if (props.target === 'new') {
      form.resetFields();
      if (props.seed) form.setFieldsValue({ kind: 'faq', title: props.seed, questions: props.seed });
      setTab('edit');
    }
  }, [props.target, props.seed, form]);
  // Only a newly loaded entry or version refills the form, never a refetch of the same one.
  const loaded = e ? `${e.id}:${e.version}:${e.updatedAt}` : null;
  const latest = useRef(e);
  latest.current = e;
  useEffect(() => {
    if (loaded && latest.current)
      form.setFieldsValue({ ...formValuesOf(latest.current, categories.data), note: undefined });
  }, [loaded, categories.data, form]);
  useEffect(() => {
    if (id !== null) setTab('edit');
  }, [id]);

  const canEdit = isNew || (e?.actions.includes('edit') ?? false);
  const onFinish = (v: EntryFormValues) =>
    save.mutate(
      { id, input: inputOf(v), version: e?.version, note: v.note?.trim() },
      { onSuccess: (saved) => (isNew ? props.onCreated(saved.id) : undefined) },
    );

  const title = isNew ? '新建知识条目' : (e?.title ?? '知识条目');
  return (
    <Drawer
      open={props.target !== null}
      onClose={props.onClose}
      size={960}
      destroyOnHidden
      title={
        <Flex gap={8} align="center" wrap>
          <span>{title}</span>
          {e && (
            <>
              <KindTag kind={e.kind} />
              <StateTag state={e.state} />
              <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 13 }}>
                第 {e.version} 版
              </Typography.Text>
              <AttentionTags state={e.state} expiresOn={e.expiresOn} reviewDue={e.reviewDue} />
            </>
          )}
        </Flex>
      }
      footer={
        (isNew || e) && (
          <Flex gap={8} justify="space-between" align="center">
            <Space>
              {canEdit && (
                <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
                  {isNew ? '保存草稿' : '保存修改'}
                </Button>
              )}
              {e && <Workflow entry={e} />}
            </Space>
            {e && !canEdit && (
              <Typography.Text type="secondary">
                {e.state === 'in_review' ? '审核中的条目不能修改，需先驳回' : ''}
              </Typography.Text>
            )}
            {e && canEdit && e.state !== 'draft' && (
              <Typography.Text type="secondary">保存修改后条目回到草稿，须重新审核发布</Typography.Text>
            )}
          </Flex>
        )
      }
    >
      {id !== null && entry.isPending ? (
        <Spin />
      ) : id !== null && entry.isError ? (
        <Result
          status={isApiError(entry.error, 'NOT_FOUND') ? '404' : 'error'}
          title={isApiError(entry.error, 'NOT_FOUND') ? '条目不存在' : '条目加载失败'}
          subTitle={describeError(entry.error)}
        />
      ) : (
        <>
          {e?.notice && <Alert type="warning" showIcon title={e.notice} style={{ marginBottom: 12 }} />}
          <Tabs
            activeKey={isNew ? 'edit' : tab}
            onChange={setTab}
            items={[
              {
                key: 'edit',
                label: canEdit ? '编辑' : '内容',
                forceRender: true,
                children: (
                  <EntryForm
                    form={form}
                    disabled={!canEdit || save.isPending}
                    isNew={isNew}
                    units={units.data}
                    categories={categories.data}
                    onFinish={onFinish}
                  />
                ),
              },
              ...(e
                ? [
                    { key: 'preview', label: '预览', children: <EntryPreview entry={e} /> },
                    {
                      key: 'asked',
                      label: '来电问法',
                      children: (
                        <AskedQuestions
                          entry={e}
                          canAdopt={canEdit && e.kind === 'faq'}
                          onAdopt={(q) => {
                            const now = (form.getFieldValue('questions') as string | undefined)?.trim() ?? '';
                            form.setFieldsValue({ questions: now ? `${now}\n${q}` : q });
                            setTab('edit');
                            message.success('已加入常见问法，保存修改后生效');
                          }}
                        />
                      ),
                    },
                    { key: 'versions', label: '版本对比', children: <EntryVersions entry={e} /> },
                    { key: 'events', label: '流程记录', children: <EntryEvents entry={e} /> },
                  ]
                : []),
            ]}
          />
        </>
      )}
    </Drawer>
  );
}

/**
 * 来电问法: how the desk summed up the calls it answered with this entry. A FAQ's editor adopts the
 * useful ones as question variants (saved and reviewed like any edit).
 */
function AskedQuestions(props: { entry: EntryView; canAdopt: boolean; onAdopt: (q: string) => void }) {
  const asked = useAsked(props.entry.id);
  if (asked.isPending) return <Spin />;
  if (asked.isError) return <Alert type="error" showIcon title={describeError(asked.error)} />;
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">
        话务员直接答复时引用本条目的工单标题（已脱敏），按出现次数排列；已是常见问法的不再列出。
        {props.canAdopt ? '可加入常见问法，帮助检索命中市民的说法。' : ''}
      </Typography.Text>
      {asked.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有直接答复引用本条目" />
      ) : (
        <Flex vertical className="knowledge-asked">
          {asked.data.map((a) => (
            <Flex
              key={a.question}
              data-testid="asked-question"
              className="knowledge-asked__row"
              justify="space-between"
              align="center"
              gap={8}
            >
              <Flex gap={8} align="center" wrap>
                <span>{a.question}</span>
                <Tag>{a.times} 次</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  最近 {new Date(a.lastAt).toLocaleDateString('zh-CN')}
                </Typography.Text>
              </Flex>
              {props.canAdopt && (
                <Button size="small" onClick={() => props.onAdopt(a.question)}>
                  加入常见问法
                </Button>
              )}
            </Flex>
          ))}
        </Flex>
      )}
    </Flex>
  );
}

/** The workflow buttons the current user may press now (the server lists them in `actions`). */
function Workflow({ entry }: { entry: EntryView }) {
  const act = useEntryAction(entry.id);
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const allowed = WORKFLOW.filter((a) => entry.actions.includes(a));
  const busy = (a: WorkflowAction) => act.isPending && act.variables?.action === a;
  return (
    <>
      {allowed.map((a) =>
        a === 'reject' ? (
          <Button key={a} danger onClick={() => setRejecting(true)}>
            {ACTION_LABELS[a]}
          </Button>
        ) : a === 'withdraw' ? (
          <Popconfirm
            key={a}
            title="撤回后条目不再用于答复，确定撤回？"
            okText="撤回"
            cancelText="取消"
            onConfirm={() => act.mutate({ action: a })}
          >
            <Button danger loading={busy(a)}>
              {ACTION_LABELS[a]}
            </Button>
          </Popconfirm>
        ) : (
          <Button
            key={a}
            type={a === 'approve' ? 'primary' : 'default'}
            loading={busy(a)}
            onClick={() => act.mutate({ action: a })}
          >
            {ACTION_LABELS[a]}
          </Button>
        ),
      )}
      <Modal
        open={rejecting}
        title="驳回修改"
        okText="驳回"
        cancelText="取消"
        okButtonProps={{ danger: true, disabled: !note.trim(), loading: busy('reject') }}
        onCancel={() => setRejecting(false)}
        onOk={() =>
          act.mutate(
            { action: 'reject', note: note.trim() },
            {
              onSuccess: () => {
                setRejecting(false);
                setNote('');
              },
            },
          )
        }
      >
        <Input.TextArea
          aria-label="修改意见"
          autoSize={{ minRows: 3 }}
          maxLength={500}
          value={note}
          onChange={(ev) => setNote(ev.target.value)}
          placeholder="请写明需要修改的内容"
        />
      </Modal>
    </>
  );
}

/** How the entry reads when opened for answering, with its facts and use counts. */
function EntryPreview({ entry: e }: { entry: EntryView }) {
  return (
    <Flex vertical gap={16}>
      <Descriptions
        size="small"
        column={2}
        bordered
        items={[
          { key: 'category', label: '分类', children: e.categoryName ?? '—' },
          { key: 'owner', label: '责任单位', children: e.ownerUnitName ?? '—' },
          {
            key: 'regions',
            label: '适用区域',
            children: e.regions.length ? e.regions.map((r) => r.name).join('、') : '全市',
          },
          {
            key: 'validity',
            label: '有效期',
            children: `${e.effectiveFrom ?? '即日'} 至 ${e.expiresOn ?? '长期'}`,
          },
          { key: 'reviewed', label: '上次复核', children: e.lastReviewedOn ?? '未复核' },
          {
            key: 'source',
            label: '来源',
            children: e.sourceUrl ? (
              <Typography.Link href={e.sourceUrl} target="_blank" rel="noreferrer">
                {e.sourceTitle ?? e.sourceUrl}
              </Typography.Link>
            ) : (
              (e.sourceTitle ?? '—')
            ),
          },
          {
            key: 'stats',
            label: '使用情况',
            span: 2,
            children: `浏览 ${e.stats.views} 次 · 推荐 ${e.stats.offered} 次 · 直接答复 ${e.stats.directAnswers} 次 · 没有帮助 ${e.stats.notHelpful} 次`,
          },
        ]}
      />
      {e.questions.length > 0 && (
        <div>
          <Typography.Text strong>常见问法</Typography.Text>
          <ul className="knowledge-preview__list">
            {e.questions.map((q) => (
              <li key={q}>{q}</li>
            ))}
          </ul>
        </div>
      )}
      {e.steps.length > 0 && (
        <div>
          <Typography.Text strong>办理步骤</Typography.Text>
          <ol className="knowledge-preview__list">
            {e.steps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
        </div>
      )}
      {/* Sanitised by the server (only p, br, lists, strong, em, h3, h4, a, table). */}
      <div className="knowledge-body" dangerouslySetInnerHTML={{ __html: e.bodyHtml }} />
      {e.attachments.length > 0 && (
        <div>
          <Typography.Text strong>附件</Typography.Text>
          <ul className="knowledge-preview__list">
            {e.attachments.map((a) => (
              <li key={a.url}>
                <Typography.Link href={a.url} target="_blank" rel="noreferrer">
                  {a.title}
                </Typography.Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Flex>
  );
}
