/* From a captured frame to a transport payload: link layer, IPv4/IPv6,
 * UDP. The decoder knows nothing of SIP. IP fragments and TCP segments are
 * recognised and reported as such; their reassembly (issue: transport
 * completeness) will live in this layer, behind the same interface, and
 * will hold its state in FrameDecoder. */
#pragma once

#include "sipscan.h"
#include "util/reason.h"

typedef enum {
  DECODE_PAYLOAD,      /* a UDP payload is in DecodedFrame.payload */
  DECODE_NOT_SIP,      /* well formed, cannot carry SIP (ARP, ICMP, ...) */
  DECODE_MALFORMED,    /* a header is inconsistent; see reason */
  DECODE_TRUNCATED,    /* captured bytes end before the headers do */
  DECODE_UNSUPPORTED,  /* link type or encapsulation not decoded */
  DECODE_IP_FRAGMENT,  /* awaits IP reassembly */
  DECODE_TCP,          /* awaits TCP stream reassembly */
} DecodeVerdict;

typedef struct {
  DecodeVerdict verdict;
  const Reason *reason;          /* for MALFORMED, TRUNCATED, UNSUPPORTED */
  SipscanEndpoint src, dst;
  SipscanTransport transport;
  const guint8 *payload;         /* points into the frame's data */
  gsize payload_len;
} DecodedFrame;

typedef struct _FrameDecoder FrameDecoder;

FrameDecoder *frame_decoder_new (void);
void frame_decoder_free (FrameDecoder *decoder);

/* Decodes one frame. wirelen tells a snaplen cut (TRUNCATED) from a
 * header that lies about its length (MALFORMED). */
void frame_decoder_decode (FrameDecoder *decoder, const SipscanFrame *frame,
                           DecodedFrame *out);
