/* The encapsulations a wire can send its UDP datagrams through
 * (WireTunnel): the inner IP packet goes inside the outer headers built
 * here, and a HEP agent's copy of the message goes to a collector, as
 * frames of an Ethernet capture. */
#pragma once

#include "wire.h"

/* Sends the UDP datagram from src to dst through wire->tunnel. The
 * packet is marked tunneled (or hep). A HEP agent saw the message at
 * time; the collector captured its copy 1.5 ms later. */
CapturePacket *tunnel_send_udp (Wire *wire, gint64 time, const PktAddr *src,
                                guint16 sport, const PktAddr *dst,
                                guint16 dport, const guint8 *payload,
                                gsize len, FrameKind kind);
