import { SalesRep } from '../../entities/sales-rep.entity.js';
import { PageOf } from '../page.js';

export const SalesRepPage = PageOf(SalesRep, 'SalesRep');
