import type { TaxRateInput } from './tax-engine.js';

/*
 * Pricing facts that the sale checks and records: which price wins, which specials count, and a rate
 * as it applies to a product. No database access (a SQL fragment at most), so that selling imports no
 * CRUD service for them.
 */

/** Where an effective price comes from, in order of precedence. */
export type PriceSource = 'SPECIAL' | 'STORE_PRICE' | 'PRODUCT';

/** The price a product sells at, at one store and moment, and why. */
export interface EffectivePrice {
  price: number;
  source: PriceSource;
  /** The special that set the price (source SPECIAL). */
  specialId?: string;
}

/** Every price that could apply to a product at a store on a day. */
export interface PriceCandidates {
  productPrice: number;
  /** The store's override, if it has one. */
  storePrice: number | null;
  /** Specials active that day. */
  specials: Array<{ id: string; specialPrice: number }>;
}

/** A rate that applies to a product, in the order it applies. */
export interface ProductTaxRate extends TaxRateInput {
  name: string;
}

/**
 * The specials in force for a product on a day, as SQL: a JSON array of `{id, specialPrice, endDate}`
 * (null when none). `product` and `day` are SQL expressions (`p.id`, `d.today`). The one statement of
 * which specials count, for the till's look-up and the sale's check alike; `choosePrice` picks among them.
 */
export const specialsInForceSql = (product: string, day: string) =>
  `(select json_agg(json_build_object('id', o.id, 'specialPrice', o.special_price, 'endDate', o.end_date))
      from special o
     where o.product_id = ${product} and o.is_active and o.start_date <= ${day} and o.end_date >= ${day})`;

/**
 * The winning price among the candidates: a special, else the store's override, else the product's
 * price. A special wins even when it is dearer than the regular price: it was set on purpose.
 */
export function choosePrice(candidates: PriceCandidates): EffectivePrice {
  // Overlapping specials (a chain-wide promotion and a clearance, say): the lowest price wins, and on a
  // tie the oldest special (smallest UUID v7), so that the choice never depends on row order.
  const special = candidates.specials.reduce<PriceCandidates['specials'][number] | undefined>(
    (best, s) =>
      !best || s.specialPrice < best.specialPrice || (s.specialPrice === best.specialPrice && s.id < best.id)
        ? s
        : best,
    undefined,
  );
  if (special) return { price: special.specialPrice, source: 'SPECIAL', specialId: special.id };
  if (candidates.storePrice !== null) return { price: candidates.storePrice, source: 'STORE_PRICE' };
  return { price: candidates.productPrice, source: 'PRODUCT' };
}
