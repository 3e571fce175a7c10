/** Options and values for the initiative form: built on the server for new, edit and failed saves. */
import { asc, inArray } from 'drizzle-orm';
import { listAreaGroups } from '#db/queries/areas.server.ts';
import { listInspirationCandidates } from '#db/queries/initiatives.server.ts';
import { contentPermissions, readerContentScope, type Actor } from '../policy.ts';
import type { Db } from '#db/client.server.ts';
import type { InitiativeFields } from '#db/queries/initiatives.server.ts';
import { initiatives, organizations } from '#db/schema/index.server.ts';
import { initiativeFormValues, type InitiativeFormOptions, type InitiativeFormValues } from '../components/initiative-form.tsx';
import { richTextToRedisplay } from './publishing.server.ts';

/** `self`: the initiative being edited, which cannot inspire itself. */
export async function initiativeFormOptions(db: Db, actor: Actor, self?: string): Promise<Omit<InitiativeFormOptions, 'owners'>> {
  const [groups, orgs, candidates] = await Promise.all([
    listAreaGroups(db),
    db.select({ id: organizations.id, name: organizations.name }).from(organizations).orderBy(asc(organizations.name)),
    listInspirationCandidates(db, { ...readerContentScope(actor), organizationIds: actor.memberships.map((m) => m.organizationId) }),
  ]);
  return {
    // The same rule as the save's check: only initiatives the writer may read can be named.
    inspirations: candidates
      .filter((c) => c.id !== self && contentPermissions(actor, { ...c, organizationVerified: true }).view)
      .map((c) => ({ value: c.slug, label: c.title }))
      .sort((a, b) => a.label.localeCompare(b.label, 'sv')),
    // Each län's group offers the län as a whole first, then its kommuner.
    areaGroups: groups.map((g) => ({ label: g.name, options: [{ value: g.code, label: g.name }, ...g.municipalities.map((m) => ({ value: m.code, label: m.name }))] })),
    organizations: orgs.map((o) => ({ value: o.id, label: o.name })),
  };
}

export async function formValuesFromFields(db: Db, f: InitiativeFields): Promise<InitiativeFormValues> {
  const inspired = f.inspiredByIds.length ? await db.select({ slug: initiatives.slug }).from(initiatives).where(inArray(initiatives.id, f.inspiredByIds)) : [];
  return {
    title: f.title,
    summary: f.summary,
    plainSummary: f.plainSummary,
    body: f.body,
    status: f.status,
    startDate: f.startDate ?? '',
    endDate: f.endDate ?? '',
    themes: f.themes,
    targetGroups: f.targetGroups,
    successFactors: f.successFactors,
    areaCodes: f.areaCodes,
    partnerIds: f.partnerIds,
    inspiredBy: inspired.map((i) => i.slug).join('\n'),
    fundingSource: f.fundingSource ?? '',
    fundingAmountSek: f.fundingAmountSek === null ? '' : String(f.fundingAmountSek),
    evaluationMethod: f.evaluationMethod ?? '',
    evaluatedBy: f.evaluatedBy ?? '',
    evaluationSummary: f.evaluationSummary ?? '',
    evaluationUrl: f.evaluationUrl ?? '',
    contactName: f.contactName ?? '',
    contactEmail: f.contactEmail ?? '',
  };
}

/** What the user sent, to show again after an error or a conflict: nothing they wrote is lost. */
export function formValuesFromFormData(formData: FormData): InitiativeFormValues {
  return initiativeFormValues(formData, richTextToRedisplay);
}
