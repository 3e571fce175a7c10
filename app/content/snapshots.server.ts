/**
 * Indicator snapshots: take one (copying the catalogue entries and values,
 * with provenance, in one transaction), edit its title and commentary, publish
 * it by the same rules as initiatives, list the ones a reader may read, and
 * put together what its page shows. The frozen values are never written again.
 */
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '#db/client.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import * as q from '#db/queries/snapshots.server.ts';
import { areas, indicators, type IndicatorSnapshot } from '#db/schema/index.server.ts';
import { VISIBILITIES } from '#app/vocabulary.ts';
import type { RequestContext } from '../context.server.ts';
import { publishingChangeErrors } from './group-publishing.server.ts';
import { ownerChoices } from './initiatives.server.ts';
import { parsePublishingIntent, richTextField } from './publishing.server.ts';
import { fieldError, parseForm, requiredText, type FieldErrors } from '../forms/validation.ts';
import { compareSwedish } from '../i18n/format.ts';
import {
  canAttachSnapshot,
  canDetachSnapshot,
  canReadVisibility,
  contentPermissions,
  editableOrganizationIds,
  isPublishingAllowed,
  snapshotPermissions,
  type Actor,
  type ContentResource,
} from '../policy.ts';
import { isRichTextEmpty, renderRichTextHtml } from '../rich-text/document.server.ts';
import { enqueueSearchSync } from '#search/outbox.server.ts';
import { privateSlug } from '../http/slug.ts';
import { forbidden, invalid, type Outcome as Outcomes } from '../http/guards.server.ts';
import { isPathKey, parseWholeNumber } from '../http/form.server.ts';
import { notifyFollowers } from '../follows/follows.server.ts';
import { exampleShare, isExampleValue } from '../indicators/example-data.ts';

/** Areas a snapshot can be taken for: a kommun, or a district (RegSO/DeSO) where the register has them. */
export const SNAPSHOT_AREA_KINDS = ['municipality', 'district'] as const;
export const MAX_SNAPSHOT_INDICATORS = 30;

export type Outcome = Outcomes<{ slug: string }>;

const year = (which: 'from' | 'to') =>
  z
    .string({ required_error: `error.snapshot.${which}.required`, invalid_type_error: `error.snapshot.${which}.required` })
    .trim()
    .min(1, `error.snapshot.${which}.required`)
    .regex(/^\d{4}$/, 'error.snapshot.year.invalid')
    .transform(Number);

export const SnapshotForm = z
  .object({
    title: requiredText(200),
    areaCode: z.string({ required_error: 'error.snapshot.area.required' }).trim().min(1, 'error.snapshot.area.required').max(20, 'error.snapshot.area.unknown'),
    organizationId: z.string({ required_error: 'error.snapshot.organization.required' }).trim().min(1, 'error.snapshot.organization.required'),
    indicatorCodes: z
      .array(z.string().max(100, 'error.snapshot.indicators.unknown'))
      .min(1, 'error.snapshot.indicators.required')
      .max(MAX_SNAPSHOT_INDICATORS, 'error.snapshot.indicators.tooMany'),
    periodFrom: year('from'),
    periodTo: year('to'),
  })
  .superRefine((v, ctx) => {
    if (v.periodFrom > v.periodTo) ctx.addIssue({ code: 'custom', path: ['periodTo'], message: 'error.snapshot.period.order' });
  });

export const snapshotResource = (row: Pick<IndicatorSnapshot, 'organizationId' | 'state' | 'visibility' | 'groupId' | 'hiddenAt'> & { organizationVerifiedAt: Date | null }): ContentResource => ({
  organizationId: row.organizationId,
  organizationVerified: row.organizationVerifiedAt !== null,
  state: row.state,
  visibility: row.visibility,
  groupId: row.groupId,
  hiddenAt: row.hiddenAt,
});

