/* fopencookie is a GNU extension. */
#define _GNU_SOURCE
#include "capture/peeked_file.h"

#include <string.h>

typedef struct {
  FILE *rest;
  guint8 head[8];
  gsize len, pos;
} PeekedFile;

static ssize_t
peeked_file_read (void *cookie, char *buf, size_t size)
{
  PeekedFile *peeked = cookie;
  if (peeked->pos < peeked->len)
    {
      size_t n = MIN (size, peeked->len - peeked->pos);
      memcpy (buf, peeked->head + peeked->pos, n);
      peeked->pos += n;
      return (ssize_t) n;
    }
  size_t n = fread (buf, 1, size, peeked->rest);
  return n == 0 && ferror (peeked->rest) ? -1 : (ssize_t) n;
}

static int
peeked_file_close (void *cookie)
{
  PeekedFile *peeked = cookie;
  int status = peeked->rest != stdin ? fclose (peeked->rest) : 0;
  g_free (peeked);
  return status;
}

FILE *
peeked_file_open (FILE *rest, const guint8 *head, gsize len)
{
  PeekedFile *peeked = g_new0 (PeekedFile, 1);
  g_assert (len <= sizeof peeked->head);
  peeked->rest = rest;
  memcpy (peeked->head, head, len);
  peeked->len = len;
  FILE *file = fopencookie (peeked, "rb",
                            (cookie_io_functions_t){
                                .read = peeked_file_read,
                                .close = peeked_file_close,
                            });
  if (file == NULL)
    peeked_file_close (peeked);
  return file;
}
