/* A pcap file written record by record as it is generated, so that a
 * flood of millions of frames needs no memory (tests/gen's Capture keeps
 * every packet). Counts the records it wrote. */
#pragma once

#include <glib.h>
#include <stdio.h>

typedef struct {
  FILE *out;
  GByteArray *buf;
  guint64 records;
} PcapStream;

/* path "-" is standard output. */
void pcap_stream_open (PcapStream *stream, const char *path,
                       guint32 linktype);
/* time: microseconds since the epoch. The frame is freed. */
void pcap_stream_write (PcapStream *stream, gint64 time_us,
                        GByteArray *frame);
/* The frame as a snaplen of caplen bytes captured it. */
void pcap_stream_write_cut (PcapStream *stream, gint64 time_us,
                            GByteArray *frame, guint32 caplen);
/* Each frame of the array, then the array, freed. */
void pcap_stream_write_all (PcapStream *stream, gint64 time_us,
                            GPtrArray *frames);
/* Flushes, closes and prints "records N" on standard error. */
void pcap_stream_close (PcapStream *stream);
