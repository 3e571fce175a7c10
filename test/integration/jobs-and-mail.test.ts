import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runDueJobs } from '#app/jobs/worker.server.ts';
import { createMailer, enqueueMail, MAIL_JOB } from '#app/mail/mailer.server.ts';
import * as devMailbox from '#app/routes/admin/dev-mailbox.tsx';
import * as forgotPassword from '#app/routes/accounts/forgot-password.tsx';
import * as signUp from '#app/routes/accounts/sign-up.tsx';
import { claimJobs, completeJob, enqueueJob, failJobs } from '#db/queries/jobs.server.ts';
import { jobs } from '#db/schema/index.server.ts';
import { createTestServices, Visitor } from '../support/app.ts';
import { confirmationLinkFor } from '../support/people.ts';
import { startSmtpServer } from '../support/smtp.ts';
import { setUpTestApp } from '../support/setup.ts';

describe('the jobs table', () => {
  const app = setUpTestApp();

  it('never hands the same job to two workers claiming at once', async () => {
    const ids = [];
    for (let i = 0; i < 10; i++) ids.push(await enqueueJob(app.services.db, 'test.noop', { i }));
    const [a, b] = await Promise.all([
      claimJobs(app.services.db, { limit: 6, leaseMs: 60_000, kinds: ['test.noop'] }),
      claimJobs(app.services.db, { limit: 6, leaseMs: 60_000, kinds: ['test.noop'] }),
    ]);
    const claimed = [...a!, ...b!].map((j) => j.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.length).toBe(10);
    // Leased jobs are not claimed again until the lease runs out.
    expect(await claimJobs(app.services.db, { limit: 10, leaseMs: 60_000, kinds: ['test.noop'] })).toEqual([]);
  });

  it('with onePerPayload, never has two jobs for the same item in flight, even when workers claim at once', async () => {
    const claim = () => claimJobs(app.services.db, { limit: 10, leaseMs: 60_000, kinds: ['test.item'], onePerPayload: true });
    const first = await enqueueJob(app.services.db, 'test.item', { type: 'initiative', id: 'x' });
    expect((await claim()).map((j) => j.id)).toEqual([first]); // worker A holds x
    const second = await enqueueJob(app.services.db, 'test.item', { type: 'initiative', id: 'x' });
    const other = await enqueueJob(app.services.db, 'test.item', { type: 'initiative', id: 'y' });
    // Worker B (and C, at the same moment) may take y but not x's newer job while A holds x.
    const [b, c] = await Promise.all([claim(), claim()]);
    expect([...b, ...c].map((j) => j.id)).toEqual([other]);
    // Once A is done, x's next job comes free.
    await completeJob(app.services.db, first);
    expect((await claim()).map((j) => j.id)).toEqual([second]);
    // Without the option the same situation would hand x out twice.
    const third = await enqueueJob(app.services.db, 'test.item', { type: 'initiative', id: 'x' });
    expect((await claimJobs(app.services.db, { limit: 10, leaseMs: 60_000, kinds: ['test.item'] })).map((j) => j.id)).toEqual([third]);
  });

  it('retries a failing job with backoff and marks it failed after its last attempt', async () => {
    const id = await enqueueJob(app.services.db, MAIL_JOB, { to: 'x@y.se', subject: 's', text: 't' });
    await app.services.db.update(jobs).set({ maxAttempts: 2 }).where(eq(jobs.id, id));
    const broken = { ...app.services, mailer: { transport: 'smtp' as const, send: async () => Promise.reject(new Error('SMTP is down')), close() {} } };
    await runDueJobs(broken);
    let [job] = await app.services.db.select().from(jobs).where(eq(jobs.id, id));
    expect(job).toMatchObject({ status: 'pending', attempts: 1, lastError: 'SMTP is down' });
    expect(job!.runAt.getTime()).toBeGreaterThan(Date.now()); // backed off
    await app.services.db.update(jobs).set({ runAt: new Date(Date.now() - 1) }).where(eq(jobs.id, id));
    await runDueJobs(broken);
    [job] = await app.services.db.select().from(jobs).where(eq(jobs.id, id));
    expect(job).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('fails a batch in one go, each job backing off or giving up by its own attempts', async () => {
    const ids = [await enqueueJob(app.services.db, 'test.batch', { n: 1 }), await enqueueJob(app.services.db, 'test.batch', { n: 2 })];
    await app.services.db.update(jobs).set({ attempts: 3 }).where(eq(jobs.id, ids[0]!)); // the next claim makes it 4: 16 s
    await app.services.db.update(jobs).set({ maxAttempts: 1 }).where(eq(jobs.id, ids[1]!)); // its first attempt is its last
    const claimed = await claimJobs(app.services.db, { limit: 10, leaseMs: 60_000, kinds: ['test.batch'] });
    expect(claimed.map((j) => j.id).sort()).toEqual([...ids].sort());
    const before = Date.now();
    await failJobs(app.services.db, claimed, 'Meilisearch task failed: x');
    const after = Date.now();
    const rows = await app.services.db.select().from(jobs).where(inArray(jobs.id, ids)).orderBy(jobs.id);
    expect(rows[0]).toMatchObject({ status: 'pending', attempts: 4, lockedUntil: null, finishedAt: null, lastError: 'Meilisearch task failed: x' });
    expect(rows[0]!.runAt.getTime()).toBeGreaterThanOrEqual(before + 16_000 - 1);
    expect(rows[0]!.runAt.getTime()).toBeLessThanOrEqual(after + 16_000 + 1);
    expect(rows[1]).toMatchObject({ status: 'failed', attempts: 1, lockedUntil: null, lastError: 'Meilisearch task failed: x' });
    expect(rows[1]!.finishedAt!.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(rows[1]!.runAt.getTime()).toBeLessThanOrEqual(before); // left as it was
  });
});

describe('mail delivery', () => {
  it('keeps mail queued while SMTP is down and delivers it when SMTP is back', async () => {
    const smtp = await startSmtpServer();
    const url = smtp.url;
    await smtp.close(); // nothing listens on that port now
    const app = await createTestServices({ smtpUrl: url });
    try {
      await new Visitor(app.services).submit(signUp, '/registrera', { name: 'Ola', email: 'ola@x.se', password: 'correct horse battery' });
      await confirmationLinkFor(app.services, 'ola@x.se', { markRead: true }); // only the reset mail below is under test
      const res = await new Visitor(app.services).submit(forgotPassword, '/glomt-losenord', { email: 'ola@x.se' });
      expect(res.status).toBe(200); // the request succeeds although mail cannot go out yet
      await app.deliverMail();
      const [queued] = await app.services.db.select().from(jobs).where(and(eq(jobs.kind, MAIL_JOB), eq(jobs.status, 'pending')));
      expect(queued).toMatchObject({ status: 'pending', attempts: 1 });
      expect(queued!.lastError).toBeTruthy();

      const port = Number(new URL(url).port);
      const back = await startSmtpServer({ port });
      try {
        await app.services.db.update(jobs).set({ runAt: new Date(Date.now() - 1) }).where(eq(jobs.id, queued!.id));
        await app.deliverMail();
        expect(back.inbox('ola@x.se').map((m) => m.subject)).toEqual(['Återställ ditt lösenord i Samverka']);
        const [sent] = await app.services.db.select().from(jobs).where(eq(jobs.id, queued!.id));
        expect(sent!.status).toBe('done');
      } finally {
        await back.close();
      }
    } finally {
      await app.close();
    }
  });

  it('puts mail in the development mailbox when SMTP is not configured', async () => {
    const app = await createTestServices();
    try {
      expect(app.services.mailer.transport).toBe('dev-mailbox');
      await enqueueMail(app.services.db, { to: 'dev@x.se', subject: 'Hej', text: 'Länk: http://samverka.test/x' });
      await app.deliverMail();
      const page = await new Visitor(app.services).load(devMailbox, '/dev/mail');
      expect(page.data.messages).toEqual([expect.objectContaining({ to: 'dev@x.se', subject: 'Hej' })]);
      // With SMTP configured the mailbox is closed.
      const withSmtp = { ...app.services, mailer: createMailer({ smtpUrl: 'smtp://127.0.0.1:1', from: 'x <x@y.se>', db: app.services.db }) };
      expect((await new Visitor(withSmtp).load(devMailbox, '/dev/mail')).status).toBe(403);
    } finally {
      await app.close();
    }
  });
});
