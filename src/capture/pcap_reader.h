/* Classic pcap files (the libpcap format: microsecond, nanosecond and
 * Kuznetzov's "modified" variants, either byte order), read in place
 * from a FileWindow. */
#pragma once

#include "capture/file_window.h"

typedef struct _PcapReader PcapReader;

/* TRUE when the next 4 bytes of a file are a pcap magic number. */
gboolean pcap_reader_recognises (const guint8 magic[4]);

/* Takes window; window's next bytes are the file header. */
PcapReader *pcap_reader_new (FileWindow *window);
void pcap_reader_free (PcapReader *reader);

/* 1 with the next frame (number left 0; data valid until the next call),
 * 0 at the end of the file, -1 when the file is damaged
 * (pcap_reader_error says how). */
int pcap_reader_next (PcapReader *reader, SipscanFrame *frame);
const char *pcap_reader_error (const PcapReader *reader);
