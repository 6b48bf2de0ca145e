import { Supplier } from '../../entities/supplier.entity.js';
import { PageOf } from '../page.js';

export const SupplierPage = PageOf(Supplier, 'Supplier');
