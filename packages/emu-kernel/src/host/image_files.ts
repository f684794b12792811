// The host-independent part of the root file system image: /etc, and the contents of a program's and a
// kernel module's image file, shared by the Node image (image.ts) and the browser's prebuilt one.
import type { ImageFile } from '../init/main.js';
import { BINFMT_EMU_MAGIC } from '../fs/exec.js';
import { MODULE_MAGIC } from '../kernel/module_loader_magic.js';

/** A binfmt_emu executable naming its program module. */
export function programImage(url: string): string {
  return `${BINFMT_EMU_MAGIC}${url}\n`;
}

/** A /lib/modules/*.ko file naming its kernel module. */
export function moduleImage(url: string): string {
  return `${MODULE_MAGIC}${url}\n`;
}

export function etcFiles(): ImageFile[] {
  return [
    { path: '/etc/passwd', mode: 0o644, content: 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\n' +
      'nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' },
    { path: '/etc/group', mode: 0o644, content: 'root:x:0:\nuser:x:1000:\nnogroup:x:65534:\n' },
    { path: '/etc/hostname', mode: 0o644, content: 'urfs\n' },
  ];
}
