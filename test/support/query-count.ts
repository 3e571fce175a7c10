import type { Logger } from 'drizzle-orm';

/**
 * Records the SQL statements the app sends through drizzle, so a test can count a request's
 * database round trips (the count, never the time). One per test database; `during()` records
 * only what one piece of work sends.
 */
export class QueryRecorder implements Logger {
  private recording: string[] | null = null;

  logQuery(query: string): void {
    this.recording?.push(query);
  }

  /** Runs `work` and returns its result with the statements it sent, in order. */
  async during<T>(work: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
    if (this.recording) throw new Error('QueryRecorder: one recording at a time');
    const queries: string[] = [];
    this.recording = queries;
    try {
      return { result: await work(), queries };
    } finally {
      this.recording = null;
    }
  }
}
