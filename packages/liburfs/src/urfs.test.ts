import { describe, it, expect } from 'vitest';
import { urfs_getopt_debug } from './urfs.js';
import * as liburfs from './index.js';
import * as kernel from '@urfs/redirfs/index';

describe('liburfs', () => {
  it('strips -d / --debug from the arguments', () => {
    expect(urfs_getopt_debug(['-b', '-d', '/tmp'])).toEqual({ debug: true, argv: ['-b', '/tmp'] });
    expect(urfs_getopt_debug(['--debug'])).toEqual({ debug: true, argv: [] });
    expect(urfs_getopt_debug(['/tmp'])).toEqual({ debug: false, argv: ['/tmp'] });
  });

  it('has the kernel RFS API\'s names and constants', () => {
    for (const name of ['rfs_register_filter', 'rfs_unregister_filter', 'rfs_set_operations', 'rfs_set_path',
      'rfs_activate_filter', 'rfs_deactivate_filter', 'rfs_set_mod_cb']) {
      expect(typeof (liburfs as Record<string, unknown>)[name]).toBe('function');
      expect(typeof (kernel as Record<string, unknown>)[name]).toBe('function');
    }
    expect(liburfs.RFS_REG_FOP_READ).toBe(kernel.RFS_REG_FOP_READ);
    expect(liburfs.RFS_ERR_EXIST).toBe(kernel.RFS_ERR_EXIST);
    expect(liburfs.RFS_PATH_SUBTREE).toBe(kernel.RFS_PATH_SUBTREE);
  });
});
