import { VISIBILITIES, type Visibility } from '#db/vocabulary.ts';

export const isVisibility = (v: unknown): v is Visibility => typeof v === 'string' && (VISIBILITIES as readonly string[]).includes(v);
