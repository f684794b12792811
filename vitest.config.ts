import { defineConfig } from 'vitest/config';

// Kernel code runs from TypeScript sources in the test process (the "source" export condition), while
// user programs run as compiled JavaScript in worker threads: `pnpm test` builds first.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'demos/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.mjs'],
    // A kernel fault on a machine a test booted fails the test, whatever it asserted.
    setupFiles: ['packages/emu-kernel/src/testbin/lib/oops.setup.ts', 'packages/emu-kernel/src/testbin/lib/host.setup.ts'],
    // An end-to-end test makes up to a handful of emu runs, each killed by test/lib/cli.ts well inside
    // this; on a loaded host CPU-bound tests stretch with the load.
    testTimeout: 60000,
    hookTimeout: 30000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
