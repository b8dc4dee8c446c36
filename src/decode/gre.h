/* GRE: from a GRE packet to what it carries. */
#pragma once

#include "decode/link.h"

/* Reads the GRE header at the start of bytes, which end where the IP
 * payload ends. TRUE with bytes at what it carries and network naming
 * it; otherwise out's verdict and reason are set. */
gboolean gre_decode (DecodeBytes *bytes, LinkNetwork *network,
                     DecodedFrame *out);
