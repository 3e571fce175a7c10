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

/** draft: its organisation's editors only; published: per visibility; archived: readable, out of listings. */
export const CONTENT_STATES = ['draft', 'published', 'archived'] as const;
export type ContentState = (typeof CONTENT_STATES)[number];
