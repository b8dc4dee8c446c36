#include "util/byte_key.h"

/* The definitions for calls that are not inlined. */
extern inline ByteKey byte_key_make (const char *ptr, gsize len);
extern inline ByteKey byte_key_make_to_nul (const char *ptr, gsize len);
