/* pcapng files (draft-ietf-opsawg-pcapng) read without libpcap, whose
 * reader (1.10) keeps one link type per file: it stops at the first
 * interface whose link type differs from the first interface's ("an
 * interface has a type ... different from the type of the first
 * interface") and loses the rest of the file. Here each frame carries
 * the link type of its own interface.
 *
 * Read: Section Header Blocks (either byte order, several sections),
 * Interface Description Blocks (link type, snaplen, if_tsresol,
 * if_tsoffset), Enhanced, Simple and (obsolete) Packet Blocks. Every
 * other block is skipped. A frame of an interface no block described
 * gets link type -1, which the decoder counts unsupported. */
#pragma once

#include "capture/file_window.h"

/* The pcapng Section Header Block type, as the first 4 bytes of a file. */
#define PCAPNG_MAGIC 0x0a0d0d0au

typedef struct _PcapngReader PcapngReader;

/* Takes window; window's next bytes are the first block. */
PcapngReader *pcapng_reader_new (FileWindow *window);
void pcapng_reader_free (PcapngReader *reader);

/* 1 with the next frame (number left 0; data valid until the next call),
 * 0 at the end of the file, -1 when the file is damaged
 * (pcapng_reader_error says how). */
int pcapng_reader_next (PcapngReader *reader, SipscanFrame *frame);
const char *pcapng_reader_error (const PcapngReader *reader);
