/* GTP-U: from a GTP-U message (a UDP payload) to the packet it carries. */
#pragma once

#include "decode/link.h"

#define GTPU_UDP_PORT 2152

/* Reads the GTP-U header at the start of bytes. TRUE for a G-PDU, with
 * bytes at the IP packet it carries and network naming its version;
 * otherwise out's verdict and reason are set (other messages are not
 * SIP). */
gboolean gtpu_decode (DecodeBytes *bytes, LinkNetwork *network,
                      DecodedFrame *out);
