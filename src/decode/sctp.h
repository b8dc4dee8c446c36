/* The SCTP layer (RFC 9260): from a packet to the user messages its DATA
 * chunks carry, fragments reassembled. The policies are described in
 * sctp.c. Knows nothing of what the messages carry. */
#pragma once

#include "decode/layer.h"

/* Reads the common header at the start of bytes, which end where the IP
 * payload ends. TRUE with out's verdict DECODE_SCTP, ports, transport and
 * payload (the chunks) set; otherwise out's verdict and reason are set. */
gboolean sctp_decode (DecodeBytes *bytes, DecodedFrame *out);

typedef struct _SctpReassembly SctpReassembly;

/* One whole user message, valid during the call. */
typedef void (*SctpMessageFunc) (const guint8 *data, gsize len,
                                 gpointer user_data);

/* Limits from options (max_fragment_datagrams messages held at once,
 * max_fragment_bytes in all, sip_max_stream_message each, for
 * fragment_timeout); counts go to counters (sctp_*). */
SctpReassembly *sctp_reassembly_new (const SipscanOptions *options,
                                     SipscanCounters *counters);
void sctp_reassembly_free (SctpReassembly *reassembly);

/* Reads the chunks of packet (a DECODE_SCTP frame) at time and hands
 * each user message that completes to func, in chunk order. Returns
 * DECODE_PAYLOAD, or DECODE_MALFORMED when a chunk is malformed (the
 * chunks after it are not read) or DECODE_UNSUPPORTED when an I-DATA
 * chunk was skipped, with *reason set. */
DecodeVerdict sctp_reassembly_add_packet (SctpReassembly *reassembly,
                                          const DecodedFrame *packet,
                                          SipscanTime time,
                                          SctpMessageFunc func,
                                          gpointer user_data,
                                          const Reason **reason);
/* Drops messages whose first fragment came before now - timeout. */
void sctp_reassembly_expire (SctpReassembly *reassembly, SipscanTime now);
/* The capture ended: messages still incomplete are dropped. */
void sctp_reassembly_finish (SctpReassembly *reassembly, SipscanTime end);
