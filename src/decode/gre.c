/* GRE (RFC 2784) with its key and sequence number (RFC 2890): flags and
 * version (2), protocol type (2), then the checksum and a reserved field
 * (4, when C), the key (4, when K) and the sequence number (4, when S).
 * The checksum is not verified (see udp.c). The protocol type is an
 * ethertype: IPv4, IPv6, transparent Ethernet bridging (0x6558), MPLS,
 * and Cisco's ERSPAN mirrors (erspan.c). RFC 1701 source routing and
 * version 1, PPTP's enhanced GRE carrying PPP (RFC 2637), are not
 * decoded. The reserved bits RFC 1701 gave meanings to are ignored, as
 * tcpdump and Wireshark do. */
#include "decode/gre.h"

#include "decode/erspan.h"

#define GRE_HEADER_LEN 4
#define GRE_FLAG_CHECKSUM 0x8000
#define GRE_FLAG_ROUTING 0x4000
#define GRE_FLAG_KEY 0x2000
#define GRE_FLAG_SEQUENCE 0x1000
#define GRE_VERSION_MASK 0x0007
#define GRE_VERSION_PPTP 1
#define GRE_OPTION_LEN 4

enum {
  GRE_PROTOCOL_ETHERNET = 0x6558,  /* transparent Ethernet bridging */
  GRE_PROTOCOL_ERSPAN_I_II = 0x88be,
  GRE_PROTOCOL_ERSPAN_III = 0x22eb,
};

static REASON_DEFINE (reason_cut, "gre", "header cut by the snaplen");
static REASON_DEFINE (reason_short, "gre", "gre header beyond ip payload");
static REASON_DEFINE (reason_pptp, "gre",
                      "gre version 1 (PPTP) not decoded");
static REASON_DEFINE (reason_version, "gre", "gre version above 1");
static REASON_DEFINE (reason_routing, "gre",
                      "gre source routing not decoded");

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
    return decode_stop (out, DECODE_UNSUPPORTED, &reason_pptp);
  if ((flags & GRE_VERSION_MASK) != 0)
    return decode_stop (out, DECODE_MALFORMED, &reason_version);
  if (flags & GRE_FLAG_ROUTING)
    return decode_stop (out, DECODE_UNSUPPORTED, &reason_routing);
  gsize options_len = 0;
  if (flags & GRE_FLAG_CHECKSUM)
    options_len += GRE_OPTION_LEN;
  if (flags & GRE_FLAG_KEY)
    options_len += GRE_OPTION_LEN;
  if (flags & GRE_FLAG_SEQUENCE)
    options_len += GRE_OPTION_LEN;
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
