/* A window on a capture file read in large chunks: a reader asks for the
 * next n bytes in one piece, reads them in place and consumes them. Bytes
 * stay where they are until the next file_window_need. */
#pragma once

#include "sipscan.h"

#include <stdio.h>

typedef struct _FileWindow FileWindow;
typedef struct _Gunzip Gunzip;

/* Open only to the inline functions below, which run for every frame. */
struct _FileWindow {
  FILE *file;
  Gunzip *gunzip;   /* NULL: the file's bytes as they are */
  int read_errno;   /* of the read that failed */
  guint8 *buf;
  gsize size;       /* of buf */
  gsize start, end; /* unconsumed bytes: buf[start .. end) */
  gboolean ended;   /* no more bytes to read */
};

/* Takes file (and closes it, unless it is stdin). */
FileWindow *file_window_new (FILE *file);
void file_window_free (FileWindow *window);

/* The bytes at hand start like a gzip file (RFC 1952). */
gboolean file_window_starts_gzip (FileWindow *window);
/* From the bytes at hand on, the window holds what the file decompresses
 * to: its gzip members one after another. */
void file_window_gunzip (FileWindow *window);

/* file_window_need when fewer than n bytes are at hand. */
gsize file_window_fill (FileWindow *window, gsize n);

/* The next n bytes are at hand, contiguous. */
static inline gboolean
file_window_has (const FileWindow *window, gsize n)
{
  return window->end - window->start >= n;
}

/* Makes the next n bytes contiguous; returns how many there are, fewer
 * than n only at the end of the file or on a read error. */
static inline gsize
file_window_need (FileWindow *window, gsize n)
{
  if (G_LIKELY (file_window_has (window, n)))
    return n;
  return file_window_fill (window, n);
}

/* The next unconsumed byte. */
static inline const guint8 *
file_window_data (const FileWindow *window)
{
  return window->buf + window->start;
}

/* n must not exceed what file_window_need returned. */
static inline void
file_window_consume (FileWindow *window, gsize n)
{
  g_assert (n <= window->end - window->start);
  window->start += n;
}

/* Why the file could not be read to its end, or NULL when it just
 * ended. */
const char *file_window_error (const FileWindow *window);

/* Why a reader came up short: a read that failed tells more than what
 * the format missed (what). */
static inline const char *
file_window_reason (const FileWindow *window, const char *what)
{
  const char *read_error = file_window_error (window);
  return read_error ? read_error : what;
}
