/**
 * 临江市, the fictional demo city: its organisation tree (热线中心, 市, 区县, 街道/乡镇, 社区/村, 网格,
 * 市直部门, 公共服务企业) and its 事项分类 tree. Codes are stable so that a demo database can be
 * referred to by code; territorial codes look like administrative division codes under the unused
 * province prefix 99, so they can never be mistaken for a real place.
 */

export const CITY_NAME = '临江市';
export const CITY_CODE = '990100';
export const CENTRE_NAME = '市12345热线中心';
export const CENTRE_CODE = '990100-12345';

export interface StreetDef {
  name: string;
  code: string;
  /** 乡镇 with villages rather than an urban 街道 with residential compounds. */
  rural?: boolean;
  /** 社区 (or 村); each gets two grids. */
  communities: readonly string[];
  /** Residential compounds (小区) or, for rural towns, village groups. */
  compounds: readonly string[];
  roads: readonly string[];
  /** Rough centre, for the orders' coordinates. */
  lng: number;
  lat: number;
}

export interface DistrictDef {
  name: string;
  code: string;
  streets: readonly StreetDef[];
}

export const DISTRICTS: readonly DistrictDef[] = [
  {
    name: '江滨区',
    code: '990102',
    streets: [
      {
        name: '望江街道',
        code: '990102001',
        communities: ['望江社区', '江月社区', '临川社区'],
        compounds: ['江月花园', '望江名苑', '临川小区', '滨江一号', '水务局宿舍'],
        roads: ['望江路', '滨江大道', '临川街'],
        lng: 118.412,
        lat: 31.812,
      },
      {
        name: '沿江街道',
        code: '990102002',
        communities: ['沿江社区', '码头社区'],
        compounds: ['沿江新村', '码头小区', '江景华庭'],
        roads: ['沿江路', '码头街'],
        lng: 118.431,
        lat: 31.805,
      },
      {
        name: '鼓楼街道',
        code: '990102003',
        communities: ['鼓楼社区', '钟楼社区', '文庙社区'],
        compounds: ['鼓楼小区', '钟楼苑', '文庙新村'],
        roads: ['鼓楼大街', '文庙路'],
        lng: 118.401,
        lat: 31.826,
      },
      {
        name: '新华街道',
        code: '990102004',
        communities: ['新华社区', '人民社区'],
        compounds: ['新华里', '人民新村', '百货大楼宿舍'],
        roads: ['新华路', '人民路'],
        lng: 118.394,
        lat: 31.815,
      },
    ],
  },
  {
    name: '城东区',
    code: '990103',
    streets: [
      {
        name: '东湖街道',
        code: '990103001',
        communities: ['东湖社区', '湖心社区'],
        compounds: ['东湖春晓', '湖心花园', '东湖印象'],
        roads: ['东湖路', '湖心路'],
        lng: 118.462,
        lat: 31.822,
      },
      {
        name: '朝阳街道',
        code: '990103002',
        communities: ['朝阳社区', '向阳社区', '光明社区'],
        compounds: ['朝阳小区', '向阳新村', '光明家园'],
        roads: ['朝阳路', '光明街'],
        lng: 118.475,
        lat: 31.834,
      },
      {
        name: '高新街道',
        code: '990103003',
        communities: ['创新社区', '软件园社区'],
        compounds: ['高新公寓', '未来城', '软件园人才公寓'],
        roads: ['科技大道', '创新路'],
        lng: 118.498,
        lat: 31.846,
      },
    ],
  },
  {
    name: '西山区',
    code: '990104',
    streets: [
      {
        name: '翠微街道',
        code: '990104001',
        communities: ['翠微社区', '松林社区'],
        compounds: ['翠微苑', '松林小区', '西山美庐'],
        roads: ['翠微路', '松林路'],
        lng: 118.352,
        lat: 31.824,
      },
      {
        name: '金山街道',
        code: '990104002',
        communities: ['金山社区', '矿机社区', '银河社区'],
        compounds: ['金山花园', '矿机厂宿舍', '银河湾'],
        roads: ['金山大道', '银河路'],
        lng: 118.338,
        lat: 31.808,
      },
      {
        name: '枫林镇',
        code: '990104101',
        rural: true,
        communities: ['枫林村', '岭下村', '枫林社区'],
        compounds: ['枫林村', '岭下村'],
        roads: ['枫林街', '岭下路'],
        lng: 118.301,
        lat: 31.792,
      },
    ],
  },
  {
    name: '南湖区',
    code: '990105',
    streets: [
      {
        name: '南湖街道',
        code: '990105001',
        communities: ['南湖社区', '湖滨社区'],
        compounds: ['南湖明珠', '湖滨花苑', '南湖壹号院'],
        roads: ['南湖路', '湖滨路'],
        lng: 118.421,
        lat: 31.772,
      },
      {
        name: '书院街道',
        code: '990105002',
        communities: ['书院社区', '桂园社区'],
        compounds: ['书院小区', '桂园新村', '学府雅苑'],
        roads: ['书院路', '桂园路'],
        lng: 118.406,
        lat: 31.764,
      },
      {
        name: '长岭街道',
        code: '990105003',
        communities: ['长岭社区', '新桥社区', '安居社区'],
        compounds: ['长岭佳苑', '新桥雅居', '安居苑'],
        roads: ['长岭路', '新桥路'],
        lng: 118.438,
        lat: 31.751,
      },
    ],
  },
  {
    name: '青溪县',
    code: '990121',
    streets: [
      {
        name: '青溪镇',
        code: '990121100',
        rural: true,
        communities: ['城关社区', '溪口村', '河西村'],
        compounds: ['溪口村', '河西村'],
        roads: ['青溪大街', '河西路'],
        lng: 118.215,
        lat: 31.705,
      },
      {
        name: '桃源镇',
        code: '990121101',
        rural: true,
        communities: ['桃源村', '梅岭村'],
        compounds: ['桃源村', '梅岭村'],
        roads: ['桃源路'],
        lng: 118.182,
        lat: 31.688,
      },
      {
        name: '石门乡',
        code: '990121200',
        rural: true,
        communities: ['石门村', '云峰村'],
        compounds: ['石门村', '云峰村'],
        roads: ['石门路'],
        lng: 118.153,
        lat: 31.662,
      },
    ],
  },
];

