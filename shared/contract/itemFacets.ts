import { z } from 'zod';

/** The categories and brands in the catalogue, with item counts: the stock list's filter choices. */
export const itemFacetCommands = {
  'items.facets': z.object({}).strict().optional().default({}),
};

export interface Facet {
  value: string;
  items: number;
}

export interface ItemFacetResults {
  'items.facets': { categories: Facet[]; brands: Facet[] };
}
