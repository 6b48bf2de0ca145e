import { Special } from '../../entities/special.entity.js';
import { PageOf } from '../page.js';

export const SpecialPage = PageOf(Special, 'Special');
