/* ERSPAN: from a mirrored frame's ERSPAN header to the frame. */
#pragma once

#include "decode/link.h"

typedef enum {
  ERSPAN_TYPE_I,     /* no header */
  ERSPAN_TYPE_II,    /* 8 bytes, version 1 */
  ERSPAN_TYPE_III,   /* 12 bytes, version 2, and an optional 8-byte
                        platform specific subheader */
} ErspanType;

/* Reads the ERSPAN header of type at the start of bytes (GRE's payload).
 * TRUE with bytes at the mirrored frame and network naming it; otherwise
 * out's verdict and reason are set. */
gboolean erspan_decode (ErspanType type, DecodeBytes *bytes,
                        LinkNetwork *network, DecodedFrame *out);
