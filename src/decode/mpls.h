/* MPLS: from a label stack to the packet under it. */
#pragma once

#include "decode/link.h"

/* Skips the label stack at the start of bytes. TRUE with bytes at the
 * packet under it and network naming its IP version; otherwise out's
 * verdict and reason are set. */
gboolean mpls_decode (DecodeBytes *bytes, LinkNetwork *network,
                      DecodedFrame *out);
