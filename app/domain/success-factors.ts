/**
 * The five success factors in work against segregation: a controlled
 * vocabulary used across content, filters and search facets.
 */
export const SUCCESS_FACTORS = ['long_term', 'cross_sector', 'collaboration', 'early_preventive', 'knowledge_based'] as const;
export type SuccessFactor = (typeof SUCCESS_FACTORS)[number];
