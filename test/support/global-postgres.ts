import crypto from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '#db/client.server.ts';
import { seedAreas } from '#db/seed/areas.server.ts';

/**
 * For the PostgreSQL project: builds one migrated, seeded template database;
 * each test file then gets its own copy (CREATE DATABASE … TEMPLATE), so runs
 * and files never see each other's data. Everything is dropped afterwards.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL must point at a PostgreSQL server for the postgres test project');
  const template = `samverka_tpl_${crypto.randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${template}`);
  const handle = await openDatabase({ url: withDatabase(adminUrl, template), max: 1 });
  await seedAreas(handle.db);
  await handle.close();
  project.provide('pgTemplate', template);
  return async () => {
    // Test files drop their own copies; clean up any a crashed file left behind.
    const leftovers = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${template}_%`}`;
    for (const { datname } of leftovers) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.unsafe(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}
