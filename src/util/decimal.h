/* An unsigned number in decimal without printf, for keys and lines built
 * once per message or finding: appended to a GString, or written at p. */
#pragma once

#include <glib.h>
#include <string.h>

/* How many decimal digits value has (1 to 20). */
static inline guint
decimal_width (guint64 value)
{
  guint width = 1;
  for (; value >= 10000; value /= 10000)
    width += 4;
  return width + (value >= 10) + (value >= 100) + (value >= 1000);
}

/* The two digits of value (below 100) at p. */
static inline void
decimal_put_pair (char *p, guint value)
{
  static const char pairs[] = "00010203040506070809"
                              "10111213141516171819"
                              "20212223242526272829"
                              "30313233343536373839"
                              "40414243444546474849"
                              "50515253545556575859"
                              "60616263646566676869"
                              "70717273747576777879"
                              "80818283848586878889"
                              "90919293949596979899";
  memcpy (p, pairs + 2 * value, 2);
}

/* Writes the digits at p (at most 20, no NUL); returns their end. */
static inline char *
decimal_put (char *p, guint64 value)
{
  if (value < 10)
    {
      *p = (char) ('0' + value);  /* most counts */
      return p + 1;
    }
  char *end = p + decimal_width (value);
  char *d = end;
  for (; value > G_MAXUINT32; value /= 100)
    {
      d -= 2;
      decimal_put_pair (d, (guint) (value % 100));
    }
  /* the rest in 32 bits, where dividing by 100 is cheaper */
  guint32 rest = (guint32) value;
  for (; rest >= 100; rest /= 100)
    {
      d -= 2;
      decimal_put_pair (d, rest % 100);
    }
  if (rest >= 10)
    decimal_put_pair (d - 2, rest);
  else
    d[-1] = (char) ('0' + rest);
  return end;
}

static inline void
decimal_append (GString *buf, guint64 value)
{
  char digits[20];
  g_string_append_len (buf, digits,
                       (gssize) (decimal_put (digits, value) - digits));
}
