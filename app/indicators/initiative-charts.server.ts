/**
 * The indicator section of an initiative page: for each indicator it follows
 * and each of its areas, the live values beside the län and Sweden with the
 * initiative's period marked; and the snapshots attached to it that this
 * reader may read, with their frozen key figures.
 */
import { indicatorsByCode, listIndicators, valuesFor } from '#db/queries/indicators.server.ts';
import * as q from '#db/queries/snapshots.server.ts';
import type { RequestContext } from '../context.server.ts';
import { canChooseFollowedIndicators, snapshotPermissions, type Actor, type ContentResource } from '../policy.ts';
import { exampleShare, isExampleValue } from './example-data.ts';
import { markedYears, splitByPhase, type Phase } from './period-marking.ts';
import { snapshotResource } from '../content/snapshots.server.ts';

/** More areas than this get no charts of their own: a page of hundreds of charts helps nobody. */
export const MAX_CHART_AREAS = 10;

interface LoadedInitiative {
  initiative: { id: string; organizationId: string; state: ContentResource['state']; visibility: ContentResource['visibility']; groupId: string | null; hiddenAt: Date | null; startDate: string | null; endDate: string | null };
  organization: { verifiedAt: Date | null };
  actor: Actor;
}

/** What the initiative page has already read in its one relations query (loadInitiativeRelations). */
interface KnownRelations {
  areas: { code: string; name: string; kind: string }[];
  followedIndicators: string[];
  hasSnapshots: boolean;
}

export async function loadInitiativeIndicators(ctx: RequestContext, loaded: LoadedInitiative, known: KnownRelations) {
  const { db } = ctx.services;
  const { initiative, actor } = loaded;
  const resource: ContentResource = {
    organizationId: initiative.organizationId,
    organizationVerified: loaded.organization.verifiedAt !== null,
    state: initiative.state,
    visibility: initiative.visibility,
    groupId: initiative.groupId,
    hiddenAt: initiative.hiddenAt,
  };
  // Round trips only for what is there (issue 15): an initiative that follows no indicator and has no
  // snapshots costs none here; areas and their ancestors come from the in-memory area catalogue.
  const followed = known.followedIndicators;
  const ownAreas = known.areas.filter((a) => a.kind !== 'country').map(({ code, name }) => ({ code, name }));
  const [indicators, attached] = await Promise.all([followed.length ? indicatorsByCode(db, followed) : [], known.hasSnapshots ? q.snapshotsOfInitiative(db, initiative.id) : []]);
  const chartAreas = ownAreas.slice(0, MAX_CHART_AREAS);
  const chains = await Promise.all(chartAreas.map((a) => q.areaWithAncestors(db, a.code)));
  const compared = [...new Set(chains.flat().map((a) => a.code))];
  const values = indicators.length && compared.length ? await valuesFor(db, indicators.map((i) => i.code), compared) : [];
  const marked = markedYears(initiative.startDate, initiative.endDate);

  const charts = indicators.flatMap((indicator) =>
    chains.map((chain) => {
      const series = chain.map((a) => {
        const own = values.filter((v) => v.indicatorCode === indicator.code && v.areaCode === a.code);
        return {
          code: a.code,
          label: a.name,
          points: own.map((v) => ({ period: v.period, value: Number(v.value) })),
          // Per value: imported values in an example indicator are not example data.
          example: exampleShare(own.map((v) => isExampleValue(indicator.isExample, v.importFormat))),
        };
      });
      const periods = series.flatMap((s) => s.points.map((p) => p.period));
      return {
        id: `${indicator.code}-${chain[0]!.code}`,
        indicatorCode: indicator.code,
        nameSv: indicator.nameSv,
        nameEn: indicator.nameEn,
        unit: indicator.unit,
        decimals: indicator.decimals,
        areaCode: chain[0]!.code,
        areaName: chain[0]!.name,
        series,
        markedPeriod: marked,
        phases: marked ? splitByPhase(periods, marked) : null,
      };
    }),
  ).filter((c) => c.series[0]!.points.length > 0);

  // Only snapshots this reader may read are named at all.
  const readable = attached.filter((s) => snapshotPermissions(actor, snapshotResource(s)).view);
  const [entries, frozen] = await Promise.all([
    q.snapshotIndicatorsOf(db, readable.map((s) => s.id)),
    q.snapshotValuesOf(db, readable.map((s) => s.id), { totalsOnly: true }),
  ]);
  const snapshots = readable.map((s) => ({
    slug: s.slug,
    title: s.title,
    role: s.role,
    areaName: s.areaName,
    periodFrom: s.periodFrom,
    periodTo: s.periodTo,
    takenAt: s.createdAt.toISOString().slice(0, 10),
    // Key figures: the area's first and last frozen value of each indicator.
    figures: entries
      .filter((e) => e.snapshotId === s.id)
      .map((e) => {
        const own = frozen.filter((v) => v.snapshotId === s.id && v.indicatorCode === e.indicatorCode && v.areaCode === s.areaCode);
        const first = own[0];
        const last = own.at(-1);
        return {
          code: e.indicatorCode,
          nameSv: e.nameSv,
          nameEn: e.nameEn,
          unit: e.unit,
          decimals: e.decimals,
          isExample: e.isExample,
          first: first ? { period: first.period, value: Number(first.value) } : null,
          last: last && last !== first ? { period: last.period, value: Number(last.value) } : null,
        };
      }),
  }));

  const canChoose = canChooseFollowedIndicators(actor, resource);
  return {
    startDate: initiative.startDate,
    endDate: initiative.endDate,
    marked,
    areaCount: ownAreas.length,
    areasShown: chartAreas.length,
    charts,
    snapshots,
    followed: indicators.map((i) => i.code),
    /** The catalogue for the "follow indicators" form: only for those who may choose. */
    catalogue: canChoose ? (await listIndicators(db)).map((i) => ({ code: i.code, nameSv: i.nameSv, nameEn: i.nameEn })) : null,
    canChoose,
  };
}
export type InitiativeIndicatorSection = Awaited<ReturnType<typeof loadInitiativeIndicators>>;
export type { Phase };
