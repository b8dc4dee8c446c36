/* PPPoE session stage (RFC 2516 §4, §6): version and type (1, both 1),
 * code (1, 0 in a session), session ID (2), length (2: the PPP frame),
 * then a PPP frame (ppp.c). Bytes after the length are Ethernet
 * padding. */
#include "decode/pppoe.h"

#include "decode/ppp.h"

#define PPPOE_HEADER_LEN 6
#define PPPOE_VERSION_TYPE 0x11
#define PPPOE_CODE_SESSION 0x00

static REASON_DEFINE (reason_cut, "pppoe", "header cut by the snaplen");
static REASON_DEFINE (reason_short, "pppoe",
                      "frame shorter than its pppoe header");
static REASON_DEFINE (reason_version, "pppoe",
                      "pppoe version or type is not 1");
static REASON_DEFINE (reason_code, "pppoe", "pppoe session code is not 0");
static REASON_DEFINE (reason_length_beyond, "pppoe",
                      "pppoe length beyond the frame");

gboolean
pppoe_decode (DecodeBytes *bytes, LinkNetwork *network, DecodedFrame *out)
{
  Cursor header;
  guint8 version_type = 0, code = 0;
  guint16 length = 0;
  if (!decode_bytes_need (bytes, PPPOE_HEADER_LEN, &reason_cut, &reason_short,
                          out))
    return FALSE;
  cursor_take (&bytes->cursor, PPPOE_HEADER_LEN, &header);
  cursor_read_u8 (&header, &version_type);
  cursor_read_u8 (&header, &code);
  cursor_skip (&header, 2);   /* session ID */
  cursor_read_u16 (&header, &length);
  if (version_type != PPPOE_VERSION_TYPE)
    return decode_stop (out, DECODE_MALFORMED, &reason_version);
  if (code != PPPOE_CODE_SESSION)
    return decode_stop (out, DECODE_MALFORMED, &reason_code);
  if (!decode_bytes_limit (bytes, length))
    return decode_stop (out, DECODE_MALFORMED, &reason_length_beyond);
  return ppp_decode (bytes, network, out);
}
