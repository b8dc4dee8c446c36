/* An unsigned number in decimal without printf, for keys and lines built
 * once per message or finding: appended to a GString, or written at p. */
#pragma once

#include <glib.h>
#include <string.h>

/* Writes the digits at p (at most 20, no NUL); returns their end. */
static inline char *
decimal_put (char *p, guint64 value)
{
  char digits[20];
  char *d = digits + sizeof digits;
  do
    *--d = (char) ('0' + value % 10);
  while ((value /= 10) != 0);
  gsize n = (gsize) (digits + sizeof digits - d);
  memcpy (p, d, n);
  return p + n;
}

static inline void
decimal_append (GString *buf, guint64 value)
{
  char digits[20];
  g_string_append_len (buf, digits,
                       (gssize) (decimal_put (digits, value) - digits));
}
