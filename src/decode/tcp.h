/* The TCP layer: from a segment to its header fields and data. */
#pragma once

#include "decode/layer.h"

#define TCP_HEADER_LEN 20      /* without options */

/* Reads the TCP header at the start of bytes, which end where the IP
 * payload ends. TRUE with out's verdict DECODE_TCP, ports, transport, tcp
 * and payload set (the payload may be empty); otherwise out's verdict and
 * reason are set. */
gboolean tcp_decode (DecodeBytes *bytes, DecodedFrame *out);
