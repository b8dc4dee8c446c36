/* Appending to a GString a few bytes at a time, as report lines are
 * built: GString's own appends check for overlap and measure first. */
#pragma once

#include <glib.h>
#include <string.h>

/* Room for n more bytes at the end of buf: where they go. string_advance
 * then ends buf where they stop. */
static inline char *
string_reserve (GString *buf, gsize n)
{
  gsize len = buf->len;
  if (G_UNLIKELY (len + n >= buf->allocated_len))
    {
      g_string_set_size (buf, len + n);
      buf->len = len;
    }
  return buf->str + len;
}

static inline void
string_advance (GString *buf, char *end)
{
  buf->len = (gsize) (end - buf->str);
  *end = '\0';
}

static inline void
string_put (GString *buf, const char *bytes, gsize n)
{
  char *p = string_reserve (buf, n);
  memcpy (p, bytes, n);
  string_advance (buf, p + n);
}

/* s's bytes (its length is folded for a literal). */
static inline void
string_put_str (GString *buf, const char *s)
{
  string_put (buf, s, strlen (s));
}
