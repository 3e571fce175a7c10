/**
 * How does search hold up at 100 000 initiatives, and what do the app's own
 * layers cost on top of Meilisearch?
 *
 *   npm run bench:search            (BENCH_CORPUS=10000 for a quick try)
 *
 * One run, on its own PostgreSQL database (created and dropped here; the
 * server comes from DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres),
 * its own temp dir and its own Meilisearch binary:
 *
 *  1. generates 100 000 published initiatives with Swedish text about work
 *     against segregation and inserts them in bulk (2 000 rows a transaction);
 *  2. ingest, over the SAME first 20 000 initiatives (by id):
 *     raw   — documents built in memory first (untimed), then addDocuments in
 *             batches of 5 000 + waitTask into a fresh index with the content settings;
 *     drain — one search.sync job per initiative in the outbox (untimed), then
 *             runDueJobs() drains them into the empty `content` index, as the
 *             app's worker does (documents rebuilt from the database, jobs completed);
 *     then reindex() of all 100 000 (timed), so searches run on the full corpus;
 *  3. search latency for a fixed list of queries, interleaved:
 *     app    — full GET /sok?q=… from the real server process (loader + SSR page);
 *     direct — the same request straight to Meilisearch (buildSearchParams, visibility 'public');
 *     both over node:http keep-alive, sequential; plus, to see where the
 *     difference goes, the app's searchContent() called in this process,
 *     GET /sok.data?q=… (loaders without SSR) and GET /healthz (the floor);
 *  4. prints a Markdown table and removes everything it created, also on error,
 *     on Ctrl-C and when the watchdog (BENCH_TIMEOUT_MIN, default 15) fires.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createAttachmentStore } from '#app/attachments/storage.server.ts';
import { loadConfig } from '#app/config.server.ts';
import { runDueJobs } from '#app/jobs/worker.server.ts';
import { createMailer } from '#app/mail/mailer.server.ts';
import { ANONYMOUS } from '#app/policy.ts';
import { documentText, searchContent } from '#app/search.server.ts';
import type { Services } from '#app/services.server.ts';
import { openDatabase, type Db } from '#db/client.ts';
import { initiativeAreas, initiatives, jobs, organizations, type RichTextJson } from '#db/schema/index.ts';
import { KOMMUNER } from '#db/seed/areas-data.ts';
import { seedAreas } from '#db/seed/areas.ts';
import { INITIATIVE_STATUSES, SUCCESS_FACTORS, THEMES, type InitiativeStatus, type SuccessFactor, type TargetGroup, type Theme } from '#db/vocabulary.ts';
import { initiativeDocuments, type SearchDocument } from '#search/documents.ts';
import { deleteIndexIfExists, ensureIndex } from '#search/engine.ts';
import { createMeiliClient } from '#search/http-client.ts';
import { startMeilisearch } from '#search/launcher.ts';
import { assertSucceeded, enqueueSearchSyncMany, SEARCH_SYNC_JOB } from '#search/outbox.ts';
import { buildSearchParams, type SearchFilters } from '#search/query.ts';
import { reindex } from '#search/reindex.ts';
import { CONTENT_INDEX } from '#search/settings.ts';
import { withDatabase } from '#test/support/global-postgres.ts';
import { buildApp, startAppServer } from '#test/support/server.ts';

const CORPUS = Number(process.env.BENCH_CORPUS ?? 100_000);
const INGEST = Math.min(20_000, CORPUS);
const INSERT_BATCH = 2_000;
const RAW_BATCH = 5_000;
const ROUNDS = 20;
const WARMUP_ROUNDS = 2;
const TIMEOUT_MIN = Number(process.env.BENCH_TIMEOUT_MIN ?? 15);
const RAW_INDEX = 'bench_raw';
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
const root = path.resolve(import.meta.dirname, '..');

// ---------------------------------------------------------------------------
// Cleanup: everything created is registered here and undone in reverse order.

const cleanups: { label: string; run: () => unknown }[] = [];
const defer = (label: string, run: () => unknown) => cleanups.push({ label, run });
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const c = cleanups.pop()!;
      try {
        await c.run();
      } catch (error) {
        console.error(`cleanup (${c.label}) failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return cleaning;
}
const abort = (why: string, code: number) => {
  console.error(`\nbench:search: ${why} — cleaning up`);
  void cleanup().finally(() => process.exit(code));
};
process.once('SIGINT', () => abort('interrupted', 130));
process.once('SIGTERM', () => abort('terminated', 143));
const watchdog = setTimeout(() => abort(`still running after ${TIMEOUT_MIN} min (BENCH_TIMEOUT_MIN)`, 1), TIMEOUT_MIN * 60_000);

const started = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
const seconds = (from: number) => (performance.now() - from) / 1000;

// ---------------------------------------------------------------------------
// Corpus: deterministic (mulberry32), plausible Swedish write-ups.

function rng(seed: number): () => number {
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

function makeInitiative(n: number, organizationId: string): { row: InitiativeRow; areaCodes: string[] } {
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

// ---------------------------------------------------------------------------
// Queries: what readers type, with the filters the /sok page offers.

interface BenchQuery {
  q: string;
  filters?: SearchFilters;
}
const QUERIES: BenchQuery[] = [
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
const URL_PARAM: Record<keyof SearchFilters, string> = { type: 'typ', theme: 'tema', successFactor: 'faktor', sector: 'sektor', area: 'omrade', status: 'status', year: 'ar' };
const describe = (query: BenchQuery) =>
  [query.q ? JSON.stringify(query.q) : '(empty)', ...Object.entries(query.filters ?? {}).map(([k, v]) => `${URL_PARAM[k as keyof SearchFilters]}=${v}`)].join(' ');

// ---------------------------------------------------------------------------
// HTTP: plain node:http keep-alive for both paths.

function request(agent: http.Agent, url: URL, init: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string } = {}): Promise<{ status: number; body: string }> {
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

function stats(samples: number[]) {
  const xs = [...samples].sort((a, b) => a - b);
  const q = (p: number) => xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)] ?? NaN;
  return { p50: q(0.5), p95: q(0.95), mean: xs.reduce((s, x) => s + x, 0) / xs.length };
}

// ---------------------------------------------------------------------------

function buildIsStale(): boolean {
  const built = path.join(root, 'build/server/index.js');
  if (!fs.existsSync(built)) return true;
  const builtAt = fs.statSync(built).mtimeMs;
  return ['app', 'db', 'search'].some((dir) =>
    fs.readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).some((f) => fs.statSync(path.join(root, dir, f)).mtimeMs > builtAt),
  );
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The server serves build/; a test run elsewhere may be rebuilding it right now, so wait a little before building it ourselves. */
async function ensureBuild(): Promise<void> {
  const built = path.join(root, 'build/server/index.js');
  for (let i = 0; i < 60 && !fs.existsSync(built); i++) await sleep(1000);
  if (!buildIsStale()) return;
  log('production build missing or older than the sources: building (npx remix vite:build)…');
  const t = performance.now();
  buildApp();
  log(`built in ${seconds(t).toFixed(1)} s`);
}

