#!/usr/bin/env node
// The `emu` command: runs the compiled CLI (build with `pnpm build`; `pnpm install` builds too).
import { main } from '../dist/host/cli.js';
const code = await main(process.argv.slice(2));
process.exit(code);
