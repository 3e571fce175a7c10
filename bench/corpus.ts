/**
 * The generated corpus and the query list of `bench/search.ts`, plus the small
 * HTTP and statistics helpers it times with; shared with `bench/search-dev.ts`.
 * Deterministic: the same seed gives the same initiatives in the same order.
 */
import http from 'node:http';
import { sql } from 'drizzle-orm';
import type { Db } from '#db/client.server.ts';
import { initiativeAreas, initiatives, organizations, type RichTextJson } from '#db/schema/index.server.ts';
import { KOMMUNER } from '#db/seed/areas-data.server.ts';
import { INITIATIVE_STATUSES, SUCCESS_FACTORS, THEMES, type InitiativeStatus, type SuccessFactor, type TargetGroup, type Theme } from '#app/vocabulary.ts';
import { buildSearchParams, type SearchFilters } from '#search/query.ts';
// ---------------------------------------------------------------------------
// Corpus: deterministic (mulberry32), plausible Swedish write-ups.

export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20_240_601);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
function some<T>(xs: readonly T[], min: number, max: number): T[] {
  const pool = [...xs];
  const out: T[] = [];
  for (let n = between(min, Math.min(max, pool.length)); n > 0; n--) out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
  return out;
}
/** A v4-shaped UUID from the seeded generator, so "the first 20 000 by id" are the same every run. */
function uuid(): string {
  const b = Array.from({ length: 16 }, () => Math.floor(rand() * 256));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
const lc = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .replace(/é/g, 'e')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

interface Activity {
  title: string;
  goal: string;
  does: string[];
  themes: Theme[];
  groups: TargetGroup[];
}

const ACTIVITIES: Activity[] = [
  { title: 'Läxhjälp', goal: 'ger elever stöd med skolarbetet efter skoltid', does: ['Varje vecka erbjuds läxhjälp på biblioteket med frivilliga studenter och pensionerade lärare.', 'Läxhjälpen är öppen tre eftermiddagar i veckan och eleverna kan komma utan anmälan.'], themes: ['education', 'children_youth'], groups: ['children', 'youth'] },
  { title: 'Feriejobb för unga', goal: 'ger unga en första arbetslivserfarenhet under sommarlovet', does: ['Unga mellan 16 och 19 år får feriejobb i fyra veckor hos kommunen, bostadsbolaget och lokala företag.', 'Feriejobben kombineras med handledning, CV-skrivning och ett första möte med Arbetsförmedlingen.'], themes: ['work', 'children_youth'], groups: ['youth'] },
  { title: 'Språkcafé', goal: 'låter nyanlända öva svenska i vardagliga samtal', does: ['Språkcaféet samlar nyanlända och etablerade boende för samtal på svenska över en kopp kaffe.', 'Volontärer leder samtalsgrupper på olika nivåer och samarbetar med SFI.'], themes: ['integration', 'culture_leisure'], groups: ['newly_arrived', 'residents'] },
  { title: 'Föräldrastöd', goal: 'stärker föräldrar i föräldrarollen och i kontakten med skolan', does: ['Föräldrar träffas i grupper för att prata om skola, hälsa, sociala medier och trygghet.', 'Familjecentralen erbjuder föräldrautbildning på flera språk med tolk vid behov.'], themes: ['children_youth', 'health'], groups: ['parents'] },
  { title: 'Trygghetsvandringar', goal: 'samlar boende, polis och fastighetsägare för att göra området tryggare', does: ['Boende, polisen och bostadsbolaget går trygghetsvandringar och pekar ut platser som behöver bättre belysning.', 'Efter varje trygghetsvandring följs åtgärderna upp i ett gemensamt trygghetsråd.'], themes: ['safety', 'urban_planning'], groups: ['residents'] },
  { title: 'Boendedialog', goal: 'ger hyresgäster inflytande över upprustningen av bostadsområdet', does: ['Bostadsbolaget håller boendedialoger i trapphus och på gården inför renoveringen.', 'Hyresgästföreningen och allmännyttan arbetar tillsammans mot trångboddhet och hemlöshet.'], themes: ['housing', 'democracy'], groups: ['residents'] },
  { title: 'Hälsokommunikatörer', goal: 'sprider kunskap om hälsa och vård på flera språk', does: ['Hälsokommunikatörer med egen erfarenhet av migration håller informationsträffar om vården och tandvården.', 'Hälsokommunikatörerna samarbetar med regionen, BVC och vårdcentralen.'], themes: ['health', 'integration'], groups: ['newly_arrived', 'residents'] },
  { title: 'Sommarlovsaktiviteter', goal: 'erbjuder barn och unga meningsfulla aktiviteter under sommarlovet', does: ['Under sommarlovet ordnas fotboll, simskola, utflykter och skapande verkstäder varje dag.', 'Fritidsgården och idrottsföreningarna håller öppet längre på kvällarna hela sommaren.'], themes: ['culture_leisure', 'children_youth'], groups: ['children', 'youth'] },
  { title: 'Mentorsprogram', goal: 'kopplar ihop unga med yrkesverksamma mentorer', does: ['Varje ungdom får en mentor från näringslivet som de träffar varannan vecka under ett år.', 'Mentorskapet ger unga kontakter, förebilder och kunskap om utbildningsvägar.'], themes: ['education', 'work'], groups: ['youth'] },
  { title: 'Jobbspår', goal: 'förkortar vägen till arbete för personer som står långt från arbetsmarknaden', does: ['Jobbspåret kombinerar SFI, praktik och yrkesutbildning inom vård, bygg och transport.', 'Arbetsförmedlingen och kommunens arbetsmarknadsenhet matchar deltagarna mot lediga jobb.'], themes: ['work', 'integration'], groups: ['unemployed', 'newly_arrived'] },
  { title: 'Fältarbete', goal: 'möter unga där de är på kvällar och helger', does: ['Fältassistenter rör sig i området på kvällar och helger och har god kontakt med unga.', 'Fältarbetet sker i samverkan mellan skola, socialtjänst, polis och fritid (SSPF).'], themes: ['safety', 'children_youth'], groups: ['youth'] },
  { title: 'Medborgardialog', goal: 'låter boende påverka hur stadsdelen utvecklas', does: ['Kommunen bjuder in till medborgardialoger om nya parker, mötesplatser och trafik.', 'Dialogerna hålls på flera språk och resultaten återkopplas till de boende.'], themes: ['democracy', 'urban_planning'], groups: ['residents'] },
  { title: 'Simskola för alla', goal: 'ser till att alla barn lär sig simma', does: ['Simskolan erbjuds gratis under skoltid och på helger, med separata grupper för nybörjare.', 'Simundervisningen sker i samarbete med simföreningen och skolan.'], themes: ['health', 'culture_leisure'], groups: ['children'] },
  { title: 'Kulturskola i stadsdelen', goal: 'gör kulturskolan tillgänglig för barn som inte tidigare deltagit', does: ['Kulturskolan flyttar in i skolans lokaler och erbjuder musik, dans och teater utan avgift.', 'Lärarna samarbetar med fritidshemmet så att barnen kan delta direkt efter skolan.'], themes: ['culture_leisure', 'education'], groups: ['children', 'youth'] },
  { title: 'Samhällsorientering', goal: 'ger nyanlända kunskap om rättigheter, skyldigheter och hur samhället fungerar', does: ['Samhällsorienteringen ges på modersmålet av utbildade samhällskommunikatörer.', 'Deltagarna besöker Försäkringskassan, biblioteket och vårdcentralen under kursen.'], themes: ['integration', 'democracy'], groups: ['newly_arrived'] },
  { title: 'Grannsamverkan', goal: 'bygger tillit mellan grannar och minskar brott i bostadsområdet', does: ['Grannar utbildas av polisen och håller kontakt med varandra i en digital grupp.', 'Grannsamverkan kompletteras med nattvandringar och bättre belysning i gångtunnlar.'], themes: ['safety', 'housing'], groups: ['residents'] },
  { title: 'Områdesprogram', goal: 'samlar kommunens insatser i ett långsiktigt program för stadsdelen', does: ['Områdesprogrammet pekar ut mål för skola, arbete, boende och trygghet för tio år framåt.', 'En områdessamordnare håller ihop förvaltningar, bostadsbolag och föreningar.'], themes: ['urban_planning', 'housing'], groups: ['residents', 'professionals'] },
  { title: 'Tidiga insatser i förskolan', goal: 'stärker barns språkutveckling redan i förskolan', does: ['Förskolan arbetar med språkutvecklande arbetssätt och högläsning varje dag.', 'Specialpedagoger och logopeder stöttar personalen och träffar föräldrarna tidigt.'], themes: ['education', 'children_youth'], groups: ['children', 'parents'] },
  { title: 'Idrott efter skolan', goal: 'ger fler barn möjlighet att röra sig och delta i föreningslivet', does: ['Idrottsföreningarna leder gratis träningar i skolans idrottshall direkt efter skoltid.', 'Unga ledare från området utbildas och anställs som tränare.'], themes: ['culture_leisure', 'health'], groups: ['children', 'youth'] },
  { title: 'Stadsdelsmammor', goal: 'når kvinnor som står utanför både arbetsmarknaden och föreningslivet', does: ['Stadsdelsmammorna gör hembesök och bjuder in till träffar om skola, hälsa och arbete.', 'Verksamheten drivs som ett idéburet offentligt partnerskap (IOP) med kommunen.'], themes: ['integration', 'health'], groups: ['women', 'parents'] },
  { title: 'Praktikplatser', goal: 'skapar praktikplatser hos lokala arbetsgivare', does: ['Kommunen och näringslivet tar fram praktikplatser som kan leda till anställning.', 'Handledare på arbetsplatserna får utbildning i språkstöd och introduktion.'], themes: ['work'], groups: ['unemployed', 'youth'] },
  { title: 'Bostadssocialt arbete', goal: 'förebygger vräkningar och minskar trångboddheten', does: ['Budget- och skuldrådgivare kontaktar hyresgäster tidigt vid obetalda hyror.', 'Bostadsbolaget och socialtjänsten samarbetar om förturer och stöd vid flytt.'], themes: ['housing'], groups: ['residents', 'parents'] },
  { title: 'Familjecentral', goal: 'samlar mödravård, barnavård, öppen förskola och socialtjänst under ett tak', does: ['Familjecentralen har öppet varje vardag och erbjuder föräldrastöd, BVC och öppen förskola.', 'Personalen arbetar förebyggande och når familjer tidigt, redan under graviditeten.'], themes: ['health', 'children_youth'], groups: ['parents', 'children'] },
  { title: 'Lovskola', goal: 'ger elever en chans att nå behörighet till gymnasiet', does: ['Lovskolan pågår under sommar- och påsklov med undervisning i små grupper.', 'Eleverna får lunch, busskort och en mentor under hela lovskolan.'], themes: ['education'], groups: ['youth'] },
  { title: 'Ungdomsråd', goal: 'ger unga en röst i beslut som rör stadsdelen', does: ['Ungdomsrådet träffas varje månad och lämnar förslag till kommunens nämnder.', 'Unga får utbildning i demokrati, mötesteknik och hur kommunen fattar beslut.'], themes: ['democracy', 'children_youth'], groups: ['youth'] },
];

/** Kommuner with well-known socioeconomically vulnerable areas, by SCB code. */
const NEIGHBOURHOODS: Record<string, string[]> = {
  '1280': ['Rosengård', 'Hermodsdal', 'Lindängen', 'Holma', 'Kroksbäck', 'Sofielund', 'Seved', 'Nydala'],
  '0180': ['Tensta', 'Rinkeby', 'Husby', 'Bredäng', 'Skärholmen', 'Hjulsta', 'Akalla'],
  '1480': ['Hammarkullen', 'Bergsjön', 'Biskopsgården', 'Hjällbo', 'Lövgärdet', 'Gårdsten', 'Tynnered'],
  '0380': ['Gottsunda', 'Valsätra', 'Stenhagen', 'Gränby'],
  '1880': ['Vivalla', 'Oxhagen', 'Baronbackarna'],
  '0580': ['Skäggetorp', 'Ryd', 'Berga'],
  '0581': ['Navestad', 'Hageby', 'Marielund'],
  '0181': ['Ronna', 'Hovsjö', 'Geneta', 'Fornhöjden'],
  '0127': ['Fittja', 'Alby', 'Hallunda', 'Norsborg'],
  '0780': ['Araby', 'Dalbo'],
  '1980': ['Bäckby', 'Råby', 'Skallberget'],
  '0680': ['Råslätt', 'Öxnehaga', 'Österängen'],
  '1490': ['Hässleholmen', 'Norrby', 'Hulta'],
  '1283': ['Drottninghög', 'Planteringen', 'Dalhem'],
  '0136': ['Brandbergen', 'Jordbro'],
  '0126': ['Vårby gård', 'Flemingsberg', 'Visättra'],
  '2480': ['Ålidhem', 'Tomtebo'],
  '1380': ['Andersberg', 'Vallås'],
};
const kommunName = new Map(KOMMUNER.map((k) => [k.code, k.name]));
for (const code of Object.keys(NEIGHBOURHOODS)) if (!kommunName.has(code)) throw new Error(`unknown kommun code ${code}`);
const HOTSPOTS = Object.keys(NEIGHBOURHOODS);

const GROUP_PHRASES = ['unga', 'nyanlända', 'föräldrar', 'barn i lågstadiet', 'mellanstadieelever', 'unga vuxna', 'kvinnor utanför arbetsmarknaden', 'äldre', 'boende', 'ensamkommande'];
const ADJECTIVES = ['Långsiktig', 'Gemensam', 'Förebyggande', 'Utökad', 'Lokal', 'Samordnad'];
const TAGLINES = ['tillsammans för bättre skolresultat', 'en väg in i arbetslivet', 'tryggare vardag i stadsdelen', 'en mötesplats för alla åldrar', 'stöd till familjer i tid', 'unga gör sina röster hörda', 'fler i egen försörjning'];
const SUBJECTS = ['Insatsen', 'Projektet', 'Verksamheten', 'Satsningen'];
const SUMMARY_TAILS = [
  'Arbetet bygger på samverkan mellan kommun, region och civilsamhälle.',
  'Målet är att minska segregationen och öka delaktigheten.',
  'Insatsen är en del av kommunens långsiktiga arbete mot segregation.',
  'Verksamheten följs upp med statistik på områdesnivå (RegSO).',
  'Arbetet finansieras delvis av Delegationen mot segregation.',
  'Föreningslivet och skolan är viktiga samarbetspartner.',
];
const PROBLEMS = [
  'arbetslösheten bland unga varit hög under flera år',
  'många barn saknat stöd med skolarbetet hemma',
  'otryggheten kring centrumet och tunnelbanan ökat',
  'trångboddheten varit stor och omflyttningen hög',
  'föräldrar haft svårt att nå skolan och socialtjänsten',
  'valdeltagandet varit betydligt lägre än i resten av kommunen',
  'få unga haft kontakt med föreningslivet',
  'segregationen mellan stadsdelarna ökat',
  'andelen elever med behörighet till gymnasiet varit låg',
  'många kvinnor stått utanför arbetsmarknaden',
];
const NEEDS = [
  'en mötesplats där boende kan träffas över generationsgränser',
  'långsiktigt stöd till familjer',
  'fler vägar in på arbetsmarknaden',
  'bättre samordning mellan skola, socialtjänst och polis',
  'tidiga och förebyggande insatser för barn och unga',
  'ett arbetssätt som bygger på kunskap om vad som fungerar',
  'att fler aktörer tar ansvar tillsammans',
];
const PARTNERS = [
  'Arbetsförmedlingen', 'det kommunala bostadsbolaget', 'polisen', 'socialtjänsten', 'regionen', 'lokala idrottsföreningar',
  'studieförbundet', 'biblioteket', 'fritidsgården', 'skolorna i området', 'Försäkringskassan', 'trossamfunden',
  'hyresgästföreningen', 'näringslivet', 'länsstyrelsen', 'universitetet',
];
const FREQUENCIES = [
  'Verksamheten pågår året runt.',
  'Träffarna hålls varje vecka under terminerna.',
  'Insatsen genomförs i omgångar om tolv veckor.',
  'Aktiviteterna är gratis och öppna för alla i området.',
  'Deltagarna rekryteras via skolan, vårdcentralen och föreningarna.',
];
const RESULTS = [
  'Under det första året deltog över {n} personer.',
  'Andelen elever med godkända betyg ökade jämfört med åren innan.',
  'Fler unga fick sin första arbetslivserfarenhet och flera fick fortsatt anställning.',
  'Otryggheten minskade enligt polisens och kommunens trygghetsmätning.',
  'Omkring {n} familjer har fått stöd sedan starten.',
  'Deltagarna beskriver att de fått nya kontakter och större tillit till myndigheterna.',
  'Antalet vräkningar av barnfamiljer har minskat.',
];
const LESSONS = [
  'Långsiktig finansiering har varit avgörande för att behålla personal och förtroende.',
  'Samverkan över sektorsgränserna gjorde det möjligt att nå fler.',
  'Tidiga och förebyggande insatser ger bäst effekt.',
  'Ett kunskapsbaserat arbetssätt med tydlig uppföljning har stärkt förankringen.',
  'Förtroende byggs över tid genom närvaro i området.',
  'Det är viktigt att boende är med från början och inte bara tillfrågas i efterhand.',
];
const EVALUATORS = ['Malmö universitet', 'Göteborgs universitet', 'Stockholms universitet', 'FoU Södertörn', 'kommunens utredningsenhet', 'en extern utvärderare', 'Uppsala universitet'];
const FINDINGS = ['insatsen når målgruppen och uppskattas av deltagarna', 'effekterna på skolresultaten är positiva men små', 'samverkan har förbättrats men ansvarsfördelningen behöver bli tydligare', 'deltagarna har i högre grad gått vidare till arbete eller studier'];
const FUNDERS = ['Delegationen mot segregation', 'Kommunens budget', 'Allmänna arvsfonden', 'ESF+', 'Regionens folkhälsomedel', 'Länsstyrelsen'];

const text = (t: string) => ({ type: 'text', text: t });
const paragraph = (t: string) => ({ type: 'paragraph', content: [text(t)] });
const heading = (t: string) => ({ type: 'heading', attrs: { level: 2 }, content: [text(t)] });
const bulletList = (items: string[]) => ({ type: 'bulletList', content: items.map((i) => ({ type: 'listItem', content: [paragraph(i)] })) });

type InitiativeRow = typeof initiatives.$inferInsert;

export function makeInitiative(n: number, organizationId: string): { row: InitiativeRow; areaCodes: string[] } {
  const act = pick(ACTIVITIES);
  const hot = rand() < 0.6;
  const kommun = hot ? pick(HOTSPOTS) : pick(KOMMUNER).code;
  const areaCodes = [kommun, ...(rand() < 0.15 ? [pick(KOMMUNER).code] : [])].filter((c, i, a) => a.indexOf(c) === i);
  const place = hot && rand() < 0.7 ? pick(NEIGHBOURHOODS[kommun]!) : kommunName.get(kommun)!;
  const where = place === kommunName.get(kommun) ? place : `${place} i ${kommunName.get(kommun)}`;
  const group = pick(GROUP_PHRASES);
  const title = pick([
    () => `${act.title} i ${place}`,
    () => `${act.title} för ${group} i ${place}`,
    () => `${pick(ADJECTIVES)} ${lc(act.title)} i ${place}`,
    () => `${act.title} – ${pick(TAGLINES)}`,
    () => `${place}: ${lc(act.title)} för ${group}`,
  ])();
  const partners = some(PARTNERS, 2, 4);
  const body: RichTextJson = {
    type: 'doc',
    content: [
      heading('Bakgrund'),
      paragraph(`I ${where} har ${pick(PROBLEMS)}. Därför såg vi ett behov av ${pick(NEEDS)}. ${rand() < 0.5 ? `Arbetet riktar sig särskilt till ${group}.` : pick(SUMMARY_TAILS)}`),
      heading('Så arbetar vi'),
      paragraph(`${act.does.join(' ')} Insatsen drivs tillsammans med ${partners.slice(0, -1).join(', ')} och ${partners.at(-1)}. ${pick(FREQUENCIES)}`),
      ...(rand() < 0.3 ? [bulletList(some(['Regelbundna träffar', 'Uppsökande arbete', 'Samverkansgrupp med myndigheter', 'Utbildning för personal', 'Uppföljning varje termin', 'Material på flera språk'], 2, 4))] : []),
      heading('Resultat och lärdomar'),
      paragraph(`${pick(RESULTS).replace('{n}', String(between(30, 900)))} ${pick(LESSONS)} ${rand() < 0.5 ? pick(LESSONS) : ''}`.trim()),
    ],
  };
  const status: InitiativeStatus = pick(INITIATIVE_STATUSES);
  const startYear = status === 'planned' ? between(2025, 2026) : status === 'ongoing' ? between(2016, 2024) : between(2010, 2021);
  const endYear = status === 'completed' || status === 'discontinued' ? startYear + between(1, 4) : null;
  const day = () => `${String(between(1, 12)).padStart(2, '0')}-${String(between(1, 28)).padStart(2, '0')}`;
  const publishedAt = new Date(Date.UTC(2019, 0, 1) + Math.floor(rand() * 6 * 365 * 86_400_000));
  const evaluated = rand() < 0.3;
  const funded = rand() < 0.4;
  const themes = [...new Set<Theme>([...act.themes, ...(rand() < 0.4 ? [pick(THEMES)] : [])])];
  return {
    areaCodes,
    row: {
      id: uuid(),
      slug: `${slugify(title)}-${n.toString(36)}`,
      title,
      summary: `${pick(SUBJECTS)} ${act.goal}${rand() < 0.5 ? ` för ${group}` : ''} i ${where}. ${pick(SUMMARY_TAILS)}`,
      body,
      status,
      startDate: `${startYear}-${day()}`,
      endDate: endYear ? `${endYear}-${day()}` : null,
      themes,
      targetGroups: act.groups,
      successFactors: some<SuccessFactor>(SUCCESS_FACTORS, 1, 3),
      fundingSource: funded ? pick(FUNDERS) : null,
      fundingAmountSek: funded ? between(2, 400) * 25_000 : null,
      evaluationMethod: evaluated ? pick(['Enkäter och intervjuer', 'Registerdata före och efter', 'Följeforskning']) : null,
      evaluatedBy: evaluated ? pick(EVALUATORS) : null,
      evaluationSummary: evaluated ? `Utvärderingen av ${pick(EVALUATORS)} visar att ${pick(FINDINGS)}.` : null,
      organizationId,
      visibility: rand() < 0.05 ? 'partners' : 'public',
      state: 'published',
      publishedAt,
      // In the past, as for a corpus built up over years: a reindex then has nothing to replay.
      createdAt: new Date(publishedAt.getTime() - between(1, 30) * 86_400_000),
      updatedAt: publishedAt,
    },
  };
}

/**
 * One verified organisation and `count` published initiatives from makeInitiative, INSERT_BATCH rows a
 * transaction, then `analyze`; on a migrated database with the areas seeded. Call once per process
 * (the generator's seed is module-wide), so every benchmark gets the same corpus.
 */
export async function insertCorpus(db: Db, count: number): Promise<{ partners: number; seconds: number }> {
  const INSERT_BATCH = 2_000;
  const t = performance.now();
  const [org] = await db
    .insert(organizations)
    .values({
      slug: 'natverket-mot-segregation-benchmark',
      name: 'Nätverket mot segregation (benchmark)',
      sector: 'civilsamhalle',
      orgNumber: '802400-0000',
      description: 'Genererad organisation för prestandamätning.',
      verifiedAt: new Date(),
    })
    .returning({ id: organizations.id });
  let partners = 0;
  for (let start = 0; start < count; start += INSERT_BATCH) {
    const chunk = Array.from({ length: Math.min(INSERT_BATCH, count - start) }, (_, i) => makeInitiative(start + i + 1, org!.id));
    partners += chunk.filter((c) => c.row.visibility === 'partners').length;
    await db.transaction(async (tx) => {
      await tx.insert(initiatives).values(chunk.map((c) => c.row));
      await tx.insert(initiativeAreas).values(chunk.flatMap((c) => c.areaCodes.map((areaCode) => ({ initiativeId: c.row.id!, areaCode }))));
    });
  }
  await db.execute(sql`analyze`);
  return { partners, seconds: (performance.now() - t) / 1000 };
}

// ---------------------------------------------------------------------------
// Queries: what readers type, with the filters the /sok page offers.

export interface BenchQuery {
  q: string;
  filters?: SearchFilters;
}
export const QUERIES: BenchQuery[] = [
  { q: 'läxhjälp' },
  { q: 'feriejobb' },
  { q: 'trygghet' },
  { q: 'språkcafé' },
  { q: 'föräldrastöd' },
  { q: 'boende' },
  { q: 'segregation' },
  { q: 'segregaton' }, // typo
  { q: 'läxhjälp rosengård' },
  { q: 'feriejobb botkyrka' },
  { q: 'trygghetsvandringar' },
  { q: 'arbetsförmedlingen' },
  { q: 'af praktik' }, // synonym
  { q: 'sommarjobb' }, // synonym of feriejobb
  { q: 'fritidsgården' },
  { q: 'hälsokommunikatörer' },
  { q: 'nyanlända kvinnor' },
  { q: 'polisen samverkan' },
  { q: 'bostadsbolaget trångboddhet' },
  { q: 'Göteborg' },
  { q: 'Malmö' },
  { q: 'Örebro Vivalla' },
  { q: 'skolresultat' },
  { q: 'långsiktig finansiering' },
  { q: 'medborgardialog' },
  { q: 'idrott' },
  { q: 'mentor unga' },
  { q: 'läxhjälp', filters: { theme: 'education' } },
  { q: 'trygghet', filters: { area: '1280' } },
  { q: 'feriejobb', filters: { status: 'ongoing' } },
  { q: '', filters: { theme: 'housing' } }, // browsing a theme: newest first
];
export const URL_PARAM: Record<keyof SearchFilters, string> = { type: 'typ', theme: 'tema', successFactor: 'faktor', sector: 'sektor', area: 'omrade', status: 'status', year: 'ar' };
/** The query as the search page's address: `/sok?q=…&tema=…`. */
export function searchPagePath(query: BenchQuery): string {
  const params = new URLSearchParams({ q: query.q });
  for (const [k, v] of Object.entries(query.filters ?? {})) params.set(URL_PARAM[k as keyof SearchFilters], String(v));
  return `/sok?${params}`;
}
/** The same query as the app sends it to Meilisearch for an anonymous reader (page 1, 20 hits), as a request body. */
export const directSearchBody = (query: BenchQuery): string =>
  JSON.stringify({ q: query.q, ...buildSearchParams({ q: query.q, filters: query.filters ?? {}, visibilityKeys: ['public'], sort: 'relevance', page: 1, hitsPerPage: 20 }) });
export const describe = (query: BenchQuery) =>
  [query.q ? JSON.stringify(query.q) : '(empty)', ...Object.entries(query.filters ?? {}).map(([k, v]) => `${URL_PARAM[k as keyof SearchFilters]}=${v}`)].join(' ');

// ---------------------------------------------------------------------------
// HTTP: plain node:http keep-alive for both paths.

export function request(agent: http.Agent, url: URL, init: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', agent, headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

export function stats(samples: number[]) {
  const xs = [...samples].sort((a, b) => a - b);
  const q = (p: number) => xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)] ?? NaN;
  return { p50: q(0.5), p95: q(0.95), mean: xs.reduce((s, x) => s + x, 0) / xs.length };
}
