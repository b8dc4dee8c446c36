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

/* How many decimal digits a 32-bit value has (1 to 10), by halving the
 * range: three or four comparisons. */
static inline guint
decimal_width_32 (guint32 value)
{
  if (value < 10000)
    return value < 100 ? 1 + (value >= 10) : 3 + (value >= 1000);
  if (value < 100000000)
    return value < 1000000 ? 5 + (value >= 100000) : 7 + (value >= 10000000);
  return 9 + (value >= 1000000000);
}

/* The digits of value, ending at end: two at a time from the last, in
 * 32 bits, where dividing by 100 is cheaper. */
static inline void
decimal_put_32_before (char *end, guint32 value)
{
  char *d = end;
  for (; value >= 100; value /= 100)
    {
      d -= 2;
      decimal_put_pair (d, value % 100);
    }
  if (value >= 10)
    decimal_put_pair (d - 2, value);
  else
    d[-1] = (char) ('0' + value);
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
  if (value <= G_MAXUINT32)  /* frame numbers, statuses, ports */
    {
      char *end = p + decimal_width_32 ((guint32) value);
      decimal_put_32_before (end, (guint32) value);
      return end;
    }
  char *end = p + decimal_width (value);
  char *d = end;
  for (; value > G_MAXUINT32; value /= 100)
    {
      d -= 2;
      decimal_put_pair (d, (guint) (value % 100));
    }
  /* the rest in 32 bits */
  decimal_put_32_before (d, (guint32) value);
  return end;
}

static inline void
decimal_append (GString *buf, guint64 value)
{
  char digits[20];
  g_string_append_len (buf, digits,
                       (gssize) (decimal_put (digits, value) - digits));
}
