import type { Job } from '#db/schema/index.ts';
import { claimJobs, completeJob, failJob } from '#db/queries/jobs.ts';
import { MAIL_JOB, type MailMessage } from '../mail/mailer.server.ts';
import type { Services } from '../services.server.ts';

type Handler = (services: Services, payload: Record<string, unknown>) => Promise<void>;

/** One handler per job kind; later work (search sync, digests) registers here. */
const handlers: Record<string, Handler> = {
  [MAIL_JOB]: (services, payload) => services.mailer.send(payload as unknown as MailMessage),
};

/** Claims and runs due jobs until none are left; returns how many ran. */
export async function runDueJobs(services: Services, opts: { batchSize?: number } = {}): Promise<number> {
  let ran = 0;
  for (;;) {
    const batch = await claimJobs(services.db, { limit: opts.batchSize ?? 20, leaseMs: 60_000, kinds: Object.keys(handlers) });
    if (batch.length === 0) return ran;
    for (const job of batch) {
      await runJob(services, job);
      ran++;
    }
  }
}

async function runJob(services: Services, job: Job): Promise<void> {
  try {
    await handlers[job.kind]!(services, job.payload);
    await completeJob(services.db, job.id);
  } catch (error) {
    await failJob(services.db, job, error instanceof Error ? error.message : String(error));
  }
}

/** Polls the jobs table in the app process; `stop()` waits for the current round. */
export function startWorker(services: Services, opts: { intervalMs?: number; log?: (m: string) => void } = {}) {
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      try {
        await runDueJobs(services);
      } catch (error) {
        opts.log?.(`job worker: ${error instanceof Error ? error.message : String(error)}`);
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, opts.intervalMs ?? 1000).unref();
      });
    }
  })();
  return {
    /** Runs a round now instead of waiting for the next tick. */
    nudge: () => wake?.(),
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