/** The codes to compare a snapshot's area with: itself, then the areas above it up to the country. */
export async function comparisonAreas(db: Db, code: string) {
  return q.areaWithAncestors(db, code);
}

// ---------------------------------------------------------------------------
// Creating

/** What the create form offers: areas, the actor's organisations, the catalogue and the years with data. */
export async function snapshotFormOptions(db: Db, actor: Actor) {
  const [owners, areaRows, catalogue, range] = await Promise.all([
    ownerChoices(db, actor),
    db.select({ code: areas.code, name: areas.name, kind: areas.kind, parentCode: areas.parentCode }).from(areas).where(inArray(areas.kind, ['county', ...SNAPSHOT_AREA_KINDS])),
    db.select({ code: indicators.code, nameSv: indicators.nameSv, nameEn: indicators.nameEn, isExample: indicators.isExample }).from(indicators).orderBy(indicators.nameSv),
    q.valueYearRange(db),
  ]);
  const byName = (a: { name: string }, b: { name: string }) => compareSwedish(a.name, b.name);
  const counties = areaRows.filter((a) => a.kind === 'county').sort((a, b) => a.code.localeCompare(b.code));
  const kommuner = areaRows.filter((a) => a.kind === 'municipality').sort(byName);
  const districts = areaRows.filter((a) => a.kind === 'district').sort(byName);
  // One group per län with its kommuner, then one group per kommun that has districts.
  const areaGroups = [
    ...counties.map((c) => ({ label: c.name, options: kommuner.filter((k) => k.parentCode === c.code).map((k) => ({ value: k.code, label: k.name })) })),
    ...kommuner
      .filter((k) => districts.some((d) => d.parentCode === k.code))
      .map((k) => ({ label: k.name, options: districts.filter((d) => d.parentCode === k.code).map((d) => ({ value: d.code, label: d.name })) })),
  ].filter((g) => g.options.length > 0);
  return {
    owners: owners.map((o) => ({ value: o.id, label: o.name })),
    areaGroups,
    indicators: catalogue,
    years: range,
  };
}

/**
 * Checks the form against the database and takes the snapshot: the snapshot,
 * its frozen catalogue entries and its frozen values are written together or
 * not at all.
 */
