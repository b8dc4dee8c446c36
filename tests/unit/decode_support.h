/* Decoding test frames, for the tests of the frame decoder and of the
 * tunnels it goes through. */
#pragma once

#include "decode/frame_decoder.h"

/* Decodes the first caplen bytes of packet, whose length on the wire was
 * wirelen, from a copy of exactly caplen bytes so that AddressSanitizer
 * sees any read past them, with a decoder of its own. The copy lives
 * until the test ends; it is returned to check where the payload
 * points. */
const guint8 *decode_frame (int linktype, const GByteArray *packet,
                            gsize caplen, gsize wirelen, DecodedFrame *out);
const guint8 *decode_whole (int linktype, const GByteArray *packet,
                            DecodedFrame *out);
/* The snaplen kept caplen bytes of the frame. */
const guint8 *decode_snapped (int linktype, const GByteArray *packet,
                              gsize caplen, DecodedFrame *out);

/* layer NULL: no reason. */
void assert_verdict (const DecodedFrame *out, DecodeVerdict verdict,
                     const char *layer, const char *text);
void assert_endpoints (const DecodedFrame *out, const char *src,
                       const char *dst);
