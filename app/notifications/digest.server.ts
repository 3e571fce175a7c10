import { sql } from 'drizzle-orm';
import type { Db } from '#db/client.server.ts';
import { enqueueJob } from '#db/queries/jobs.server.ts';
import { digestCandidates, markNotificationsEmailed, pendingJobWithCadence } from '#db/queries/notifications.server.ts';
import type { Job } from '#db/schema/index.server.ts';
import { translate, type Locale } from '../i18n/index.ts';
import { stockholmToday, stockholmToUtc } from '../i18n/stockholm-time.ts';
import type { MailMessage } from '../mail/mailer.server.ts';
import type { Services } from '../services.server.ts';
import { mailLocale, noticeLink, noticeText, NOTIFICATION_SETTINGS_PATH } from './email.server.ts';
import { DIGEST_CADENCES, kindsDefaultingTo, type DigestCadence } from './preferences.ts';
import { createUnsubscribeUrl, unsubscribeHeaders } from './unsubscribe.server.ts';

/**
 * Daily and weekly digests. The worker keeps one pending `notifications.digest`
 * job per cadence (payload { cadence, since? }): the daily one at 07:00
 * Stockholm time, the weekly one on Mondays at 07:00. Each run first schedules
 * the next, then mails each person what has piled up for that cadence.
 */
export const DIGEST_JOB = 'notifications.digest';

/** 07:00 exists every day in Stockholm (summer time changes at 02:00–03:00). */
const DIGEST_TIME = '07:00';
const MONDAY = 1;
const DAY_MS = 24 * 60 * 60_000;
const PERIOD_MS: Record<DigestCadence, number> = { daily: DAY_MS, weekly: 7 * DAY_MS };
/**
 * Windows overlap by an hour: a notification whose transaction committed just
 * after the previous digest looked still gets mailed, and one that was mailed
 * is never mailed twice (emailed_at is set).
 */
const WINDOW_OVERLAP_MS = 60 * 60_000;

const isCadence = (v: unknown): v is DigestCadence => (DIGEST_CADENCES as readonly unknown[]).includes(v);

// ---------------------------------------------------------------------------
// When

/** The first digest time of this cadence strictly after `after`: 07:00 on the Stockholm wall clock (app/i18n/stockholm-time.ts converts). */
export function nextDigestAt(cadence: DigestCadence, after: Date): Date {
  const [year, month, day] = stockholmToday(after).split('-').map(Number) as [number, number, number];
  for (let k = 0; k <= 7; k++) {
    // Calendar arithmetic on the Stockholm date; Date.UTC rolls over months and years.
    const date = new Date(Date.UTC(year, month - 1, day + k));
    if (cadence === 'weekly' && date.getUTCDay() !== MONDAY) continue;
    const at = stockholmToUtc(date.toISOString().slice(0, 10), DIGEST_TIME);
    if (at && at > after) return at;
  }
  throw new Error('unreachable: a Monday 07:00 comes within eight days');
}

// ---------------------------------------------------------------------------
// Scheduling

/**
 * Makes sure a pending digest job of this cadence exists (other than
 * `exceptId`, the job now running), at the next digest time after `now`.
 * Several workers may start at once: the advisory lock makes the check and
 * the insert one step, so there is never more than one pending per cadence.
 * `now` is a parameter so tests can schedule a digest that is already due.
 */
export async function ensureDigestJob(db: Db, cadence: DigestCadence, opts: { now?: Date; exceptId?: number; since?: Date } = {}): Promise<boolean> {
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${DIGEST_JOB}))`);
    if (await pendingJobWithCadence(tx, DIGEST_JOB, cadence, opts.exceptId)) return false;
    await enqueueJob(tx, DIGEST_JOB, { cadence, ...(opts.since ? { since: opts.since.toISOString() } : {}) }, { runAt: nextDigestAt(cadence, now) });
    return true;
  });
}

/** On worker start: one pending digest job of each cadence. */
export async function ensureDigestJobs(db: Db, now = new Date()): Promise<void> {
  for (const cadence of DIGEST_CADENCES) await ensureDigestJob(db, cadence, { now });
}

/** The `notifications.digest` job. */
export async function runDigestJob(services: Services, payload: Record<string, unknown>, job: Job, now = new Date()): Promise<void> {
  const cadence = payload.cadence;
  if (!isCadence(cadence)) return;
  // The next one first: a run that fails and is retried must not break the chain.
  await ensureDigestJob(services.db, cadence, { now, exceptId: job.id, since: now });
  const since = typeof payload.since === 'string' ? new Date(payload.since) : new Date(job.runAt.getTime() - PERIOD_MS[cadence]);
  await sendDigests(services, { cadence, since: new Date(since.getTime() - WINDOW_OVERLAP_MS), until: now });
}

// ---------------------------------------------------------------------------
// Sending

/**
 * One mail per person with everything for this cadence in the window that is
 * not mailed yet and that they may still see, grouped by group. Each person's
 * notifications are marked mailed after their mail went out; a failure for
 * one person does not stop the others, and the job is retried for the rest.
 */
export async function sendDigests(services: Services, opts: { cadence: DigestCadence; since: Date; until: Date }): Promise<number> {
  const { db, config } = services;
  const rows = await digestCandidates(db, { ...opts, defaultKinds: kindsDefaultingTo(opts.cadence) });
  const byUser = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = byUser.get(row.userId);
    if (list) list.push(row);
    else byUser.set(row.userId, [row]);
  }
  const failures: string[] = [];
  let sent = 0;
  for (const [userId, items] of byUser) {
    try {
      const unsubscribeUrl = await createUnsubscribeUrl(db, config.publicUrl, userId, null);
      await services.mailer.send(digestMail({ cadence: opts.cadence, publicUrl: config.publicUrl, unsubscribeUrl, items }));
      await markNotificationsEmailed(db, items.map((i) => i.id));
      sent++;
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (failures.length) throw new Error(`${failures.length} digest mail(s) failed: ${failures[0]}`);
  return sent;
}

type DigestItem = Awaited<ReturnType<typeof digestCandidates>>[number];

function digestMail(m: { cadence: DigestCadence; publicUrl: string; unsubscribeUrl: string; items: DigestItem[] }): MailMessage {
  const first = m.items[0]!;
  const locale: Locale = mailLocale(first.locale);
  const sections: string[] = [];
  // Rows arrive ordered by group (groupless ones last), so each group is one run.
  let current: string | null | undefined;
  for (const item of m.items) {
    if (item.groupId !== current) {
      sections.push(`\n${(item.groupId && item.groupName) || translate(locale, 'mail.digest.other')}\n`);
      current = item.groupId;
    }
    sections.push(`- ${noticeText(locale, item)}\n  ${noticeLink(m.publicUrl, item.url)}\n`);
  }
  const subject = translate(locale, m.cadence === 'daily' ? 'mail.digest.subject.daily' : 'mail.digest.subject.weekly', { count: m.items.length });
  const text = [
    translate(locale, 'mail.digest.intro', { name: first.name }),
    sections.join(''),
    translate(locale, 'mail.digest.footer', { settings: `${m.publicUrl}${NOTIFICATION_SETTINGS_PATH}`, unsubscribe: m.unsubscribeUrl }),
  ].join('\n');
  return { to: first.email, subject, text, headers: unsubscribeHeaders(m.unsubscribeUrl) };
}
