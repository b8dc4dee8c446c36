/* UDP (RFC 768). The checksum is not verified: captures taken on a sending
 * host hold offloaded, unfinished ones. Bytes after the UDP length and
 * before the end of the IP payload are padding and dropped. An empty
 * payload is still DECODE_PAYLOAD: deciding that it is not SIP is the
 * analyzer's business. */
#include "decode/udp.h"

static REASON_DEFINE (reason_header_cut, "udp", "header cut by the snaplen");
static REASON_DEFINE (reason_header_beyond, "udp",
                      "udp header beyond ip payload");
static REASON_DEFINE (reason_length_below, "udp", "udp length below 8");
static REASON_DEFINE (reason_length_beyond, "udp",
                      "udp length beyond ip payload");
static REASON_DEFINE (reason_payload_cut, "udp", "payload cut by the snaplen");

gboolean
udp_decode_header (DecodeBytes *bytes, DecodedFrame *out)
{
  Cursor header;
  guint16 length = 0;
  if (!decode_bytes_need (bytes, UDP_HEADER_LEN, &reason_header_cut,
                          &reason_header_beyond, out))
    return FALSE;
  cursor_take (&bytes->cursor, UDP_HEADER_LEN, &header);
  cursor_read_u16 (&header, &out->src.port);
  cursor_read_u16 (&header, &out->dst.port);
  cursor_read_u16 (&header, &length);
  out->transport = SIPSCAN_TRANSPORT_UDP;

  if (length < UDP_HEADER_LEN)
    return decode_stop (out, DECODE_MALFORMED, &reason_length_below);
  if (!decode_bytes_limit (bytes, length - UDP_HEADER_LEN))
    return decode_stop (out, DECODE_MALFORMED, &reason_length_beyond);
  return TRUE;
}

gboolean
udp_take_payload (DecodeBytes *bytes, DecodedFrame *out)
{
  return decode_take_payload (bytes, &reason_payload_cut, out);
}
