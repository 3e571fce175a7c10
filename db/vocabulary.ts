/**
 * Controlled vocabularies stored in the database. Kept free of drizzle imports
 * so the browser bundle can use them for forms and labels.
 */
export const SECTORS = ['kommun', 'region', 'myndighet', 'civilsamhalle', 'akademi', 'naringsliv', 'annat'] as const;
export type Sector = (typeof SECTORS)[number];

export const MEMBER_ROLES = ['member', 'editor', 'admin'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
