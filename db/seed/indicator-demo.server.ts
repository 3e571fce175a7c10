import { createHash } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { indicatorImports, indicators, indicatorValues } from '../schema/index.server.ts';
import { KOMMUNER, LAN } from './areas-data.server.ts';

/**
 * Example indicator values for a newcomer's first start, after the themes of
 * Segregationsbarometern. The numbers are generated, not real statistics:
 * every indicator is flagged `isExample` and its source says so.
 */
export interface DemoIndicator {
  code: string;
  nameSv: string;
  nameEn: string;
  descriptionSv: string;
  descriptionEn: string;
  unit: 'procent' | 'kronor';
  source: string;
  higherIsBetter: boolean;
  decimals: number;
  isExample: true;
}

export const DEMO_SOURCE = 'Exempeldata – genererad för demonstration';

/** Bump when the generator changes; the import row's hash is derived from it. */
const GENERATOR_VERSION = 'samverka-indicator-demo/1';

export const DEMO_INDICATORS: readonly DemoIndicator[] = [
  {
    code: 'sysselsattning',
    nameSv: 'Sysselsättningsgrad 20–64 år',
    nameEn: 'Employment rate, ages 20–64',
    descriptionSv: 'Andelen av befolkningen i åldern 20–64 år som förvärvsarbetar.',
    descriptionEn: 'The share of the population aged 20–64 who are in gainful employment.',
    unit: 'procent',
    source: DEMO_SOURCE,
    higherIsBetter: true,
    decimals: 1,
    isExample: true,
  },
  {
    code: 'medianinkomst',
    nameSv: 'Medianinkomst, disponibel',
    nameEn: 'Median disposable income',
    descriptionSv: 'Den disponibla medianinkomsten per person 20 år och äldre, i kronor per år.',
    descriptionEn: 'The median disposable income per person aged 20 and over, in kronor per year.',
    unit: 'kronor',
    source: DEMO_SOURCE,
    higherIsBetter: true,
    decimals: 0,
    isExample: true,
  },
  {
    code: 'eftergymnasial',
    nameSv: 'Eftergymnasial utbildning 25–64 år',
    nameEn: 'Post-secondary education, ages 25–64',
    descriptionSv: 'Andelen av befolkningen i åldern 25–64 år som har en eftergymnasial utbildning.',
    descriptionEn: 'The share of the population aged 25–64 who have a post-secondary education.',
    unit: 'procent',
    source: DEMO_SOURCE,
    higherIsBetter: true,
    decimals: 1,
    isExample: true,
  },
  {
    code: 'gymnasiebehorighet',
    nameSv: 'Behörighet till gymnasieskolan',
    nameEn: 'Eligibility for upper secondary school',
    descriptionSv: 'Andelen elever i årskurs 9 som är behöriga till ett yrkesprogram på gymnasieskolan.',
    descriptionEn: 'The share of ninth-grade pupils who are eligible for a vocational programme in upper secondary school.',
    unit: 'procent',
    source: DEMO_SOURCE,
    higherIsBetter: true,
    decimals: 1,
    isExample: true,
  },
  {
    code: 'valdeltagande',
    nameSv: 'Valdeltagande i kommunalval',
    nameEn: 'Electoral turnout in municipal elections',
    descriptionSv: 'Andelen röstberättigade som röstade i valet till kommunfullmäktige.',
    descriptionEn: 'The share of eligible voters who voted in the election to the municipal council.',
    unit: 'procent',
    source: DEMO_SOURCE,
    higherIsBetter: true,
    decimals: 1,
    isExample: true,
  },
  {
    code: 'ekonomiskt_bistand',
    nameSv: 'Ekonomiskt bistånd',
    nameEn: 'Economic assistance',
    descriptionSv: 'Andelen av befolkningen som under året bodde i ett hushåll som fick ekonomiskt bistånd.',
    descriptionEn: 'The share of the population who during the year lived in a household receiving economic assistance.',
    unit: 'procent',
    source: DEMO_SOURCE,
    higherIsBetter: false,
    decimals: 1,
    isExample: true,
  },
  {
    code: 'trangboddhet',
    nameSv: 'Trångboddhet enligt norm 2',
    nameEn: 'Overcrowding (norm 2)',
    descriptionSv: 'Andelen av befolkningen som bor trångt enligt trångboddhetsnorm 2.',
    descriptionEn: 'The share of the population living in overcrowded housing according to overcrowding norm 2.',
    unit: 'procent',
    source: DEMO_SOURCE,
    higherIsBetter: false,
    decimals: 1,
    isExample: true,
  },
];

