import { User } from '../../entities/user.entity.js';
import { PageOf } from '../page.js';

export const UserPage = PageOf(User, 'User');
