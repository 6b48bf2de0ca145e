import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../../entities/role.entity.js';
import { Tender } from '../../entities/tender.entity.js';
import { User } from '../../entities/user.entity.js';
import { UserRole } from '../../entities/user-role.entity.js';
import { ALL_PERMISSIONS } from '../auth/permissions.js';
import { hashSecret, pinDigest } from '../auth/credentials.js';

export const ADMIN_ROLE = 'Administrator';

/**
 * Makes a fresh database usable: the Administrator role (always holding every permission, also after
 * an upgrade adds permissions), the `admin` user holding it at every store, and the CASH and CARD
 * tenders. Returns true when the admin user was created now.
 */
export async function bootstrap(
  em: EntityManager,
  opts: { adminPin: string; pinKey: string },
): Promise<boolean> {
  return em.transactional(async (tx) => {
    let role = await tx.findOne(Role, { name: ADMIN_ROLE });
    if (!role) {
      role = tx.create(Role, {
        name: ADMIN_ROLE,
        description: 'Every permission',
        permissions: [...ALL_PERMISSIONS],
      });
    } else if (ALL_PERMISSIONS.some((p) => !role!.permissions.includes(p))) {
      role.permissions = [...new Set([...role.permissions, ...ALL_PERMISSIONS])].sort();
    }
    let created = false;
    if ((await tx.count(User, {})) === 0) {
      const admin = tx.create(User, {
        username: 'admin',
        displayName: 'Administrator',
        pinHash: await hashSecret(opts.adminPin),
        pinDigest: pinDigest(opts.pinKey, opts.adminPin),
      });
      tx.create(UserRole, { user: admin, role, store: null });
      created = true;
    }
    if ((await tx.count(Tender, {})) === 0) {
      tx.create(Tender, { code: 'CASH', name: 'Cash', isCash: true, sortOrder: 0 });
      tx.create(Tender, { code: 'CARD', name: 'Card', isCash: false, sortOrder: 1 });
    }
    return created;
  });
}
