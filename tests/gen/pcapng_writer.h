/* pcapng files (draft-ietf-opsawg-pcapng): one section, one interface
 * with nanosecond timestamps (if_tsresol = 9), Enhanced Packet Blocks.
 * Written little-endian. */
#pragma once

#include <glib.h>

void pcapng_write_section_header (GByteArray *out);
void pcapng_write_interface (GByteArray *out, guint16 linktype,
                             guint32 snaplen);
/* A block of any type (one a reader must skip), body padded to 4. */
void pcapng_write_block (GByteArray *out, guint32 type, const guint8 *body,
                         gsize len);
/* time: nanoseconds since the epoch. */
void pcapng_write_packet (GByteArray *out, guint32 interface_id,
                          gint64 time, const guint8 *data, guint32 caplen,
                          guint32 wirelen);