/** startAppServer, retried when build/ vanished under it (another process rebuilding it). */
async function startApp(env: Record<string, string>): Promise<Awaited<ReturnType<typeof startAppServer>>> {
  for (let attempt = 1; ; attempt++) {
    await ensureBuild();
    try {
      return await startAppServer(env);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('build/server/index.js')) throw error;
      log('build/ disappeared while the server started (rebuilt elsewhere?); trying again');
    }
  }
}

async function pageOfDocuments(db: Db, after: string, limit: number): Promise<SearchDocument[]> {
  return initiativeDocuments(db, { after, limit }, documentText);
}

async function main() {
  const figures: { measure: string; value: string; target?: string }[] = [];
  const cores = execFileSync('nproc', { encoding: 'utf8' }).trim();
  log(`corpus ${CORPUS}, ingest comparison on the first ${INGEST}, ${cores} cores, node ${process.version}`);

  await ensureBuild();

  // 1. Database and corpus -------------------------------------------------
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samverka-bench-search-'));
  defer('temp dir', () => fs.rmSync(tmp, { recursive: true, force: true }));
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `samverka_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  defer('admin connection', () => admin.end({ timeout: 5 }));
  await admin.unsafe(`create database ${dbName}`);
  defer(`drop database ${dbName}`, () => admin.unsafe(`drop database if exists ${dbName} with (force)`));
  const databaseUrl = withDatabase(adminUrl, dbName);
  const [{ version: pgVersion } = { version: '?' }] = await admin<{ version: string }[]>`select current_setting('server_version') as version`;
  const database = await openDatabase({ url: databaseUrl });
  defer('database pool', () => database.close());
  const { db } = database;
  await seedAreas(db);
  log(`database ${dbName} migrated, areas seeded`);

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
  let t = performance.now();
  let partners = 0;
  for (let start = 0; start < CORPUS; start += INSERT_BATCH) {
    const chunk = Array.from({ length: Math.min(INSERT_BATCH, CORPUS - start) }, (_, i) => makeInitiative(start + i + 1, org!.id));
    partners += chunk.filter((c) => c.row.visibility === 'partners').length;
    await db.transaction(async (tx) => {
      await tx.insert(initiatives).values(chunk.map((c) => c.row));
      await tx.insert(initiativeAreas).values(chunk.flatMap((c) => c.areaCodes.map((areaCode) => ({ initiativeId: c.row.id!, areaCode }))));
    });
  }
  await db.execute(sql`analyze`);
  const insertSec = seconds(t);
  log(`inserted ${CORPUS} initiatives in ${insertSec.toFixed(1)} s (${partners} with visibility 'partners')`);
  figures.push({ measure: 'corpus', value: `${CORPUS.toLocaleString('sv-SE')} published initiatives (${((100 * partners) / CORPUS).toFixed(1)} % 'partners'), 1 organisation` });
  figures.push({ measure: 'corpus insert into PostgreSQL (generated, 2 000 rows/transaction)', value: `${insertSec.toFixed(1)} s` });

  // 2. Meilisearch and the two ingest paths ------------------------------------
  const meili = await startMeilisearch({ dataDir: path.join(tmp, 'meili') });
  defer('meilisearch', () => meili.stop());
  const client = createMeiliClient({ host: meili.url, apiKey: meili.masterKey });
  const { pkgVersion: meiliVersion } = await client.getVersion();
  log(`Meilisearch ${meiliVersion} at ${meili.url}`);

  const docs: SearchDocument[] = [];
  for (let after = ZERO_UUID; docs.length < INGEST; ) {
    const page = await pageOfDocuments(db, after, Math.min(RAW_BATCH, INGEST - docs.length));
    if (page.length === 0) break;
    docs.push(...page);
    after = page.at(-1)!.id.replace(/^initiative-/, '');
  }
  const bytes = Buffer.byteLength(JSON.stringify(docs));
  log(`built ${docs.length} documents in memory (${(bytes / docs.length / 1024).toFixed(1)} KiB each as JSON)`);

  await deleteIndexIfExists(client, RAW_INDEX);
  await ensureIndex(client, RAW_INDEX);
  t = performance.now();
  for (let i = 0; i < docs.length; i += RAW_BATCH) {
    await assertSucceeded(await client.index(RAW_INDEX).addDocuments(docs.slice(i, i + RAW_BATCH), { primaryKey: 'id' }).waitTask({ timeout: 600_000 }));
  }
  const rawSec = seconds(t);
  const rawCount = (await client.index(RAW_INDEX).getStats()).numberOfDocuments;
  if (rawCount !== docs.length) throw new Error(`raw index holds ${rawCount} documents, expected ${docs.length}`);
  const rawRate = docs.length / rawSec;
  log(`raw ingest: ${docs.length} docs in ${rawSec.toFixed(1)} s = ${rawRate.toFixed(0)} docs/s`);
  await deleteIndexIfExists(client, RAW_INDEX);

  await deleteIndexIfExists(client, CONTENT_INDEX);
  await ensureIndex(client, CONTENT_INDEX);
  const refs = docs.map((d) => ({ type: 'initiative' as const, id: d.id.replace(/^initiative-/, '') }));
  for (let i = 0; i < refs.length; i += RAW_BATCH) await enqueueSearchSyncMany(db, refs.slice(i, i + RAW_BATCH));
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATA_DIR: path.join(tmp, 'worker-data'),
    MEILI_URL: meili.url,
    MEILI_MASTER_KEY: meili.masterKey,
    SEED_DEMO: 'false',
  });
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, db });
  defer('mailer', () => mailer.close());
  const services: Services = {
    config,
    db,
    dbKind: 'postgres',
    search: { available: true, url: meili.url, client: createMeiliClient({ host: meili.url, apiKey: meili.masterKey }) },
    mailer,
    uploads: createAttachmentStore(config.uploadsDir),
  };
  t = performance.now();
  const ran = await runDueJobs(services);
  const drainSec = seconds(t);
  const drained = (await client.index(CONTENT_INDEX).getStats()).numberOfDocuments;
  const [notDone] = await db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(and(eq(jobs.kind, SEARCH_SYNC_JOB), sql`${jobs.status} <> 'done'`));
  if (ran !== refs.length || drained !== refs.length || (notDone?.n ?? 0) > 0) {
    throw new Error(`outbox drain: ran ${ran} jobs, index holds ${drained}, ${notDone?.n} jobs not done (expected ${refs.length})`);
  }
  const drainRate = refs.length / drainSec;
  const ingestRatio = drainRate / rawRate;
  log(`outbox drain: ${refs.length} jobs in ${drainSec.toFixed(1)} s = ${drainRate.toFixed(0)} docs/s (drain/raw ${ingestRatio.toFixed(2)})`);
  figures.push({ measure: `raw bulk ingest, first ${INGEST.toLocaleString('sv-SE')} by id (addDocuments ×${RAW_BATCH.toLocaleString('sv-SE')} + waitTask)`, value: `${rawRate.toFixed(0)} docs/s (${rawSec.toFixed(1)} s)` });
  figures.push({ measure: `outbox drain, same ${INGEST.toLocaleString('sv-SE')} (search.sync jobs → runDueJobs)`, value: `${drainRate.toFixed(0)} docs/s (${drainSec.toFixed(1)} s)` });
  figures.push({ measure: 'ratio drain/raw', value: ingestRatio.toFixed(2), target: `≥ 0.7 ${ingestRatio >= 0.7 ? '✓' : '✗'}` });

  t = performance.now();
  const result = await reindex(db, client, documentText);
  const reindexSec = seconds(t);
  const indexed = (await client.index(CONTENT_INDEX).getStats()).numberOfDocuments;
  if (indexed !== CORPUS) throw new Error(`after reindex the index holds ${indexed} documents, expected ${CORPUS}`);
  // The replay (changes made while the build ran) would otherwise keep the app's worker busy during the searches.
  if (result.replayed > 0) await runDueJobs(services);
  log(`reindex: ${result.indexed} docs in ${reindexSec.toFixed(1)} s = ${(result.indexed / reindexSec).toFixed(0)} docs/s (replayed ${result.replayed})`);
  figures.push({ measure: `full reindex() of ${CORPUS.toLocaleString('sv-SE')} (batches of 1 000, build + swap)`, value: `${reindexSec.toFixed(1)} s = ${(result.indexed / reindexSec).toFixed(0)} docs/s` });

  // 3. Search latency: the app's page against Meilisearch directly ---------------
  const app = await startApp({ DATABASE_URL: databaseUrl, MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, SEED_DEMO: 'false' });
  defer('app server', () => app.stop());
  log(`app server at ${app.url}`);
  const appAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const meiliAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  defer('http agents', () => {
    appAgent.destroy();
    meiliAgent.destroy();
  });
  const searchUrl = new URL(`/indexes/${CONTENT_INDEX}/search`, meili.url);
  /** Diagnostic baseline: Express + Remix + one `select 1`, no search, no page. */
  const healthzUrl = new URL('/healthz', app.url);
  const healthz = async () => {
    const res = await request(appAgent, healthzUrl);
    if (res.status !== 200) throw new Error(`GET /healthz: HTTP ${res.status}`);
  };

  const paths = QUERIES.map((query) => {
    const params = new URLSearchParams({ q: query.q });
    for (const [k, v] of Object.entries(query.filters ?? {})) params.set(URL_PARAM[k as keyof SearchFilters], String(v));
    const pageUrl = new URL(`/sok?${params}`, app.url);
    const dataUrl = new URL(`/sok.data?${params}`, app.url);
    const body = JSON.stringify({
      q: query.q,
      ...buildSearchParams({ q: query.q, filters: query.filters ?? {}, visibilityKeys: ['public'], sort: 'relevance', page: 1, hitsPerPage: 20 }),
    });
    const headers = { authorization: `Bearer ${meili.masterKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'accept-encoding': 'identity' };
    return {
      query,
      app: async () => {
        const res = await request(appAgent, pageUrl);
        if (res.status !== 200) throw new Error(`GET ${pageUrl.pathname}${pageUrl.search}: HTTP ${res.status}`);
        return res.body;
      },
      /** Diagnostic: what the browser fetches when it navigates client-side (root + search loaders, single fetch), no SSR. */
      appData: async () => {
        const res = await request(appAgent, dataUrl);
        if (res.status !== 200) throw new Error(`GET ${dataUrl.pathname}${dataUrl.search}: HTTP ${res.status}`);
        return res.body;
      },
      /** Diagnostic: the app's searchContent() (meilisearch-js over createNodeHttpClient + mapping), in this process. */
      inProcess: async () => {
        const res = await searchContent(services, ANONYMOUS, { q: query.q, filters: query.filters ?? {}, sort: 'relevance', page: 1 });
        if (!res.ok) throw new Error(`searchContent ${describe(query)}: ${res.reason}`);
        return res;
      },
      direct: async () => {
        const res = await request(meiliAgent, searchUrl, { method: 'POST', headers, body });
        if (res.status !== 200) throw new Error(`Meilisearch search ${describe(query)}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
        return JSON.parse(res.body) as { totalHits: number; processingTimeMs: number; hits: { slug: string }[] };
      },
    };
  });

  // Sanity and warm-up: every query finds something, and the page shows Meilisearch's first hit.
  for (const p of paths) {
    const direct = await p.direct();
    const page = await p.app();
    if (direct.totalHits === 0) throw new Error(`query ${describe(p.query)} finds nothing`);
    if (!page.includes(direct.hits[0]!.slug)) throw new Error(`the page for ${describe(p.query)} does not show the first hit ${direct.hits[0]!.slug}`);
  }
  for (let r = 1; r < WARMUP_ROUNDS; r++) {
    for (const p of paths) {
      await p.app();
      await p.direct();
      await p.inProcess();
      await p.appData();
      await healthz();
    }
  }

  const appMs: number[] = [];
  const directMs: number[] = [];
  const inProcessMs: number[] = [];
  const dataMs: number[] = [];
  const healthzMs: number[] = [];
  const engineMs: number[] = [];
  const pageBytes: number[] = [];
  const hits: number[] = [];
  t = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, p] of paths.entries()) {
      const timed = [
        async () => {
          const t0 = performance.now();
          const page = await p.app();
          appMs.push(performance.now() - t0);
          pageBytes.push(Buffer.byteLength(page));
        },
        async () => {
          const t0 = performance.now();
          const res = await p.direct();
          directMs.push(performance.now() - t0);
          engineMs.push(res.processingTimeMs);
          if (round === 0) hits.push(res.totalHits);
        },
        async () => {
          const t0 = performance.now();
          await p.inProcess();
          inProcessMs.push(performance.now() - t0);
        },
        async () => {
          const t0 = performance.now();
          await p.appData();
          dataMs.push(performance.now() - t0);
        },
        async () => {
          const t0 = performance.now();
          await healthz();
          healthzMs.push(performance.now() - t0);
        },
      ];
      // Rotate who goes first so no path always profits from a warm cache.
      for (let k = 0; k < timed.length; k++) await timed[(round + i + k) % timed.length]!();
    }
  }
  log(`searched ${QUERIES.length} queries × ${ROUNDS} rounds × 5 paths in ${seconds(t).toFixed(1)} s`);
  const ms = (x: number) => x.toFixed(1);
  const row = (measure: string, xs: number[]) => {
    const x = stats(xs);
    figures.push({ measure: `${measure}, p50 / p95 / mean`, value: `${ms(x.p50)} / ${ms(x.p95)} / ${ms(x.mean)} ms` });
    return x;
  };
  const sortedHits = [...hits].sort((x, y) => x - y);
  const meanPage = pageBytes.reduce((x, y) => x + y, 0) / pageBytes.length / 1024;
  figures.push({
    measure: 'queries',
    value:
      `${QUERIES.length} (1–2 words, a typo, synonyms, å/ä/ö, 3 with a filter, 1 empty with a filter) × ${ROUNDS} rounds, interleaved; ` +
      `hits per query ${sortedHits[0]}–${sortedHits.at(-1)} (median ${sortedHits[Math.floor(sortedHits.length / 2)]}), page ${meanPage.toFixed(0)} KiB`,
  });
  const a = row('app: GET /sok?q=… (loader + SSR page)', appMs);
  const d = row('direct: POST /indexes/content/search, same params', directMs);
  const ratio = { p50: a.p50 / d.p50, p95: a.p95 / d.p95, mean: a.mean / d.mean };
  figures.push({
    measure: 'ratio app/direct, p50 / p95 / mean',
    value: `${ratio.p50.toFixed(2)} / ${ratio.p95.toFixed(2)} / ${ratio.mean.toFixed(2)} (app − direct, mean: ${ms(a.mean - d.mean)} ms)`,
    target: `≤ 1.3 ${Math.max(ratio.p50, ratio.p95, ratio.mean) <= 1.3 ? '✓' : '✗'}`,
  });
  row('diagnostic: Meilisearch processingTimeMs (direct)', engineMs);
  row('diagnostic: searchContent() called in the bench process', inProcessMs);
  row('diagnostic: GET /sok.data?q=… (client-side navigation: loaders, no SSR)', dataMs);
  row('diagnostic: GET /healthz (Express + Remix + `select 1`)', healthzMs);

  // 4. Report -----------------------------------------------------------------------
  const date = new Date().toISOString().slice(0, 10);
  figures.unshift({ measure: 'machine', value: `${cores} cores (nproc), Node ${process.version}, Meilisearch ${meiliVersion}, PostgreSQL ${pgVersion}, ${date}` });
  console.log(`\n| measure | value | target |\n|---|---|---|`);
  for (const f of figures) console.log(`| ${f.measure} | ${f.value} | ${f.target ?? ''} |`);
  console.log('');
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  exitCode = 1;
  console.error('\nbench:search failed:', error);
} finally {
  await cleanup();
  clearTimeout(watchdog);
  log(exitCode === 0 ? 'done, everything removed' : 'cleaned up after the failure');
}
process.exit(exitCode);
