/* From a captured frame to a transport payload: link layer, IPv4/IPv6
 * with fragment reassembly, tunnels and mirrors, UDP, TCP or SCTP, HEP.
 * The decoder knows nothing of SIP.
 * A TCP segment comes out with its header fields and data; the stream
 * reassembly (tcp_reassembly.h), which belongs to this layer too, puts the
 * data of a connection in order; an SCTP packet comes out with its chunks,
 * which sctp.h reads. */
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
  DECODE_TCP,          /* a TCP segment: tcp and payload are set */
  DECODE_SCTP,         /* an SCTP packet: payload holds its chunks */
} DecodeVerdict;

/* TCP header flags (RFC 9293 §3.1). */
enum {
  TCP_FLAG_FIN = 0x01,
  TCP_FLAG_SYN = 0x02,
  TCP_FLAG_RST = 0x04,
  TCP_FLAG_PSH = 0x08,
  TCP_FLAG_ACK = 0x10,
};

typedef struct {
  guint32 seq;
  guint32 ack;
  guint8 flags;                  /* TCP_FLAG_* */
} DecodedTcp;

typedef struct {
  DecodeVerdict verdict;
  const Reason *reason;          /* for MALFORMED, TRUNCATED, UNSUPPORTED */
  SipscanEndpoint src, dst;
  SipscanTransport transport;
  DecodedTcp tcp;                /* for DECODE_TCP */
  const guint8 *payload;         /* points into the frame's data, or for a
                                    reassembled datagram into the
                                    decoder's, valid until the next
                                    decode: a UDP payload or a TCP
                                    segment's data */
  gsize payload_len;
  SipscanTime time;              /* when nonzero, the time the message was
                                    seen (HEP), which replaces the
                                    frame's */
} DecodedFrame;

typedef struct _FrameDecoder FrameDecoder;

/* Reassembly limits come from options (max_fragment_*, fragment_timeout);
 * what reassembly drops is counted in counters (ip_*), and so are frames
 * decoded through a tunnel (tunnels_decoded) and HEP packets
 * (hep_messages). */
FrameDecoder *frame_decoder_new (const SipscanOptions *options,
                                 SipscanCounters *counters);
void frame_decoder_free (FrameDecoder *decoder);

/* Decodes one frame. wirelen tells a snaplen cut (TRUNCATED) from a
 * header that lies about its length (MALFORMED). The fragment that
 * completes an IP datagram decodes as the whole datagram would, with its
 * own addresses (all its fragments share them). Through tunnels, the
 * addresses are the innermost packet's; through HEP, those of the
 * message the agent saw. */
void frame_decoder_decode (FrameDecoder *decoder, const SipscanFrame *frame,
                           DecodedFrame *out);

/* The capture ended: datagrams still missing fragments are counted. */
void frame_decoder_finish (FrameDecoder *decoder);
