import path from 'node:path';
import { z } from 'zod';

/** Configuration comes from environment variables only, validated once at start. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL 必须以 postgres:// 或 postgresql:// 开头')
    .optional(),
  JIESU_DATA_DIR: z.string().min(1).default('./data'),
  JIESU_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JIESU_SCANNER_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  JIESU_SCANNER_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  /** 督办 engine: how often it evaluates the supervision rules. */
  JIESU_SUPERVISION_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  JIESU_COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  JIESU_SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  /** A CJK font for the PDF reports (pdfkit embeds it); a .ttc collection needs JIESU_PDF_FONT_NAME. */
  JIESU_PDF_FONT: z.string().min(1).default('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
  JIESU_PDF_FONT_NAME: z.string().min(1).default('NotoSansCJKsc-Regular'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['JIESU_LOG_LEVEL'];
  scannerIntervalMs: number;
  scannerBatch: number;
  supervisionIntervalMs: number;
  cookieSecure: boolean;
  sessionHours: number;
  pdfFont: { path: string; name: string };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置有误 (invalid configuration):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.JIESU_DATA_DIR),
    logLevel: e.JIESU_LOG_LEVEL,
    scannerIntervalMs: e.JIESU_SCANNER_INTERVAL_MS,
    scannerBatch: e.JIESU_SCANNER_BATCH,
    supervisionIntervalMs: e.JIESU_SUPERVISION_INTERVAL_MS,
    cookieSecure: e.JIESU_COOKIE_SECURE === 'true',
    sessionHours: e.JIESU_SESSION_HOURS,
    pdfFont: { path: e.JIESU_PDF_FONT, name: e.JIESU_PDF_FONT_NAME },
  };
}
