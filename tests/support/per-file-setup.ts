// MikroORM keeps entity metadata in a process-wide global. Jest runs each test file in a fresh VM realm
// but the global survives between files of one worker, so a second file would reuse the first file's
// metadata objects (whose Maps belong to another realm). Start every file with empty metadata.
delete (globalThis as Record<string, unknown>)['mikro-orm-metadata'];