/** The street of the demo handler and unit reviewer; its first community's first grid has the grid worker. */
export const HANDLER_STREET = '望江街道';
export const GRID_COMMUNITY = '望江社区';
export const gridName = (community: string, n: 1 | 2) => `${community}${n === 1 ? '第一' : '第二'}网格`;
export const DEMO_GRID = gridName(GRID_COMMUNITY, 1);

export interface OrgUnitDef {
  /** Short key used by the request templates and in staff user names. */
  slug: string;
  name: string;
  /** Short name for notes and display names, e.g. 住建局. */
  short: string;
  kind: 'department' | 'utility';
  /** A sub-division of another department (e.g. the traffic police under the public security bureau). */
  parent?: string;
}

/** 市直部门 and 公共服务企业 that receive orders. */
export const ORG_UNITS: readonly OrgUnitDef[] = [
  { slug: 'zjj', name: '市住房和城乡建设局', short: '住建局', kind: 'department' },
  { slug: 'cgj', name: '市城市管理综合执法局', short: '城管执法局', kind: 'department' },
  { slug: 'scjg', name: '市市场监督管理局', short: '市场监管局', kind: 'department' },
  { slug: 'sthj', name: '市生态环境局', short: '生态环境局', kind: 'department' },
  { slug: 'jtys', name: '市交通运输局', short: '交通运输局', kind: 'department' },
  { slug: 'rsj', name: '市人力资源和社会保障局', short: '人社局', kind: 'department' },
  { slug: 'ybj', name: '市医疗保障局', short: '医保局', kind: 'department' },
  { slug: 'wjw', name: '市卫生健康委员会', short: '卫健委', kind: 'department' },
  { slug: 'jyj', name: '市教育局', short: '教育局', kind: 'department' },
  { slug: 'mzj', name: '市民政局', short: '民政局', kind: 'department' },
  { slug: 'zrzy', name: '市自然资源和规划局', short: '自然资源和规划局', kind: 'department' },
  { slug: 'swj', name: '市水务局', short: '水务局', kind: 'department' },
  { slug: 'gjj', name: '市住房公积金管理中心', short: '公积金中心', kind: 'department' },
  { slug: 'wlj', name: '市文化广电和旅游局', short: '文旅局', kind: 'department' },
  { slug: 'yjj', name: '市应急管理局', short: '应急管理局', kind: 'department' },
  { slug: 'nync', name: '市农业农村局', short: '农业农村局', kind: 'department' },
  { slug: 'swu', name: '市商务局', short: '商务局', kind: 'department' },
  { slug: 'gaj', name: '市公安局', short: '公安局', kind: 'department' },
  { slug: 'gajj', name: '市公安局交通警察支队', short: '交警支队', kind: 'department', parent: 'gaj' },
  { slug: 'tax', name: '国家税务总局临江市税务局', short: '税务局', kind: 'department' },
  { slug: 'sfj', name: '市司法局', short: '司法局', kind: 'department' },
  { slug: 'zwfw', name: '市政务服务和数据管理局', short: '政务服务数据局', kind: 'department' },
  { slug: 'tyjr', name: '市退役军人事务局', short: '退役军人事务局', kind: 'department' },
  { slug: 'cl', name: '市残疾人联合会', short: '残联', kind: 'department' },
  { slug: 'water', name: '临江市自来水有限公司', short: '自来水公司', kind: 'utility' },
  { slug: 'power', name: '国网临江供电公司', short: '供电公司', kind: 'utility' },
  { slug: 'gas', name: '临江燃气集团有限公司', short: '燃气集团', kind: 'utility' },
  { slug: 'heat', name: '临江热力有限公司', short: '热力公司', kind: 'utility' },
  { slug: 'bus', name: '临江公交集团有限公司', short: '公交集团', kind: 'utility' },
  { slug: 'cmcc', name: '中国移动临江分公司', short: '中国移动', kind: 'utility' },
  { slug: 'ctcc', name: '中国电信临江分公司', short: '中国电信', kind: 'utility' },
];

