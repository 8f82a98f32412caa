import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Cascader,
  Col,
  DatePicker,
  Divider,
  Flex,
  Form,
  type FormInstance,
  Input,
  Radio,
  Row,
  Select,
  Space,
  TreeSelect,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useRef } from 'react';
import type { Category, Unit } from '../../api/types.ts';
import { categoryOptions, regionOptions } from '../intake/options.ts';
import type { EntryInput, EntryView, Kind } from './knowledge-api.ts';
import { KIND_LABELS, KINDS } from './labels.tsx';

export interface EntryFormValues {
  kind: Kind;
  title: string;
  bodyHtml?: string;
  questions?: string;
  steps?: string;
  tags?: string[];
  category?: number[];
  regionUnitIds?: number[];
  caseGroup?: string;
  caseLabel?: string;
  sourceTitle?: string;
  sourceUrl?: string;
  ownerUnitId?: number;
  effectiveFrom?: Dayjs | null;
  expiresOn?: Dayjs | null;
  attachments?: { title: string; url: string }[];
  note?: string;
}

const lines = (v: string | undefined) =>
  (v ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const blank = (v: string | undefined) => v?.trim() || null;

/** Plain paragraphs typed without tags become <p> blocks; HTML is kept (the server sanitises it). */
function toHtml(body: string | undefined): string {
  const b = (body ?? '').trim();
  if (!b || /<[a-z][\s\S]*>/i.test(b)) return b;
  return lines(b)
    .map((l) => `<p>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`)
    .join('');
}

function categoryPathIds(
  categories: Map<number, Category> | undefined,
  id: number | null,
): number[] | undefined {
  if (id === null || !categories) return undefined;
  const ids: number[] = [];
  for (let c = categories.get(id); c; c = c.parentId === null ? undefined : categories.get(c.parentId)) {
    ids.unshift(c.id);
  }
  return ids;
}

export function formValuesOf(e: EntryView, categories: Map<number, Category> | undefined): EntryFormValues {
  return {
    kind: e.kind,
    title: e.title,
    bodyHtml: e.bodyHtml,
    questions: e.questions.join('\n'),
    steps: e.steps.join('\n'),
    tags: e.tags,
    category: categoryPathIds(categories, e.categoryId),
    regionUnitIds: e.regions.map((r) => r.id),
    caseGroup: e.caseGroup ?? undefined,
    caseLabel: e.caseLabel ?? undefined,
    sourceTitle: e.sourceTitle ?? undefined,
    sourceUrl: e.sourceUrl ?? undefined,
    ownerUnitId: e.ownerUnitId ?? undefined,
    effectiveFrom: e.effectiveFrom ? dayjs(e.effectiveFrom) : null,
    expiresOn: e.expiresOn ? dayjs(e.expiresOn) : null,
    attachments: e.attachments,
  };
}

export function inputOf(v: EntryFormValues): EntryInput {
  return {
    kind: v.kind,
    title: v.title.trim(),
    bodyHtml: toHtml(v.bodyHtml),
    questions: v.kind === 'faq' ? lines(v.questions) : [],
    steps: v.kind === 'process' ? lines(v.steps) : [],
    tags: v.tags ?? [],
    categoryId: v.category?.at(-1) ?? null,
    regionUnitIds: v.regionUnitIds ?? [],
    caseGroup: blank(v.caseGroup),
    caseLabel: blank(v.caseLabel),
    sourceTitle: blank(v.sourceTitle),
    sourceUrl: blank(v.sourceUrl),
    ownerUnitId: v.ownerUnitId ?? null,
    effectiveFrom: v.effectiveFrom ? v.effectiveFrom.format('YYYY-MM-DD') : null,
    expiresOn: v.expiresOn ? v.expiresOn.format('YYYY-MM-DD') : null,
    attachments: (v.attachments ?? []).filter((a) => a?.title?.trim() && a?.url?.trim()),
  };
}

/** Wraps the selection of the body textarea in a tag (a minimal HTML editor; the server sanitises). */
function BodyToolbar({
  form,
  area,
}: {
  form: FormInstance<EntryFormValues>;
  area: React.RefObject<HTMLDivElement | null>;
}) {
  const wrap = (open: string, close: string) => {
    const el = area.current?.querySelector('textarea');
    const value: string = form.getFieldValue('bodyHtml') ?? '';
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const selected = value.slice(start, end) || '文字';
    form.setFieldValue('bodyHtml', `${value.slice(0, start)}${open}${selected}${close}${value.slice(end)}`);
  };
  return (
    <Space size={4} wrap>
      <Button size="small" onClick={() => wrap('<p>', '</p>')}>
        段落
      </Button>
      <Button size="small" onClick={() => wrap('<h4>', '</h4>')}>
        小标题
      </Button>
      <Button size="small" style={{ fontWeight: 700 }} onClick={() => wrap('<strong>', '</strong>')}>
        加粗
      </Button>
      <Button size="small" onClick={() => wrap('<ul><li>', '</li></ul>')}>
        列表
      </Button>
      <Button size="small" onClick={() => wrap('<li>', '</li>')}>
        列表项
      </Button>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        直接输入文字按段落保存；也可使用 p、h4、strong、ul/ol/li、a、table 标签
      </Typography.Text>
    </Space>
  );
}

/** The editor's fields; FAQ shows question variants, 办理流程 its steps. */
export function EntryForm(props: {
  form: FormInstance<EntryFormValues>;
  disabled: boolean;
  isNew: boolean;
  units: Map<number, Unit> | undefined;
  categories: Map<number, Category> | undefined;
  onFinish: (v: EntryFormValues) => void;
}) {
  const kind = Form.useWatch('kind', props.form);
  const bodyBox = useRef<HTMLDivElement>(null);
  const regionTree = useMemo(() => regionOptions(props.units), [props.units]);
  const ownerOptions = useMemo(
    () =>
      [...(props.units?.values() ?? [])].filter((u) => u.active).map((u) => ({ value: u.id, label: u.name })),
    [props.units],
  );
  return (
    <Form<EntryFormValues>
      form={props.form}
      layout="vertical"
      disabled={props.disabled}
      onFinish={props.onFinish}
      initialValues={{ kind: 'faq' }}
      requiredMark
      name="knowledge-entry"
    >
      <Row gutter={16}>
        <Col span={10}>
          <Form.Item name="kind" label="条目类型" rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
            />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item name="category" label="事项分类">
            <Cascader
              options={categoryOptions(props.categories)}
              showSearch
              changeOnSelect
              expandTrigger="hover"
              placeholder="选择或搜索分类"
              displayRender={(labels) => labels.join(' / ')}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="title"
        label="标题"
        rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 200 }]}
      >
        <Input placeholder="如：城乡居民医保参保登记" />
      </Form.Item>
      {kind === 'faq' && (
        <Form.Item
          name="questions"
          label="常见问法（每行一个）"
          extra="市民可能的各种问法，包括口语和错别字，有助于检索命中"
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 8 }}
            placeholder={'医保怎么参保\n孩子的医保在哪办'}
          />
        </Form.Item>
      )}
      {kind === 'process' && (
        <Form.Item name="steps" label="办理步骤（每行一步，按顺序）">
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 10 }}
            placeholder={'携带身份证到社区服务站\n填写参保登记表\n缴费后次月生效'}
          />
        </Form.Item>
      )}
      <Form.Item label="正文" required={kind !== 'faq' && kind !== 'process'}>
        <div ref={bodyBox}>
          <BodyToolbar form={props.form} area={bodyBox} />
          <Form.Item name="bodyHtml" noStyle>
            <Input.TextArea
              aria-label="正文"
              autoSize={{ minRows: 6, maxRows: 16 }}
              style={{ marginTop: 8, fontFamily: 'inherit' }}
              placeholder="政策内容、办理条件、材料、地点、时限、收费标准等"
            />
          </Form.Item>
        </div>
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="regionUnitIds" label="适用区域" extra="不选即全市适用">
            <TreeSelect
              multiple
              treeData={regionTree}
              fieldNames={{ label: 'label', value: 'value', children: 'children' }}
              showSearch={{ treeNodeFilterProp: 'label' }}
              placeholder="全市"
              allowClear
              maxTagCount="responsive"
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="ownerUnitId" label="责任单位" extra="负责复核内容、接收到期提醒">
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              allowClear
              options={ownerOptions}
              placeholder="选择单位"
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item name="effectiveFrom" label="生效日期">
            <DatePicker style={{ width: '100%' }} placeholder="立即生效" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item
            name="expiresOn"
            label="失效日期"
            dependencies={['effectiveFrom']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, v: Dayjs | null | undefined) => {
                  const from = getFieldValue('effectiveFrom') as Dayjs | null | undefined;
                  return v && from && v.isBefore(from, 'day')
                    ? Promise.reject(new Error('失效日期不能早于生效日期'))
                    : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} placeholder="长期有效" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="tags" label="标签">
            <Select mode="tags" tokenSeparators={[',', '，', ' ']} placeholder="输入后回车" open={false} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="sourceTitle" label="来源文件" rules={[{ max: 200 }]}>
            <Input placeholder="如：临医保发〔2025〕12 号" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="sourceUrl"
            label="来源链接"
            rules={[{ pattern: /^https?:\/\/\S+$/, message: '链接须以 http:// 或 https:// 开头' }]}
          >
            <Input placeholder="https://" />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
        反问澄清（可选）
      </Divider>
      <Row gutter={16}>
        <Col span={10}>
          <Form.Item
            name="caseGroup"
            label="情形分组"
            extra="同一问题的不同情形填同一分组，问题含糊时向来电人反问"
          >
            <Input placeholder="如：child-medical-insurance" />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item
            name="caseLabel"
            label="情形名称"
            dependencies={['caseGroup']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, v: string | undefined) =>
                  v?.trim() && !(getFieldValue('caseGroup') as string | undefined)?.trim()
                    ? Promise.reject(new Error('填写情形名称时须填写情形分组'))
                    : Promise.resolve(),
              }),
            ]}
          >
            <Input placeholder="如：上幼儿园或中小学的孩子" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label="附件链接">
        <Form.List name="attachments">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} align="center">
                  <Form.Item name={[f.name, 'title']} noStyle>
                    <Input placeholder="名称，如：参保登记表" style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'url']} noStyle>
                    <Input placeholder="https://" />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label="删除附件"
                    onClick={() => remove(f.name)}
                  />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: '', url: '' })}>
                添加附件链接
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form.Item>
      {!props.isNew && (
        <Form.Item name="note" label="修改说明" rules={[{ max: 500 }]}>
          <Input placeholder="本次修改了什么，如：缴费标准更新为 2026 年度" />
        </Form.Item>
      )}
    </Form>
  );
}
