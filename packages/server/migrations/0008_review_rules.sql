-- 答复审核规则 (reply review rules): rules reviewers configure as data. Kinds and parameters are
-- described in packages/server/src/domain/reply-review.ts; the seeded defaults equal its DEFAULT_RULES
-- (a test checks) and were tuned on 2,816 real replies (docs/evaluations.md).
-- Hotspots and rise warnings are computed on the fly from orders and need no table.
CREATE TABLE review_rules (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  kind text NOT NULL CHECK (kind IN ('required_element', 'forbidden_phrase', 'min_substance', 'relevance')),
  severity text NOT NULL CHECK (severity IN ('hint', 'warning', 'reject')),
  enabled boolean NOT NULL DEFAULT true,
  params jsonb NOT NULL,
  position integer NOT NULL DEFAULT 0,
  updated_by integer REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO review_rules (code, name, kind, severity, enabled, params, position) VALUES
  ('R01_CONTACT', '联系市民', 'required_element', 'hint', true, $json${"patterns":["(电话|致电|来电|短信|微信|上门|当面|现场|面对面)[^。]{0,12}(联系|沟通|告知|回访|解释|答复|交流)|(联系|联络|沟通|约见|约谈|走访|拜访|回访|面谈|见面)[^。]{0,10}(您|你|网友|市民|来信人|留言人|当事人|反映人|投诉人|业主|家属|本人)|(与|和|同)(您|你|网友|市民|来信人|留言人|当事人|反映人|投诉人|业主)[^。]{0,12}(联系|沟通|见面|交流|协商|面谈)|已(电话)?告知(您|你|网友|当事人|投诉人)"],"appliesWhen":{"requestTypes":["help","complaint","report"]},"acceptContactFlag":true,"message":"答复未说明是否与市民联系沟通"}$json$, 10),
  ('R02_ACTION', '说明办理措施', 'required_element', 'warning', true, $json${"patterns":["经(调查|核实|核查|查|了解|现场|实地|走访|排查|检查|研究|协调|调解)|(已|已经)(要求|责令|督促|通知|安排|协调|约谈|组织|派)|将[^。]{0,20}(开展|整治|安排|组织|实施|改造|维修|修复|清理|拆除)|(已|现已|立即|随即|及时|当即|组织|安排|派出|责令|要求|督促|约谈|协调|对其|依法)[^。]{0,10}(整改|修复|维修|清理|清除|拆除|查处|处罚|处理完毕|下达|立案|更换|疏通|恢复|解决|完成|退还|发放|补发|开展|调查|核实|执法|暂扣|关停|停业|罚款|签订|落实)|现场(查看|核查|勘察|检查|调查|处置)|(迅速|立即|及时|实地|认真|进行|组织)[^。]{0,4}(调查|核实|核查|考察|勘察|查看)|(已|已经)(完成|修复|解决|整改|办理|安装|拆除|清理|发放|恢复)|(预计|计划|将于|争取)[^。]{0,20}(完成|完工|解决|到位|通车|开工|整改)"],"appliesWhen":{"requestTypes":["help","complaint","report"],"refused":false},"message":"答复未说明做了什么（调查核实、整改、处理结果或计划）"}$json$, 20),
  ('R03_REFUSAL_BASIS', '不予支持须说明依据或理由', 'required_element', 'reject', true, $json${"patterns":["(根据|依据|按照|依照|参照|遵照)[^。]{0,40}(《|规定|条例|办法|法|意见|通知|政策|文件|标准|细则)|《[^》]{2,40}》|第[一二三四五六七八九十百零〇\\d]+条|(因为|由于|原因是|鉴于)|经(核实|核算|调查|查|审核|核查|研究|了解)|因(?![此而])"],"appliesWhen":{"refused":true},"message":"答复不予支持或无法办理，但未说明法律政策依据或理由"}$json$, 30),
  ('R04_FINAL_BASIS', '最终答复须说明依据', 'required_element', 'reject', true, $json${"patterns":["(根据|依据|按照|依照|参照|遵照)[^。]{0,40}(《|规定|条例|办法|法|意见|通知|政策|文件|标准|细则)|《[^》]{2,40}》|第[一二三四五六七八九十百零〇\\d]+条|(因为|由于|原因是|鉴于)"],"appliesWhen":{"finalReply":true},"message":"最终答复须写明依据的法律法规或政策"}$json$, 40),
  ('R05_EMPTY_PHRASE', '禁用空话套话', 'forbidden_phrase', 'reject', true, $json${"phrases":["已转交","已转办","已转至","按规定办理","按相关规定办理","依法依规处理","正在处理中","将尽快处理","高度重视"],"maxOtherChars":30,"message":"答复只有「已转交」「按规定办理」一类套话，没有实质内容"}$json$, 50),
  ('R06_MIN_SUBSTANCE', '最少实质内容', 'min_substance', 'warning', true, $json${"minChars":30,"message":"答复实质内容过少"}$json$, 60),
  ('R07_RELEVANCE', '答复与诉求相关', 'relevance', 'warning', true, $json${"minScore":0.04,"message":"答复与诉求内容关联度低，可能答非所问"}$json$, 70);
