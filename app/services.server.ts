import type { Meilisearch } from 'meilisearch';
import type { Config } from './config.server.ts';
import type { Db } from '#db/client.server.ts';
import type { AttachmentStore } from './attachments/storage.server.ts';
import type { Mailer } from './mail/mailer.server.ts';
import type { Logger } from './log.server.ts';

/** What the search engine looks like to the app: usable, or unavailable with a reason to show. */
export type SearchStatus = { available: true; client: Meilisearch; url: string } | { available: false; reason: string };

/** Long-lived things the app runs on, built once at boot (or per test) and handed to every request. */
export interface Services {
  config: Config;
  db: Db;
  dbKind: 'postgres' | 'pglite';
  search: SearchStatus;
  mailer: Mailer;
  /** Where attachment bytes live (never served directly: always through the policy). */
  uploads: AttachmentStore;
  /** Structured logs (pino); requests log through a child carrying their request id. */
  logger: Logger;
}
