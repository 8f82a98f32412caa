/**
 * The one way a background job runs in every Jiesu process (time-limit scanner, roll-up, supervision
 * engine, knowledge reminders, nightly retraining): a pass, then a wait, then the next pass — never
 * two passes of one job at once in a process (the jobs themselves are safe across processes: row
 * locks, unique keys, advisory locks). A failed pass is logged and the job goes on.
 */

export interface PeriodicJob {
  /** For the log. */
  name: string;
  /** One pass; `stopped()` turns true when the process is shutting down (for passes that loop). */
  run: (stopped: () => boolean) => Promise<unknown>;
  /** Milliseconds from the end of a pass to the next, or a function of the time (nightly jobs). */
  every: number | ((now: Date) => number);
  /** Run a first pass at once (default) or only after the first wait. */
  runAtStart?: boolean;
  log: (msg: string, err: unknown) => void;
}

/** Starts the job; the returned function stops it and waits for a running pass to end. */
export function startPeriodic(job: PeriodicJob): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const isStopped = () => stopped;
  const schedule = () => {
    if (stopped) return;
    const wait = typeof job.every === 'number' ? job.every : job.every(new Date());
    timer = setTimeout(() => {
      running = pass();
    }, wait);
    // A job never keeps the process alive by itself: the HTTP server does.
    timer.unref();
  };
  const pass = async () => {
    try {
      await job.run(isStopped);
    } catch (err) {
      job.log(`${job.name}失败`, err);
    }
    schedule();
  };
  if (job.runAtStart ?? true) running = pass();
  else schedule();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