/**
 * How one indicator's numbers are drawn. Values are `mean + spread·level +
 * slope·(year − REF_YEAR) + noise`, where `level` (≈ N(0,1)) mixes a shared
 * per-kommun factor with an indicator-specific one, so a kommun that is well
 * off on one indicator tends to be well off on the others. Income grows
 * multiplicatively instead.
 */
interface Generator {
  mean: number;
  spread: number;
  /** Average change per year (income: relative growth per year). */
  slope: number;
  /** Spread of the kommun-specific slope around `slope`. */
  slopeSpread: number;
  noise: number;
  min: number;
  max: number;
  /** Only these years have values (elections). */
  onlyYear?: (year: number) => boolean;
  /** National swing for a given year, added to every kommun. */
  yearShift?: (year: number) => number;
  /** Round to this step before storing (default 10^-decimals). */
  step?: number;
}

const REF_YEAR = 2019;
/** How strongly each indicator follows the shared per-kommun factor. */
const SHARED = 0.7;

/** National turnout swing per election, so the years differ as real ones do. */
const ELECTION_SWING: Record<number, number> = { 2014: -0.5, 2018: 1, 2022: -2.5 };

const GENERATORS: Record<string, Generator> = {
  sysselsattning: { mean: 80, spread: 3.5, slope: 0.3, slopeSpread: 0.15, noise: 0.5, min: 55, max: 92 },
  medianinkomst: { mean: 265_000, spread: 0.09, slope: 0.028, slopeSpread: 0.006, noise: 0.006, min: 180_000, max: 400_000, step: 100 },
  eftergymnasial: { mean: 36, spread: 8, slope: 0.6, slopeSpread: 0.2, noise: 0.4, min: 12, max: 80 },
  gymnasiebehorighet: { mean: 85, spread: 4.5, slope: -0.1, slopeSpread: 0.3, noise: 2.2, min: 55, max: 100 },
  valdeltagande: {
    mean: 83,
    spread: 3,
    slope: 0,
    slopeSpread: 0.1,
    noise: 0.8,
    min: 60,
    max: 95,
    onlyYear: (y) => y % 4 === 2,
    yearShift: (y) => ELECTION_SWING[y] ?? 0,
  },
  ekonomiskt_bistand: { mean: 4, spread: 1.5, slope: -0.12, slopeSpread: 0.06, noise: 0.25, min: 0.5, max: 15 },
  trangboddhet: { mean: 14, spread: 3.5, slope: 0.1, slopeSpread: 0.1, noise: 0.5, min: 3, max: 40 },
};

