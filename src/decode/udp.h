/* The UDP layer: from a datagram to its payload. */
#pragma once

#include "decode/layer.h"

#define UDP_HEADER_LEN 8

/* Reads the UDP header at the start of bytes, which end where the IP
 * payload ends. TRUE with out's ports and transport set and bytes
 * narrowed to the UDP payload (lost: what the snaplen cut of it), for
 * the tunnels that UDP carries; otherwise out's verdict and reason are
 * set. */
gboolean udp_decode_header (DecodeBytes *bytes, DecodedFrame *out);

/* After udp_decode_header: TRUE with out's verdict DECODE_PAYLOAD and
 * payload set (it may be empty); TRUNCATED when the snaplen cut it. */
gboolean udp_take_payload (DecodeBytes *bytes, DecodedFrame *out);
