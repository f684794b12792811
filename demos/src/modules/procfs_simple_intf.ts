// procfs_simple_intf: a driver's tunables and state in /proc/procfs_simple_intf/ (seq_file style):
//   llkdproc_debug_level  0644  the debug level, 0..2; an out-of-range write is refused (EINVAL) and the
//                               old level kept, with a kernel message saying so
//   llkdproc_show_drvctx  0400  the driver context, root only
//   llkdproc_show_list    0444  a seq_operations file over a list of records longer than a page
// Removing the module removes the directory; a file open at that moment keeps the module loaded (EBUSY).
import type { ModuleDef, Module } from '@urfs/emu-kernel/kernel/module';
import { pr_info, pr_warn } from '@urfs/emu-kernel/kernel/printk';
import { proc_mkdir, proc_create, proc_create_seq_data, remove_proc_subtree } from '@urfs/emu-kernel/fs/proc/generic';
import type { ProcDirEntry, ProcOps } from '@urfs/emu-kernel/fs/proc/internal';
import { seq_lseek, seq_printf, seq_read, single_open, single_release, type SeqOperations }
  from '@urfs/emu-kernel/fs/seq_file';
import { copy_from_user } from '@urfs/emu-kernel/mm/uaccess';
import { EFAULT, EINVAL, ENOMEM, ENOSPC } from '@urfs/emu-kernel/uapi/errno';
import { parse_level, DEBUG_LEVEL_MIN, DEBUG_LEVEL_MAX, type DrvCtx, new_drvctx } from '../mechanisms/procfs_simple.js';

const OURMODNAME = 'procfs_simple_intf';
/** Longest write accepted by the debug_level file. */
const MAXUPASS = 12;

export default function procfs_simple_intf(): ModuleDef {
  let gctx: DrvCtx | null = null;
  let parent: ProcDirEntry | null = null;

  return {
    license: 'Dual MIT/GPL',
    author: 'urfs',
    description: 'procfs with seq_file: a debug level in 0..2 and a root-only driver context',
    version: '0.1',
    init(THIS_MODULE: Module): number {
      const ctx = new_drvctx();
      gctx = ctx;
      parent = proc_mkdir(OURMODNAME, null);
      if (!parent) {
        pr_warn(`${OURMODNAME}: proc_mkdir failed`);
        return -ENOMEM;
      }
      const dbg_ops: ProcOps = {
        owner: THIS_MODULE,
        proc_open: (_inode, file) => single_open(file, (m) => seq_printf(m, 'debug_level:%d\n', ctx.debug_level)),
        proc_read: seq_read,
        proc_lseek: seq_lseek,
        proc_release: single_release,
        proc_write(_file, ubuf, count) {
          if (count === 0 || count > MAXUPASS) {
            pr_warn(`${OURMODNAME}: write of ${count} bytes refused (1..${MAXUPASS})`);
            return -ENOSPC;
          }
          const kbuf = new Uint8Array(count);
          if (copy_from_user(kbuf, ubuf, count)) return -EFAULT;
          const v = parse_level(new TextDecoder().decode(kbuf));
          if (v === null) {
            pr_warn(`${OURMODNAME}: trying to set invalid value for debug_level [allowed range: ${DEBUG_LEVEL_MIN}-${DEBUG_LEVEL_MAX}]; keeping the previous value (${ctx.debug_level})`);
            return -EINVAL;
          }
          ctx.debug_level = v;
          pr_info(`${OURMODNAME}: debug_level now ${v}`);
          return count;
        },
      };
      const drvctx_ops: ProcOps = {
        owner: THIS_MODULE,
        proc_open: (_inode, file) => single_open(file, (m) => {
          seq_printf(m, 'prodname:%s\ntx:%d,rx:%d,err:%d,myword:%d,power:%d\nconfig1:0x%x,config2:0x%x\noursecret:%s\n',
            ctx.prodname, ctx.tx, ctx.rx, ctx.err, ctx.myword, ctx.power ? 1 : 0, ctx.config1, ctx.config2, ctx.oursecret);
          seq_printf(m, 'debug_level:%d\n', ctx.debug_level);
        }),
        proc_read: seq_read,
        proc_lseek: seq_lseek,
        proc_release: single_release,
      };
      const list_ops: SeqOperations<number> = {
        start: (_m, pos) => (pos.pos < ctx.list.length ? pos.pos : null),
        next: (_m, _v, pos) => (++pos.pos < ctx.list.length ? pos.pos : null),
        stop: () => {},
        show: (m, i) => void seq_printf(m, '%3d: %s\n', i, ctx.list[i]),
      };
      if (!proc_create('llkdproc_debug_level', 0o644, parent, dbg_ops)
        || !proc_create('llkdproc_show_drvctx', 0o400, parent, drvctx_ops)
        || !proc_create_seq_data('llkdproc_show_list', 0o444, parent, list_ops)) {
        remove_proc_subtree(OURMODNAME, null);
        return -ENOMEM;
      }
      // proc_create_seq_data has no owner field: set it so an open file pins the module too.
      const listEntry = parent.subdir.get('llkdproc_show_list');
      if (listEntry?.proc_ops) listEntry.proc_ops.owner = THIS_MODULE;
      pr_info(`${OURMODNAME}: initialized, debug_level=${ctx.debug_level}; see /proc/${OURMODNAME}/`);
      return 0;
    },
    exit(): void {
      remove_proc_subtree(OURMODNAME, null);
      parent = null;
      gctx = null;
      pr_info(`${OURMODNAME}: removed`);
    },
  };
}
