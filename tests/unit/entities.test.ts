import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { MetadataStorage } from '@mikro-orm/core';
import { entities } from '../../src/entities';

const DIR = resolve(__dirname, '../../src/entities');

it('lists every entity file once, and only entity classes', () => {
  const files = readdirSync(DIR).filter((name) => name.endsWith('.entity.ts'));
  expect(entities).toHaveLength(files.length);
  const decorated = new Set(Object.values(MetadataStorage.getMetadata()).map((meta) => meta.className));
  for (const entity of entities) expect(decorated.has(entity.name)).toBe(true);
  expect(new Set(entities).size).toBe(entities.length);
});
