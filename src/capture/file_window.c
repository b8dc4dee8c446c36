#include "capture/file_window.h"

#include <errno.h>
#include <string.h>
#include <zlib.h>

/* Large enough that reads bypass stdio's own buffer and cost one system
 * call per thousand or so packets. */
#define CHUNK (1u << 20)

/* A gzip file (RFC 1952) read as what it decompresses to: its members
 * one after another, as gzip -d writes them. */
struct _Gunzip {
  z_stream z;
  guint8 *in;           /* compressed bytes read from the file */
  gsize in_size;
  gboolean member_end;  /* the last member's trailer was read */
  gboolean done;        /* the file ended */
  const char *error;    /* in the gzip data */
};

FileWindow *
file_window_new (FILE *file)
{
  FileWindow *window = g_new0 (FileWindow, 1);
  window->file = file;
  window->size = CHUNK;
  window->buf = g_malloc (window->size);
  return window;
}

static void
gunzip_free (Gunzip *gunzip)
{
  if (!gunzip)
    return;
  inflateEnd (&gunzip->z);
  g_free (gunzip->in);
  g_free (gunzip);
}

void
file_window_free (FileWindow *window)
{
  if (!window)
    return;
  if (window->file != stdin)
    fclose (window->file);
  gunzip_free (window->gunzip);
  g_free (window->buf);
  g_free (window);
}

gboolean
file_window_starts_gzip (FileWindow *window)
{
  return file_window_need (window, 2) == 2
         && file_window_data (window)[0] == 0x1f
         && file_window_data (window)[1] == 0x8b;
}

void
file_window_gunzip (FileWindow *window)
{
  g_return_if_fail (window->gunzip == NULL);
  Gunzip *gunzip = g_new0 (Gunzip, 1);
  /* 16 + MAX_WBITS: a gzip header and trailer around the deflate data */
  if (inflateInit2 (&gunzip->z, 16 + MAX_WBITS) != Z_OK)
    gunzip->error = "cannot start gzip decompression";
  gsize have = window->end - window->start;
  gunzip->in_size = MAX (CHUNK, have);
  gunzip->in = g_malloc (gunzip->in_size);
  memcpy (gunzip->in, window->buf + window->start, have);
  gunzip->z.next_in = gunzip->in;
  gunzip->z.avail_in = (uInt) have;
  window->gunzip = gunzip;
  window->start = window->end = 0;
  window->ended = FALSE;
}

/* Decompresses up to len bytes into out; fewer only at the end of the
 * file or on an error. */
static gsize
gunzip_read (FileWindow *window, guint8 *out, gsize len)
{
  Gunzip *gunzip = window->gunzip;
  z_stream *z = &gunzip->z;
  z->next_out = out;
  z->avail_out = (uInt) MIN (len, G_MAXUINT);
  while (z->avail_out > 0 && !gunzip->done && !gunzip->error)
    {
      if (z->avail_in == 0)
        {
          size_t got = fread (gunzip->in, 1, gunzip->in_size, window->file);
          if (got == 0)
            {
              if (ferror (window->file))
                window->read_errno = errno;  /* file_window_error */
              else if (!gunzip->member_end)
                gunzip->error = "truncated gzip data";
              gunzip->done = TRUE;
              break;
            }
          z->next_in = gunzip->in;
          z->avail_in = (uInt) got;
        }
      gboolean next_member = gunzip->member_end;  /* more bytes follow */
      if (next_member)
        {
          inflateReset (z);
          gunzip->member_end = FALSE;
        }
      int status = inflate (z, Z_NO_FLUSH);
      if (status == Z_STREAM_END)
        gunzip->member_end = TRUE;
      else if (status != Z_OK && !(status == Z_BUF_ERROR && z->avail_in == 0))
        gunzip->error = status == Z_MEM_ERROR ? "out of memory"
                        : next_member ? "data after the end of the gzip data"
                                      : "corrupt gzip data";
    }
  return (gsize) (z->next_out - out);
}

/* Up to len more bytes of the capture into out; 0 at its end or on an
 * error. */
static gsize
window_read (FileWindow *window, guint8 *out, gsize len)
{
  if (window->gunzip)
    return gunzip_read (window, out, len);
  gsize got = fread (out, 1, len, window->file);
  if (got == 0 && ferror (window->file))
    window->read_errno = errno;
  return got;
}

gsize
file_window_fill (FileWindow *window, gsize n)
{
  gsize have = window->end - window->start;
  if (have >= n || window->ended)
    return MIN (have, n);
  if (window->start + n > window->size)
    {
      memmove (window->buf, window->buf + window->start, have);
      window->start = 0;
      window->end = have;
      if (n > window->size)
        {
          window->size = n + CHUNK;
          window->buf = g_realloc (window->buf, window->size);
        }
    }
  while (window->end - window->start < n && !window->ended)
    {
      gsize got = window_read (window, window->buf + window->end,
                               window->size - window->end);
      window->end += got;
      window->ended = got == 0;
    }
  return MIN (window->end - window->start, n);
}

const char *
file_window_error (const FileWindow *window)
{
  if (window->gunzip && window->gunzip->error)
    return window->gunzip->error;
  if (ferror (window->file))
    return g_strerror (window->read_errno ? window->read_errno : EIO);
  return NULL;
}
