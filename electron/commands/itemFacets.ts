import type { Database } from 'better-sqlite3';
import type { Facet } from '../../shared/contract/itemFacets';
import { prepared } from '../ledger/prepared';
import type { Handlers } from './handler';

const sql = (db: Database) => ({
  categories: db.prepare(`SELECT category AS value, count(*) AS items FROM items WHERE category IS NOT NULL GROUP BY category ORDER BY category COLLATE NOCASE`),
  brands: db.prepare(`SELECT brand AS value, count(*) AS items FROM items WHERE brand IS NOT NULL GROUP BY brand ORDER BY brand COLLATE NOCASE`),
});

export const itemFacetHandlers: Handlers<'items.facets'> = {
  'items.facets': (_p, ctx) => {
    const s = prepared(ctx.ledger.db, sql);
    return { categories: s.categories.all() as Facet[], brands: s.brands.all() as Facet[] };
  },
};