export async function createSnapshot(ctx: RequestContext, userId: string, formData: FormData): Promise<Outcome> {
  const actor = await ctx.actor();
  const { db } = ctx.services;
  const form = parseForm(SnapshotForm, formData, { arrays: ['indicatorCodes'] });
  const commentary = richTextField(formData, 'commentary');
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  if (!commentary.ok) errors.commentary = commentary.error;
  if (!form.ok) return invalid(errors);
  const v = form.data;

  if (!editableOrganizationIds(actor).includes(v.organizationId)) return invalid({ ...errors, organizationId: fieldError('error.organization.notEditor') }, 403);

  const chain = await comparisonAreas(db, v.areaCode);
  const area = chain[0];
  if (!area || !(SNAPSHOT_AREA_KINDS as readonly string[]).includes(area.kind)) errors.areaCode = fieldError('error.snapshot.area.unknown');

  const codes = [...new Set(v.indicatorCodes)];
  const catalogue = await db.select().from(indicators).where(inArray(indicators.code, codes));
  if (catalogue.length !== codes.length) errors.indicatorCodes = fieldError('error.snapshot.indicators.unknown');

  if (area && !errors.areaCode && !errors.indicatorCodes) {
    const range = await q.valueYearRange(db, { indicatorCodes: codes, areaCodes: [area.code] });
    if (!range) errors.indicatorCodes = fieldError('error.snapshot.noData', { area: area.name });
    else {
      const outside = (y: number) => y < range.min || y > range.max;
      if (outside(v.periodFrom)) errors.periodFrom = fieldError('error.snapshot.period.range', { min: range.min, max: range.max });
      if (outside(v.periodTo)) errors.periodTo = fieldError('error.snapshot.period.range', { min: range.min, max: range.max });
    }
  }
  if (Object.keys(errors).length > 0 || !commentary.ok || !area) return invalid(errors);

  // The catalogue's order (by Swedish name) is the order the page shows.
  const chosen = [...catalogue].sort((a, b) => compareSwedish(a.nameSv, b.nameSv));
  const snapshot = await db.transaction(async (tx) => {
    const row = await q.insertSnapshot(tx, {
      slug: await privateSlug(tx, v.title, q.isSnapshotSlugTaken),
      title: v.title,
      areaCode: area.code,
      periodFrom: String(v.periodFrom),
      periodTo: String(v.periodTo),
      commentary: commentary.doc,
      organizationId: v.organizationId,
      createdBy: userId,
      updatedBy: userId,
    });
    await q.insertSnapshotIndicators(
      tx,
      chosen.map((i, position) => ({
        snapshotId: row.id,
        indicatorCode: i.code,
        position,
        nameSv: i.nameSv,
        nameEn: i.nameEn,
        unit: i.unit,
        source: i.source,
        higherIsBetter: i.higherIsBetter,
        decimals: i.decimals,
        isExample: i.isExample,
      })),
    );
    const values = await q.valuesToFreeze(tx, { indicatorCodes: codes, areaCodes: chain.map((a) => a.code), fromYear: v.periodFrom, toYear: v.periodTo });
    await q.insertSnapshotValues(
      tx,
      values.map((x) => ({
        snapshotId: row.id,
        indicatorCode: x.indicatorCode,
        areaCode: x.areaCode,
        areaName: x.areaName,
        period: x.period,
        breakdown: x.breakdown,
        value: Number(x.value),
        importId: x.importId,
        // Values from before imports were recorded carry the catalogue's source.
        source: x.importSource ?? x.indicatorSource,
        retrievedAt: x.retrievedAt,
        fileSha256: x.fileSha256,
      })),
    );
    await recordAudit(tx, { actorUserId: userId, action: 'snapshot.create', targetType: 'indicator_snapshot', targetId: row.id, ip: ctx.ip, details: { values: values.length } });
    return row;
  });
  return { ok: true, slug: snapshot.slug };
}

// ---------------------------------------------------------------------------
// Reading, editing, publishing

/** The snapshot and this reader's permissions on it, or null when it does not exist. */
export async function loadSnapshot(ctx: RequestContext, slug: string) {
  if (!isPathKey(slug)) return null;
  const found = await q.findSnapshotBySlug(ctx.services.db, slug);
  if (!found) return null;
  const actor = await ctx.actor();
  const can = snapshotPermissions(actor, snapshotResource({ ...found.snapshot, organizationVerifiedAt: found.organization.verifiedAt }));
  return { ...found, actor, can };
}
export type LoadedSnapshot = NonNullable<Awaited<ReturnType<typeof loadSnapshot>>>;

const conflict = (): Outcome => ({ ok: false, status: 409, errors: { form: fieldError('error.version.conflict') } });

/** Title and commentary only: the values are frozen. */
export async function saveSnapshotText(ctx: RequestContext, loaded: LoadedSnapshot, userId: string, formData: FormData): Promise<Outcome> {
  if (!loaded.can.edit) forbidden();
  // Whole numbers within PostgreSQL's integer only: "9999999999999999999" is no version either.
  const version = parseWholeNumber(formData.get('version'), { min: 0 });
  if (version === null) return invalid({ form: fieldError('error.version.missing') });
  const form = parseForm(z.object({ title: requiredText(200) }), formData);
  const commentary = richTextField(formData, 'commentary');
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  if (!commentary.ok) errors.commentary = commentary.error;
  if (!form.ok || !commentary.ok) return invalid(errors);
  const saved = await ctx.services.db.transaction(async (tx) => {
    const row = await q.updateSnapshotText(tx, { id: loaded.snapshot.id, expectedVersion: version, userId, title: form.data.title, commentary: commentary.doc });
    if (row) await enqueueSearchSync(tx, { type: 'snapshot', id: row.id });
    return row;
  });
  return saved ? { ok: true, slug: saved.slug } : conflict();
}

