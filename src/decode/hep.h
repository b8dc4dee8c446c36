/* HEP: from a HEP packet (a UDP payload) to the message it carries, with
 * the message's own addresses, transport and time. */
#pragma once

#include "decode/layer.h"

/* TRUE when the payload at the start of bytes is HEP version 2 or 3, by
 * its first bytes. */
gboolean hep_detect (const DecodeBytes *bytes);

/* Decodes the HEP packet at the start of bytes (the UDP payload). TRUE
 * when it is well formed: out's verdict is then DECODE_PAYLOAD, with src,
 * dst, transport and payload those of the message the agent saw and
 * time its time when HEP gives one, or DECODE_NOT_SIP when it carries
 * something else than SIP. Otherwise out's verdict and reason are set. */
gboolean hep_decode (DecodeBytes *bytes, DecodedFrame *out);
