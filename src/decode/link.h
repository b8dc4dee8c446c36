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

typedef enum {
  LINK_NETWORK_IPV4,
  LINK_NETWORK_IPV6,
  LINK_NETWORK_IP,    /* raw IP: the version nibble tells which */
} LinkNetwork;

/* TRUE when the frame carries IP: bytes then start at the IP header and
 * network tells which version the link layer announced. Otherwise out's
 * verdict (and reason) are set. */
gboolean link_decode (int linktype, DecodeBytes *bytes, LinkNetwork *network,
                      DecodedFrame *out);