/** Publish / unpublish / archive (also for one working group), by the same rules and checks as initiatives. */
export async function changeSnapshotPublishing(ctx: RequestContext, loaded: LoadedSnapshot, userId: string, formData: FormData): Promise<Outcome> {
  const intent = parsePublishingIntent(formData);
  if (!intent.ok) return invalid(intent.errors);
  const { change, version } = intent;
  const { can, snapshot, actor } = loaded;
  if (!isPublishingAllowed(can, change)) forbidden();
  const { db } = ctx.services;
  const refused = await publishingChangeErrors(db, actor, change);
  if (refused) return invalid(refused);
  const visibility = change.to === 'published' ? change.visibility : snapshot.visibility;
  const groupId = change.to === 'published' ? change.groupId : snapshot.groupId;
  const saved = await db.transaction(async (tx) => {
    const row = await q.setSnapshotPublishing(tx, { id: snapshot.id, expectedVersion: version, userId, state: change.to, visibility, groupId });
    if (!row) return null;
    const action = change.to === 'published' ? 'publish' : change.to === 'draft' ? 'unpublish' : 'archive';
    await recordAudit(tx, { actorUserId: userId, action: `snapshot.${action}`, targetType: 'indicator_snapshot', targetId: row.id, ip: ctx.ip, details: { visibility, groupId } });
    if (change.to === 'published') await notifyFollowers(tx, { type: 'snapshot', id: row.id }, userId);
    await enqueueSearchSync(tx, { type: 'snapshot', id: row.id });
    return row;
  });
  return saved ? { ok: true, slug: saved.slug } : conflict();
}

/** Snapshots this reader may read, newest first; archived ones only for their editors. */
export async function listReadableSnapshots(ctx: RequestContext, opts: { areaCode?: string; limit?: number } = {}) {
  const actor = await ctx.actor();
  return readableSnapshotsFrom(actor, await snapshotCandidatesFor(ctx.services.db, actor, opts));
}

/** The select of snapshots that may be readable by this reader (a query narrows; readableSnapshotsFrom decides). */
export function snapshotCandidatesFor(db: Db, actor: Actor, opts: { areaCode?: string; limit?: number } = {}) {
  return q.listSnapshotCandidates(db, {
    visibilities: VISIBILITIES.filter((v) => v !== 'group' && canReadVisibility(actor, v)),
    groupIds: actor.groupMemberships.map((g) => g.groupId),
    organizationIds: editableOrganizationIds(actor),
    areaCode: opts.areaCode,
    limit: opts.limit,
  });
}

/** The candidates the policy lets this reader read, as a list shows them. */
export function readableSnapshotsFrom(actor: Actor, rows: Awaited<ReturnType<typeof q.listSnapshotCandidates>>) {
  return rows
    .filter((r) => snapshotPermissions(actor, snapshotResource(r)).view)
    .map((r) => ({
      slug: r.slug,
      title: r.title,
      areaCode: r.areaCode,
      areaName: r.areaName,
      periodFrom: r.periodFrom,
      periodTo: r.periodTo,
      state: r.state,
      visibility: r.visibility,
      organizationName: r.organizationName,
      takenAt: r.createdAt.toISOString(),
    }));
}
export type SnapshotListItem = Awaited<ReturnType<typeof listReadableSnapshots>>[number];

/** An area page's snapshots (from `snapshotCandidatesFor(db, actor, { areaCode, limit: 100 })`), and whether this reader could take one there. */
export function areaSnapshotSection(actor: Actor, candidates: Awaited<ReturnType<typeof q.listSnapshotCandidates>>) {
  return { snapshots: readableSnapshotsFrom(actor, candidates), canCreate: editableOrganizationIds(actor).length > 0 };
}

