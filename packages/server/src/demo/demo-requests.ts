/**
 * What the citizens of the demo city ask for: request templates in the hotline's own words, with the
 * category, the unit that handles them (主办) and those that assist (协办), a knowledge-base answer
 * for consultations and a reply for handled orders.
 *
 * Placeholders: {who} 来电人/网友/来信人…, {addr} full address, {compound} 小区 or village, {road},
 * {street}, {district}, {community}.
 */
import type { RequestType } from '../domain/reference.ts';
import type { OrgSlug } from './demo-city-data.ts';

/** Who handles a template: the street of the address, its district, or a department or utility. */
export type Route = 'street' | OrgSlug;

export interface RequestTemplate {
  type: RequestType;
  /** Category code (see CATEGORIES). */
  category: string;
  lead: Route;
  assists?: readonly Route[];
  /** May be 紧急 (safety of life or property). */
  urgentOk?: boolean;
  /** May be 疑难 (needs coordination across units, a longer limit set by the leader). */
  difficultOk?: boolean;
  title: string;
  content: string;
  /** For consultations and praise: the knowledge-base answer, used for 直接答复 and for the unit's reply. */
  answer?: string;
  /** For handled orders: what the unit did. Consultations fall back to `answer`. */
  reply?: string;
}

export const TEMPLATES: readonly RequestTemplate[] = [
  // ── 咨询 consultation ─────────────────────────────────────────────────────────────
  {
    type: 'consultation',
    category: '020101',
    lead: 'rsj',
    title: '咨询灵活就业人员养老保险参保缴费',
    content:
      '{who}称目前在{street}一带跑网约车，属于灵活就业人员，想咨询如何以个人身份参加职工养老保险，缴费基数怎么选，能否在手机上办理。',
    answer:
      '灵活就业人员可通过“临江人社”微信公众号或市民服务中心人社窗口办理参保登记，缴费基数可在全省上年度城镇单位就业人员平均工资的60%至300%之间自主选择，可按月或按季缴费。',
  },
  {
    type: 'consultation',
    category: '010501',
    lead: 'gjj',
    title: '咨询住房公积金贷款最高额度',
    content:
      '{who}夫妻双方均在临江缴存住房公积金，计划在{district}购买首套住房，想咨询公积金贷款最高可以贷多少、需要连续缴存多久。',
    answer:
      '缴存职工连续足额缴存6个月以上可申请公积金贷款；单方缴存最高可贷50万元，双方缴存最高可贷60万元，具体额度按账户余额和还款能力核定，可通过“临江公积金”小程序进行贷款试算。',
  },
  {
    type: 'consultation',
    category: '010502',
    lead: 'gjj',
    title: '咨询租房提取住房公积金',
    content: '{who}在{compound}租房居住，本人名下无房，想咨询租房提取公积金需要什么材料、每年可以提取多少。',
    answer:
      '本市无自有住房的缴存职工可按月或按年申请租房提取，未办理租赁备案的每年最高可提取1.8万元，可通过“临江公积金”小程序线上办理，无需到柜台。',
  },
  {
    type: 'consultation',
    category: '030101',
    lead: 'ybj',
    title: '咨询新生儿办理城乡居民医保',
    content:
      '{who}称“我想给孩子办个医保”。经询问，孩子出生两个月，户籍已落在{district}，想了解新生儿参加城乡居民医保需要哪些材料、出生多久内参保可以从出生之日起享受待遇。',
    answer:
      '新生儿在出生后90天内办理参保缴费的，自出生之日起享受医保待遇；可在“临江医保”微信公众号上传出生医学证明和户口簿办理，也可到所在街道便民服务中心医保窗口办理。',
  },
  {
    type: 'consultation',
    category: '030102',
    lead: 'ybj',
    title: '咨询异地就医备案办理方式',
    content: '{who}的母亲退休后长期随子女在外省居住，想咨询在外省住院能否直接结算，异地就医备案怎么办理。',
    answer:
      '可通过国家医保服务平台APP或“临江医保”公众号办理异地长期居住备案，备案成功后在就医地定点医疗机构住院可直接结算，备案有效期内无需重复办理。',
  },
  {
    type: 'consultation',
    category: '070101',
    lead: 'jyj',
    title: '咨询{compound}对应的小学学区',
    content:
      '{who}家住{addr}，孩子明年9月上小学，想了解小区对应哪所小学，户籍和房产不在一起的情况下如何报名，报名时间是什么时候。',
    answer:
      '本市义务教育招生实行房户一致优先的原则，学区划分以区教育局每年5月公布的招生方案为准，届时可在“临江教育”网站查询；报名一般在6月上旬通过线上招生平台进行。',
  },
  {
    type: 'consultation',
    category: '0102',
    lead: 'zrzy',
    title: '咨询二手房过户办理流程',
    content:
      '{who}准备出售位于{compound}的一套二手房，想咨询过户需要带哪些材料、是否需要预约，办理不动产权证需要多长时间。',
    answer:
      '二手房转移登记在市民服务中心不动产登记窗口“一窗受理”，买卖双方携带身份证、不动产权证书、买卖合同及完税凭证办理，可通过“临江不动产”小程序预约，材料齐全的当场受理、3个工作日内办结。',
  },
  {
    type: 'consultation',
    category: '020103',
    lead: 'rsj',
    title: '咨询社保卡丢失补办',
    content: '{who}称社保卡不慎丢失，想咨询如何挂失、补办需要多久，补办期间能否正常看病结算。',
    answer:
      '可通过“临江人社”公众号或社保卡服务电话办理临时挂失，再到合作银行网点补办，即时制卡网点可当场领卡；补办期间可使用医保电子凭证就医结算。',
  },
  {
    type: 'consultation',
    category: '020102',
    lead: 'rsj',
    title: '咨询失业保险金申领条件',
    content:
      '{who}称上个月被公司解除劳动合同，已缴纳失业保险3年，想咨询能否领取失业保险金、能领多少个月、怎么申请。',
    answer:
      '非因本人意愿中断就业、失业前累计缴费满1年的可申领失业保险金，累计缴费满1年不满5年的最长领取12个月，可通过“临江人社”公众号线上申领。',
  },
  {
    type: 'consultation',
    category: '0604',
    lead: 'scjg',
    title: '咨询个体工商户营业执照办理',
    content:
      '{who}打算在{road}附近开一家早餐店，想咨询办理个体工商户营业执照和食品经营许可需要哪些材料，能否网上办理。',
    answer:
      '个体工商户登记可通过省政务服务网或“临江市场监管”小程序全程网办，一般1个工作日内发照；开办早餐店还需办理食品经营许可或小餐饮登记，经营场所须符合食品安全条件。',
  },
  {
    type: 'consultation',
    category: '0902',
    lead: 'gaj',
    title: '咨询子女户口随迁办理',
    content:
      '{who}已在{district}购房落户，想咨询把在老家读书的孩子户口随迁过来需要哪些材料，是否可以在派出所直接办理。',
    answer:
      '未成年子女投靠父母落户可在父母户籍所在地派出所户籍窗口办理，携带父母户口簿、身份证及孩子出生医学证明等材料，符合条件的实行“一站式”迁移，无需回原籍开具准迁证。',
  },
  {
    type: 'consultation',
    category: '040101',
    lead: 'bus',
    title: '咨询{road}公交线路调整情况',
    content:
      '{who}反映平时乘坐的{road}公交站近期好像取消了，想咨询线路是否调整、附近还有哪路公交可以到火车站。',
    answer:
      '因{road}道路施工，途经该路段的公交线路临时绕行，施工期间临时站点设在附近路口，可通过“临江公交”APP查询实时到站信息。',
  },
  {
    type: 'consultation',
    category: '080101',
    lead: 'water',
    title: '咨询{compound}停水原因',
    content: '{who}反映{compound}今天上午突然停水，物业也说不清原因，想了解是不是计划停水、什么时候能恢复。',
    answer: '经查询自来水公司停水公告，{road}一带因供水管网改造计划停水，预计当日18时前恢复供水。',
  },
  {
    type: 'consultation',
    category: '120101',
    lead: 'tax',
    title: '咨询个人所得税专项附加扣除填报',
    content: '{who}想咨询赡养老人和子女教育专项附加扣除如何在个人所得税APP上填报，兄弟姐妹之间如何分摊。',
    answer:
      '可在个人所得税APP“专项附加扣除填报”中选择对应项目填报；赡养老人扣除标准为每月3000元，非独生子女与兄弟姐妹分摊，每人每月不超过1500元。',
  },
  {
    type: 'consultation',
    category: '1103',
    lead: 'mzj',
    title: '咨询婚姻登记预约',
    content:
      '{who}计划下个月办理结婚登记，想咨询是否需要预约、需要携带哪些材料，户口不在临江能否在本市办理。',
    answer:
      '可通过“临江民政”公众号预约，携带双方身份证、户口簿及近期半身免冠合影照片办理；按婚姻登记“跨省通办”规定，一方经常居住地在本市的即可在本市办理。',
  },
  {
    type: 'consultation',
    category: '1101',
    lead: 'street',
    title: '咨询高龄老人津贴申请',
    content: '{who}的父亲今年满80周岁，户籍在{community}，想咨询高龄津贴怎么申请、每月能领多少钱。',
    answer:
      '本市户籍年满80周岁的老年人可申领高龄津贴，由本人或家属携带身份证、户口簿到户籍所在社区（村）或街道便民服务中心申请，审核通过后次月起按月发放。',
  },
  {
    type: 'consultation',
    category: '0303',
    lead: 'wjw',
    title: '咨询老人接种流感疫苗',
    content:
      '{who}想为家中老人接种流感疫苗，想咨询{street}附近哪里可以接种、是否需要预约、60岁以上老人是否免费。',
    answer:
      '可到{street}社区卫生服务中心预防接种门诊接种，建议通过“健康临江”公众号预约；本市户籍60岁以上老人可免费接种流感疫苗一剂次。',
  },
  {
    type: 'consultation',
    category: '010103',
    lead: 'zjj',
    title: '咨询老旧小区加装电梯政策',
    content:
      '{who}家住{addr}，楼里老人较多，想咨询老旧小区加装电梯需要多少业主同意、政府补贴多少、由谁来牵头申请。',
    answer:
      '既有住宅加装电梯须经本单元专有部分面积和人数均占三分之二以上的业主参与表决，并经参与表决的四分之三以上业主同意；市级财政每台补贴20万元，可由业主代表向所在街道提出申请。',
  },
  {
    type: 'consultation',
    category: '080402',
    lead: 'heat',
    title: '咨询恢复供暖办理',
    content: '{who}家住{compound}，去年暖气报停，今年想恢复供暖，想咨询去哪里办理开栓、供暖费怎么交。',
    answer: '可在“临江热力”微信公众号或热力公司营业厅申请恢复供暖，缴纳当季供暖费后3个工作日内安排上门开栓。',
  },
  {
    type: 'consultation',
    category: '1002',
    lead: 'nync',
    title: '咨询耕地地力保护补贴发放',
    content:
      '{who}是{street}的农户，想咨询今年耕地地力保护补贴什么时候发放、每亩补多少钱、怎么查询是否到账。',
    answer:
      '耕地地力保护补贴按确权面积通过惠民惠农财政补贴资金“一卡通”发放，今年补贴资金预计于年底前发放到户，可持社保卡到银行网点查询。',
  },
  {
    type: 'consultation',
    category: '010102',
    lead: 'zjj',
    title: '咨询公共租赁住房申请条件',
    content:
      '{who}是今年刚毕业的大学生，在{district}工作，本人无住房，想咨询能否申请公租房、需要满足什么条件。',
    answer:
      '新就业无房职工在本市连续缴纳社保满6个月、本人及配偶在本市无住房的，可通过工作单位向住建部门申请公共租赁住房或人才公寓，详情可登录市住建局网站查询。',
  },
  // ── 求助 help ────────────────────────────────────────────────────────────────────
  {
    type: 'help',
    category: '080101',
    lead: 'water',
    urgentOk: true,
    title: '{compound}停水求助',
    content:
      '{who}反映{addr}所在楼栋自昨晚起停水，家中有老人和小孩，无法做饭洗漱，物业称是市政管网问题，希望尽快恢复供水。',
    reply:
      '经现场排查，系{road}供水管道接口渗漏导致水压不足，已组织抢修并恢复正常供水。已电话联系{who}，告知停水原因和恢复情况。',
  },
  {
    type: 'help',
    category: '080401',
    lead: 'heat',
    title: '{compound}暖气不热',
    content:
      '{who}反映家住{addr}，供暖开始以来家中暖气片一直温度偏低，室温不到16度，多次联系换热站未解决，家中有婴儿，希望尽快处理。',
    reply:
      '热力公司维修人员已上门检测，系户内管道存气导致循环不畅，已排气并调整单元阀门，复测室温达到19度。已电话联系{who}确认。',
  },
  {
    type: 'help',
    category: '080201',
    lead: 'power',
    urgentOk: true,
    title: '{compound}突然停电',
    content: '{who}反映{addr}一带晚上突然停电，整栋楼都没电，家中有老人需要使用制氧机，希望尽快抢修。',
    reply: '供电公司抢修人员到场检查，系小区配电箱故障跳闸，已更换故障元件并恢复供电。已电话回复{who}。',
  },
  {
    type: 'help',
    category: '010301',
    lead: 'cgj',
    title: '{road}路灯不亮',
    content:
      '{who}反映{road}靠近{compound}一段约200米的路灯已经连续一周不亮，晚上路过很黑，老人孩子出行不安全，希望尽快维修。',
    reply:
      '市政照明管理处已派员检修，系地下电缆老化破损导致该段路灯失电，已更换电缆，路灯恢复照明。已电话告知{who}。',
  },
  {
    type: 'help',
    category: '010303',
    lead: 'cgj',
    urgentOk: true,
    title: '{road}窨井盖破损',
    content:
      '{who}反映{road}{compound}门口路段一个窨井盖破损塌陷，已有电动车在此摔倒，存在安全隐患，希望尽快更换。',
    reply: '接诉后已安排人员设置围挡警示，并于当日更换新井盖，消除安全隐患。已电话告知{who}。',
  },
  {
    type: 'help',
    category: '0803',
    lead: 'gas',
    urgentOk: true,
    title: '{compound}楼道有燃气异味',
    content: '{who}反映{addr}所在单元楼道内有明显燃气味，已开窗通风，希望燃气公司尽快上门检查。',
    reply:
      '燃气集团抢险人员到场检测，系一楼住户燃气表前阀门接口松动导致微量泄漏，已紧固并复检合格，同时对该单元进行了安全检查。已电话回复{who}。',
  },
  {
    type: 'help',
    category: '01010104',
    lead: 'street',
    assists: ['scjg'],
    title: '{compound}电梯频繁故障',
    content:
      '{who}反映{addr}所在楼栋电梯近一个月频繁故障停运，上周还发生过困人情况，物业维修后仍反复出问题，希望相关部门督促整改。',
    reply:
      '街道会同市场监管局特种设备安全监察人员到现场检查，已责令物业公司和维保单位更换老化部件、加强日常维保，目前电梯运行正常。已电话联系{who}告知。',
  },
  {
    type: 'help',
    category: '010302',
    lead: 'cgj',
    title: '{road}路面坑洼积水',
    content: '{who}反映{road}非机动车道有多处坑洼，下雨后积水严重，骑车经过容易摔倒，希望尽快修补。',
    reply: '已安排市政养护单位对该路段坑槽进行修补，共修补路面约30平方米，现已恢复平整。已电话联系{who}。',
  },
  {
    type: 'help',
    category: '1001',
    lead: 'street',
    title: '{community}生活垃圾清运不及时',
    content: '{who}反映{addr}附近的垃圾收集点一周多没人清运，垃圾堆满溢出，气味很大，希望尽快清理。',
    reply:
      '已协调保洁公司当日清运积存垃圾，并将该收集点清运频次调整为每日一次，同时安排保洁员加强巡查。已电话告知{who}。',
  },
  {
    type: 'help',
    category: '0805',
    lead: 'cmcc',
    title: '{compound}手机信号差',
    content:
      '{who}反映{compound}小区内移动手机信号很差，在家里经常打不通电话，影响正常生活，希望运营商改善。',
    reply:
      '中国移动临江分公司已派工程师现场测试，确认该区域室内覆盖不足，已与物业协调增设室内分布设备，预计两周内完成建设，期间已为{who}开通WiFi通话功能。',
  },
  {
    type: 'help',
    category: '0805',
    lead: 'ctcc',
    title: '{compound}宽带频繁断网',
    content:
      '{who}反映家住{addr}，电信宽带近半个月每天晚上频繁断网，报修后维修人员迟迟不上门，影响孩子上网课。',
    reply:
      '电信临江分公司已安排装维人员上门，更换了老化的光分路器和入户光猫，经测试网络恢复稳定。已电话回复{who}。',
  },
  {
    type: 'help',
    category: '0901',
    lead: 'street',
    title: '楼上住户漏水协调',
    content:
      '{who}反映家住{addr}，楼上住户卫生间漏水导致自家天花板发霉脱落，多次沟通楼上不予理睬，希望社区帮忙协调。',
    reply:
      '社区工作人员和网格员上门了解情况，组织双方协商，楼上住户同意重新做卫生间防水并承担天花板维修费用。已电话回复{who}。',
  },
  {
    type: 'help',
    category: '1102',
    lead: 'street',
    assists: ['mzj'],
    title: '生活困难申请低保求助',
    content:
      '{who}称丈夫因病去世，自己没有工作，家中还有一个上学的孩子，生活困难，想申请低保，不知道怎么办理，现住{addr}。',
    reply:
      '街道民政工作人员已上门入户核查，指导提交低保申请材料，目前已进入审核公示程序，同时为其申请了临时救助金。已电话告知{who}。',
  },
  // ── 投诉 complaint ───────────────────────────────────────────────────────────────
  {
    type: 'complaint',
    category: '050202',
    lead: 'sthj',
    assists: ['cgj'],
    title: '{road}工地夜间施工噪音扰民',
    content:
      '{who}反映{road}附近一处建筑工地每天晚上11点以后还在施工，打桩和渣土车声音很大，严重影响{compound}居民休息，希望相关部门查处。',
    reply:
      '经执法人员夜间现场检查，该工地未取得夜间施工证明擅自施工，已责令立即停止夜间作业并依法立案处理。已电话联系{who}告知处理结果。',
  },
  {
    type: 'complaint',
    category: '050201',
    lead: 'street',
    assists: ['gaj'],
    title: '{compound}附近广场舞噪音扰民',
    content:
      '{who}反映{compound}旁边的小广场每天晚上有人跳广场舞到10点多，音响声音很大，家里老人孩子无法休息，希望协调处理。',
    reply:
      '社区已约谈广场舞队伍负责人，约定活动时间为19时至21时并控制音量，同时设置噪声提示牌，社区将持续跟踪。已电话联系{who}。',
  },
  {
    type: 'complaint',
    category: '01010101',
    lead: 'street',
    assists: ['zjj'],
    title: '{compound}物业服务不到位',
    content:
      '{who}反映{compound}物业公司不作为，楼道垃圾长期无人清理，单元门禁坏了一个多月没修，业主多次反映无果，希望相关部门督促物业整改。',
    reply:
      '街道会同住建部门约谈物业公司，责令其立即清理楼道垃圾、维修单元门禁，并将该小区纳入物业服务质量专项检查，目前已整改完毕。已电话联系{who}告知。',
  },
  {
    type: 'complaint',
    category: '01010102',
    lead: 'zjj',
    assists: ['street'],
    difficultOk: true,
    title: '{compound}物业强制收取停车费',
    content:
      '{who}反映{compound}物业公司未经业主大会同意，对小区地面停车位收取每月300元停车费，不缴费的车辆不让进小区，认为收费不合理。',
    reply:
      '市住建局会同街道调查核实，该物业公司地面停车收费未履行业主共同决定程序，已责令暂停收费，并指导业主委员会依法召开业主大会表决。已电话联系{who}告知。',
  },
  {
    type: 'complaint',
    category: '020201',
    lead: 'rsj',
    difficultOk: true,
    title: '工地拖欠农民工工资',
    content:
      '{who}反映自己和十几名工友在{road}一处建设工地务工，包工头拖欠3个月工资共计20余万元，多次讨要无果，希望劳动监察部门帮助追讨。',
    reply:
      '市劳动保障监察支队已约谈施工总承包单位和劳务分包负责人，督促其通过农民工工资专用账户支付拖欠工资，目前已全部发放到位。已电话联系{who}。',
  },
  {
    type: 'complaint',
    category: '0501',
    lead: 'cgj',
    assists: ['sthj'],
    title: '{compound}楼下饭店油烟扰民',
    content:
      '{who}反映{addr}楼下一家烧烤店油烟直排，每天晚上油烟味熏得家里不能开窗，希望相关部门督促安装油烟净化设施。',
    reply:
      '城管执法人员现场检查，该烧烤店未安装油烟净化设施，已责令限期整改，目前已安装油烟净化器并正常使用，经复查排放符合要求。已电话告知{who}。',
  },
  {
    type: 'complaint',
    category: '010402',
    lead: 'street',
    assists: ['cgj'],
    title: '{road}流动摊贩占道经营',
    content:
      '{who}反映{road}靠近学校门口每天傍晚有大量流动摊贩占道经营，造成交通拥堵，垃圾遍地，希望加强管理。',
    reply:
      '街道综合执法队已加强该路段早晚高峰巡查，对占道摊贩进行劝离，并引导其进入附近便民疏导点经营。已电话联系{who}。',
  },
  {
    type: 'complaint',
    category: '010404',
    lead: 'gajj',
    title: '{compound}车辆长期占用消防通道',
    content:
      '{who}反映{compound}内有多辆私家车长期停在消防通道上，物业劝说无效，一旦发生火灾后果严重，希望有关部门处理。',
    reply:
      '交警支队会同物业对占用消防通道的车辆进行告知并联系车主挪车，同时督促物业施划禁停标线、安装警示牌。已电话联系{who}。',
  },
  {
    type: 'complaint',
    category: '0602',
    lead: 'scjg',
    assists: ['swu'],
    difficultOk: true,
    title: '健身房关门预付卡无法退费',
    content:
      '{who}反映在{road}一家健身房办理了两年会员卡共计4800元，近日健身房突然关门，老板联系不上，希望相关部门帮助维权退费。',
    reply:
      '市场监管局联合商务部门约谈健身房经营者，经调解，经营者同意按剩余期限分期退还会员费用，{who}已收到第一期退款。',
  },
  {
    type: 'complaint',
    category: '040102',
    lead: 'jtys',
    title: '出租车绕路多收费',
    content:
      '{who}反映昨天晚上从火车站乘坐出租车到{compound}，司机故意绕路，比平时多收了30多元，已保留发票，希望处理。',
    reply:
      '交通运输局根据发票信息调取车辆行驶轨迹，核实驾驶员存在绕路行为，已责令其退还多收费用并依法处理。已电话联系{who}告知。',
  },
  {
    type: 'complaint',
    category: '010401',
    lead: 'street',
    assists: ['cgj'],
    difficultOk: true,
    title: '{compound}顶楼住户违章搭建',
    content:
      '{who}反映{addr}所在楼栋顶楼住户在楼顶私自搭建彩钢房，占用公共区域，还导致楼顶防水层损坏、楼下住户漏水，希望依法拆除。',
    reply:
      '街道综合执法队现场核实后下达限期拆除通知书，当事人已在期限内自行拆除违建，物业已修复楼顶防水层。已电话告知{who}。',
  },
  {
    type: 'complaint',
    category: '0702',
    lead: 'jyj',
    title: '校外培训机构退费难',
    content:
      '{who}反映给孩子在{road}一家培训机构报了一年英语课，交费8000元，上了两个月后机构更换老师、课程质量下降，申请退费被拒，希望教育部门处理。',
    reply:
      '教育局已约谈培训机构负责人，经调解，机构同意按未消课时退还费用5600元，已原路退回。已电话联系{who}。',
  },
  {
    type: 'complaint',
    category: '040101',
    lead: 'bus',
    title: '公交车不按站停靠',
    content:
      '{who}反映今早在{road}站等车，公交车没有进站停靠直接开走，导致上班迟到，希望公交公司加强驾驶员管理。',
    reply:
      '公交集团已调取车载视频核实，该驾驶员存在不按规定进站停靠的行为，已对其批评教育并考核处理。已电话向{who}致歉。',
  },
  // ── 举报 report ──────────────────────────────────────────────────────────────────
  {
    type: 'report',
    category: '0601',
    lead: 'scjg',
    title: '举报{road}一餐馆后厨卫生差',
    content:
      '{who}举报{road}一家快餐店后厨卫生条件很差，员工未戴口罩手套，食材随意堆放在地上，担心食品安全问题，希望市场监管部门检查。',
    reply:
      '市场监管局执法人员已对该餐馆进行突击检查，发现存在食品原料存放不规范等问题，已责令立即整改并予以警告，后续将开展复查。已电话反馈举报人。',
  },
  {
    type: 'report',
    category: '0903',
    lead: 'street',
    assists: ['gaj'],
    title: '举报{compound}群租房',
    content:
      '{who}举报{addr}对门一套房子被隔成十多个小间出租，人员进出频繁，存在消防安全隐患，希望有关部门查处。',
    reply:
      '街道联合派出所、消防救援站对该房屋进行检查，确认存在违规分隔群租情况，已责令房东限期恢复原状并清退超员租户。已电话反馈举报人。',
  },
  // ── 建议 suggestion ──────────────────────────────────────────────────────────────
  {
    type: 'suggestion',
    category: '040101',
    lead: 'bus',
    assists: ['jtys'],
    title: '建议在{compound}附近增设公交站点',
    content:
      '{who}建议在{compound}附近增设公交站点。该小区入住居民较多，最近的公交站步行需要20分钟，老人出行很不方便。',
    reply:
      '公交集团已组织线路调研，拟于下月起将附近公交线路延伸，并在小区门口增设站点。已电话联系{who}反馈。',
  },
  {
    type: 'suggestion',
    category: '0402',
    lead: 'gajj',
    title: '建议延长{road}路口行人绿灯时间',
    content: '{who}建议延长{road}与人民路交叉口行人过街绿灯时间，目前绿灯只有15秒，老人推着婴儿车走不过去。',
    reply: '交警支队已现场勘查，将该路口行人过街绿灯时长调整为30秒，并增设行人过街倒计时。已电话联系{who}。',
  },
  {
    type: 'suggestion',
    category: '010103',
    lead: 'street',
    assists: ['zjj'],
    title: '建议在{compound}增设电动车充电桩',
    content:
      '{who}建议在{compound}增设电动自行车集中充电设施，目前很多居民飞线充电或把电瓶带回家充，存在火灾隐患。',
    reply:
      '街道会同物业在小区内选址建设两处电动自行车集中充电棚，共设充电接口60个，预计本月底投入使用。已电话联系{who}。',
  },
  // ── 表扬 praise ──────────────────────────────────────────────────────────────────
  {
    type: 'praise',
    category: '1301',
    lead: 'street',
    title: '表扬{community}网格员',
    content: '{who}称家中独居老人突发疾病，{community}网格员及时发现并送医，还帮忙联系家属，特来表扬。',
    answer: '已记录对{community}网格员的表扬，将转达所在街道和社区，感谢对基层工作的支持。',
    reply: '街道已将表扬转达该网格员并在全街道通报表扬。已电话联系{who}致谢。',
  },
  {
    type: 'praise',
    category: '1301',
    lead: 'cgj',
    title: '表扬环卫工人拾金不昧',
    content: '{who}称在{road}丢失钱包，被环卫工人拾到后及时联系归还，特来表扬这位环卫工人。',
    answer: '已记录对环卫工人的表扬，将转达市城市管理综合执法局，感谢您的支持。',
    reply: '城管执法局已将表扬转达该环卫工人所在作业班组并予以通报表扬。已电话联系{who}致谢。',
  },
];

