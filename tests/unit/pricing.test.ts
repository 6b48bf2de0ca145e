import { choosePrice } from '../../src/services/pricing/price-choice';

describe('choosePrice', () => {
  it("uses the product's price when nothing else applies", () => {
    expect(choosePrice({ productPrice: 999, storePrice: null, specials: [] })).toEqual({
      price: 999,
      source: 'PRODUCT',
    });
  });

  it("prefers the store's override to the product's price, even a zero one", () => {
    expect(choosePrice({ productPrice: 999, storePrice: 899, specials: [] })).toEqual({
      price: 899,
      source: 'STORE_PRICE',
    });
    expect(choosePrice({ productPrice: 999, storePrice: 0, specials: [] })).toEqual({
      price: 0,
      source: 'STORE_PRICE',
    });
  });

  it('prefers an active special to both, even when it is dearer', () => {
    expect(
      choosePrice({ productPrice: 999, storePrice: 899, specials: [{ id: 'a', specialPrice: 950 }] }),
    ).toEqual({ price: 950, source: 'SPECIAL', specialId: 'a' });
  });

  it('takes the lowest of several specials, the oldest (smallest id) on a tie, whatever their order', () => {
    const specials = [
      { id: '0193-c', specialPrice: 700 },
      { id: '0193-b', specialPrice: 500 },
      { id: '0193-a', specialPrice: 500 },
      { id: '0193-d', specialPrice: 800 },
    ];
    const expected = { price: 500, source: 'SPECIAL', specialId: '0193-a' };
    expect(choosePrice({ productPrice: 999, storePrice: null, specials })).toEqual(expected);
    expect(choosePrice({ productPrice: 999, storePrice: null, specials: [...specials].reverse() })).toEqual(
      expected,
    );
  });
});