// ---------------------------------------------------------------------------
// The page

type FrozenValue = Awaited<ReturnType<typeof q.snapshotValuesOf>>[number];

/** Series order: the snapshot's own area, then the larger areas, the country last. */
const areaRank = (own: string) => (code: string) => (code === own ? 0 : code === 'SE' ? 1000 : 100 - code.length);

/** Each indicator's frozen series (totals) and the distinct provenance of its values. */
export function frozenCharts(areaCode: string, entries: Awaited<ReturnType<typeof q.snapshotIndicatorsOf>>, values: FrozenValue[]) {
  const rank = areaRank(areaCode);
  return entries.map((entry) => {
    const mine = values.filter((v) => v.indicatorCode === entry.indicatorCode);
    const totals = mine.filter((v) => v.breakdown === '');
    const areaCodes = [...new Set(totals.map((v) => v.areaCode))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const provenance = new Map<string, { source: string; retrievedAt: string | null; importedAt: string | null; fileSha256: string | null }>();
    for (const v of mine) {
      const key = `${v.importId}|${v.source}|${v.fileSha256}`;
      if (!provenance.has(key))
        provenance.set(key, {
          source: v.source,
          retrievedAt: v.retrievedAt?.toISOString().slice(0, 10) ?? null,
          importedAt: v.importedAt?.toISOString().slice(0, 10) ?? null,
          fileSha256: v.fileSha256,
        });
    }
    return {
      code: entry.indicatorCode,
      nameSv: entry.nameSv,
      nameEn: entry.nameEn,
      unit: entry.unit,
      decimals: entry.decimals,
      isExample: entry.isExample,
      series: areaCodes.map((code) => {
        const own = totals.filter((v) => v.areaCode === code);
        return {
          code,
          label: own[0]!.areaName,
          points: own.map((v) => ({ period: v.period, value: Number(v.value) })),
          // The stored flag says the indicator was example data when the snapshot was taken; values it froze
          // from a real import are still not example data.
          example: exampleShare(own.map((v) => isExampleValue(entry.isExample, v.importFormat))),
        };
      }),
      provenance: [...provenance.values()],
    };
  });
}
export type FrozenChart = ReturnType<typeof frozenCharts>[number];

/**
 * What the snapshot page shows besides the row itself, read in one prepared round trip (issue 15) together with the
 * snapshot's comments (`commentRows`, for commentSection); the policy module decides each initiative below.
 */
export async function snapshotPageData(ctx: RequestContext, loaded: LoadedSnapshot) {
  const { db } = ctx.services;
  const { snapshot, actor } = loaded;
  const editable = editableOrganizationIds(actor);
  const folded = await q.snapshotPageStatement(db, { id: snapshot.id, organizationIds: editable });
  const { entries, values, attached, ownInitiatives } = folded;
  const resource = snapshotResource({ ...snapshot, organizationVerifiedAt: loaded.organization.verifiedAt });
  const initiativeResource = (i: (typeof attached)[number] | (typeof ownInitiatives)[number]) => ({ ...i, organizationVerified: i.organizationVerifiedAt !== null });
  return {
    charts: frozenCharts(snapshot.areaCode, entries, values),
    initiatives: attached
      .filter((i) => contentPermissions(actor, initiativeResource(i)).view)
      .map((i) => ({ slug: i.slug, title: i.title, role: i.role, canDetach: canDetachSnapshot(actor, initiativeResource(i)) })),
    attachChoices: ownInitiatives.filter((i) => canAttachSnapshot(actor, initiativeResource(i), resource)).map((i) => ({ value: i.slug, label: i.title })),
    // No commentary: no "Kommentar" heading over nothing (null).
    commentaryHtml: isRichTextEmpty(snapshot.commentary) ? null : renderRichTextHtml(snapshot.commentary),
    commentRows: folded.comments,
  };
}
