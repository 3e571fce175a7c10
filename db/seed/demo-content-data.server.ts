import type { InitiativeStatus, SuccessFactor, TargetGroup, Theme } from '#app/vocabulary.ts';

/**
 * Demo content for Samverka: fictional initiatives (insatser) and lessons
 * learned (lärdomar) in Swedish. Every title ends with " (exempel)"; people,
 * e-mail addresses and links are invented and point to .example / example.org.
 */

type Doc = { type: 'doc'; content: unknown[] }; // Tiptap/ProseMirror JSON

export interface DemoInitiative {
  key: string;
  ownerSlug: string;
  partnerSlugs: string[];
  title: string;
  summary: string;
  /** Lättläst sammanfattning, for some of the examples. */
  plainSummary?: string;
  body: Doc;
  status: InitiativeStatus;
  startDate: string;
  endDate: string | null;
  areaCodes: string[];
  themes: Theme[];
  targetGroups: TargetGroup[];
  successFactors: SuccessFactor[];
  funding: { source: string; amountSek: number | null } | null;
  evaluation: { method: string; evaluatedBy: string; summary: string; url: string | null } | null;
  contact: { name: string; email: string };
  visibility: 'public' | 'partners';
  inspiredBy: string[];
}

export interface DemoLesson {
  key: string;
  ownerSlug: string;
  initiativeKey: string | null;
  title: string;
  summary: string;
  plainSummary?: string;
  whatWorked: Doc;
  whatDidNot: Doc;
  recommendations: Doc;
  themes: Theme[];
  successFactors: SuccessFactor[];
  visibility: 'public' | 'partners';
}

// ---------------------------------------------------------------------------
// Small builders for Tiptap JSON (plain data, no runtime dependencies)
// ---------------------------------------------------------------------------

type Text = { type: 'text'; text: string; marks?: unknown[] };
type Inline = string | Text;

const txt = (part: Inline): Text => (typeof part === 'string' ? { type: 'text', text: part } : part);
const bold = (text: string): Text => ({ type: 'text', text, marks: [{ type: 'bold' }] });
const italic = (text: string): Text => ({ type: 'text', text, marks: [{ type: 'italic' }] });
const link = (text: string, href: string): Text => ({ type: 'text', text, marks: [{ type: 'link', attrs: { href } }] });

const p = (...parts: Inline[]) => ({ type: 'paragraph', content: parts.map(txt) });
const h2 = (text: string) => ({ type: 'heading', attrs: { level: 2 }, content: [txt(text)] });
const listItems = (items: Inline[][]) => items.map((parts) => ({ type: 'listItem', content: [p(...parts)] }));
const ul = (...items: (Inline | Inline[])[]) => ({
  type: 'bulletList',
  content: listItems(items.map((i) => (Array.isArray(i) ? i : [i]))),
});
const ol = (...items: (Inline | Inline[])[]) => ({
  type: 'orderedList',
  content: listItems(items.map((i) => (Array.isArray(i) ? i : [i]))),
});
const quote = (...parts: Inline[]) => ({ type: 'blockquote', content: [p(...parts)] });
const table = (header: string[], rows: string[][]) => ({
  type: 'table',
  content: [
    { type: 'tableRow', content: header.map((h) => ({ type: 'tableHeader', content: [p(h)] })) },
    ...rows.map((row) => ({ type: 'tableRow', content: row.map((c) => ({ type: 'tableCell', content: [p(c)] })) })),
  ],
});
const doc = (...content: unknown[]): Doc => ({ type: 'doc', content });

const SEGREGATION_GRANT = 'Statsbidrag för att minska och motverka segregation';

// ---------------------------------------------------------------------------
// Initiatives
// ---------------------------------------------------------------------------

