// vitest setup file (vitest.config.ts setupFiles): a kernel fault on any machine a test booted fails that
// test, or the file when it came from a beforeAll/afterAll.
import { afterAll, afterEach } from 'vitest';
import { assertNoOopses, watchOopses } from './oops.js';

watchOopses();
afterEach(assertNoOopses);
afterAll(assertNoOopses);
