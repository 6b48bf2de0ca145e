// REST routes of pricing (services/pricing): taxes, store prices, specials. Listed in order by index.ts.
import { section } from './route.js';

// The /taxes/groups routes first: `/taxes/:id` would match `/taxes/groups` too.
export const TAX_SECTION = section('Taxes', 'Tax rates and the tax groups that apply them to products.', [
  { field: 'Query.taxGroups', method: 'GET', path: '/taxes/groups', access: 'taxes.view' },
  { field: 'Query.taxGroup', method: 'GET', path: '/taxes/groups/:id', access: 'taxes.view' },
  {
    field: 'Mutation.createTaxGroup',
    method: 'POST',
    path: '/taxes/groups',
    access: 'taxes.manage',
    status: 201,
    failures: [409],
  },
  {
    field: 'Mutation.updateTaxGroup',
    method: 'PUT',
    path: '/taxes/groups/:id',
    access: 'taxes.manage',
    failures: [409],
  },
  {
    field: 'Mutation.deleteTaxGroup',
    method: 'DELETE',
    path: '/taxes/groups/:id',
    access: 'taxes.manage',
    failures: [409],
  },
  { field: 'Query.taxRates', method: 'GET', path: '/taxes', access: 'taxes.view' },
  {
    field: 'Mutation.createTaxRate',
    method: 'POST',
    path: '/taxes',
    access: 'taxes.manage',
    status: 201,
    failures: [409],
  },
  {
    field: 'Mutation.updateTaxRate',
    method: 'PUT',
    path: '/taxes/:id',
    access: 'taxes.manage',
    failures: [409],
  },
  {
    field: 'Mutation.deleteTaxRate',
    method: 'DELETE',
    path: '/taxes/:id',
    access: 'taxes.manage',
    failures: [409],
  },
]);

// POST is an upsert: 200 whether it created or replaced the override.
export const STORE_PRICE_SECTION = section(
  'Store Prices',
  "A store's own price for a product, overriding the catalogue price.",
  [
    {
      field: 'Query.storePrices',
      method: 'GET',
      path: '/store-prices',
      access: 'store_prices.view',
    },
    { field: 'Mutation.setStorePrice', method: 'POST', path: '/store-prices', access: 'store_prices.manage' },
    {
      field: 'Mutation.deleteStorePrice',
      method: 'DELETE',
      path: '/store-prices/:id',
      access: 'store_prices.manage',
    },
  ],
);

export const SPECIAL_SECTION = section('Specials', 'Time-limited promotional prices.', [
  { field: 'Query.specials', method: 'GET', path: '/specials', access: 'specials.view' },
  {
    field: 'Query.activeSpecials',
    method: 'GET',
    path: '/specials/active',
    access: 'specials.view',
  },
  {
    field: 'Mutation.createSpecial',
    method: 'POST',
    path: '/specials',
    access: 'specials.manage',
    status: 201,
  },
  { field: 'Mutation.updateSpecial', method: 'PUT', path: '/specials/:id', access: 'specials.manage' },
  { field: 'Mutation.deleteSpecial', method: 'DELETE', path: '/specials/:id', access: 'specials.manage' },
]);
