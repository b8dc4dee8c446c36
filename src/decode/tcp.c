/* TCP (RFC 9293 §3.1): ports, sequence and acknowledgment numbers, data
 * offset and flags; options are skipped. The checksum is not verified
 * (see udp.c). The data runs to the end of the IP payload. A segment whose
 * data the snaplen cut is TRUNCATED: its bytes are not all there, so the
 * reassembly never sees it and gives its bytes up as a gap. */
#include "decode/tcp.h"

static REASON_DEFINE (reason_header_cut, "tcp", "header cut by the snaplen");
static REASON_DEFINE (reason_header_beyond, "tcp",
                      "tcp header beyond ip payload");
static REASON_DEFINE (reason_offset_below, "tcp", "tcp data offset below 5");
static REASON_DEFINE (reason_offset_beyond, "tcp",
                      "tcp data offset beyond ip payload");
static REASON_DEFINE (reason_payload_cut, "tcp", "payload cut by the snaplen");

gboolean
tcp_decode (DecodeBytes *bytes, DecodedFrame *out)
{
  Cursor header;
  guint8 offset = 0;
  out->transport = SIPSCAN_TRANSPORT_TCP;
  if (!decode_bytes_need (bytes, TCP_HEADER_LEN, &reason_header_cut,
                          &reason_header_beyond, out))
    return FALSE;
  cursor_take (&bytes->cursor, TCP_HEADER_LEN, &header);
  cursor_read_u16 (&header, &out->src.port);
  cursor_read_u16 (&header, &out->dst.port);
  cursor_read_u32 (&header, &out->tcp.seq);
  cursor_read_u32 (&header, &out->tcp.ack);
  cursor_read_u8 (&header, &offset);
  cursor_read_u8 (&header, &out->tcp.flags);
  /* window, checksum, urgent pointer */

  gsize header_len = (gsize) (offset >> 4) * 4;
  if (header_len < TCP_HEADER_LEN)
    return decode_stop (out, DECODE_MALFORMED, &reason_offset_below);
  if (!decode_bytes_need (bytes, header_len - TCP_HEADER_LEN,
                          &reason_header_cut, &reason_offset_beyond, out))
    return FALSE;
  cursor_skip (&bytes->cursor, header_len - TCP_HEADER_LEN);  /* options */
  if (bytes->lost > 0)
    return decode_stop (out, DECODE_TRUNCATED, &reason_payload_cut);
  out->verdict = DECODE_TCP;
  out->reason = NULL;
  out->payload = cursor_peek_ptr (&bytes->cursor);
  out->payload_len = cursor_remaining (&bytes->cursor);
  return TRUE;
}
