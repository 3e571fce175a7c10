import { index, prefix, route, type RouteConfig } from '@remix-run/route-config';

/**
 * Every URL in Samverka. Paths are Swedish, as the interface is Swedish first; the route files sit in
 * folders by area (`routes/<area>/…`) so that a URL's prefix names the folder its page lives in.
 */
export default [
  // The site itself: home, search and the pages every visitor reaches.
  index('routes/site/home.tsx'),
  route('sok', 'routes/site/search.tsx'),
  route('sprak', 'routes/site/language.tsx'),
  route('integritet', 'routes/site/privacy.tsx'),
  route('hjalp', 'routes/site/help.tsx'),
  route('tillganglighet', 'routes/site/accessibility.tsx'),
  route('kontakt', 'routes/site/contact.tsx'),
  route('healthz', 'routes/site/healthz.ts'),

  // Accounts: signing up and in, confirming an address, a forgotten password, one's own data.
  route('registrera', 'routes/accounts/sign-up.tsx'),
  route('registrera/skickat', 'routes/accounts/sign-up-sent.tsx'),
  route('bekrafta-epost', 'routes/accounts/confirm-email-resend.tsx'),
  route('bekrafta-epost/:token', 'routes/accounts/confirm-email.tsx'),
  route('logga-in', 'routes/accounts/sign-in.tsx'),
  route('logga-in/sso/:provider', 'routes/accounts/sso-start.tsx'),
  route('logga-in/sso/:provider/callback', 'routes/accounts/sso-callback.tsx'),
  route('koppla-inloggning/:token', 'routes/accounts/sso-link-mail.tsx'),
  route('logga-ut', 'routes/accounts/sign-out.tsx'),
  route('glomt-losenord', 'routes/accounts/forgot-password.tsx'),
  route('aterstall-losenord/:token', 'routes/accounts/reset-password.tsx'),
  ...prefix('konto', [
    index('routes/accounts/account.tsx'),
    route('personuppgifter', 'routes/accounts/personal-data.tsx'),
    route('personuppgifter/export/:id', 'routes/accounts/personal-data-export.ts'),
    route('aviseringar', 'routes/notifications/settings.tsx'),
    route('foljer', 'routes/accounts/follows.tsx'),
    route('api-nycklar', 'routes/accounts/api-tokens.tsx'),
  ]),

  // Notifications: the inbox, opening one, leaving a mailing with one click.
  ...prefix('aviseringar', [
    index('routes/notifications/inbox.tsx'),
    route(':id', 'routes/notifications/open.ts'),
  ]),
  route('avregistrera/:token', 'routes/notifications/unsubscribe.tsx'),

  // Organisations and their members.
  ...prefix('organisationer', [
    index('routes/organizations/list.tsx'),
    route('ny', 'routes/organizations/new.tsx'),
    route(':slug', 'routes/organizations/organization.tsx'),
    route(':slug/medlemmar', 'routes/organizations/members.tsx'),
  ]),
  route('inbjudan/:token', 'routes/organizations/invitation.tsx'),

  // Content: initiative write-ups, lessons learned and indicator snapshots. Their edit and history
  // pages are one module each, registered once per kind: the module reads the kind from the prefix
  // (CONTENT_KINDS in app/content/kinds.ts). Snapshots keep no versions, so they have no history page.
  ...prefix('insatser', [
    index('routes/content/initiatives/list.tsx'),
    route('ny', 'routes/content/initiatives/new.tsx'),
    route('karta', 'routes/content/initiatives/map.tsx'),
    route(':slug', 'routes/content/initiatives/initiative.tsx'),
    route(':slug/redigera', 'routes/content/edit.tsx', { id: 'initiative-edit' }),
    route(':slug/historik', 'routes/content/history.tsx', { id: 'initiative-history' }),
    route(':slug/bilagor', 'routes/content/initiatives/attachments.tsx'),
    route(':slug/bilagor/:id', 'routes/content/initiatives/attachment.ts'),
  ]),
  ...prefix('lardomar', [
    index('routes/content/lessons/list.tsx'),
    route('ny', 'routes/content/lessons/new.tsx'),
    route(':slug', 'routes/content/lessons/lesson.tsx'),
    route(':slug/redigera', 'routes/content/edit.tsx', { id: 'lesson-edit' }),
    route(':slug/historik', 'routes/content/history.tsx', { id: 'lesson-history' }),
  ]),
  ...prefix('ogonblicksbilder', [
    index('routes/content/snapshots/list.tsx'),
    route('ny', 'routes/content/snapshots/new.tsx'),
    route(':slug', 'routes/content/snapshots/snapshot.tsx'),
    route(':slug/redigera', 'routes/content/edit.tsx', { id: 'snapshot-edit' }),
  ]),

  // Statistics: indicators, imports, maps, areas and the success factors in figures.
  ...prefix('statistik', [
    index('routes/statistics/indicators.tsx'),
    route('import', 'routes/statistics/import.tsx'),
    route('import/:fil', 'routes/statistics/import-file.tsx'),
    route('framgangsfaktorer', 'routes/statistics/success-factors.tsx'),
    // After the static statistik/… pages (import, framgangsfaktorer): those rank higher anyway.
    route(':code', 'routes/statistics/indicator-map.tsx'),
  ]),
  route('omraden/:code', 'routes/statistics/area.tsx'),

  // Cross-sector working groups.
  ...prefix('grupper', [
    index('routes/groups/list.tsx'),
    route('ny', 'routes/groups/new.tsx'),
    route('inbjudan/:token', 'routes/groups/invitation.tsx'),
    // One group: the layout loads it and the reader's standing once and shows its navigation.
    route(':slug', 'routes/groups/group/layout.tsx', [
      index('routes/groups/group/overview.tsx'),
      route('medlemmar', 'routes/groups/group/members.tsx'),
      route('installningar', 'routes/groups/group/settings.tsx'),
      route('moten', 'routes/groups/group/meetings.tsx'),
      route('moten/:meetingId', 'routes/groups/group/meeting.tsx'),
      route('moten/:meetingId/ics', 'routes/groups/group/meeting-ics.ts'),
      // Reached by a calendar app with the token alone: a resource route, so the layout's loader does not run for it.
      route('kalender/:token', 'routes/groups/group/calendar-feed.ts'),
      route('beslut', 'routes/groups/group/decisions.tsx'),
      route('atgarder', 'routes/groups/group/actions.tsx'),
      route('diskussioner', 'routes/groups/group/threads.tsx'),
      route('diskussioner/:threadId', 'routes/groups/group/thread.tsx'),
      route('bibliotek', 'routes/groups/group/library.tsx'),
      route('aktivitet', 'routes/groups/group/activity.tsx'),
      route('moderering', 'routes/groups/group/moderation.tsx'),
    ]),
  ]),

  // Feeds and open data.
  route('flode', 'routes/feeds/atom-feed.ts'),
  // Open data (issue 18): the page for people, the DCAT-AP-SE catalogue (Turtle or JSON-LD by Accept, or by
  // suffix), and each dataset's files: <name>.csv, <name>.json and <name>.csv-metadata.json.
  route('oppna-data', 'routes/feeds/open-data-page.tsx'),
  route('oppna-data/katalog', 'routes/feeds/catalog.ts', { id: 'open-data-catalog' }),
  route('oppna-data/katalog.ttl', 'routes/feeds/catalog.ts', { id: 'open-data-catalog-ttl' }),
  route('oppna-data/katalog.jsonld', 'routes/feeds/catalog.ts', { id: 'open-data-catalog-jsonld' }),
  route('oppna-data/:fil', 'routes/feeds/open-data.ts', { id: 'open-data-file' }),
  route('oppna-data/indikatorvarden/:fil', 'routes/feeds/open-data.ts', { id: 'open-data-indicator-file' }),

  // The open read API (issue 18): JSON under /api/v1, described at /api/openapi.json and /api.
  ...prefix('api', [
    index('routes/api/docs.tsx'),
    route('openapi.json', 'routes/api/openapi-json.ts'),
    ...prefix('v1', [
      route('initiatives', 'routes/api/initiatives.ts', { id: 'api-initiatives' }),
      route('initiatives/:id', 'routes/api/initiatives.ts', { id: 'api-initiative' }),
      route('lessons', 'routes/api/lessons.ts', { id: 'api-lessons' }),
      route('lessons/:id', 'routes/api/lessons.ts', { id: 'api-lesson' }),
      route('snapshots', 'routes/api/snapshots.ts', { id: 'api-snapshots' }),
      route('snapshots/:id', 'routes/api/snapshots.ts', { id: 'api-snapshot' }),
      route('organisations', 'routes/api/organisations.ts', { id: 'api-organisations' }),
      route('organisations/:id', 'routes/api/organisations.ts', { id: 'api-organisation' }),
      route('areas', 'routes/api/areas.ts', { id: 'api-areas' }),
      route('areas/:code', 'routes/api/areas.ts', { id: 'api-area' }),
      route('indicators', 'routes/api/indicators.ts', { id: 'api-indicators' }),
      route('indicators/:code', 'routes/api/indicators.ts', { id: 'api-indicator' }),
      route('indicator-values', 'routes/api/indicator-values.ts'),
      route('groups', 'routes/api/groups.ts', { id: 'api-groups' }),
      route('groups/:id', 'routes/api/groups.ts', { id: 'api-group' }),
    ]),
    route('*', 'routes/api/not-found.ts', { id: 'api-not-found' }),
  ]),

  // Administration.
  route('admin', 'routes/admin/admin.tsx'),
  route('admin/moderering', 'routes/admin/moderation.tsx'),
  route('dev/mail', 'routes/admin/dev-mailbox.tsx'),

  route('*', 'routes/site/not-found.tsx'),
] satisfies RouteConfig;
