// "Download /tmp": the machine's own tar archives /tmp (through the system calls, so a filter on a path
// there shapes what is read, as for any program), and the page hands the archive to the browser.
import type { PageMachine } from './machine.js';

const ARCHIVE = '/var/tmp/playground-tmp.tar';

/** The archive of the machine's /tmp, or null when tar failed outright (its messages are on the terminal). */
export async function tmpArchive(m: PageMachine): Promise<Uint8Array | null> {
  const status = await m.run(['/bin/sh', '-c', `mkdir -p /var/tmp && tar -cf ${ARCHIVE} -C / tmp`]);
  const data = await m.readFile(ARCHIVE);
  await m.run(['/bin/rm', '-f', ARCHIVE]);
  return status >> 8 === 2 ? null : data;
}

export async function downloadTmp(m: PageMachine): Promise<void> {
  const data = await tmpArchive(m);
  if (!data) return;
  const url = URL.createObjectURL(new Blob([data.slice()], { type: 'application/x-tar' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'urfs-tmp.tar';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
