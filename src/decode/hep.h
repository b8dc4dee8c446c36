/* HEP: from a HEP packet (a UDP payload) to the message it carries, with
 * the message's own addresses, transport and time. */
#pragma once

#include "decode/layer.h"

#define HEP2_VERSION 2
#define HEP2_FIXED_LEN 8
#define HEP2_IPV4_LEN (HEP2_FIXED_LEN + 2 * 4)
#define HEP2_IPV6_LEN (HEP2_FIXED_LEN + 2 * 16)
#define HEP_FAMILY_IPV4 2
#define HEP_FAMILY_IPV6 10

/* TRUE when the payload at the start of bytes is HEP version 2 or 3, by
 * its first bytes. Inline: every UDP payload is asked. */
static inline gboolean
hep_detect (const DecodeBytes *bytes)
{
  const Cursor *c = &bytes->cursor;
  const guint8 *p = cursor_peek_ptr (c);
  gsize n = cursor_remaining (c);
  if (n >= 4 && memcmp (p, "HEP3", 4) == 0)
    return TRUE;
  return n >= 3 && p[0] == HEP2_VERSION
         && ((p[1] == HEP2_IPV4_LEN && p[2] == HEP_FAMILY_IPV4)
             || (p[1] == HEP2_IPV6_LEN && p[2] == HEP_FAMILY_IPV6));
}

/* Decodes the HEP packet at the start of bytes (the UDP payload). TRUE
 * when it is well formed: out's verdict is then DECODE_PAYLOAD, with src,
 * dst, transport and payload those of the message the agent saw and
 * time its time when HEP gives one, or DECODE_NOT_SIP when it carries
 * something else than SIP. Otherwise out's verdict and reason are set. */
gboolean hep_decode (DecodeBytes *bytes, DecodedFrame *out);
