/** First bytes of a kernel module image (/lib/modules/NAME.ko): the magic, then the module's URL. */
export const MODULE_MAGIC = '\x7fEMU-KO ';
