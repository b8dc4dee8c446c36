/* The network layer: from an IP packet to the bytes of its transport. */
#pragma once

#include "decode/link.h"

#define IPV4_HEADER_LEN 20      /* without options */
#define IPV4_FLAG_MORE_FRAGMENTS 0x2000
#define IPV4_FRAGMENT_OFFSET_MASK 0x1fff

enum {
  IP_PROTOCOL_IPIP = 4,    /* IPv4 inside (RFC 2003) */
  IP_PROTOCOL_TCP = 6,
  IP_PROTOCOL_UDP = 17,
  IP_PROTOCOL_SCTP = 132,
  IP_PROTOCOL_IPV6 = 41,   /* IPv6 inside (RFC 4213, RFC 2473) */
  IP_PROTOCOL_GRE = 47,
};

/* A fragment of an IP datagram (RFC 791 §3.2, RFC 8200 §4.5). */
typedef struct {
  guint8 version;      /* 4 or 6 */
  guint8 protocol;     /* IPv4: the header's; IPv6: the fragment header's
                          next header */
  guint32 id;          /* identification (16 bits in IPv4) */
  gsize offset;        /* of its data in the datagram, in bytes */
  gboolean more;       /* More Fragments */
  gsize header_len;    /* what the reassembled packet carries before the
                          fragmented data and counts in its length field:
                          the IPv4 header, the IPv6 extension headers
                          before the fragment header */
} IpFragment;

/* TRUE when the packet is a whole (unfragmented) datagram of a protocol
 * the decoder goes on with: *protocol is IP_PROTOCOL_TCP, _UDP, _SCTP,
 * _IPIP, _IPV6 or _GRE and bytes cover its header and payload, link
 * padding dropped. Otherwise out's
 * verdict (and reason) are set; for DECODE_IP_FRAGMENT, *fragment is
 * filled in and bytes cover the fragment's data (after the IPv4 header or
 * the IPv6 fragment header). Once the fixed IP header is read, out's src
 * and dst hold its addresses (ports 0), fragments included. */
gboolean ip_decode (LinkNetwork network, DecodeBytes *bytes, guint8 *protocol,
                    IpFragment *fragment, DecodedFrame *out);

/* As ip_decode, for a reassembled datagram of IP version: bytes cover what
 * followed the IPv4 header or the IPv6 fragment header, and *protocol is
 * the protocol that header named. */
gboolean ip_decode_reassembled (guint8 version, DecodeBytes *bytes,
                                guint8 *protocol, DecodedFrame *out);
