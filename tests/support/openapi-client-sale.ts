import createClient from 'openapi-fetch';
import type { paths } from '../generated/openapi';

/**
 * A client nobody here wrote: openapi-fetch typed by openapi-typescript from the served document
 * (`tests/generated/openapi.ts`, written by `npm run codegen`). It sets up a shop and rings up the
 * reference's own sale body (API-REFERENCE.txt, "Create Sale Body"), every body typed: the test
 * type-checks this file alone, so a document that could not type the reference's bodies fails it.
 * It imports nothing of the project.
 */

type SaleBody = paths['/api/v1/sales']['post']['requestBody']['content']['application/json'];

/** What went wrong, when a call did not succeed. */
function data<T>(result: { data?: { data: T }; error?: unknown; response: Response }): T {
  if (!result.data) throw new Error(`${result.response.status}: ${JSON.stringify(result.error)}`);
  return result.data.data;
}

export async function sellThroughGeneratedClient(baseUrl: string, suffix: string) {
  const client = createClient<paths>({ baseUrl });
  // The reference's login request, as printed.
  const login = data(await client.POST('/api/v1/auth/login', { body: { username: 'admin', pin: '1234' } }));
  client.use({
    onRequest({ request }) {
      request.headers.set('Authorization', `Bearer ${login.accessToken}`);
      return request;
    },
  });
  const store = data(
    await client.POST('/api/v1/stores', {
      body: { code: `GEN${suffix}`, name: `Generated ${suffix}`, timezone: 'America/Chicago' },
    }),
  );
  const stateTax = data(
    await client.POST('/api/v1/taxes', {
      body: { name: `State Tax ${suffix}`, rate: 825, isCompound: false },
    }),
  );
  const group = data(
    await client.POST('/api/v1/taxes/groups', {
      body: { name: `Standard ${suffix}`, rates: [{ taxRateId: stateTax.id, sortOrder: 0 }] },
    }),
  );
  const coffee = data(
    await client.POST('/api/v1/products', {
      body: { sku: `COFFEE-${suffix}`, name: 'Coffee', sellPrice: 999, costPrice: 400, taxGroupId: group.id },
    }),
  );
  const cash = data(
    await client.POST('/api/v1/tenders', { body: { code: `CASH${suffix}`, name: 'Cash', isCash: true } }),
  );
  data(
    await client.POST('/api/v1/registers/open', {
      body: { storeId: store.id, terminalId: 'T01', openingAmount: 10000 },
    }),
  );
  // The reference's sale body, its placeholders filled in with the rows just made.
  const body: SaleBody = {
    receiptNumber: 'R-0001',
    cashierId: login.user.id,
    terminalId: 'T01',
    subtotal: 1998,
    taxTotal: 165,
    discountTotal: 0,
    grandTotal: 2163,
    storeId: store.id,
    salesRepId: null,
    customerId: null,
    items: [
      {
        productId: coffee.id,
        productName: 'Coffee',
        quantity: 2000,
        unitPrice: 999,
        taxRate: 825,
        taxAmount: 165,
        discountAmount: 0,
        lineTotal: 2163,
        taxes: [{ taxRateName: stateTax.name, rate: 825, taxAmount: 165, isCompound: false, sortOrder: 0 }],
      },
    ],
    payments: [{ method: cash.code, amount: 2200, reference: null }],
  };
  const created = await client.POST('/api/v1/sales', { body });
  const sale = data(created);
  const receipt = data(await client.POST('/api/v1/sales/print', { body: { saleId: sale.id } }));
  return { status: created.response.status, sale, receipt };
}
