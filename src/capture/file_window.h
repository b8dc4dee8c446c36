/* A window on a capture file read in large chunks: a reader asks for the
 * next n bytes in one piece, reads them in place and consumes them. Bytes
 * stay where they are until the next file_window_need. */
#pragma once

#include "sipscan.h"

#include <stdio.h>

typedef struct _FileWindow FileWindow;

/* Takes file (and closes it, unless it is stdin). */
FileWindow *file_window_new (FILE *file);
void file_window_free (FileWindow *window);

/* Makes the next n bytes contiguous; returns how many there are, fewer
 * than n only at the end of the file or on a read error. */
gsize file_window_need (FileWindow *window, gsize n);
/* The next unconsumed byte. */
const guint8 *file_window_data (const FileWindow *window);
/* n must not exceed what file_window_need returned. */
void file_window_consume (FileWindow *window, gsize n);
/* The file could not be read (as opposed to having ended). */
gboolean file_window_failed (const FileWindow *window);
