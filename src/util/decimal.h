/* Appending an unsigned number in decimal to a GString without printf,
 * for keys and lines built once per message or finding. */
#pragma once

#include <glib.h>

static inline void
decimal_append (GString *buf, guint64 value)
{
  char digits[20];
  char *p = digits + sizeof digits;
  do
    *--p = (char) ('0' + value % 10);
  while ((value /= 10) != 0);
  g_string_append_len (buf, p, digits + sizeof digits - p);
}
