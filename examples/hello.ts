// A program of your own, run inside the machine: pnpm emu --bin hello=examples/hello.ts -c 'hello world'
import { puts, getpid, getuid } from '@urfs/emu-kernel/user/libc';

export default function main(argv: string[]): number {
  puts(`hello from pid ${getpid()} (uid ${getuid()}), argv: ${JSON.stringify(argv.slice(1))}`);
  return 0;
}
