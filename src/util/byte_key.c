#include "util/byte_key.h"

/* The definition for calls that are not inlined. */
extern inline ByteKey byte_key_make (const char *ptr, gsize len);
