/**
 * The server half of the content kinds (see kinds.ts): for each kind, how the shared edit and history
 * routes load a piece of content, fill its form, save it and restore an old version. The routes never
 * name a kind; what differs between kinds is written here, once.
 */
import type { ContentType } from '#db/queries/content.server.ts';
import { assertAllowed, notFound, requireUser, type RequestContext } from '../context.server.ts';
import { formValuesFromFields, formValuesFromFormData, initiativeFormOptions } from './initiative-form.server.ts';
import { currentFields, loadInitiative, restoreRevision, saveInitiative } from './initiatives.server.ts';
import { contentKindOfPath, type ContentEditForm, type ContentFormValues, type ContentKind } from './kinds.ts';
import { lessonInitiativeChoices, lessonValuesFromFields, lessonValuesFromFormData } from './lesson-form.server.ts';
import { lessonFieldsOf, loadLesson, restoreLessonRevision, saveLesson } from './lessons.server.ts';
import type { SaveOutcome } from './publishing.server.ts';
import { snapshotTextValuesFromFormData } from './snapshot-form.server.ts';
import { loadSnapshot, saveSnapshotText } from './snapshots.server.ts';

/** One piece of content as the shared edit and history routes see it, whatever its kind. */
export interface EditableContent {
  kind: ContentKind;
  id: string;
  slug: string;
  title: string;
  version: number;
  /** The reader's permissions, from the kind's policy question in app/policy.ts. */
  can: { view: boolean; edit: boolean; viewHistory: boolean };
  /** The edit form as stored now: values and choices. */
  editForm(): Promise<ContentEditForm>;
  /** Saves an edit made from the form's `version`; a conflict comes back when someone saved in between. */
  save(userId: string, formData: FormData): Promise<SaveOutcome<object>>;
  /** What the user sent, to show again after a failed save: nothing they wrote is lost. */
  redisplay(formData: FormData): ContentFormValues;
  /** The kind's kept versions and how to restore one; null for a kind that keeps none. */
  revisions: null | {
    contentType: ContentType;
    restore(userId: string, fromVersion: number, currentVersion: number): Promise<SaveOutcome<object>>;
  };
}

type LoadContent = (ctx: RequestContext, slug: string) => Promise<EditableContent | null>;

const KINDS: Record<ContentKind, LoadContent> = {
  async initiative(ctx, slug) {
    const loaded = await loadInitiative(ctx, slug);
    if (!loaded) return null;
    const { initiative } = loaded;
    const { db } = ctx.services;
    return {
      kind: 'initiative',
      ...pick(initiative),
      can: loaded.can,
      async editForm() {
        const [options, fields] = await Promise.all([initiativeFormOptions(db, await ctx.actor(), initiative.id), currentFields(db, initiative)]);
        return { kind: 'initiative', values: await formValuesFromFields(db, fields), options };
      },
      save: (userId, formData) => saveInitiative(ctx, loaded, userId, formData),
      redisplay: (formData) => ({ kind: 'initiative', values: formValuesFromFormData(formData) }),
      revisions: { contentType: 'initiative', restore: (userId, from, current) => restoreRevision(ctx, loaded, userId, from, current) },
    };
  },

  async lesson(ctx, slug) {
    const loaded = await loadLesson(ctx, slug);
    if (!loaded) return null;
    const { lesson } = loaded;
    return {
      kind: 'lesson',
      ...pick(lesson),
      can: loaded.can,
      async editForm() {
        // A lesson links to an initiative of the organisation it belongs to.
        const initiatives = await lessonInitiativeChoices(ctx.services.db, [lesson.organizationId]);
        return { kind: 'lesson', values: lessonValuesFromFields(lessonFieldsOf(lesson)), initiatives };
      },
      save: (userId, formData) => saveLesson(ctx, loaded, userId, formData),
      redisplay: (formData) => ({ kind: 'lesson', values: lessonValuesFromFormData(formData) }),
      revisions: { contentType: 'lesson', restore: (userId, from, current) => restoreLessonRevision(ctx, loaded, userId, from, current) },
    };
  },

  async snapshot(ctx, slug) {
    const loaded = await loadSnapshot(ctx, slug);
    if (!loaded) return null;
    const { snapshot } = loaded;
    return {
      kind: 'snapshot',
      ...pick(snapshot),
      can: loaded.can,
      // Title and commentary only: a snapshot's values are never edited.
      editForm: async () => ({ kind: 'snapshot', values: { title: snapshot.title, commentary: snapshot.commentary as unknown } }),
      save: (userId, formData) => saveSnapshotText(ctx, loaded, userId, formData),
      redisplay: (formData) => ({ kind: 'snapshot', values: snapshotTextValuesFromFormData(formData) }),
      // Snapshots keep no versions: their values are frozen when made, and the policy gives no one
      // their history (snapshotPermissions in app/policy.ts), so they have no history page.
      revisions: null,
    };
  },
};

const pick = ({ id, slug, title, version }: { id: string; slug: string; title: string; version: number }) => ({ id, slug, title, version });

/**
 * The content a shared route's request is about. The route modules are registered once per kind under the
 * kind's own path prefix (app/routes.ts), and Remix tells a loader or action its URL but not its route id,
 * so the kind is read from the URL's first segment.
 */
function loadContent(ctx: RequestContext, request: Request, slug: string | undefined): Promise<EditableContent | null> {
  const kind = contentKindOfPath(new URL(request.url).pathname);
  // Only a route registered outside the kinds' prefixes gets here: a wiring mistake, not bad input.
  if (!kind) throw new Error(`No content kind serves ${new URL(request.url).pathname}: register the shared content routes under a path in CONTENT_KINDS`);
  return KINDS[kind](ctx, slug ?? '');
}

/**
 * The signed-in user and the content a shared route is about, when they may `may` it: a 404 when they may
 * not even see it (nothing tells them it exists), a 403 when they may see it but not this.
 */
export async function requireContent(ctx: RequestContext, request: Request, slug: string | undefined, may: 'edit' | 'viewHistory') {
  const user = requireUser(request, ctx);
  const content = await loadContent(ctx, request, slug);
  if (!content || !content.can.view) notFound();
  assertAllowed(content.can[may]);
  return { user, content };
}
