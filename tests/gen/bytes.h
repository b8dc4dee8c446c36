/* Appending integers to a byte array in network (big-endian) or
 * little-endian order, whatever the host's order. */
#pragma once

#include <glib.h>

static inline void
put_u8 (GByteArray *out, guint8 v)
{
  g_byte_array_append (out, &v, 1);
}

static inline void
put_be16 (GByteArray *out, guint16 v)
{
  guint8 b[2] = { v >> 8, v & 0xff };
  g_byte_array_append (out, b, sizeof b);
}

static inline void
put_be32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
  g_byte_array_append (out, b, sizeof b);
}

static inline void
put_le16 (GByteArray *out, guint16 v)
{
  guint8 b[2] = { v & 0xff, v >> 8 };
  g_byte_array_append (out, b, sizeof b);
}

static inline void
put_le32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
  g_byte_array_append (out, b, sizeof b);
}

static inline void
put_bytes (GByteArray *out, const guint8 *data, gsize len)
{
  if (len > 0)
    g_byte_array_append (out, data, len);
}

static inline void
put_zeros (GByteArray *out, gsize len)
{
  static const guint8 zeros[64];
  while (len > 0)
    {
      gsize n = MIN (len, sizeof zeros);
      g_byte_array_append (out, zeros, n);
      len -= n;
    }
}

static inline void
set_be16 (GByteArray *out, gsize offset, guint16 v)
{
  out->data[offset] = v >> 8;
  out->data[offset + 1] = v & 0xff;
}

static inline void
set_le32 (GByteArray *out, gsize offset, guint32 v)
{
  out->data[offset] = v & 0xff;
  out->data[offset + 1] = (v >> 8) & 0xff;
  out->data[offset + 2] = (v >> 16) & 0xff;
  out->data[offset + 3] = v >> 24;
}
