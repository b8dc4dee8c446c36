/* The link layer: from a captured frame to the bytes of its IP packet. */
#pragma once

#include "decode/layer.h"

/* The LINKTYPE_ values (pcap-linktype(7)) the decoder knows; the ones
 * written in pcap files, which differ from some platforms' DLT_ values. */
typedef enum {
  LINKTYPE_NULL = 0,
  LINKTYPE_ETHERNET = 1,
  LINKTYPE_RAW_DLT12 = 12,   /* DLT_RAW on most systems, found in files */
  LINKTYPE_RAW_DLT14 = 14,   /* DLT_RAW on OpenBSD and BSD/OS */
  LINKTYPE_RAW = 101,
  LINKTYPE_LOOP = 108,
  LINKTYPE_LINUX_SLL = 113,
  LINKTYPE_IPV4 = 228,
  LINKTYPE_IPV6 = 229,
  LINKTYPE_LINUX_SLL2 = 276,
} LinkType;

#define ETHERNET_HEADER_LEN 14
#define ETHERNET_ADDRS_LEN 12    /* destination, source */

enum {
  ETHERTYPE_IPV4 = 0x0800,
  ETHERTYPE_IPV6 = 0x86dd,
  ETHERTYPE_VLAN = 0x8100,         /* IEEE 802.1Q */
  ETHERTYPE_QINQ = 0x88a8,         /* IEEE 802.1ad */
  ETHERTYPE_QINQ_OLD = 0x9100,     /* pre-standard double tagging */
  ETHERTYPE_PPPOE_SESSION = 0x8864,
  ETHERTYPE_MPLS_UNICAST = 0x8847,
  ETHERTYPE_MPLS_MULTICAST = 0x8848,
};

/* What a link layer or a tunnel carries: the header bytes start at. */
typedef enum {
  LINK_NETWORK_IPV4,
  LINK_NETWORK_IPV6,
  LINK_NETWORK_IP,    /* raw IP: the version nibble tells which */
  LINK_NETWORK_ETHERNET, /* a whole Ethernet frame (bridged, mirrored) */
  LINK_NETWORK_MPLS,  /* an MPLS label stack (mpls.c) */
  LINK_NETWORK_PPPOE, /* a PPPoE session header (pppoe.c) */
} LinkNetwork;

/* TRUE when the frame carries IP or an encapsulation: bytes then start at
 * its header and network tells which the link layer announced. Otherwise
 * out's verdict (and reason) are set. */
gboolean link_decode (int linktype, DecodeBytes *bytes, LinkNetwork *network,
                      DecodedFrame *out);

/* As link_decode, for what an ethertype names (after any VLAN tags at the
 * start of bytes); GRE's protocol type is one. */
gboolean link_decode_ethertype (guint16 type, DecodeBytes *bytes,
                                LinkNetwork *network, DecodedFrame *out);

/* The IP version of the packet at the start of bytes, from its first
 * nibble: FALSE when it is neither 4 nor 6, or when no byte is there.
 * For encapsulations that do not say what they carry (MPLS, GTP-U). */
gboolean link_guess_ip (const DecodeBytes *bytes, LinkNetwork *network);
