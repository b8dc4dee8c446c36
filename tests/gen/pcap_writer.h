/* Classic libpcap files (pcap-savefile(5)): microsecond timestamps,
 * written little-endian. */
#pragma once

#include <glib.h>

void pcap_write_header (GByteArray *out, guint32 linktype, guint32 snaplen);

/* time: nanoseconds since the epoch, a whole number of microseconds.
 * caplen bytes of data are stored; wirelen is the length on the wire. */
void pcap_write_record (GByteArray *out, gint64 time, const guint8 *data,
                        guint32 caplen, guint32 wirelen);