export const DEMO_INITIATIVES: DemoInitiative[] = [
  {
    key: 'laxhjalp-rosengard',
    ownerSlug: 'foreningen-grannskap-rosengard',
    partnerSlugs: ['malmo-stad'],
    title: 'Läxhjälp och språkcafé i Rosengård (exempel)',
    summary:
      'Frivilliga läxhjälpare och studenter erbjuder läxhjälp fyra kvällar i veckan, kompletterat med ett språkcafé där föräldrar och nyanlända övar svenska i vardagliga samtal.',
    plainSummary:
      'Barn i Rosengård kan få hjälp med läxorna fyra kvällar varje vecka. Det är gratis. Vuxna som vill lära sig mer svenska kan komma till ett språkcafé och prata med andra.',
    body: doc(
      p(
        'Verksamheten startade när föräldrar i området efterfrågade en lugn plats där barnen kunde göra läxor med stöd av vuxna. I dag träffas elever i årskurs 4–9 i föreningslokalen och på stadsdelsbiblioteket måndag till torsdag.',
      ),
      h2('Så fungerar det'),
      ul(
        [bold('Läxhjälp'), ' med fasta volontärer som följer samma elevgrupp under en hel termin.'],
        [bold('Språkcafé'), ' på torsdagar, där vuxna samtalar om teman som skola, vård och arbete.'],
        [bold('Kontakt med skolan'), ' genom en kontaktlärare per skola som delar information om prov och inlämningar.'],
      ),
      p(
        'Volontärerna får en introduktion i pedagogiskt förhållningssätt och barnskydd innan de börjar. Läs mer om upplägget i vår ',
        link('handbok för läxhjälpare', 'https://grannskap.example.org/handbok-laxhjalp'),
        '.',
      ),
    ),
    status: 'ongoing',
    startDate: '2021-09-01',
    endDate: null,
    areaCodes: ['1280'],
    themes: ['education', 'integration', 'children_youth'],
    targetGroups: ['children', 'youth', 'parents', 'newly_arrived'],
    successFactors: ['long_term', 'collaboration', 'early_preventive'],
    funding: { source: 'Föreningsbidrag från Malmö stad', amountSek: 450000 },
    evaluation: {
      method: 'Enkät till elever och föräldrar samt intervjuer med lärare',
      evaluatedBy: 'Intern uppföljning med stöd av stadens analysenhet',
      summary:
        'Åtta av tio elever uppgav att de lämnade in fler uppgifter i tid. Lärarna bedömde att kontinuiteten hos volontärerna var den viktigaste faktorn.',
      url: null,
    },
    contact: { name: 'Fatima Hassan', email: 'fatima.hassan@forening.example' },
    visibility: 'public',
    inspiredBy: [],
  },
  {
    key: 'feriejobb-malmo',
    ownerSlug: 'malmo-stad',
    partnerSlugs: ['arbetsformedlingen'],
    title: 'Feriejobb med handledning för unga 16–18 år (exempel)',
    summary:
      'Ungdomar från områden med socioekonomiska utmaningar erbjöds feriejobb i kommunala verksamheter och hos lokala företag, med utbildade handledare och ett intyg efter avslutad period.',
    body: doc(
      p(
        'Satsningen riktade sig till unga som saknade egna kontakter på arbetsmarknaden. Platserna fördelades med förtur till sökande från de stadsdelar där andelen unga i arbete var lägst.',
      ),
      h2('Resultat per år'),
      table(
        ['År', 'Antal platser', 'Fullföljde perioden', 'Andel flickor'],
        [
          ['2022', '620', '88 %', '47 %'],
          ['2023', '710', '91 %', '51 %'],
          ['2024', '760', '93 %', '52 %'],
        ],
      ),
      h2('Vad som var nytt'),
      p(
        'Alla handledare gick en halvdagsutbildning, och ungdomarna fick ett ',
        bold('personligt intyg'),
        ' som beskrev arbetsuppgifter och styrkor. Arbetsförmedlingen medverkade vid introduktionsdagar med information om hur man söker jobb.',
      ),
    ),
    status: 'completed',
    startDate: '2022-01-15',
    endDate: '2024-09-30',
    areaCodes: ['1280'],
    themes: ['work', 'children_youth'],
    targetGroups: ['youth'],
    successFactors: ['cross_sector', 'collaboration', 'early_preventive'],
    funding: { source: `Kommunal budget för feriearbete och ${SEGREGATION_GRANT.toLowerCase()}`, amountSek: 3200000 },
    evaluation: {
      method: 'Registeruppföljning av deltagarnas sysselsättning ett år efter feriejobbet, jämfört med en matchad kontrollgrupp',
      evaluatedBy: 'Stadskontorets analysenhet',
      summary:
        'Deltagarna hade något högre andel med extrajobb eller studier året efter. Effekten var tydligast för unga som haft en engagerad handledare.',
      url: 'https://malmo.example.org/rapporter/feriejobb-uppfoljning-2024',
    },
    contact: { name: 'Johan Berg', email: 'johan.berg@malmo.example' },
    visibility: 'public',
    inspiredBy: [],
  },
  {
    key: 'foraldraskap-modersmal',
    ownerSlug: 'malmo-stad',
    partnerSlugs: ['foreningen-grannskap-rosengard'],
    title: 'Föräldraträffar på modersmål (exempel)',
    summary:
      'Gruppträffar för föräldrar till barn i åldern 3–12 år, ledda av utbildade gruppledare på arabiska, somaliska, dari och svenska. Fokus på samspel, skolans förväntningar och var man kan få stöd.',
    body: doc(
      p(
        'Föräldrar i området uttryckte att de ofta kände sig osäkra på det svenska skolsystemet och var man vänder sig om barnet mår dåligt. Kommunens föräldrastödsprogram nådde få, bland annat på grund av språk.',
      ),
      h2('Upplägg'),
      ol(
        'Rekrytering via föreningen, öppna förskolan och skolornas föräldramöten.',
        'Sex träffar à två timmar, med barnpassning under tiden.',
        'Samtal om samspel, gränssättning utan våld och barns rättigheter.',
        'Avslutande träff med besök av skolkurator och socialtjänstens familjebehandlare.',
      ),
      quote(
        italic('”Jag förstod för första gången vad ett utvecklingssamtal är till för.” '),
        '– Deltagare, våren 2022',
      ),
    ),
    status: 'completed',
    startDate: '2021-02-01',
    endDate: '2023-12-31',
    areaCodes: ['1280'],
    themes: ['children_youth', 'integration', 'health'],
    targetGroups: ['parents', 'newly_arrived'],
    successFactors: ['early_preventive', 'collaboration', 'knowledge_based'],
    funding: { source: SEGREGATION_GRANT, amountSek: 1150000 },
    evaluation: {
      method: 'För- och eftermätning med validerat formulär om föräldraskap, samt fokusgrupper',
      evaluatedBy: 'Extern utvärderare (exempel)',
      summary:
        'Deltagarna rapporterade ökad trygghet i föräldrarollen och bättre kännedom om skola och socialtjänst. Avhoppen var låga när barnpassning erbjöds.',
      url: 'https://utvardering.example.org/foraldratraffar-slutrapport',
    },
    contact: { name: 'Anna Lindqvist', email: 'anna.lindqvist@malmo.example' },
    visibility: 'public',
    inspiredBy: [],
  },
  {
    key: 'sspf-malmo-oster',
    ownerSlug: 'malmo-stad',
    partnerSlugs: [],
    title: 'SSPF-samverkan i östra Malmö (exempel)',
    summary:
      'Skola, socialtjänst, polis och fritid träffas varannan vecka för att tidigt upptäcka unga i riskzon och erbjuda samordnat stöd, med vårdnadshavares samtycke.',
    body: doc(
      p(
        'SSPF står för samverkan mellan skola, socialtjänst, polis och fritid. Arbetet bygger på en gemensam lägesbild och en tydlig rutin för hur information får delas.',
      ),
      h2('Arbetsgång'),
      ul(
        'Lokal styrgrupp med rektorer, enhetschef inom socialtjänsten och kommunpolis.',
        'Operativ grupp som träffas varannan vecka och följer upp individärenden.',
        'Samtyckesblankett på flera språk, framtagen tillsammans med vårdnadshavare.',
        'Kvartalsvis lägesbild som delas med styrgruppen.',
      ),
      p(
        'Inspiration och stöd har hämtats från nationella vägledningar för SSPF. Vår lokala ',
        link('rutinbeskrivning', 'https://malmo.example.org/sspf/rutin'),
        ' är tillgänglig för partnerorganisationer.',
      ),
    ),
    status: 'ongoing',
    startDate: '2019-01-15',
    endDate: null,
    areaCodes: ['1280'],
    themes: ['safety', 'children_youth', 'education'],
    targetGroups: ['youth', 'parents', 'professionals'],
    successFactors: ['cross_sector', 'early_preventive', 'collaboration', 'long_term'],
    funding: { source: 'Ordinarie budget inom skol- och socialförvaltningen', amountSek: null },
    evaluation: {
      method: 'Processutvärdering med intervjuer och genomgång av avidentifierade ärenden',
      evaluatedBy: 'Kommunens FoU-enhet',
      summary:
        'Samverkan har blivit snabbare och mer strukturerad. Utmaningar kvarstår kring återkoppling till skolan när socialtjänsten inte kan dela detaljer.',
      url: null,
    },
    contact: { name: 'Sara Nilsson', email: 'sara.nilsson@malmo.example' },
    visibility: 'partners',
    inspiredBy: [],
  },
  {
    key: 'trygghetsvandringar-rosengard',
    ownerSlug: 'foreningen-grannskap-rosengard',
    partnerSlugs: ['malmo-stad'],
    title: 'Trygghetsvandringar med boende och fastighetsägare (exempel)',
    summary:
      'Boende, fastighetsägare och kommunens tjänstepersoner gick tillsammans genom området kvällstid för att identifiera otrygga platser. Åtgärderna följdes upp öppet på ett stormöte.',
    body: doc(
      p(
        'Under 2023 genomfördes tolv trygghetsvandringar, varav fyra särskilt för kvinnor och flickor och två tillsammans med seniorer. Varje vandring dokumenterades med foton och en enkel karta.',
      ),
      h2('Exempel på åtgärder'),
      ul(
        'Ny och bättre belysning längs gång- och cykelstråket mot skolan.',
        'Beskärning av buskage vid två busshållplatser.',
        'Snabbare borttagning av klotter och nedskräpning.',
        'Öppen lokal med kvällsaktiviteter i ett tidigare tomt gatuplan.',
      ),
      p(
        bold('Uppföljning: '),
        'Alla förslag fördes in i en åtgärdslista med ansvarig part och tidsplan, som presenterades på ett stormöte i november.',
      ),
    ),
    status: 'completed',
    startDate: '2023-03-01',
    endDate: '2023-11-30',
    areaCodes: ['1280'],
    themes: ['safety', 'democracy', 'urban_planning'],
    targetGroups: ['residents', 'women', 'elderly'],
    successFactors: ['collaboration', 'cross_sector'],
    funding: { source: 'Brottsförebyggande medel från kommunen', amountSek: 180000 },
    evaluation: {
      method: 'Uppföljning av åtgärdslistan samt kort trygghetsenkät före och efter',
      evaluatedBy: 'Föreningen tillsammans med stadsdelens trygghetssamordnare',
      summary: '31 av 38 föreslagna åtgärder genomfördes. Andelen som kände sig trygga ute på kvällen ökade något, främst bland kvinnor.',
      url: null,
    },
    contact: { name: 'Ali Rahimi', email: 'ali.rahimi@forening.example' },
    visibility: 'public',
    inspiredBy: [],
  },
  {
    key: 'boendesocialt-team',
    ownerSlug: 'malmo-stad',
    partnerSlugs: ['foreningen-grannskap-rosengard'],
    title: 'Boendesocialt team i samarbete med allmännyttan (exempel)',
    summary:
      'Ett gemensamt team från kommunen och det kommunala bostadsbolaget arbetar förebyggande mot vräkningar, trångboddhet och bristande grannrelationer i tre bostadsområden.',
    body: doc(
      p(
        'Teamet består av två boendesociala handläggare, en bovärd och en samordnare från bostadsbolaget. De tar kontakt med hushåll redan vid första hyresskulden och erbjuder stöd med budget och kontakter med myndigheter.',
      ),
      h2('Insatser'),
      ul(
        'Hembesök vid tidiga tecken på hyresskuld eller störningar.',
        'Informationsträffar om hyresrätt och boendeekonomi på flera språk.',
        'Grannträffar och gemensamma städdagar tillsammans med föreningen.',
        'Stöd till trångbodda familjer att söka större bostad.',
      ),
      p(
        'Insatsen följs upp kvartalsvis utifrån antal avhysningar, hyresskulder och hyresgästernas upplevda trivsel.',
      ),
    ),
    status: 'ongoing',
    startDate: '2020-08-01',
    endDate: null,
    areaCodes: ['1280'],
    themes: ['housing', 'integration', 'children_youth'],
    targetGroups: ['residents', 'parents', 'children'],
    successFactors: ['early_preventive', 'cross_sector', 'long_term'],
    funding: { source: 'Delad finansiering mellan kommunen och det kommunala bostadsbolaget', amountSek: 2400000 },
    evaluation: {
      method: 'Jämförelse av antal verkställda avhysningar före och efter start',
      evaluatedBy: 'Bostadsbolagets hyresavdelning och kommunens socialförvaltning',
      summary: 'Antalet verkställda avhysningar av barnfamiljer har minskat från nio till en per år i de berörda områdena.',
      url: null,
    },
    contact: { name: 'Maria Ek', email: 'maria.ek@malmo.example' },
    visibility: 'partners',
    inspiredBy: [],
  },
  {
    key: 'kvinnor-vag-till-arbete',
    ownerSlug: 'arbetsformedlingen',
    partnerSlugs: ['malmo-stad', 'foreningen-grannskap-rosengard'],
    title: 'Vägen till arbete för utrikes födda kvinnor (exempel)',
    summary:
      'Ett arbetsmarknadsprogram som kombinerar yrkessvenska, praktik och studiebesök för utrikes födda kvinnor som står långt från arbetsmarknaden. Barnpassning ingår vid alla gruppträffar.',
    body: doc(
      p(
        'Utrikes födda kvinnor har i genomsnitt lägre sysselsättning än både utrikes födda män och inrikes födda kvinnor. Programmet tar avstamp i deltagarnas egna erfarenheter och mål.',
      ),
      h2('Tre steg'),
      ol(
        [bold('Kartläggning'), ' av tidigare utbildning, arbetslivserfarenhet och praktiska hinder.'],
        [bold('Yrkessvenska och studiebesök'), ' inom vård och omsorg, lokalvård, förskola och handel.'],
        [bold('Praktik med handledare'), ' som kan leda till anställning med lönestöd eller vidare studier.'],
      ),
      p(
        'Civilsamhällets organisationer bidrar med rekrytering och uppsökande arbete, eftersom många deltagare inte har regelbunden kontakt med myndigheter. Mer information finns på ',
        link('programmets projektsida', 'https://af.example.org/projekt/vagen-till-arbete'),
        '.',
      ),
    ),
    status: 'ongoing',
    startDate: '2022-09-01',
    endDate: null,
    areaCodes: ['1280', '0127', '1880'],
    themes: ['work', 'integration'],
    targetGroups: ['women', 'newly_arrived', 'unemployed'],
    successFactors: ['cross_sector', 'collaboration', 'long_term'],
    funding: { source: 'Europeiska socialfonden+ (ESF+)', amountSek: 6800000 },
    evaluation: {
      method: 'Löpande uppföljning av deltagarnas status 90 och 180 dagar efter avslutat program',
      evaluatedBy: 'Arbetsförmedlingens analysavdelning',
      summary:
        'Efter 180 dagar var 38 procent av deltagarna i arbete eller reguljära studier. Deltagare med barnpassning fullföljde i högre grad.',
      url: null,
    },
    contact: { name: 'Erik Johansson', email: 'erik.johansson@af.example' },
    visibility: 'public',
    inspiredBy: [],
  },
  {
    key: 'fredagshall-idrott',
    ownerSlug: 'foreningen-grannskap-rosengard',
    partnerSlugs: ['malmo-stad'],
    title: 'Öppen idrottshall på fredagskvällar (exempel)',
    summary:
      'En kommunal idrottshall hölls öppen fredagskvällar för spontanidrott med ledare från föreningen. Verksamheten avbröts efter nio månader på grund av osäker finansiering och svårigheter att bemanna.',
    body: doc(
      p(
        'Målet var att erbjuda unga 13–18 år en trygg mötesplats under de kvällar då fritidsgården var stängd. Aktiviteterna var fotboll, basket och dans.',
      ),
      h2('Varför verksamheten avbröts'),
      ul(
        'Projektmedlen var ettåriga och förlängning beviljades inte.',
        'Ledarna var ideella och flera slutade under våren, vilket gjorde schemat oförutsägbart.',
        'Hallen var också bokad av föreningar, så öppettiderna ändrades ofta.',
        'Få flickor deltog, trots att det var en uttalad målsättning.',
      ),
      p('Erfarenheterna finns samlade i en lärdom, så att andra kan undvika samma fallgropar.'),
    ),
    status: 'discontinued',
    startDate: '2021-10-01',
    endDate: '2022-06-30',
    areaCodes: ['1280'],
    themes: ['culture_leisure', 'children_youth', 'safety'],
    targetGroups: ['youth'],
    successFactors: ['early_preventive'],
    funding: { source: 'Projektbidrag för fritidsverksamhet, kommunen', amountSek: 220000 },
    evaluation: null,
    contact: { name: 'Ali Rahimi', email: 'ali.rahimi@forening.example' },
    visibility: 'public',
    inspiredBy: [],
  },
  {
    key: 'medborgardialog-torget',
    ownerSlug: 'malmo-stad',
    partnerSlugs: ['foreningen-grannskap-rosengard'],
    title: 'Medborgardialog om nya stadsdelstorget (exempel)',
    summary:
      'Inför ombyggnaden av stadsdelstorget planerar kommunen en dialog i flera steg, med dialogvandringar, pop up-verkstäder och en digital karta, för att nå grupper som sällan deltar i samråd.',
    body: doc(
      p(
        'Torget ska byggas om under 2028. Kommunen vill att de som använder platsen varje dag – barn, unga, äldre och näringsidkare – ska påverka utformningen innan detaljplanen tas fram.',
      ),
      h2('Planerade dialogformer'),
      ul(
        'Dialogvandringar efter modell från trygghetsvandringarna i området.',
        'Pop up-verkstäder på torget och i skolorna, med tolkar på plats.',
        'Digital karta där man kan lämna synpunkter på flera språk.',
        'Återkopplingsmöte där kommunen redovisar vad som tagits med – och varför vissa förslag inte gick att genomföra.',
      ),
      p(
        'Upplägget bygger på ',
        link('kommunens riktlinjer för medborgardialog', 'https://malmo.example.org/riktlinjer/medborgardialog'),
        '.',
      ),
    ),
    status: 'planned',
    startDate: '2027-02-01',
    endDate: '2027-12-31',
    areaCodes: ['1280'],
    themes: ['urban_planning', 'democracy', 'safety'],
    targetGroups: ['residents', 'youth', 'children', 'elderly'],
    successFactors: ['collaboration', 'knowledge_based'],
    funding: { source: 'Stadsbyggnadsnämndens investeringsbudget', amountSek: 650000 },
    evaluation: null,
    contact: { name: 'Lina Persson', email: 'lina.persson@malmo.example' },
    visibility: 'public',
    inspiredBy: ['trygghetsvandringar-rosengard'],
  },
  {
    key: 'lokal-segregationsbarometer',
    ownerSlug: 'arbetsformedlingen',
    partnerSlugs: [],
    title: 'Lokal lägesbild över arbetsmarknad och segregation (exempel)',
    summary:
      'Ett kunskapsunderlag med statistik på områdesnivå om sysselsättning, utbildning och inkomst, framtaget tillsammans med tre kommuner som stöd för att prioritera insatser.',
    body: doc(
      p(
        'Kommunerna efterfrågade ett gemensamt underlag som visar skillnader mellan områden över tid, i stället för enstaka ögonblicksbilder. Underlaget bygger på officiell statistik från SCB och Arbetsförmedlingens egna register.',
      ),
      h2('Innehåll'),
      ul(
        'Sysselsättningsgrad och andel inskrivna arbetslösa per område, uppdelat på kön och födelseregion.',
        'Andel elever med gymnasiebehörighet.',
        'Inkomstfördelning och andel hushåll med ekonomiskt bistånd.',
        'Korta tolkningstexter och förslag på frågor att diskutera lokalt.',
      ),
      p(
        'Metod och indikatorer beskrivs i en ',
        link('metodbilaga', 'https://af.example.org/lagesbild/metodbilaga'),
        '. ',
        italic('Alla siffror i demoinnehållet är fiktiva.'),
      ),
    ),
    status: 'completed',
    startDate: '2022-03-01',
    endDate: '2023-10-31',
    areaCodes: ['2480', '2281', '1780'],
    themes: ['work', 'education', 'integration'],
    targetGroups: ['professionals'],
    successFactors: ['knowledge_based', 'cross_sector'],
    funding: { source: 'Myndighetens förvaltningsanslag', amountSek: 900000 },
    evaluation: {
      method: 'Enkät och workshoppar med användare i de tre kommunerna',
      evaluatedBy: 'Arbetsförmedlingen tillsammans med kommunernas analytiker',
      summary:
        'Underlaget användes i budgetarbete och i ansökningar om statsbidrag. Användarna efterfrågade tätare uppdateringar och stöd i att tolka siffrorna.',
      url: 'https://af.example.org/lagesbild/utvardering',
    },
    contact: { name: 'Karin Sundström', email: 'karin.sundstrom@af.example' },
    visibility: 'public',
    inspiredBy: [],
  },
  {
    key: 'sprakstart-forskola',
    ownerSlug: 'malmo-stad',
    partnerSlugs: ['foreningen-grannskap-rosengard'],
    title: 'Språkstart – tidiga insatser i förskolan (exempel)',
    summary:
      'Förskolor i området arbetar med språkutvecklande arbetssätt, hembesök och föräldraträffar på modersmål för att fler barn ska börja förskolan tidigt och gå i skolan med ett starkt språk.',
    body: doc(
      p(
        'Barn i området börjar i förskolan senare och i lägre utsträckning än i staden som helhet. Insatsen kombinerar uppsökande arbete mot familjer med språkfokus i den pedagogiska verksamheten.',
      ),
      h2('Delar i insatsen'),
      ul(
        'Hembesök av förskollärare och barnhälsovårdssjuksköterska när barnet är 10 och 15 månader.',
        'Föräldraträffar på modersmål, efter modell från stadens tidigare föräldraträffar.',
        'Högläsning och bokpåsar på flera språk i samarbete med biblioteket.',
        'Kompetensutveckling för personalen i språkutvecklande arbetssätt.',
      ),
      p(
        'Inskrivningsgraden följs upp varje termin och jämförs med närliggande områden.',
      ),
    ),
    status: 'ongoing',
    startDate: '2024-01-08',
    endDate: null,
    areaCodes: ['1280'],
    themes: ['education', 'children_youth', 'integration'],
    targetGroups: ['children', 'parents'],
    successFactors: ['early_preventive', 'long_term', 'knowledge_based'],
    funding: { source: SEGREGATION_GRANT, amountSek: 1750000 },
    evaluation: {
      method: 'Uppföljning av inskrivningsgrad och språkscreening vid fyra års ålder',
      evaluatedBy: 'Förskoleförvaltningens kvalitetsenhet',
      summary: 'Andelen tvååringar inskrivna i förskolan har ökat från 61 till 72 procent under de första två åren.',
      url: null,
    },
    contact: { name: 'Helena Axelsson', email: 'helena.axelsson@malmo.example' },
    visibility: 'public',
    inspiredBy: ['foraldraskap-modersmal'],
  },
  {
    key: 'halsokommunikatorer',
    ownerSlug: 'foreningen-grannskap-rosengard',
    partnerSlugs: ['malmo-stad'],
    title: 'Hälsokommunikatörer och hälsoskola på modersmål (exempel)',
    summary:
      'Utbildade hälsokommunikatörer leder hälsoskolor på arabiska, somaliska, tigrinja och dari om bland annat vårdens organisation, psykisk hälsa och kost, och finns på plats där människor redan möts.',
    body: doc(
      p(
        'Modellen bygger på att information tas emot bättre från någon som delar språk och erfarenheter. Kommunikatörerna har vårdbakgrund från hemlandet eller Sverige och har gått en utbildning i samarbete med regionen.',
      ),
      h2('Hälsoskolans teman'),
      ul(
        'Så fungerar vården i Sverige – vårdcentral, 1177 och akutmottagning.',
        'Psykisk hälsa och stress.',
        'Mat, rörelse och diabetesprevention.',
        'Barns hälsa, vaccinationer och tandvård.',
      ),
      p(
        'Träffarna hålls i föreningslokaler, moskéer, kyrkor och på biblioteket. Arbetssättet har anpassats från ',
        bold('föräldraträffarna på modersmål'),
        ', där samma principer om språk och förtroende visade sig bära.',
      ),
    ),
    status: 'ongoing',
    startDate: '2023-09-01',
    endDate: null,
    areaCodes: ['1280', '1283', '1281'],
    themes: ['health', 'integration'],
    targetGroups: ['residents', 'newly_arrived', 'parents', 'elderly'],
    successFactors: ['collaboration', 'early_preventive', 'cross_sector'],
    funding: { source: 'Regionalt folkhälsobidrag och föreningens egna medel', amountSek: 820000 },
    evaluation: {
      method: 'Deltagarenkät direkt efter och tre månader efter hälsoskolan',
      evaluatedBy: 'Regionens folkhälsoenhet',
      summary:
        'Deltagarna visste bättre var de skulle vända sig vid olika vårdbehov. Kännedomen om 1177 ökade tydligt efter tre månader.',
      url: null,
    },
    contact: { name: 'Amina Yusuf', email: 'amina.yusuf@forening.example' },
    visibility: 'public',
    inspiredBy: ['foraldraskap-modersmal'],
  },
];

