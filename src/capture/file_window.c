#include "capture/file_window.h"

#include <string.h>

/* Large enough that reads bypass stdio's own buffer and cost one system
 * call per thousand or so packets. */
#define CHUNK (1u << 20)

FileWindow *
file_window_new (FILE *file)
{
  FileWindow *window = g_new0 (FileWindow, 1);
  window->file = file;
  window->size = CHUNK;
  window->buf = g_malloc (window->size);
  return window;
}

void
file_window_free (FileWindow *window)
{
  if (!window)
    return;
  if (window->file != stdin)
    fclose (window->file);
  g_free (window->buf);
  g_free (window);
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
      gsize got = fread (window->buf + window->end, 1,
                         window->size - window->end, window->file);
      window->end += got;
      window->ended = got == 0;
    }
  return MIN (window->end - window->start, n);
}

gboolean
file_window_failed (const FileWindow *window)
{
  return ferror (window->file) != 0;
}
