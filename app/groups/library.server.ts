/**
 * A working group's shared library: members link initiatives, lessons and
 * indicator snapshots (by pasting the address of one on this site, or by
 * choosing from what they may read), with a note. Every reader sees only the
 * entries the policy lets them read; the rest are counted, never named.
 * Content published "for this group only" shows up here without being added.
 */
import { z } from 'zod';
import * as q from '#db/queries/group-library.server.ts';
import { recordGroupActivity } from '#db/queries/groups.server.ts';
import { LIBRARY_CONTENT_TYPES, VISIBILITIES, type LibraryContentType } from '#app/vocabulary.ts';
import type { SessionUser } from '../auth/session.server.ts';
import type { RequestContext } from '../context.server.ts';
import { fieldError, optionalText, parseForm } from '../forms/validation.ts';
import { canReadVisibility, canRemoveLibraryItem, contentPermissions, type Actor } from '../policy.ts';
import { type GroupAccess } from './access.server.ts';
import { assertAllowed, badRequest, notFound, type Outcome } from '../http/guards.server.ts';
import { LIBRARY_NOTE_MAX } from './limits.ts';
import { isUuid } from '../http/uuid.ts';

/** How many of each type the "choose" list offers (newest first); anything else can be pasted by address. */
const PICK_LIMIT = 100;

/** Where each type of content lives on the site. */
export const CONTENT_PATHS: Record<LibraryContentType, string> = { initiative: 'insatser', lesson: 'lardomar', snapshot: 'ogonblicksbilder' };
export const contentPath = (type: LibraryContentType, slug: string) => `/${CONTENT_PATHS[type]}/${slug}`;


/**
 * The content an address on this site points at: "/insatser/<slug>" or the
 * same with this site's origin, query and fragment ignored. Null for anything else.
 */
export function parseContentAddress(input: string, siteUrl: string): { type: LibraryContentType; slug: string } | null {
  let url: URL;
  try {
    url = new URL(input.trim(), siteUrl);
  } catch {
    return null;
  }
  if (url.origin !== new URL(siteUrl).origin) return null;
  const match = /^\/([a-z]+)\/([a-z0-9][a-z0-9-]{0,199})\/?$/.exec(url.pathname.toLowerCase());
  if (!match) return null;
  const type = LIBRARY_CONTENT_TYPES.find((t) => CONTENT_PATHS[t] === match[1]);
  return type ? { type, slug: match[2]! } : null;
}

/** The "choose" list's values: "<type>:<id>". */
export const pickValue = (type: LibraryContentType, id: string) => `${type}:${id}`;
function parsePickValue(value: string): { type: LibraryContentType; id: string } | null {
  const [type, id] = value.split(':');
  const known = LIBRARY_CONTENT_TYPES.find((t) => t === type);
  return known && id && isUuid(id) ? { type: known, id } : null;
}

const AddForm = z.object({
  address: optionalText(2000),
  pick: optionalText(100),
  note: optionalText(LIBRARY_NOTE_MAX),
});

const RemoveForm = z.object({
  contentType: z.enum(LIBRARY_CONTENT_TYPES),
  contentId: z.string().refine(isUuid),
});

const canView = (actor: Actor, c: q.LibraryContent) => contentPermissions(actor, c).view;

/** Adds a piece the member may read; a pasted address wins over the list when both are given. */
export async function addToLibrary(ctx: RequestContext, access: GroupAccess, user: SessionUser, formData: FormData): Promise<Outcome<{ title: string }>> {
  assertAllowed(access.can.addToLibrary);
  const form = parseForm(AddForm, formData);
  if (!form.ok) return { ok: false, status: 400, errors: form.errors };
  const { address, pick, note } = form.data;
  const { db, config } = ctx.services;
  const field = address ? 'address' : 'pick';
  let content: q.LibraryContent | undefined;
  if (address) {
    const ref = parseContentAddress(address, config.publicUrl);
    if (!ref) return { ok: false, status: 400, errors: { address: fieldError('error.library.address') } };
    content = await q.findContentBySlug(db, ref.type, ref.slug);
  } else if (pick) {
    const ref = parsePickValue(pick);
    if (ref) [content] = await q.findContentByIds(db, ref.type, [ref.id]);
  } else {
    return { ok: false, status: 400, errors: { address: fieldError('error.library.nothingChosen') } };
  }
  // Missing and unreadable read the same: the answer must not reveal what exists.
  if (!content || !canView(await ctx.actor(), content)) return { ok: false, status: 400, errors: { [field]: fieldError('error.library.notFound') } };
  const found = content;
  const added = await db.transaction(async (tx) => {
    const inserted = await q.insertLibraryItem(tx, { groupId: access.group.id, contentType: found.type, contentId: found.id, note, addedBy: user.id });
    if (!inserted) return false;
    await recordGroupActivity(tx, {
      groupId: access.group.id,
      actorId: user.id,
      kind: 'library_added',
      subjectId: librarySubjectId(found.type, found.id),
      data: { title: found.title, type: found.type },
    });
    return true;
  });
  if (!added) return { ok: false, status: 409, errors: { [field]: fieldError('error.library.duplicate') } };
  return { ok: true, title: found.title };
}

