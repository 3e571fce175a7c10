export * from './accounts.ts';
export * from './areas.ts';
export * from './organizations.ts';
export * from './audit.ts';
export * from './jobs.ts';
export * from './mail.ts';
export * from './content.ts';
export * from './indicators.ts';
