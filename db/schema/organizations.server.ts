import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.server.ts';
import { areas } from './areas.server.ts';

import { MEMBER_ROLES, SECTORS } from '#app/vocabulary.ts';

export { MEMBER_ROLES, SECTORS, type MemberRole, type Sector } from '#app/vocabulary.ts';

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    sector: text('sector', { enum: SECTORS }).notNull(),
    /** Swedish organisationsnummer, normalised to NNNNNN-NNNN. */
    orgNumber: text('org_number').notNull(),
    municipalityCode: text('municipality_code').references(() => areas.code),
    description: text('description').notNull().default(''),
    website: text('website'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    verifiedBy: uuid('verified_by').references(() => users.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organizations_slug_unique').on(t.slug),
    uniqueIndex('organizations_org_number_unique').on(t.orgNumber),
    uniqueIndex('organizations_name_unique').on(sql`lower(${t.name})`),
  ],
);

export const memberships = pgTable(
  'memberships',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: MEMBER_ROLES }).notNull().default('member'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.organizationId] }), index('memberships_org_idx').on(t.organizationId)],
);

export const joinRequests = pgTable(
  'organization_join_requests',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    message: text('message').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.organizationId] })],
);

/** Invitations by email; only the SHA-256 of the token is stored. */
export const invitations = pgTable(
  'organization_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: MEMBER_ROLES }).notNull().default('member'),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('organization_invitations_token_unique').on(t.tokenHash), index('organization_invitations_org_idx').on(t.organizationId)],
);

export const DOMAIN_CLAIM_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type DomainClaimStatus = (typeof DOMAIN_CLAIM_STATUSES)[number];

/**
 * An email domain an organisation claims (issue 17): its admin asks, a
 * platform admin approves or rejects. People with a verified address on an
 * approved domain join the organisation in one click. A domain belongs to one
 * organisation at most: a pending or approved claim holds it (a rejected one
 * stays as history and frees it).
 */
export const organizationDomains = pgTable(
  'organization_domains',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Lower-case, e.g. malmo.se. */
    domain: text('domain').notNull(),
    status: text('status', { enum: DOMAIN_CLAIM_STATUSES }).notNull().default('pending'),
    claimedBy: uuid('claimed_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('organization_domains_domain_unique').on(t.domain).where(sql`${t.status} <> 'rejected'`), index('organization_domains_org_idx').on(t.organizationId)],
);

export type Organization = typeof organizations.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type OrganizationDomain = typeof organizationDomains.$inferSelect;
