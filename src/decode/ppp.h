/* PPP: from a PPP frame (in PPPoE or PPTP's GRE) to the IP packet. */
#pragma once

#include "decode/link.h"

/* Reads the PPP header at the start of bytes. TRUE with bytes at the IP
 * packet and network naming its version; otherwise out's verdict and
 * reason are set (control protocols are not SIP). */
gboolean ppp_decode (DecodeBytes *bytes, LinkNetwork *network,
                     DecodedFrame *out);
