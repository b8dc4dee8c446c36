/* The UDP layer: from a datagram to its payload. */
#pragma once

#include "decode/layer.h"

/* Reads the UDP header at the start of bytes, which end where the IP
 * payload ends. TRUE with out's verdict DECODE_PAYLOAD, ports, transport
 * and payload set (the payload may be empty); otherwise out's verdict and
 * reason are set. */
gboolean udp_decode (DecodeBytes *bytes, DecodedFrame *out);
