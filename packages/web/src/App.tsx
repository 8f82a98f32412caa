import { type FormEvent, useEffect, useState } from 'react';

type Database = 'pglite' | 'postgres';

type Health =
  | { state: 'loading' }
  | { state: 'ok'; database: Database }
  | { state: 'error'; message: string };

const DATABASE_LABELS: Record<Database, string> = {
  pglite: '内置数据库 PGlite',
  postgres: 'PostgreSQL',
};

const HEALTH_TIMEOUT_MS = 8000;

const WORKBENCHES: ReadonlyArray<{ name: string; summary: string }> = [
  { name: '受理台', summary: '来电、网络诉求登记与建单' },
  { name: '派单台', summary: '工单分类、定性与派发承办单位' },
  { name: '承办工作台', summary: '承办单位签收、办理与答复' },
  { name: '审核台', summary: '办结材料审核与退回重办' },
  { name: '回访台', summary: '诉求人回访与满意度评价' },
  { name: '督办台', summary: '临期预警、超期督办与考核' },
  { name: '系统管理', summary: '组织机构、用户权限与字典配置' },
];

function isDatabase(value: unknown): value is Database {
  return value === 'pglite' || value === 'postgres';
}

async function fetchHealth(signal: AbortSignal): Promise<Health> {
  let response: Response;
  try {
    response = await fetch('/healthz', { headers: { Accept: 'application/json' }, signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      return { state: 'error', message: '服务响应超时，请稍后重试' };
    }
    return { state: 'error', message: '无法连接服务，请检查服务是否已启动' };
  }
  if (!response.ok) {
    return { state: 'error', message: `服务状态异常（HTTP ${response.status}）` };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { state: 'error', message: '服务返回的健康检查结果无法解析' };
  }
  if (typeof body !== 'object' || body === null) {
    return { state: 'error', message: '服务返回的健康检查结果无法解析' };
  }
  const { status, database } = body as { status?: unknown; database?: unknown };
  if (status !== 'ok') {
    return { state: 'error', message: '服务自检未通过，请联系系统管理员' };
  }
  if (!isDatabase(database)) {
    return { state: 'error', message: '服务返回了未知的数据库类型' };
  }
  return { state: 'ok', database };
}

function HealthStatus() {
  const [health, setHealth] = useState<Health>({ state: 'loading' });

  useEffect(() => {
    let cancelled = false;
    fetchHealth(AbortSignal.timeout(HEALTH_TIMEOUT_MS)).then((result) => {
      if (!cancelled) setHealth(result);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const retry = () => {
    setHealth({ state: 'loading' });
    void fetchHealth(AbortSignal.timeout(HEALTH_TIMEOUT_MS)).then(setHealth);
  };

  return (
    <div className={`status status--${health.state}`} role="status" aria-live="polite">
      <span className="status__dot" aria-hidden="true" />
      {health.state === 'loading' && <span className="status__text">正在检查服务状态…</span>}
      {health.state === 'ok' && (
        <span className="status__text">
          服务运行正常
          <span className="status__meta">数据库：{DATABASE_LABELS[health.database]}</span>
        </span>
      )}
      {health.state === 'error' && (
        <>
          <span className="status__text">
            服务不可用
            <span className="status__meta">{health.message}</span>
          </span>
          <button type="button" className="status__retry" onClick={retry}>
            重试
          </button>
        </>
      )}
    </div>
  );
}

function TicketLookup() {
  const [ticketNo, setTicketNo] = useState('');
  const [phone, setPhone] = useState('');
  const [submitted, setSubmitted] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
  };

  return (
    <section className="card" aria-labelledby="lookup-title">
      <h2 id="lookup-title" className="card__title">
        工单查询
      </h2>
      <p className="card__hint">凭工单编号和登记的手机号查询诉求办理进度。</p>
      <form className="lookup" onSubmit={onSubmit}>
        <label className="field">
          <span className="field__label">工单编号</span>
          <input
            className="field__input"
            name="ticketNo"
            autoComplete="off"
            placeholder="例如 261122000123"
            required
            value={ticketNo}
            onChange={(event) => {
              setTicketNo(event.target.value);
              setSubmitted(false);
            }}
          />
        </label>
        <label className="field">
          <span className="field__label">手机号</span>
          <input
            className="field__input"
            name="phone"
            type="tel"
            inputMode="numeric"
            autoComplete="tel"
            placeholder="11 位手机号"
            maxLength={11}
            pattern="1[0-9]{10}"
            title="请输入 11 位手机号"
            required
            value={phone}
            onChange={(event) => {
              setPhone(event.target.value);
              setSubmitted(false);
            }}
          />
        </label>
        <button type="submit" className="button">
          查询
        </button>
      </form>
      <div className="lookup__result" role="status" aria-live="polite">
        {submitted && <p className="notice">查询功能即将上线，敬请期待。</p>}
      </div>
    </section>
  );
}

function DeveloperLinks() {
  return (
    <section className="card" aria-labelledby="api-title">
      <h2 id="api-title" className="card__title">
        开放接口
      </h2>
      <p className="card__hint">面向对接系统与开发者的接口说明。</p>
      <ul className="links">
        <li>
          <a className="link" href="/docs">
            <span className="link__name">接口文档</span>
            <span className="link__path">/docs</span>
          </a>
        </li>
        <li>
          <a className="link" href="/openapi.json">
            <span className="link__name">OpenAPI 描述</span>
            <span className="link__path">/openapi.json</span>
          </a>
        </li>
      </ul>
    </section>
  );
}

function Workbenches() {
  return (
    <section className="card card--wide" aria-labelledby="workbench-title">
      <h2 id="workbench-title" className="card__title">
        角色工作台
      </h2>
      <p className="card__hint">覆盖受理、派单、办理、审核、回访、督办全流程。</p>
      <ul className="workbenches">
        {WORKBENCHES.map((bench) => (
          <li key={bench.name} className="workbench">
            <div className="workbench__head">
              <span className="workbench__name">{bench.name}</span>
              <span className="badge">建设中</span>
            </div>
            <span className="workbench__summary">{bench.summary}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function App() {
  return (
    <div className="page">
      <header className="masthead">
        <div className="masthead__inner">
          <div className="brand">
            <span className="brand__mark" aria-hidden="true">
              办
            </span>
            <div>
              <h1 className="brand__name">
                Jiesu <span className="brand__cn">接诉即办</span>
              </h1>
              <p className="brand__tagline">12345 政务服务便民热线工单平台</p>
            </div>
          </div>
          <HealthStatus />
        </div>
      </header>
      <main className="content">
        <TicketLookup />
        <DeveloperLinks />
        <Workbenches />
      </main>
      <footer className="footer">Jiesu 接诉即办 · 开源软件 · Apache-2.0</footer>
    </div>
  );
}
