import { Customer } from '../../entities/customer.entity.js';
import { PageOf } from '../page.js';

export const CustomerPage = PageOf(Customer, 'Customer');
