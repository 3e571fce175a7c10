import { INITIATIVE_STATUSES, SECTORS, SUCCESS_FACTORS, THEMES, type InitiativeStatus, type Sector, type SuccessFactor, type Theme } from '#app/vocabulary.ts';

/** Browse and feed filters from the query string (Swedish parameter names, as in the URLs people share). */
export interface BrowseFilters {
  area?: string;
  theme?: Theme;
  successFactor?: SuccessFactor;
  status?: InitiativeStatus;
  sector?: Sector;
  year?: number;
  /** What the success-factor insight measures; its numbers link here with these set. */
  longTerm?: true;
  crossSector?: true;
  evaluated?: true;
  withLessons?: true;
  sort: 'newest' | 'oldest' | 'title';
  page: number;
}

/** Query parameters of the measured characteristics (checkboxes on the browse page, value 1). */
export const CHARACTERISTIC_PARAMS = { longTerm: 'langsiktig', crossSector: 'sektorsovergripande', evaluated: 'utvarderad', withLessons: 'lardomar' } as const;

const flag = (params: URLSearchParams, name: string): true | undefined => (params.get(name) === '1' ? true : undefined);

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined => (v && (values as readonly string[]).includes(v) ? (v as T) : undefined);

export function parseBrowseFilters(params: URLSearchParams): BrowseFilters {
  const area = params.get('omrade') ?? params.get('kommun');
  const year = Number(params.get('ar'));
  const page = Number(params.get('sida'));
  return {
    area: area && /^(\d{2}|\d{4})$/.test(area) ? area : undefined,
    theme: oneOf(THEMES, params.get('tema')),
    successFactor: oneOf(SUCCESS_FACTORS, params.get('faktor')),
    status: oneOf(INITIATIVE_STATUSES, params.get('status')),
    sector: oneOf(SECTORS, params.get('sektor')),
    year: Number.isInteger(year) && year >= 1990 && year <= 2100 ? year : undefined,
    longTerm: flag(params, CHARACTERISTIC_PARAMS.longTerm),
    crossSector: flag(params, CHARACTERISTIC_PARAMS.crossSector),
    evaluated: flag(params, CHARACTERISTIC_PARAMS.evaluated),
    withLessons: flag(params, CHARACTERISTIC_PARAMS.withLessons),
    sort: oneOf(['newest', 'oldest', 'title'] as const, params.get('sortera')) ?? 'newest',
    page: Number.isInteger(page) && page > 0 && page < 10_000 ? page : 1,
  };
}
