/* What the decode layers (link.c, ip.c, udp.c, the tunnels, hep.c,
 * frame_decoder.c) share: the bytes a layer owns and the one rule for
 * missing bytes. Not part of the decoder's interface. */
#pragma once

#include "decode/frame_decoder.h"
#include "util/cursor.h"

/* The bytes of one layer: those captured, and how many more were on the
 * wire but cut off by the snaplen. */
typedef struct {
  Cursor cursor;
  gsize lost;
} DecodeBytes;

/* Ends the decoding of a frame with a verdict; returns FALSE so that a
 * layer can write `return decode_stop (...)`. */
static inline gboolean
decode_stop (DecodedFrame *out, DecodeVerdict verdict, const Reason *reason)
{
  out->verdict = verdict;
  out->reason = reason;
  return FALSE;
}

/* TRUE when n more bytes were captured. Otherwise the frame ends: when the
 * snaplen cut off the missing bytes it is TRUNCATED (reason cut), else a
 * length or header claims bytes the frame never had: MALFORMED (reason
 * malformed). */
static inline gboolean
decode_bytes_need (const DecodeBytes *bytes, gsize n, const Reason *cut,
                   const Reason *malformed, DecodedFrame *out)
{
  gsize have = cursor_remaining (&bytes->cursor);
  if (n <= have)
    return TRUE;
  if (n - have <= bytes->lost)
    return decode_stop (out, DECODE_TRUNCATED, cut);
  return decode_stop (out, DECODE_MALFORMED, malformed);
}

/* Narrows bytes to the next len bytes, as a length field says; whatever
 * follows (padding, a trailer, an FCS) is dropped. FALSE when len is more
 * than the wire carried. */
static inline gboolean
decode_bytes_limit (DecodeBytes *bytes, gsize len)
{
  gsize have = cursor_remaining (&bytes->cursor);
  if (len <= have)
    {
      bytes->cursor.len = bytes->cursor.pos + len;
      bytes->lost = 0;
      return TRUE;
    }
  if (len - have > bytes->lost)
    return FALSE;
  bytes->lost = len - have;
  return TRUE;
}

/* The rest of bytes is a transport's payload: TRUE with out's verdict
 * DECODE_PAYLOAD and payload set (it may be empty); TRUNCATED (reason
 * cut) when the snaplen cut some of it. */
static inline gboolean
decode_take_payload (const DecodeBytes *bytes, const Reason *cut,
                     DecodedFrame *out)
{
  if (bytes->lost > 0)
    return decode_stop (out, DECODE_TRUNCATED, cut);
  out->verdict = DECODE_PAYLOAD;
  out->reason = NULL;
  out->payload = cursor_peek_ptr (&bytes->cursor);
  out->payload_len = cursor_remaining (&bytes->cursor);
  return TRUE;
}
