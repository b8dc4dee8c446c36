/* Reads one or more capture files (pcap through pcap_reader.h, pcapng
 * through pcapng_reader.h; "-" for standard input) and hands out their frames as
 * one stream in time order, numbered 1.. as mergecap would number the
 * merged file. */
#pragma once

#include "sipscan.h"

#include <stdio.h>

typedef struct _CaptureReader CaptureReader;

/* Called once per input that cannot be opened or stops being readable:
 * name is the file, reason what is wrong with it. */
typedef void (*CaptureErrorFunc) (const char *name, const char *reason,
                                  gpointer data);

CaptureReader *capture_reader_open (const char *const *paths,
                                    CaptureErrorFunc on_error,
                                    gpointer data);
/* One capture already open as a stream (such as a buffer in memory
 * through fmemopen); the reader closes file. name is for on_error. */
CaptureReader *capture_reader_open_file (FILE *file, const char *name,
                                         CaptureErrorFunc on_error,
                                         gpointer data);
/* The next frame by time (ties: the earlier input first); its data stays
 * valid until the next call. FALSE when every input is done. */
gboolean capture_reader_next (CaptureReader *reader, SipscanFrame *frame);
void capture_reader_close (CaptureReader *reader);
