/* ERSPAN, Cisco's Encapsulated Remote SPAN (draft-foschiano-erspan-03),
 * inside GRE (gre.c). Type II: version (4 bits, 1), VLAN, COS, En, T,
 * session ID (4 bytes), reserved, index (4 bytes). Type III: version (4
 * bits, 2), VLAN, COS, BSO, T, session ID (4 bytes), timestamp (4
 * bytes), SGT (2), then P, frame type (5 bits), hardware ID, D,
 * granularity and O (2), and when O is set an 8-byte platform specific
 * subheader. A mirrored Ethernet frame follows; a type III frame type
 * of 2 says an IP packet does. */
#include "decode/erspan.h"

#define ERSPAN_II_HEADER_LEN 8
#define ERSPAN_III_HEADER_LEN 12
#define ERSPAN_III_SUBHEADER_LEN 8
#define ERSPAN_II_VERSION 1
#define ERSPAN_III_VERSION 2
#define ERSPAN_III_FRAME_TYPE(bits) (((bits) >> 10) & 0x1f)
#define ERSPAN_III_FLAG_SUBHEADER 0x0001

enum {
  ERSPAN_FRAME_ETHERNET = 0,
  ERSPAN_FRAME_IP = 2,
};

static REASON_DEFINE (reason_cut, "erspan", "header cut by the snaplen");
static REASON_DEFINE (reason_short, "erspan",
                      "erspan header beyond gre payload");
static REASON_DEFINE (reason_version, "erspan",
                      "erspan version does not match its gre type");
static REASON_DEFINE (reason_frame_type, "erspan",
                      "erspan frame type not decoded");

gboolean
erspan_decode (ErspanType type, DecodeBytes *bytes, LinkNetwork *network,
               DecodedFrame *out)
{
  Cursor header;
  guint8 version = 0;
  guint16 bits = 0;
  *network = LINK_NETWORK_ETHERNET;
  if (type == ERSPAN_TYPE_I)
    return TRUE;

  gsize len = type == ERSPAN_TYPE_II ? ERSPAN_II_HEADER_LEN
                                     : ERSPAN_III_HEADER_LEN;
  if (!decode_bytes_need (bytes, len, &reason_cut, &reason_short, out))
    return FALSE;
  cursor_take (&bytes->cursor, len, &header);
  cursor_read_u8 (&header, &version);
  version >>= 4;
  if (version != (type == ERSPAN_TYPE_II ? ERSPAN_II_VERSION
                                         : ERSPAN_III_VERSION))
    return decode_stop (out, DECODE_MALFORMED, &reason_version);
  if (type == ERSPAN_TYPE_II)
    return TRUE;

  cursor_skip (&header, 3 + 4 + 2);  /* VLAN ... session, timestamp, SGT */
  cursor_read_u16 (&header, &bits);
  if (bits & ERSPAN_III_FLAG_SUBHEADER)
    {
      if (!decode_bytes_need (bytes, ERSPAN_III_SUBHEADER_LEN, &reason_cut,
                              &reason_short, out))
        return FALSE;
      cursor_skip (&bytes->cursor, ERSPAN_III_SUBHEADER_LEN);
    }
  switch (ERSPAN_III_FRAME_TYPE (bits))
    {
    case ERSPAN_FRAME_ETHERNET:
      return TRUE;
    case ERSPAN_FRAME_IP:
      *network = LINK_NETWORK_IP;
      return TRUE;
    default:
      return decode_stop (out, DECODE_UNSUPPORTED, &reason_frame_type);
    }
}
