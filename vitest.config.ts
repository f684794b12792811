import { defineConfig } from 'vitest/config';

// Kernel code runs from TypeScript sources in the test process (the "source" export condition), while
// user programs run as compiled JavaScript in worker threads: `pnpm test` builds first.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'demos/**/*.test.ts', 'test/**/*.test.ts'],
    // A kernel fault on a machine a test booted fails the test, whatever it asserted.
    setupFiles: ['packages/emu-kernel/src/testbin/lib/oops.setup.ts'],
    // An end-to-end test makes up to a handful of runs of at most 25 s each (test/lib/cli.ts kills a run
    // then); on a loaded host four of them took 21 s, and CPU-bound tests stretch with the load.
    testTimeout: 60000,
    hookTimeout: 30000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
