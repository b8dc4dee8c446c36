/* From a captured frame to a transport payload: link layer, IPv4/IPv6
 * with fragment reassembly, UDP. The decoder knows nothing of SIP. TCP
 * segments are recognised and reported as such; their reassembly (issue:
 * transport completeness) will live in this layer too, behind the same
 * interface, with its state in FrameDecoder. */
#pragma once

#include "sipscan.h"
#include "util/reason.h"

typedef enum {
  DECODE_PAYLOAD,      /* a UDP payload is in DecodedFrame.payload */
  DECODE_NOT_SIP,      /* well formed, cannot carry SIP (ARP, ICMP, ...) */
  DECODE_MALFORMED,    /* a header is inconsistent; see reason */
  DECODE_TRUNCATED,    /* captured bytes end before the headers do */
  DECODE_UNSUPPORTED,  /* link type or encapsulation not decoded */
  DECODE_IP_FRAGMENT,  /* held for IP reassembly */
  DECODE_TCP,          /* awaits TCP stream reassembly */
} DecodeVerdict;

typedef struct {
  DecodeVerdict verdict;
  const Reason *reason;          /* for MALFORMED, TRUNCATED, UNSUPPORTED */
  SipscanEndpoint src, dst;
  SipscanTransport transport;
  const guint8 *payload;         /* points into the frame's data, or for a
                                    reassembled datagram into the
                                    decoder's, valid until the next
                                    decode */
  gsize payload_len;
} DecodedFrame;

typedef struct _FrameDecoder FrameDecoder;

/* Reassembly limits come from options (max_fragment_*, fragment_timeout);
 * what reassembly drops is counted in counters (ip_*). */
FrameDecoder *frame_decoder_new (const SipscanOptions *options,
                                 SipscanCounters *counters);
void frame_decoder_free (FrameDecoder *decoder);

/* Decodes one frame. wirelen tells a snaplen cut (TRUNCATED) from a
 * header that lies about its length (MALFORMED). The fragment that
 * completes an IP datagram decodes as the whole datagram would, with its
 * own addresses (all its fragments share them). */
void frame_decoder_decode (FrameDecoder *decoder, const SipscanFrame *frame,
                           DecodedFrame *out);

/* The capture ended: datagrams still missing fragments are counted. */
void frame_decoder_finish (FrameDecoder *decoder);
