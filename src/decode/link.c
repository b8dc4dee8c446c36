/* Link layers as pcap-linktype(7) and its per-type pages describe them:
 * Ethernet II / IEEE 802.3 with IEEE 802.1Q and 802.1ad tags, Linux cooked
 * captures (LINUX_SLL, LINUX_SLL2), BSD loopback (NULL in the capturing
 * host's byte order, LOOP in network order) and raw IP. */
#include "decode/link.h"

#define VLAN_TAG_LEN 4
#define SLL_HEADER_LEN 16
#define SLL2_HEADER_LEN 20
#define NULL_HEADER_LEN 4
/* Real networks stack two (802.1ad) or three tags; the bound keeps
 * crafted frames cheap, as the tunnel nesting bound does. */
#define LINK_MAX_VLAN_TAGS 8

/* In cooked captures of netlink sockets the protocol field holds a netlink
 * family, not an ethertype. */
#define ARPHRD_NETLINK 824

/* BSD address families: AF_INET6 differs between the BSDs. */
#define BSD_AF_INET 2
#define BSD_AF_INET6_NETBSD_OPENBSD 24
#define BSD_AF_INET6_FREEBSD 28
#define BSD_AF_INET6_DARWIN 30

static REASON_DEFINE (reason_link_type, "link", "link type not supported");
static REASON_DEFINE (reason_cut, "link", "header cut by the snaplen");
static REASON_DEFINE (reason_short, "link",
                      "frame shorter than its link header");
static REASON_DEFINE (reason_vlan_depth, "link", "more than 8 VLAN tags");

/* The next len bytes as a header of their own. */
static gboolean
link_take_header (DecodeBytes *bytes, gsize len, Cursor *header,
                  DecodedFrame *out)
{
  if (!decode_bytes_need (bytes, len, &reason_cut, &reason_short, out))
    return FALSE;
  return cursor_take (&bytes->cursor, len, header);
}

static gboolean
link_ethertype_is_tag (guint16 type)
{
  return type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ
         || type == ETHERTYPE_QINQ_OLD;
}

/* Skips up to LINK_MAX_VLAN_TAGS VLAN tags: more are unsupported (no
 * standard bounds the stacking, so it is not malformed). An ethertype
 * below 0x0600 is an 802.3 length (LLC follows): not SIP. */
gboolean
link_decode_ethertype (guint16 type, DecodeBytes *bytes, LinkNetwork *network,
                       DecodedFrame *out)
{
  for (guint tags = 0; link_ethertype_is_tag (type); tags++)
    {
      Cursor tag;
      if (tags == LINK_MAX_VLAN_TAGS)
        return decode_stop (out, DECODE_UNSUPPORTED, &reason_vlan_depth);
      if (!link_take_header (bytes, VLAN_TAG_LEN, &tag, out))
        return FALSE;
      cursor_skip (&tag, 2);  /* priority, DEI, VLAN id */
      cursor_read_u16 (&tag, &type);
    }
  switch (type)
    {
    case ETHERTYPE_IPV4:
      *network = LINK_NETWORK_IPV4;
      return TRUE;
    case ETHERTYPE_IPV6:
      *network = LINK_NETWORK_IPV6;
      return TRUE;
    case ETHERTYPE_PPPOE_SESSION:
      *network = LINK_NETWORK_PPPOE;
      return TRUE;
    case ETHERTYPE_MPLS_UNICAST:
    case ETHERTYPE_MPLS_MULTICAST:
      *network = LINK_NETWORK_MPLS;
      return TRUE;
    default:
      return decode_stop (out, DECODE_NOT_SIP, NULL);
    }
}

static gboolean
link_decode_ethernet (DecodeBytes *bytes, LinkNetwork *network,
                      DecodedFrame *out)
{
  Cursor header;
  guint16 type = 0;
  if (!link_take_header (bytes, ETHERNET_HEADER_LEN, &header, out))
    return FALSE;
  cursor_skip (&header, ETHERNET_ADDRS_LEN);
  cursor_read_u16 (&header, &type);
  return link_decode_ethertype (type, bytes, network, out);
}

