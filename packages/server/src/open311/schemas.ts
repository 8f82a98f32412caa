import { z } from 'zod';

/**
 * Open311 GeoReport v2 wire shapes (wiki.open311.org/GeoReport_v2). Field names are the
 * specification's snake_case names; JSON is an array at the top level, XML uses the spec's element
 * names (see render.ts). These schemas validate input, document the API, and serialise JSON
 * responses (unknown keys are stripped, so nothing private can slip through by accident).
 */

export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

export const FormatParams = z.object({
  format: z.enum(FORMATS).describe('响应格式：xml（规范必选）或 json'),
});

export const ServiceParams = FormatParams.extend({
  service_code: z.string().min(1).max(100),
});

export const RequestParams = FormatParams.extend({
  service_request_id: z.string().min(1).max(40).describe('工单编号'),
});

export const TokenParams = FormatParams.extend({
  token: z.string().min(1).max(40).describe('Jiesu 同步建单，token 即工单编号'),
});

const optionalText = (max: number) => z.string().max(max).optional();
/** Form fields arrive as strings, JSON clients may send numbers. */
const scalar = z.union([z.string().max(5000), z.number()]).optional();

export const JurisdictionQuery = z.object({ jurisdiction_id: optionalText(100) });

export const ListRequestsQuery = z.object({
  jurisdiction_id: optionalText(100),
  service_request_id: optionalText(20_000).describe('逗号分隔的工单编号；给出时忽略其他条件'),
  service_code: optionalText(2000).describe('逗号分隔的服务代码'),
  start_date: optionalText(40).describe('W3C 日期时间，含时区；与 end_date 的跨度不超过 90 天'),
  end_date: optionalText(40).describe('W3C 日期时间，含时区；默认当前时间'),
  status: optionalText(20).describe('open、closed，或 open,closed'),
});

export const CreateRequestBody = z
  .object({
    api_key: scalar.describe('渠道接入密钥（channel 为 open311）；也可用 X-Api-Key 请求头'),
    jurisdiction_id: scalar,
    service_code: scalar.describe('服务代码（必填），见 GET services'),
    lat: scalar.describe('纬度（WGS84）；与 long 成对，或提供 address_string'),
    long: scalar.describe('经度（WGS84）'),
    address_string: scalar.describe('地址；无经纬度时必填'),
    address_id: scalar,
    email: scalar,
    device_id: scalar,
    account_id: scalar,
    first_name: scalar,
    last_name: scalar,
    phone: scalar,
    description: scalar.describe('诉求内容，最长 4000 字'),
    media_url: scalar.describe('图片等附件的公开链接'),
  })
  .optional();

export const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(200).optional(),
});

export const Service = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string(),
});
export type ServiceT = z.infer<typeof Service>;

export const Attribute = z.object({
  variable: z.boolean(),
  code: z.string(),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: z.string().nullable(),
  order: z.number(),
  description: z.string(),
  values: z.array(z.object({ key: z.string(), name: z.string() })),
});

export const ServiceDefinition = z.object({
  service_code: z.string(),
  attributes: z.array(Attribute),
});
export type ServiceDefinitionT = z.infer<typeof ServiceDefinition>;

export const ServiceRequest = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().nullable(),
  service_name: z.string().nullable(),
  service_code: z.string().nullable(),
  description: z.string().nullable(),
  agency_responsible: z.string().nullable(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string().nullable(),
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
});
export type ServiceRequestT = z.infer<typeof ServiceRequest>;

export const CreatedRequest = z.object({
  service_request_id: z.string(),
  service_notice: z.string(),
  account_id: z.string().nullable(),
});
export type CreatedRequestT = z.infer<typeof CreatedRequest>;

export const TokenResult = z.object({ service_request_id: z.string(), token: z.string() });

export const Open311Errors = z.array(z.object({ code: z.number(), description: z.string() }));
export type Open311ErrorsT = z.infer<typeof Open311Errors>;

const DiscoveryEndpoint = z.object({
  specification: z.string(),
  url: z.string(),
  changeset: z.string(),
  type: z.enum(['production', 'test']),
  formats: z.array(z.string()),
});
export const Discovery = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(DiscoveryEndpoint),
});
export type DiscoveryT = z.infer<typeof Discovery>;
