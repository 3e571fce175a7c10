/**
 * Controlled vocabularies stored in the database. Kept free of drizzle imports
 * so the browser bundle can use them for forms and labels.
 */
export const SECTORS = ['kommun', 'region', 'myndighet', 'civilsamhalle', 'akademi', 'naringsliv', 'annat'] as const;
export type Sector = (typeof SECTORS)[number];

export const MEMBER_ROLES = ['member', 'editor', 'admin'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** The five success factors in work against segregation. */
export const SUCCESS_FACTORS = ['long_term', 'cross_sector', 'collaboration', 'early_preventive', 'knowledge_based'] as const;
export type SuccessFactor = (typeof SUCCESS_FACTORS)[number];

export const THEMES = ['housing', 'education', 'work', 'health', 'safety', 'democracy', 'culture_leisure', 'children_youth', 'integration', 'urban_planning'] as const;
export type Theme = (typeof THEMES)[number];

export const TARGET_GROUPS = ['children', 'youth', 'parents', 'newly_arrived', 'unemployed', 'women', 'elderly', 'residents', 'professionals'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

export const INITIATIVE_STATUSES = ['planned', 'ongoing', 'completed', 'discontinued'] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];

/** Who may read published content: anyone, members of verified organisations, or one working group. */
export const VISIBILITIES = ['public', 'partners', 'group'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** The one key a piece of content (or search document) carries; readers' allowed keys come from the policy module. */
export const visibilityKey = (visibility: Visibility, groupId: string | null) => (visibility === 'group' ? `group:${groupId}` : visibility);

/** draft: its organisation's editors only; published: per visibility; archived: readable, out of listings. */
export const CONTENT_STATES = ['draft', 'published', 'archived'] as const;
export type ContentState = (typeof CONTENT_STATES)[number];

/** Working groups: open ones take join requests; closed ones are for members only. */
export const GROUP_OPENNESS = ['open', 'closed'] as const;
export type GroupOpenness = (typeof GROUP_OPENNESS)[number];

/** Several leads are allowed; the last lead cannot leave. */
export const GROUP_ROLES = ['lead', 'member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

export const ACTION_ITEM_STATUSES = ['open', 'done'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/** What a group's shared library can link to. */
export const LIBRARY_CONTENT_TYPES = ['initiative', 'lesson', 'snapshot'] as const;
export type LibraryContentType = (typeof LIBRARY_CONTENT_TYPES)[number];

export const GROUP_ACTIVITY_KINDS = [
  'group_created',
  'member_joined',
  'member_left',
  'member_removed',
  'thread_created',
  'reply_posted',
  'meeting_scheduled',
  'meeting_updated',
  'decision_recorded',
  'action_created',
  'action_done',
  'library_added',
  'group_archived',
] as const;
export type GroupActivityKind = (typeof GROUP_ACTIVITY_KINDS)[number];

/** Kinds of event a person can be notified about; each has its own mail choice. */
export const NOTIFICATION_KINDS = [
  'mention',
  'thread',
  'reply',
  'meeting',
  'action_item',
  'decision',
  'membership',
  // An organisation waits for verification (to platform admins); it was verified or lost it (to its admins).
  'organization_review',
  'organization_verification',
  // Something a person follows (an area, theme, success factor or organisation) got a newly published piece.
  'followed',
  // A question or comment on one's own or one's organisation's work, or one's comment hidden.
  'comment',
  // One's group post or write-up hidden by moderators, or brought back (issue 16).
  'moderation',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_DELIVERIES = ['immediate', 'daily', 'weekly', 'off'] as const;
export type NotificationDelivery = (typeof NOTIFICATION_DELIVERIES)[number];

/** An indicator snapshot attached to an initiative: where things stood before, or how they moved after. */
export const SNAPSHOT_ROLES = ['baseline', 'follow_up'] as const;
export type SnapshotRole = (typeof SNAPSHOT_ROLES)[number];

/** What a person can follow: a kommun or län (by area code), a theme, a success factor, an organisation (by id), a saved search (by its canonical query string). */
export const FOLLOW_KINDS = ['area', 'theme', 'success_factor', 'organization', 'search'] as const;
export type FollowKind = (typeof FOLLOW_KINDS)[number];

/** The published pieces a follower hears of. */
export const FOLLOWED_CONTENT_TYPES = ['initiative', 'lesson', 'snapshot'] as const;
export type FollowedContentType = (typeof FOLLOWED_CONTENT_TYPES)[number];

/**
 * What a signed-in person can report to the moderators (issue 16): comments on published items, a working
 * group's thread posts and replies, and published write-ups.
 */
export const REPORT_TARGET_TYPES = ['comment', 'group_thread', 'group_reply', 'initiative', 'lesson', 'snapshot'] as const;
export type ReportTargetType = (typeof REPORT_TARGET_TYPES)[number];
/** The posts of a working group's discussions that can be reported and hidden. */
export const GROUP_POST_TYPES = ['group_thread', 'group_reply'] as const;
export type GroupPostType = (typeof GROUP_POST_TYPES)[number];
/** The published write-ups that can be reported and hidden. */
export type WriteUpTargetType = Exclude<ReportTargetType, 'comment' | GroupPostType>;
/** How a moderator closed a report: the thing was hidden, or left as it is. */
export const REPORT_RESOLUTIONS = ['hidden', 'dismissed'] as const;
export type ReportResolution = (typeof REPORT_RESOLUTIONS)[number];
