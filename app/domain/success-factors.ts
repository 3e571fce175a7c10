/**
 * The five success factors in work against segregation: a controlled
 * vocabulary used across content, filters and search facets.
 */
export { SUCCESS_FACTORS, type SuccessFactor } from '#db/vocabulary.ts';
