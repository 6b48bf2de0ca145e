import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../../src/db/database';
import { createTestDatabase } from '../support/database';

it('the committed migrations produce exactly the schema the entities describe', async () => {
  const db = await createTestDatabase();
  const orm = await MikroORM.init(ormOptions(db.url));
  try {
    const drift = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, dropTables: false });
    expect(drift.trim()).toBe('');
  } finally {
    await orm.close(true);
    await db.drop();
  }
});
