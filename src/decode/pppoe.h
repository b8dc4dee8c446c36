/* PPPoE: from a session-stage PPPoE packet to the IP packet it carries. */
#pragma once

#include "decode/link.h"

/* Reads the PPPoE and PPP headers at the start of bytes. TRUE with bytes
 * at the IP packet and network naming its version; otherwise out's
 * verdict and reason are set (PPP control protocols are not SIP). */
gboolean pppoe_decode (DecodeBytes *bytes, LinkNetwork *network,
                       DecodedFrame *out);