/** Removes an entry: whoever added it, or a lead. */
export async function removeFromLibrary(ctx: RequestContext, access: GroupAccess, formData: FormData): Promise<void> {
  const form = parseForm(RemoveForm, formData);
  if (!form.ok) badRequest('bad request');
  const { db } = ctx.services;
  const item = await q.findLibraryItem(db, access.group.id, form.data.contentType, form.data.contentId);
  if (!item) notFound();
  assertAllowed(canRemoveLibraryItem(await ctx.actor(), access.resource, item));
  await q.deleteLibraryItem(db, access.group.id, item.contentType, item.contentId);
}

/** The activity feed names a library entry "<type>:<id>", so the feed can ask the policy again when showing it. */
export const librarySubjectId = (type: LibraryContentType, id: string) => `${type}:${id}`;
export function parseLibrarySubjectId(subjectId: string | null): { type: LibraryContentType; id: string } | null {
  return subjectId ? parsePickValue(subjectId) : null;
}

/** Of these library subjects, the ones this reader may read, with where they live. */
export async function readableLibrarySubjects(ctx: RequestContext, subjectIds: (string | null)[]): Promise<Map<string, { title: string; href: string }>> {
  const refs = subjectIds.map(parseLibrarySubjectId).filter((r) => r !== null);
  const actor = await ctx.actor();
  const out = new Map<string, { title: string; href: string }>();
  for (const type of LIBRARY_CONTENT_TYPES) {
    const ids = [...new Set(refs.filter((r) => r.type === type).map((r) => r.id))];
    for (const c of await q.findContentByIds(ctx.services.db, type, ids)) {
      if (canView(actor, c)) out.set(librarySubjectId(type, c.id), { title: c.title, href: contentPath(type, c.slug) });
    }
  }
  return out;
}

export interface LibraryEntry {
  type: LibraryContentType;
  id: string;
  title: string;
  href: string;
  organizationName: string;
  note: string;
  addedBy: string | null;
  addedAt: string;
  canRemove: boolean;
}

/** The library as this reader may see it. */
export async function loadLibrary(ctx: RequestContext, access: GroupAccess) {
  const { db } = ctx.services;
  const actor = await ctx.actor();
  const items = await q.listLibraryItems(db, access.group.id);
  const contentById = new Map<string, q.LibraryContent>();
  for (const type of LIBRARY_CONTENT_TYPES) {
    const ids = items.filter((i) => i.contentType === type).map((i) => i.contentId);
    for (const c of await q.findContentByIds(db, type, ids)) contentById.set(librarySubjectId(type, c.id), c);
  }

  const entries: LibraryEntry[] = [];
  let hidden = 0;
  for (const item of items) {
    const content = contentById.get(librarySubjectId(item.contentType, item.contentId));
    // Deleted content simply drops out of the list.
    if (!content) continue;
    if (!canView(actor, content)) {
      hidden++;
      continue;
    }
    entries.push({
      type: content.type,
      id: content.id,
      title: content.title,
      href: contentPath(content.type, content.slug),
      organizationName: content.organizationName,
      note: item.note,
      addedBy: item.adderName,
      addedAt: item.addedAt.toISOString(),
      canRemove: canRemoveLibraryItem(actor, access.resource, item),
    });
  }

  const published = (await q.listPublishedForGroup(db, access.group.id))
    .filter((c) => canView(actor, c))
    .map((c) => ({ type: c.type, id: c.id, title: c.title, href: contentPath(c.type, c.slug), organizationName: c.organizationName }));

  return { entries, hidden, published, choices: access.can.addToLibrary ? await pickChoices(ctx, actor, new Set(contentById.keys())) : [] };
}

/** What the member may choose to add: published content they may read, not already in the library. */
async function pickChoices(ctx: RequestContext, actor: Actor, inLibrary: Set<string>) {
  const reader = {
    visibilities: VISIBILITIES.filter((v) => v !== 'group' && canReadVisibility(actor, v)),
    groupIds: actor.groupMemberships.map((g) => g.groupId).filter((id) => canReadVisibility(actor, 'group', id)),
  };
  return Promise.all(
    LIBRARY_CONTENT_TYPES.map(async (type) => ({
      type,
      options: (await q.listReadableContent(ctx.services.db, type, reader, PICK_LIMIT))
        .filter((c) => canView(actor, c) && !inLibrary.has(librarySubjectId(type, c.id)))
        .map((c) => ({ value: pickValue(type, c.id), label: `${c.title} (${c.organizationName})` })),
    })),
  );
}
