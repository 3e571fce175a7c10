import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { desc } from 'drizzle-orm';
import { devMailbox } from '#db/schema/index.server.ts';
import { Notice } from '#app/components/ui.tsx';
import { assertAllowed } from '#app/context.server.ts';
import { useT } from '#app/i18n/use-t.ts';
import { canReadDevMailbox } from '#app/policy.ts';

export const meta: MetaFunction = () => [{ title: 'Utvecklarbrevlåda – Samverka' }, { name: 'robots', content: 'noindex' }];

/** Mail that would have been sent, when no SMTP server is configured. */
export async function loader({ context }: LoaderFunctionArgs) {
  const { config, mailer, db } = context.services;
  assertAllowed(canReadDevMailbox(await context.actor(), { smtpConfigured: mailer.transport === 'smtp', production: config.NODE_ENV === 'production' }));
  const messages = await db.select().from(devMailbox).orderBy(desc(devMailbox.id)).limit(50);
  return { messages: messages.map((m) => ({ id: m.id, to: m.to, subject: m.subject, text: m.text, createdAt: m.createdAt.toISOString() })) };
}

export default function DevMailbox() {
  const { messages } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container page">
      <h1>{t('mailbox.title')}</h1>
      <Notice>{t('mailbox.lead')}</Notice>
      {messages.length === 0 ? <p>{t('mailbox.empty')}</p> : null}
      {messages.map((m) => (
        <article key={m.id} className="panel mail">
          <h2>{m.subject}</h2>
          <p className="meta">
            {t('mailbox.to')}: {m.to} · <time dateTime={m.createdAt}>{m.createdAt.replace('T', ' ').slice(0, 16)}</time>
          </p>
          <pre className="mail__body">{linkify(m.text)}</pre>
        </article>
      ))}
    </div>
  );
}

/** Makes the links in a plain-text mail clickable, so a developer can follow a reset or invitation link. */
function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
