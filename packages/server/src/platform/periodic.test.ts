import { describe, expect, it, vi } from 'vitest';
import { startPeriodic } from './periodic.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('periodic background jobs', () => {
  it('runs at once, then again after each wait, never two passes at a time', async () => {
    let active = 0;
    let most = 0;
    let passes = 0;
    const stop = startPeriodic({
      name: '测试任务',
      run: async () => {
        active++;
        most = Math.max(most, active);
        await sleep(15);
        active--;
        passes++;
      },
      every: 1,
      log: () => {},
    });
    await vi.waitFor(() => expect(passes).toBeGreaterThanOrEqual(3), { timeout: 2000 });
    await stop();
    expect(most).toBe(1);
  });

  it('logs a failed pass under the job name and goes on', async () => {
    const log = vi.fn();
    let calls = 0;
    const stop = startPeriodic({
      name: '时限扫描',
      run: async () => {
        calls++;
        if (calls === 1) throw new Error('连接中断');
      },
      every: 1,
      log,
    });
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(2), { timeout: 2000 });
    await stop();
    expect(log).toHaveBeenCalledWith('时限扫描失败', expect.objectContaining({ message: '连接中断' }));
  });

  it('stop waits for the running pass, tells it to stop, and starts no other', async () => {
    let finished = false;
    let sawStop = false;
    let passes = 0;
    const stop = startPeriodic({
      name: '知识库提醒扫描',
      run: async (stopped) => {
        passes++;
        while (!stopped()) await sleep(2);
        sawStop = true;
        await sleep(10);
        finished = true;
      },
      every: 1,
      log: () => {},
    });
    await sleep(5);
    await stop();
    expect(sawStop).toBe(true);
    expect(finished).toBe(true);
    await sleep(20);
    expect(passes).toBe(1);
  });

  it('waits first when told not to run at start, asking a schedule for the wait', async () => {
    const every = vi.fn((now: Date) => (now instanceof Date ? 30 : 0));
    let passes = 0;
    const stop = startPeriodic({
      name: '派单模型训练',
      run: async () => {
        passes++;
      },
      every,
      runAtStart: false,
      log: () => {},
    });
    await sleep(5);
    expect(passes).toBe(0);
    await vi.waitFor(() => expect(passes).toBe(1), { timeout: 2000 });
    await stop();
    expect(every).toHaveBeenCalled();
  });
});
