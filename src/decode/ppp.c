/* PPP frames (RFC 1661 §2) as PPPoE (pppoe.c) and PPTP's GRE (gre.c)
 * carry them: the HDLC-like address and control bytes 0xff 0x03 when the
 * sender did not compress them away (RFC 1662 §3.2), the protocol (2
 * bytes, or 1 when compressed: an odd first byte), then the datagram.
 * 0x0021 is IPv4 (RFC 1332) and 0x0057 IPv6 (RFC 5072); LCP, IPCP,
 * compressed datagrams (CCP, RFC 1962) and the rest are not SIP. */
#include "decode/ppp.h"

#define PPP_ADDRESS 0xff
#define PPP_CONTROL 0x03

enum {
  PPP_PROTOCOL_IPV4 = 0x0021,
  PPP_PROTOCOL_IPV6 = 0x0057,
};

static REASON_DEFINE (reason_cut, "ppp", "header cut by the snaplen");
static REASON_DEFINE (reason_short, "ppp", "ppp header beyond its packet");

gboolean
ppp_decode (DecodeBytes *bytes, LinkNetwork *network, DecodedFrame *out)
{
  Cursor peek = bytes->cursor;
  guint8 first = 0, second = 0;
  guint16 protocol = 0;
  if (!decode_bytes_need (bytes, 1, &reason_cut, &reason_short, out))
    return FALSE;
  cursor_read_u8 (&peek, &first);
  if (first == PPP_ADDRESS && cursor_read_u8 (&peek, &second)
      && second == PPP_CONTROL)
    {
      cursor_skip (&bytes->cursor, 2);
      peek = bytes->cursor;
      if (!decode_bytes_need (bytes, 1, &reason_cut, &reason_short, out))
        return FALSE;
      cursor_read_u8 (&peek, &first);
    }
  if (first & 0x01)
    {
      cursor_skip (&bytes->cursor, 1);
      protocol = first;
    }
  else if (!decode_bytes_need (bytes, 2, &reason_cut, &reason_short, out))
    return FALSE;
  else
    cursor_read_u16 (&bytes->cursor, &protocol);
  switch (protocol)
    {
    case PPP_PROTOCOL_IPV4:
      *network = LINK_NETWORK_IPV4;
      return TRUE;
    case PPP_PROTOCOL_IPV6:
      *network = LINK_NETWORK_IPV6;
      return TRUE;
    default:
      return decode_stop (out, DECODE_NOT_SIP, NULL);
    }
}
