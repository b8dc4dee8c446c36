/* GRE (RFC 2784) with its key and sequence number (RFC 2890): flags and
 * version (2), protocol type (2), then the checksum and a reserved field
 * (4, when C), the key (4, when K) and the sequence number (4, when S).
 * The checksum is not verified (see udp.c). The protocol type is an
 * ethertype: IPv4, IPv6, transparent Ethernet bridging (0x6558), MPLS,
 * and Cisco's ERSPAN mirrors (erspan.c). Version 1 is PPTP's enhanced
 * GRE (RFC 2637 §4.1): protocol 0x880b (PPP, ppp.c) and the key bit
 * always, the key field holding the payload length (2) and call ID (2),
 * then the sequence number (4, when S) and the acknowledgment number
 * (4, when A); a packet with no payload only acknowledges. RFC 1701
 * source routing is not decoded. The reserved bits RFC 1701 gave
 * meanings to are ignored, as tcpdump and Wireshark do. */
#include "decode/gre.h"

#include "decode/erspan.h"
#include "decode/ppp.h"

#define GRE_HEADER_LEN 4
#define GRE_FLAG_CHECKSUM 0x8000
#define GRE_FLAG_ROUTING 0x4000
#define GRE_FLAG_KEY 0x2000
#define GRE_FLAG_SEQUENCE 0x1000
#define GRE_VERSION_MASK 0x0007
#define GRE_VERSION_PPTP 1
#define GRE_FLAG_PPTP_ACK 0x0080
#define GRE_OPTION_LEN 4

enum {
  GRE_PROTOCOL_ETHERNET = 0x6558,  /* transparent Ethernet bridging */
  GRE_PROTOCOL_ERSPAN_I_II = 0x88be,
  GRE_PROTOCOL_ERSPAN_III = 0x22eb,
  GRE_PROTOCOL_PPP = 0x880b,
};

static REASON_DEFINE (reason_cut, "gre", "header cut by the snaplen");
static REASON_DEFINE (reason_short, "gre", "gre header beyond ip payload");
static REASON_DEFINE (reason_pptp, "gre",
                      "gre version 1 without key or ppp");
static REASON_DEFINE (reason_pptp_length, "gre",
                      "pptp payload length beyond ip payload");
static REASON_DEFINE (reason_version, "gre", "gre version above 1");
static REASON_DEFINE (reason_routing, "gre",
                      "gre source routing not decoded");

/* The optional fields flags ask for, in bytes. */
static gsize
gre_options_len (guint16 flags, guint16 first, guint16 second,
                 guint16 third)
{
  return (flags & first ? GRE_OPTION_LEN : 0)
         + (flags & second ? GRE_OPTION_LEN : 0)
         + (flags & third ? GRE_OPTION_LEN : 0);
}

static gboolean
gre_decode_pptp (guint16 flags, guint16 type, DecodeBytes *bytes,
                 LinkNetwork *network, DecodedFrame *out)
{
  Cursor options;
  guint16 payload_len = 0;
  if (type != GRE_PROTOCOL_PPP || !(flags & GRE_FLAG_KEY))
    return decode_stop (out, DECODE_MALFORMED, &reason_pptp);
  gsize len = gre_options_len (flags, GRE_FLAG_KEY, GRE_FLAG_SEQUENCE,
                               GRE_FLAG_PPTP_ACK);
  if (!decode_bytes_need (bytes, len, &reason_cut, &reason_short, out))
    return FALSE;
  cursor_take (&bytes->cursor, len, &options);
  cursor_read_u16 (&options, &payload_len);
  if (!decode_bytes_limit (bytes, payload_len))
    return decode_stop (out, DECODE_MALFORMED, &reason_pptp_length);
  if (payload_len == 0)
    return decode_stop (out, DECODE_NOT_SIP, NULL);
  return ppp_decode (bytes, network, out);
}

gboolean
gre_decode (DecodeBytes *bytes, LinkNetwork *network, DecodedFrame *out)
{
  Cursor header;
  guint16 flags = 0, type = 0;
  if (!decode_bytes_need (bytes, GRE_HEADER_LEN, &reason_cut, &reason_short,
                          out))
    return FALSE;
  cursor_take (&bytes->cursor, GRE_HEADER_LEN, &header);
  cursor_read_u16 (&header, &flags);
  cursor_read_u16 (&header, &type);

  if ((flags & GRE_VERSION_MASK) == GRE_VERSION_PPTP)
    return gre_decode_pptp (flags, type, bytes, network, out);
  if ((flags & GRE_VERSION_MASK) != 0)
    return decode_stop (out, DECODE_MALFORMED, &reason_version);
  if (flags & GRE_FLAG_ROUTING)
    return decode_stop (out, DECODE_UNSUPPORTED, &reason_routing);
  gsize options_len = gre_options_len (flags, GRE_FLAG_CHECKSUM,
                                      GRE_FLAG_KEY, GRE_FLAG_SEQUENCE);
  if (!decode_bytes_need (bytes, options_len, &reason_cut, &reason_short, out))
    return FALSE;
  cursor_skip (&bytes->cursor, options_len);

  switch (type)
    {
    case GRE_PROTOCOL_ETHERNET:
      *network = LINK_NETWORK_ETHERNET;
      return TRUE;
    case GRE_PROTOCOL_ERSPAN_I_II:
      /* Type I has no ERSPAN header and no sequence number. */
      return erspan_decode (flags & GRE_FLAG_SEQUENCE ? ERSPAN_TYPE_II
                                                      : ERSPAN_TYPE_I,
                            bytes, network, out);
    case GRE_PROTOCOL_ERSPAN_III:
      return erspan_decode (ERSPAN_TYPE_III, bytes, network, out);
    default:
      return link_decode_ethertype (type, bytes, network, out);
    }
}
