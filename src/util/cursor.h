/* A bounds-checked reader over packet bytes. Every read of packet data goes
 * through a cursor; a read past the end fails (returns FALSE) and leaves the
 * cursor where it was. Multi-byte reads are network byte order unless
 * named _le. Packet bytes are never cast to structs. */
#pragma once

#include <glib.h>
#include <string.h>

typedef struct {
  const guint8 *data;
  gsize len;
  gsize pos;
} Cursor;

static inline Cursor
cursor_make (const guint8 *data, gsize len)
{
  Cursor c = { data, len, 0 };
  return c;
}

static inline gsize
cursor_remaining (const Cursor *c)
{
  return c->len - c->pos;
}

static inline const guint8 *
cursor_peek_ptr (const Cursor *c)
{
  return c->data + c->pos;
}

static inline gboolean
cursor_skip (Cursor *c, gsize n)
{
  if (cursor_remaining (c) < n)
    return FALSE;
  c->pos += n;
  return TRUE;
}

static inline gboolean
cursor_read_u8 (Cursor *c, guint8 *out)
{
  if (cursor_remaining (c) < 1)
    return FALSE;
  *out = c->data[c->pos++];
  return TRUE;
}

static inline gboolean
cursor_read_u16 (Cursor *c, guint16 *out)
{
  if (cursor_remaining (c) < 2)
    return FALSE;
  *out = (guint16) ((c->data[c->pos] << 8) | c->data[c->pos + 1]);
  c->pos += 2;
  return TRUE;
}

static inline gboolean
cursor_read_u32 (Cursor *c, guint32 *out)
{
  if (cursor_remaining (c) < 4)
    return FALSE;
  const guint8 *p = c->data + c->pos;
  *out = ((guint32) p[0] << 24) | ((guint32) p[1] << 16)
         | ((guint32) p[2] << 8) | (guint32) p[3];
  c->pos += 4;
  return TRUE;
}

static inline gboolean
cursor_read_u32_le (Cursor *c, guint32 *out)
{
  if (cursor_remaining (c) < 4)
    return FALSE;
  const guint8 *p = c->data + c->pos;
  *out = ((guint32) p[3] << 24) | ((guint32) p[2] << 16)
         | ((guint32) p[1] << 8) | (guint32) p[0];
  c->pos += 4;
  return TRUE;
}

static inline gboolean
cursor_read_bytes (Cursor *c, void *out, gsize n)
{
  if (cursor_remaining (c) < n)
    return FALSE;
  memcpy (out, c->data + c->pos, n);
  c->pos += n;
  return TRUE;
}

/* A sub-cursor over the next n bytes; the parent moves past them. */
static inline gboolean
cursor_take (Cursor *c, gsize n, Cursor *out)
{
  if (cursor_remaining (c) < n)
    return FALSE;
  *out = cursor_make (c->data + c->pos, n);
  c->pos += n;
  return TRUE;
}
