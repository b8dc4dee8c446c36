/* A stream that gives back the bytes already read from a file, then the
 * rest of the file: so that libpcap can read a capture whose first bytes
 * sipscan looked at, even from a pipe. */
#pragma once

#include <glib.h>
#include <stdio.h>

/* Closing the stream closes rest (unless it is stdin). */
FILE *peeked_file_open (FILE *rest, const guint8 *head, gsize len);
