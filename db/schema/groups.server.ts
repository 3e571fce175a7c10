import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { GROUP_ACTIVITY_KINDS, GROUP_OPENNESS, GROUP_ROLES, ACTION_ITEM_STATUSES, LIBRARY_CONTENT_TYPES } from '#app/vocabulary.ts';
import { users } from './accounts.server.ts';
import { areas } from './areas.server.ts';
import type { RichTextJson } from './content.server.ts';
import { moderation } from './moderation.server.ts';
import { organizations } from './organizations.server.ts';

/**
 * A cross-sector working group. Open groups show their overview to anyone
 * signed in and take join requests; closed groups show members everything and
 * everyone else at most their name (only when `listed`).
 */
export const workingGroups = pgTable(
  'working_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    purpose: jsonb('purpose').$type<RichTextJson>().notNull(),
    areaCode: text('area_code').references(() => areas.code),
    openness: text('openness', { enum: GROUP_OPENNESS }).notNull(),
    /** Closed groups only: whether its name appears in the group directory. */
    listed: boolean('listed').notNull().default(false),
    /** Archived groups are read-only. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('working_groups_slug_unique').on(t.slug), index('working_groups_area_idx').on(t.areaCode)],
);

/** A member represents one of their organisations in the group. */
export const groupMembers = pgTable(
  'group_members',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    role: text('role', { enum: GROUP_ROLES }).notNull().default('member'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('group_members_user_idx').on(t.userId)],
);

export const groupJoinRequests = pgTable(
  'group_join_requests',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    message: text('message').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] })],
);

/** Invitations by email, to people on the platform or not yet; only the SHA-256 of the token is stored. */
export const groupInvitations = pgTable(
  'group_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('group_invitations_token_unique').on(t.tokenHash), index('group_invitations_group_idx').on(t.groupId)],
);

export const groupThreads = pgTable(
  'group_threads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    body: jsonb('body').$type<RichTextJson>().notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    ...moderation(),
  },
  (t) => [index('group_threads_group_idx').on(t.groupId, t.lastActivityAt)],
);

export const groupReplies = pgTable(
  'group_replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => groupThreads.id, { onDelete: 'cascade' }),
    body: jsonb('body').$type<RichTextJson>().notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    ...moderation(),
  },
  (t) => [index('group_replies_thread_idx').on(t.threadId, t.createdAt)],
);

export const groupMeetings = pgTable(
  'group_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    location: text('location'),
    videoUrl: text('video_url'),
    agenda: jsonb('agenda').$type<RichTextJson>().notNull(),
    minutes: jsonb('minutes').$type<RichTextJson>(),
    /** iCalendar SEQUENCE: bumped on every change so calendars replace the old copy. */
    sequence: integer('sequence').notNull().default(0),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('group_meetings_group_idx').on(t.groupId, t.startsAt)],
);

export const groupDecisions = pgTable(
  'group_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    meetingId: uuid('meeting_id').references(() => groupMeetings.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    decidedOn: date('decided_on').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('group_decisions_group_idx').on(t.groupId, t.decidedOn)],
);

/** Owned by a member, or by an organisation represented in the group (exactly one of the two). */
export const groupActionItems = pgTable(
  'group_action_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    ownerOrganizationId: uuid('owner_organization_id').references(() => organizations.id, { onDelete: 'set null' }),
    dueDate: date('due_date'),
    status: text('status', { enum: ACTION_ITEM_STATUSES }).notNull().default('open'),
    decisionId: uuid('decision_id').references(() => groupDecisions.id, { onDelete: 'set null' }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneBy: uuid('done_by').references(() => users.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('group_action_items_group_idx').on(t.groupId, t.status)],
);

/** Content members link into the group's shared library. */
export const groupLibraryItems = pgTable(
  'group_library_items',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    contentType: text('content_type', { enum: LIBRARY_CONTENT_TYPES }).notNull(),
    contentId: uuid('content_id').notNull(),
    note: text('note').notNull().default(''),
    addedBy: uuid('added_by').references(() => users.id, { onDelete: 'set null' }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.contentType, t.contentId] })],
);

/** What happened in a group, newest first on its page. `data` holds what the line needs (titles, names). */
export const groupActivities = pgTable(
  'group_activities',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: GROUP_ACTIVITY_KINDS }).notNull(),
    subjectId: text('subject_id'),
    data: jsonb('data').$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('group_activities_group_idx').on(t.groupId, t.createdAt)],
);

/**
 * Calendar apps cannot sign in, so a member's subscription URL carries a
 * secret token (stored hashed). The feed still checks membership on every
 * request, so leaving the group ends the subscription.
 */
export const groupCalendarTokens = pgTable(
  'group_calendar_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('group_calendar_tokens_member_unique').on(t.groupId, t.userId)],
);

export type WorkingGroup = typeof workingGroups.$inferSelect;
export type GroupMember = typeof groupMembers.$inferSelect;
export type GroupInvitation = typeof groupInvitations.$inferSelect;
export type GroupThread = typeof groupThreads.$inferSelect;
export type GroupReply = typeof groupReplies.$inferSelect;
export type GroupMeeting = typeof groupMeetings.$inferSelect;
export type GroupDecision = typeof groupDecisions.$inferSelect;
export type GroupActionItem = typeof groupActionItems.$inferSelect;
export type GroupActivity = typeof groupActivities.$inferSelect;