export type OrgSlug = (typeof ORG_UNITS)[number]['slug'];

export const orgUnitCode = (slug: string) => `${CITY_CODE}-${slug}`;

export interface CategoryDef {
  code: string;
  name: string;
  children?: readonly CategoryDef[];
}

/** 事项分类: the top level in hotline vocabulary, three to four levels deep. */
export const CATEGORIES: readonly CategoryDef[] = [
  {
    code: '01',
    name: '城乡建设',
    children: [
      {
        code: '0101',
        name: '住房保障',
        children: [
          {
            code: '010101',
            name: '物业管理',
            children: [
              { code: '01010101', name: '物业服务质量' },
              { code: '01010102', name: '物业收费' },
              { code: '01010103', name: '住宅专项维修资金' },
              { code: '01010104', name: '电梯运行维护' },
            ],
          },
          { code: '010102', name: '公共租赁住房' },
          { code: '010103', name: '老旧小区改造' },
        ],
      },
      { code: '0102', name: '不动产登记' },
      {
        code: '0103',
        name: '市政设施',
        children: [
          { code: '010301', name: '路灯照明' },
          { code: '010302', name: '道路维修' },
          { code: '010303', name: '窨井盖' },
        ],
      },
      {
        code: '0104',
        name: '城市管理',
        children: [
          { code: '010401', name: '违法建设' },
          { code: '010402', name: '占道经营' },
          { code: '010403', name: '户外广告' },
          { code: '010404', name: '停车管理' },
        ],
      },
      {
        code: '0105',
        name: '住房公积金',
        children: [
          { code: '010501', name: '公积金贷款' },
          { code: '010502', name: '公积金提取' },
        ],
      },
    ],
  },
  {
    code: '02',
    name: '劳动和社会保障',
    children: [
      {
        code: '0201',
        name: '社会保险',
        children: [
          { code: '020101', name: '养老保险' },
          { code: '020102', name: '失业保险' },
          { code: '020103', name: '社会保障卡' },
        ],
      },
      {
        code: '0202',
        name: '劳动关系',
        children: [
          { code: '020201', name: '拖欠工资' },
          { code: '020202', name: '劳动合同' },
        ],
      },
      { code: '0203', name: '就业创业' },
    ],
  },
  {
    code: '03',
    name: '医疗卫生',
    children: [
      {
        code: '0301',
        name: '医疗保障',
        children: [
          { code: '030101', name: '城乡居民医保' },
          { code: '030102', name: '异地就医' },
        ],
      },
      { code: '0302', name: '医疗服务' },
      { code: '0303', name: '预防接种' },
    ],
  },
  {
    code: '04',
    name: '交通运输',
    children: [
      {
        code: '0401',
        name: '公共交通',
        children: [
          { code: '040101', name: '公交线路与站点' },
          { code: '040102', name: '出租车与网约车' },
        ],
      },
      { code: '0402', name: '交通设施与信号灯' },
    ],
  },
  {
    code: '05',
    name: '环境保护',
    children: [
      { code: '0501', name: '餐饮油烟' },
      {
        code: '0502',
        name: '噪声污染',
        children: [
          { code: '050201', name: '社会生活噪声' },
          { code: '050202', name: '建筑施工噪声' },
        ],
      },
      { code: '0503', name: '水污染' },
      { code: '0504', name: '环境卫生' },
    ],
  },
  {
    code: '06',
    name: '市场监管',
    children: [
      { code: '0601', name: '食品安全' },
      { code: '0602', name: '消费维权' },
      { code: '0603', name: '价格监管' },
      { code: '0604', name: '登记注册' },
    ],
  },
  {
    code: '07',
    name: '教育文体',
    children: [
      {
        code: '0701',
        name: '入学招生',
        children: [{ code: '070101', name: '义务教育入学' }],
      },
      { code: '0702', name: '校外培训' },
      { code: '0703', name: '文化旅游' },
    ],
  },
  {
    code: '08',
    name: '公共服务',
    children: [
      {
        code: '0801',
        name: '供水',
        children: [
          { code: '080101', name: '停水' },
          { code: '080102', name: '水质' },
        ],
      },
      {
        code: '0802',
        name: '供电',
        children: [
          { code: '080201', name: '停电' },
          { code: '080202', name: '电费' },
        ],
      },
      { code: '0803', name: '供气' },
      {
        code: '0804',
        name: '供热',
        children: [
          { code: '080401', name: '暖气不热' },
          { code: '080402', name: '供热收费' },
        ],
      },
      { code: '0805', name: '通信' },
    ],
  },
  {
    code: '09',
    name: '社会治安',
    children: [
      { code: '0901', name: '邻里纠纷' },
      { code: '0902', name: '户籍管理' },
      { code: '0903', name: '出租房屋管理' },
    ],
  },
  {
    code: '10',
    name: '农业农村',
    children: [
      { code: '1001', name: '农村人居环境' },
      { code: '1002', name: '惠农补贴' },
      { code: '1003', name: '土地承包' },
    ],
  },
  {
    code: '11',
    name: '民政与社会事务',
    children: [
      { code: '1101', name: '养老服务' },
      { code: '1102', name: '社会救助' },
      { code: '1103', name: '婚姻登记' },
    ],
  },
  {
    code: '12',
    name: '财政税务',
    children: [
      {
        code: '1201',
        name: '税费缴纳',
        children: [{ code: '120101', name: '个人所得税' }],
      },
    ],
  },
  {
    code: '13',
    name: '综合事务',
    children: [{ code: '1301', name: '表扬感谢' }],
  },
];