/** Why a unit says an order is not theirs, and why the centre may disagree (首办负责). */
export const RETURN_REASON = (rightUnit: string) =>
  `经核实，该事项属于${rightUnit}职责范围，非我单位职责，申请退回重新派单。`;
export const RETURN_REASON_DISPUTED = '经研判，该诉求不属于我单位职责范围，申请退回由中心重新派单。';
export const REJECT_RETURN_REASON =
  '根据《临江市12345热线派单目录》，该事项属于你单位职责，请按首办负责制先行办理。';

export const EXTENSION_REASONS = [
  '需协调多个部门共同研究处理方案，申请延期办理。',
  '需等待第三方检测（鉴定）结果出具后才能确定处理方案，申请延期。',
  '当事人近期不在本地，无法约谈，申请延期办理。',
  '需现场施工整改，工期较长，申请延期。',
] as const;

export const REJECT_REVIEW_REASONS = [
  '答复内容只写了“已转交相关部门”，未说明具体做了什么，请补充处理过程和结果。',
  '答复中未体现是否已联系市民，请联系后补充说明。',
  '答复未回应市民提出的退费诉求，请补充。',
] as const;

export const WITHDRAW_REASONS = [
  '市民来电表示问题已自行解决，申请撤销诉求。',
  '市民来电表示误报，申请撤销。',
  '市民表示已与对方协商解决，不需要再办理。',
] as const;

export const REDO_NOTES = [
  '市民表示问题仍未解决，对处理结果不满意，要求重办。',
  '市民表示单位未与其联系，答复情况与实际不符，要求重办。',
  '市民表示维修后问题再次出现，要求重办。',
] as const;