// ---------------------------------------------------------------------------
// Lessons learned
// ---------------------------------------------------------------------------

export const DEMO_LESSONS: DemoLesson[] = [
  {
    key: 'lardom-laxhjalp-kontinuitet',
    ownerSlug: 'foreningen-grannskap-rosengard',
    initiativeKey: 'laxhjalp-rosengard',
    title: 'Samma läxhjälpare hela terminen gör skillnad (exempel)',
    summary:
      'Eleverna kom oftare och vågade fråga mer när de möttes av samma vuxna varje vecka. Det krävde att vi rekryterade färre men mer engagerade volontärer.',
    plainSummary: 'Barnen kom oftare när de fick träffa samma vuxna varje vecka. Därför valde vi färre volontärer som kunde komma hela terminen.',
    whatWorked: doc(
      p('Fasta volontärer per elevgrupp skapade förtroende. Kontaktläraren på skolan gjorde att vi visste vad eleverna faktiskt behövde öva på.'),
      ul('Terminskontrakt med volontärerna.', 'Veckobrev från skolan om kommande prov.', 'Fika och en lugn start på varje kväll.'),
    ),
    whatDidNot: doc(
      p('Drop in-läxhjälp utan fasta grupper ledde till att många volontärer slutade efter några veckor och att de äldre eleverna uteblev.'),
    ),
    recommendations: doc(
      p(bold('Prioritera kontinuitet före volym. '), 'Räkna med en timmes introduktion och en uppföljning per termin för varje volontär.'),
    ),
    themes: ['education', 'children_youth'],
    successFactors: ['long_term', 'collaboration'],
    visibility: 'public',
  },
  {
    key: 'lardom-feriejobb-handledare',
    ownerSlug: 'malmo-stad',
    initiativeKey: 'feriejobb-malmo',
    title: 'Handledaren avgör om feriejobbet blir en merit (exempel)',
    summary:
      'Uppföljningen visade att effekten av feriejobb hängde tätt ihop med handledarens engagemang. Utbildning och tydliga förväntningar på handledarna blev därför en bärande del.',
    whatWorked: doc(
      p('En kort handledarutbildning och en checklista för första dagen höjde kvaliteten märkbart. Det personliga intyget användes av många ungdomar när de sökte extrajobb.'),
    ),
    whatDidNot: doc(
      p('Placeringar där handledaren inte hade avsatt tid gav ungdomar som mest väntade på uppgifter. Sena besked om placering ledde till avhopp innan perioden ens började.'),
    ),
    recommendations: doc(
      ul(
        'Avsätt tid för handledaren i schemat, inte bara en kontaktperson.',
        'Skicka besked om placering senast sex veckor före start.',
        'Följ upp deltagarna ett år senare för att se vad som faktiskt hände.',
      ),
    ),
    themes: ['work', 'children_youth'],
    successFactors: ['knowledge_based', 'collaboration'],
    visibility: 'public',
  },
  {
    key: 'lardom-sspf-informationsdelning',
    ownerSlug: 'malmo-stad',
    initiativeKey: 'sspf-malmo-oster',
    title: 'Tydliga rutiner för samtycke och informationsdelning i SSPF (exempel)',
    summary:
      'Osäkerhet om sekretess bromsade samverkan i början. En gemensam rutin och samtyckesblankett på flera språk gjorde att arbetet kom igång på allvar.',
    whatWorked: doc(
      p('Att jurister från respektive organisation gick igenom rutinen tillsammans skapade trygghet hos personalen. Vårdnadshavare var oftare positiva till samtycke när de fick informationen på sitt eget språk.'),
    ),
    whatDidNot: doc(
      p('Skolan upplevde att de lämnade information men sällan fick återkoppling. Det skadade förtroendet innan vi införde en rutin för återkoppling på generell nivå.'),
    ),
    recommendations: doc(
      ol(
        'Ta fram rutinen för informationsdelning innan första ärendet.',
        'Bestäm vilken återkoppling som alltid kan ges, även när detaljer omfattas av sekretess.',
        'Utse en samordnare med mandat i alla fyra verksamheter.',
      ),
    ),
    themes: ['safety', 'children_youth'],
    successFactors: ['cross_sector', 'collaboration'],
    visibility: 'partners',
  },
  {
    key: 'lardom-fredagshall-nedlaggning',
    ownerSlug: 'foreningen-grannskap-rosengard',
    initiativeKey: 'fredagshall-idrott',
    title: 'Därför lade vi ned den öppna fredagshallen (exempel)',
    summary:
      'Intresset fanns, men verksamheten vilade på ettåriga projektmedel och ideella ledare utan reserv. När hallen dessutom ofta var dubbelbokad tappade vi ungdomarnas förtroende.',
    whatWorked: doc(
      p('De första månaderna kom 40–60 ungdomar varje fredag. Dansen lockade en annan grupp än bollsporterna, och flera unga tog själva ansvar för musik och uppvärmning.'),
    ),
    whatDidNot: doc(
      ul(
        'Vi byggde verksamheten på ettårig projektfinansiering utan plan för vad som skulle hända sedan.',
        'Ledarna var ideella och hade ingen ersättare när de blev sjuka eller slutade.',
        'Hallen var inte reserverad för oss, och inställda kvällar gjorde att ungdomarna slutade komma.',
        'Vi frågade inte flickorna själva vad de ville göra, och de var därför nästan helt frånvarande.',
      ),
    ),
    recommendations: doc(
      p(
        'Starta inte en öppen verksamhet förrän det finns ',
        bold('finansiering för minst tre år, avlönade ledare och garanterade lokaltider'),
        '. Involvera ungdomarna – inklusive flickor – i planeringen från början, och samordna med fritidsgården i stället för att starta en parallell verksamhet.',
      ),
    ),
    themes: ['culture_leisure', 'children_youth'],
    successFactors: ['long_term', 'collaboration'],
    visibility: 'public',
  },
  {
    key: 'lardom-kvinnor-barnpassning',
    ownerSlug: 'arbetsformedlingen',
    initiativeKey: 'kvinnor-vag-till-arbete',
    title: 'Barnpassning och uppsökande arbete öppnade dörren (exempel)',
    summary:
      'Praktiska hinder som barnpassning och tider var ofta viktigare än motivation. Föreningarnas uppsökande arbete nådde kvinnor som myndigheten annars inte hade mött.',
    whatWorked: doc(
      p('Barnpassning under gruppträffarna och start klockan nio i stället för åtta minskade frånvaron. Rekrytering via föreningar och språkcaféer gav deltagare som aldrig varit inskrivna tidigare.'),
    ),
    whatDidNot: doc(
      p('Praktikplatser inom handel var svåra att få fram, och krav på körkort stängde ute många från jobb inom hemtjänsten.'),
    ),
    recommendations: doc(
      ul(
        'Budgetera för barnpassning från start.',
        'Samverka med civilsamhället om rekrytering – och ersätt dem för arbetet.',
        'Ta tidigt kontakt med arbetsgivare om praktik och undersök möjligheten till körkortsstöd.',
      ),
    ),
    themes: ['work', 'integration'],
    successFactors: ['cross_sector', 'collaboration'],
    visibility: 'public',
  },
  {
    key: 'lardom-lagesbild-tolkning',
    ownerSlug: 'arbetsformedlingen',
    initiativeKey: 'lokal-segregationsbarometer',
    title: 'Statistik blir användbar när den tolkas tillsammans (exempel)',
    summary:
      'Ett bra statistikunderlag räckte inte. Först när kommunernas verksamheter fick tolka siffrorna tillsammans i workshoppar började underlaget användas i beslut.',
    whatWorked: doc(
      p('Korta tolkningstexter och gemensamma workshoppar med skola, socialtjänst och näringslivsenhet gjorde att siffrorna kopplades till konkreta prioriteringar.'),
    ),
    whatDidNot: doc(
      p('Den första versionen var en lång rapport med många diagram. Den lästes av få och gav mest frågor om definitioner.'),
    ),
    recommendations: doc(
      p('Börja med de frågor beslutsfattarna behöver svar på och välj indikatorer därefter. Planera för årliga uppdateringar redan från start, så att utvecklingen över tid går att följa.'),
    ),
    themes: ['work', 'education'],
    successFactors: ['knowledge_based', 'long_term'],
    visibility: 'public',
  },
  {
    key: 'lardom-projektkedjor',
    ownerSlug: 'malmo-stad',
    initiativeKey: null,
    title: 'Från projektkedjor till ordinarie verksamhet (exempel)',
    summary:
      'Många insatser mot segregation startar som projekt och försvinner när pengarna tar slut. Vi beskriver hur vi arbetar för att goda exempel ska bli en del av ordinarie budget.',
    whatWorked: doc(
      p('Att redan i ansökan peka ut vilken förvaltning som ska ta över efter projekttiden, och att följa upp med samma indikatorer som ordinarie verksamhet, gjorde det lättare att fatta beslut om fortsättning.'),
    ),
    whatDidNot: doc(
      p('Projekt som drevs helt vid sidan av linjeorganisationen saknade ägare när finansieringen upphörde, även när resultaten var goda.'),
    ),
    recommendations: doc(
      ul(
        'Förankra projektet hos en mottagande chef från start.',
        'Planera för en överlämning under det sista projektåret.',
        'Dokumentera arbetssättet så att det kan tas över av andra.',
      ),
    ),
    themes: ['integration', 'democracy'],
    successFactors: ['long_term', 'knowledge_based'],
    visibility: 'public',
  },
  {
    key: 'lardom-forening-kommun-fortroende',
    ownerSlug: 'foreningen-grannskap-rosengard',
    initiativeKey: null,
    title: 'Samverkan mellan förening och kommun på lika villkor (exempel)',
    summary:
      'Civilsamhället har ofta förtroende och kontakter som kommunen saknar. Samverkan fungerar bäst när föreningen ses som en part med egen kunskap och inte bara som utförare.',
    whatWorked: doc(
      p('Gemensamma planeringsdagar och en skriftlig överenskommelse om roller gjorde att vi kunde säga nej till uppdrag som inte passade vår verksamhet, utan att samarbetet tog skada.'),
    ),
    whatDidNot: doc(
      p('Korta uppdrag med snäva tidsramar gjorde det svårt att behålla personal. Ibland blev vi tillfrågade först när en insats redan var beslutad.'),
    ),
    recommendations: doc(
      p(
        'Involvera föreningarna tidigt och överväg ett ',
        italic('idéburet offentligt partnerskap'),
        ' (IOP) när samarbetet ska vara långsiktigt. Läs mer i ',
        link('vår guide till IOP', 'https://grannskap.example.org/guide-iop'),
        '.',
      ),
    ),
    themes: ['democracy', 'integration'],
    successFactors: ['collaboration', 'long_term', 'cross_sector'],
    visibility: 'public',
  },
];
