/* Words read from any address, in memory order (memcpy returns its
 * destination, the word). */
#pragma once

#include <glib.h>
#include <string.h>

static inline guint32
unaligned_load32 (const char *p)
{
  guint32 word;
  return *(guint32 *) memcpy (&word, p, sizeof word);
}

static inline guint64
unaligned_load64 (const char *p)
{
  guint64 word;
  return *(guint64 *) memcpy (&word, p, sizeof word);
}
