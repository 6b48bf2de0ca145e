import { StorePrice } from '../../entities/store-price.entity.js';
import { PageOf } from '../page.js';

export const StorePricePage = PageOf(StorePrice, 'StorePrice');