/* packet type (2), ARPHRD_ type (2), address length (2), address (8),
 * protocol (2). */
static gboolean
link_decode_sll (DecodeBytes *bytes, LinkNetwork *network, DecodedFrame *out)
{
  Cursor header;
  guint16 arphrd = 0, protocol = 0;
  if (!link_take_header (bytes, SLL_HEADER_LEN, &header, out))
    return FALSE;
  cursor_skip (&header, 2);
  cursor_read_u16 (&header, &arphrd);
  cursor_skip (&header, 2 + 8);
  cursor_read_u16 (&header, &protocol);
  if (arphrd == ARPHRD_NETLINK)
    return decode_stop (out, DECODE_NOT_SIP, NULL);
  return link_decode_ethertype (protocol, bytes, network, out);
}

/* protocol (2), reserved (2), interface index (4), ARPHRD_ type (2),
 * packet type (1), address length (1), address (8). */
static gboolean
link_decode_sll2 (DecodeBytes *bytes, LinkNetwork *network, DecodedFrame *out)
{
  Cursor header;
  guint16 protocol = 0, arphrd = 0;
  if (!link_take_header (bytes, SLL2_HEADER_LEN, &header, out))
    return FALSE;
  cursor_read_u16 (&header, &protocol);
  cursor_skip (&header, 2 + 4);
  cursor_read_u16 (&header, &arphrd);
  if (arphrd == ARPHRD_NETLINK)
    return decode_stop (out, DECODE_NOT_SIP, NULL);
  return link_decode_ethertype (protocol, bytes, network, out);
}

/* A 4-byte address family. LOOP writes it in network order; NULL in the
 * capturing host's order, which the value itself gives away: families are
 * small numbers, so the wrong order puts them in the high half. */
static gboolean
link_decode_bsd_loopback (gboolean network_order, DecodeBytes *bytes,
                          LinkNetwork *network, DecodedFrame *out)
{
  Cursor header;
  guint32 family = 0;
  if (!link_take_header (bytes, NULL_HEADER_LEN, &header, out))
    return FALSE;
  cursor_read_u32 (&header, &family);
  if (!network_order && family > 0xffff)
    family = GUINT32_SWAP_LE_BE (family);
  switch (family)
    {
    case BSD_AF_INET:
      *network = LINK_NETWORK_IPV4;
      return TRUE;
    case BSD_AF_INET6_NETBSD_OPENBSD:
    case BSD_AF_INET6_FREEBSD:
    case BSD_AF_INET6_DARWIN:
      *network = LINK_NETWORK_IPV6;
      return TRUE;
    default:
      return decode_stop (out, DECODE_NOT_SIP, NULL);
    }
}

gboolean
link_decode (int linktype, DecodeBytes *bytes, LinkNetwork *network,
             DecodedFrame *out)
{
  switch (linktype)
    {
    case LINKTYPE_ETHERNET:
      return link_decode_ethernet (bytes, network, out);
    case LINKTYPE_LINUX_SLL:
      return link_decode_sll (bytes, network, out);
    case LINKTYPE_LINUX_SLL2:
      return link_decode_sll2 (bytes, network, out);
    case LINKTYPE_NULL:
      return link_decode_bsd_loopback (FALSE, bytes, network, out);
    case LINKTYPE_LOOP:
      return link_decode_bsd_loopback (TRUE, bytes, network, out);
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_DLT12:
    case LINKTYPE_RAW_DLT14:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
      *network = LINK_NETWORK_IP;
      return TRUE;
    default:
      return decode_stop (out, DECODE_UNSUPPORTED, &reason_link_type);
    }
}

gboolean
link_guess_ip (const DecodeBytes *bytes, LinkNetwork *network)
{
  Cursor peek = bytes->cursor;
  guint8 first = 0;
  if (!cursor_read_u8 (&peek, &first))
    return FALSE;
  if (first >> 4 == 4)
    *network = LINK_NETWORK_IPV4;
  else if (first >> 4 == 6)
    *network = LINK_NETWORK_IPV6;
  else
    return FALSE;
  return TRUE;
}
