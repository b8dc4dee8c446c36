/* The network layer: from an IP packet to the bytes of its transport. */
#pragma once

#include "decode/link.h"

enum {
  IP_PROTOCOL_TCP = 6,
  IP_PROTOCOL_UDP = 17,
};

/* TRUE when the packet is a whole (unfragmented) TCP or UDP datagram:
 * *protocol is IP_PROTOCOL_TCP or IP_PROTOCOL_UDP and bytes cover the
 * transport header and payload, link padding dropped. Otherwise out's
 * verdict (and reason) are set. Once the fixed IP header is read, out's
 * src and dst hold its addresses (ports 0), fragments included. */
gboolean ip_decode (LinkNetwork network, DecodeBytes *bytes, guint8 *protocol,
                    DecodedFrame *out);
