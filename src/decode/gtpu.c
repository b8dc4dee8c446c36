/* GTP-U, the GPRS Tunnelling Protocol for user plane (3GPP TS 29.281
 * §5): flags (1: version 3 bits = 1, protocol type = 1, spare, E, S, PN),
 * message type (1), length (2: the bytes after the first 8), TEID (4);
 * when E, S or PN is set, sequence number (2), N-PDU number (1) and next
 * extension header type (1), then a chain of extension headers, each
 * length (1, in 4-byte units, itself included), contents and the next
 * type (1), until a type 0. Message type 255 (G-PDU) carries a user
 * packet, IPv4 or IPv6 by its first nibble; echo, error indication and
 * end marker messages are not SIP. UDP datagrams to port 2152 are GTP-U,
 * whatever their source port. */
#include "decode/gtpu.h"

#define GTPU_HEADER_LEN 8
#define GTPU_OPTIONAL_LEN 4
#define GTPU_VERSION_AND_PT 0xf0
#define GTPU_VERSION_1 0x30     /* version 1, protocol type GTP */
#define GTPU_FLAGS_OPTIONAL 0x07
#define GTPU_FLAG_EXTENSION 0x04
#define GTPU_MESSAGE_G_PDU 255
#define GTPU_EXTENSION_UNIT 4

static REASON_DEFINE (reason_cut, "gtpu", "header cut by the snaplen");
static REASON_DEFINE (reason_short, "gtpu",
                      "gtp-u header beyond udp payload");
static REASON_DEFINE (reason_version, "gtpu", "gtp-u version is not 1");
static REASON_DEFINE (reason_length_beyond, "gtpu",
                      "gtp-u length beyond udp payload");
static REASON_DEFINE (reason_extension_beyond, "gtpu",
                      "gtp-u extension header beyond its message");
static REASON_DEFINE (reason_extension_empty, "gtpu",
                      "gtp-u extension header of length 0");
static REASON_DEFINE (reason_empty, "gtpu", "gtp-u g-pdu without a packet");
static REASON_DEFINE (reason_not_ip, "gtpu",
                      "gtp-u packet neither ipv4 nor ipv6");

/* Skips the extension headers from one of type next; the bytes of the
 * message bound the chain. */
static gboolean
gtpu_skip_extensions (guint8 next, DecodeBytes *bytes, DecodedFrame *out)
{
  while (next != 0)
    {
      Cursor peek = bytes->cursor;
      guint8 units = 0;
      if (!decode_bytes_need (bytes, 1, &reason_cut,
                              &reason_extension_beyond, out))
        return FALSE;
      cursor_read_u8 (&peek, &units);
      if (units == 0)
        return decode_stop (out, DECODE_MALFORMED, &reason_extension_empty);
      gsize len = (gsize) units * GTPU_EXTENSION_UNIT;
      if (!decode_bytes_need (bytes, len, &reason_cut,
                              &reason_extension_beyond, out))
        return FALSE;
      cursor_skip (&bytes->cursor, len - 1);
      cursor_read_u8 (&bytes->cursor, &next);
    }
  return TRUE;
}

gboolean
gtpu_decode (DecodeBytes *bytes, LinkNetwork *network, DecodedFrame *out)
{
  Cursor header;
  guint8 flags = 0, type = 0, next = 0;
  guint16 length = 0;
  if (!decode_bytes_need (bytes, GTPU_HEADER_LEN, &reason_cut, &reason_short,
                          out))
    return FALSE;
  cursor_take (&bytes->cursor, GTPU_HEADER_LEN, &header);
  cursor_read_u8 (&header, &flags);
  cursor_read_u8 (&header, &type);
  cursor_read_u16 (&header, &length);
  if ((flags & GTPU_VERSION_AND_PT) != GTPU_VERSION_1)
    return decode_stop (out, DECODE_MALFORMED, &reason_version);
  if (!decode_bytes_limit (bytes, length))
    return decode_stop (out, DECODE_MALFORMED, &reason_length_beyond);

  if (flags & GTPU_FLAGS_OPTIONAL)
    {
      if (!decode_bytes_need (bytes, GTPU_OPTIONAL_LEN, &reason_cut,
                              &reason_length_beyond, out))
        return FALSE;
      cursor_skip (&bytes->cursor, 3);  /* sequence, N-PDU number */
      cursor_read_u8 (&bytes->cursor, &next);
      if (!(flags & GTPU_FLAG_EXTENSION))
        next = 0;
    }
  if (!gtpu_skip_extensions (next, bytes, out))
    return FALSE;
  if (type != GTPU_MESSAGE_G_PDU)
    return decode_stop (out, DECODE_NOT_SIP, NULL);
  if (!decode_bytes_need (bytes, 1, &reason_cut, &reason_empty, out))
    return FALSE;
  if (!link_guess_ip (bytes, network))
    return decode_stop (out, DECODE_UNSUPPORTED, &reason_not_ip);
  return TRUE;
}