/** FNV-1a, 32 bits: turns a seed string into a PRNG seed. */
function hashSeed(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast, deterministic; plenty for example data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller) from a uniform source. */
function normal(rand: () => number): () => number {
  return () => {
    const u = 1 - rand();
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const roundTo = (x: number, step: number) => Math.round(x / step) * step;
/** Rounds to a whole number of decimals without binary float tails (0.1 + 0.2 …). */
const roundDecimals = (x: number, decimals: number) => Number(x.toFixed(decimals));

function store(x: number, def: DemoIndicator, gen: Generator): number {
  const v = clamp(x, gen.min, gen.max);
  return gen.step ? roundTo(v, gen.step) : roundDecimals(v, def.decimals);
}

function yearsIn([from, to]: [number, number]): number[] {
  const out: number[] = [];
  for (let y = from; y <= to; y++) out.push(y);
  return out;
}

interface ValueRow {
  indicatorCode: string;
  areaCode: string;
  period: string;
  value: number;
}

/** Every demo value for kommuner, län and the country; pure and deterministic. */
export function generateIndicatorDemo(years: [number, number] = [2014, 2024]): ValueRow[] {
  const allYears = yearsIn(years);
  const shared = new Map(KOMMUNER.map((k) => [k.code, normal(mulberry32(hashSeed(`${k.code}:niva`)))()]));
  const rows: ValueRow[] = [];
  for (const def of DEMO_INDICATORS) {
    const gen = GENERATORS[def.code]!;
    const sign = def.higherIsBetter ? 1 : -1;
    const periods = allYears.filter((y) => gen.onlyYear?.(y) ?? true);
    // kommun → year → value, for the län and country means below.
    const byKommun = new Map<string, Map<number, number>>();
    for (const k of KOMMUNER) {
      const draw = normal(mulberry32(hashSeed(`${k.code}:${def.code}`)));
      const level = sign * (SHARED * shared.get(k.code)! + Math.sqrt(1 - SHARED * SHARED) * draw());
      const slope = gen.slope + gen.slopeSpread * draw();
      const values = new Map<number, number>();
      for (const year of periods) {
        // Seeded per year so changing the year range leaves other years alone.
        const noise = normal(mulberry32(hashSeed(`${k.code}:${def.code}:${year}`)))();
        const t = year - REF_YEAR;
        const shift = gen.yearShift?.(year) ?? 0;
        const raw =
          def.unit === 'kronor'
            ? gen.mean * Math.exp(gen.spread * level + slope * t + gen.noise * noise)
            : gen.mean + gen.spread * level + slope * t + shift + gen.noise * noise;
        const value = store(raw, def, gen);
        values.set(year, value);
        rows.push({ indicatorCode: def.code, areaCode: k.code, period: String(year), value });
      }
      byKommun.set(k.code, values);
    }
    const byLan = new Map<string, Map<number, number>>();
    for (const l of LAN) {
      const members = KOMMUNER.filter((k) => k.code.startsWith(l.code)).map((k) => byKommun.get(k.code)!);
      const values = new Map<number, number>();
      for (const year of periods) {
        const value = store(mean(members.map((m) => m.get(year)!)), def, gen);
        values.set(year, value);
        rows.push({ indicatorCode: def.code, areaCode: l.code, period: String(year), value });
      }
      byLan.set(l.code, values);
    }
    for (const year of periods) {
      const value = store(mean([...byLan.values()].map((m) => m.get(year)!)), def, gen);
      rows.push({ indicatorCode: def.code, areaCode: 'SE', period: String(year), value });
    }
  }
  return rows;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

const CHUNK = 5000;

/**
 * Inserts the demo indicators and their example values (kommuner, län and
 * Sverige, 2014–2024 by default). Safe to run on every start: if any demo
 * indicator already has values, nothing more is inserted. Needs the areas
 * (seedAreas) in place first.
 */
export async function seedIndicatorDemo(db: Db, opts: { years?: [number, number] } = {}): Promise<{ values: number }> {
  const codes = DEMO_INDICATORS.map((d) => d.code);
  await db.insert(indicators).values([...DEMO_INDICATORS]).onConflictDoNothing({ target: indicators.code });
  const existing = await db.select({ id: indicatorValues.id }).from(indicatorValues).where(inArray(indicatorValues.indicatorCode, codes)).limit(1);
  if (existing.length > 0) return { values: 0 };

  const rows = generateIndicatorDemo(opts.years);
  let inserted = 0;
  await db.transaction(async (tx) => {
    const [imp] = await tx
      .insert(indicatorImports)
      .values({
        source: DEMO_SOURCE,
        retrievedAt: null,
        format: 'seed',
        fileName: 'exempeldata',
        fileSha256: createHash('sha256').update(GENERATOR_VERSION).digest('hex'),
        rowCount: rows.length,
        changedCount: rows.length,
      })
      .returning({ id: indicatorImports.id });
    const importId = imp!.id;
    // Each chunk as one JSON parameter (jsonb_to_recordset), as upsertValues does: a first start on a loaded machine
    // spent most of its seeding time binding 2,000 × 6 parameters per statement and returning every new id.
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK).map((r) => ({ i: r.indicatorCode, a: r.areaCode, p: r.period, v: r.value }));
      const result = await tx.execute(sql`
        with written as (
          insert into ${indicatorValues} (indicator_code, area_code, period, breakdown, value, import_id)
          select r.i, r.a, r.p, '', r.v, ${importId}::uuid
          from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(i text, a text, p text, v numeric)
          on conflict do nothing
          returning 1
        )
        select count(*)::int as n from written`);
      inserted += Number((Array.isArray(result) ? result : (result as { rows: { n: number }[] }).rows)[0]?.n ?? 0);
    }
    if (inserted !== rows.length) {
      await tx.update(indicatorImports).set({ changedCount: inserted }).where(eq(indicatorImports.id, importId));
    }
  });
  return { values: inserted };
}
