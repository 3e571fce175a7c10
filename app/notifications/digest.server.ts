import { sql } from 'drizzle-orm';
import type { Db } from '#db/client.server.ts';
import { enqueueJob } from '#db/queries/jobs.server.ts';
import { digestCandidates, markNotificationsEmailed, pendingJobWithCadence } from '#db/queries/notifications.server.ts';
import type { Job } from '#db/schema/index.server.ts';
import { translate, type Locale } from '../i18n/index.ts';
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

const ZONE = 'Europe/Stockholm';
const DIGEST_HOUR = 7;
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

const zoneFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

function zoneParts(at: Date) {
  const parts = Object.fromEntries(zoneFormat.formatToParts(at).map((p) => [p.type, Number(p.value)]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** How far Stockholm's wall clock is ahead of UTC at that instant (1 h in winter, 2 h in summer). */
function zoneOffsetMs(at: Date): number {
  const p = zoneParts(at);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant the Stockholm wall clock shows this date at `hour`:00. */
function stockholmTime(year: number, month: number, day: number, hour: number): Date {
  const wall = Date.UTC(year, month - 1, day, hour);
  const first = wall - zoneOffsetMs(new Date(wall));
  return new Date(wall - zoneOffsetMs(new Date(first)));
}

/** The first digest time of this cadence strictly after `after`. */
export function nextDigestAt(cadence: DigestCadence, after: Date): Date {
  const today = zoneParts(after);
  for (let k = 0; k <= 7; k++) {
    // Calendar arithmetic on the Stockholm date; Date.UTC rolls over months and years.
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + k));
    if (cadence === 'weekly' && day.getUTCDay() !== MONDAY) continue;
    const at = stockholmTime(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), DIGEST_HOUR);
    if (at > after) return at;
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
