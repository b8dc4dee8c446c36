/* VXLAN: from a VXLAN packet (a UDP payload) to the frame it carries. */
#pragma once

#include "decode/link.h"

#define VXLAN_UDP_PORT 4789

/* Reads the VXLAN header at the start of bytes. TRUE with bytes at the
 * Ethernet frame it carries and network LINK_NETWORK_ETHERNET; otherwise
 * out's verdict and reason are set. */
gboolean vxlan_decode (DecodeBytes *bytes, LinkNetwork *network,
                       DecodedFrame *out);
