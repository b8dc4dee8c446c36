/* Writes the benchmark capture as it is generated: SIP messages into
 * Ethernet/IPv4 frames (UDP datagrams, fragmented past the 1500-byte
 * MTU; segments of long-lived TCP connections with their sequence
 * numbers), appended to a classic pcap file through a large buffer, with
 * strictly increasing microsecond times. Counts what it wrote in the
 * terms of sipscan's frame counters. */
#pragma once

#include <glib.h>
#include <stdio.h>

typedef struct {
  guint32 ip;     /* IPv4, host byte order */
  guint16 port;
} Endpoint;

/* One TCP connection; both directions continue over many messages. */
typedef struct {
  Endpoint client, server;
  guint32 client_seq, server_seq;   /* the next byte each side sends */
  gboolean open;                    /* its handshake is written */
} TcpLink;

typedef struct {
  guint64 frames;
  guint64 frames_sip;          /* a SIP message completes in it */
  guint64 frames_ip_fragment;  /* a fragment that does not complete one */
  guint64 frames_tcp;          /* a TCP segment without a whole message */
  guint64 ip_datagrams_reassembled;
  guint64 tcp_streams;         /* each direction of a connection */
  guint64 bytes;               /* of the file */
} FrameCounts;

typedef struct {
  FILE *file;
  GByteArray *buffer;
  guint64 last_time;
  guint16 next_ip_id;
  FrameCounts counts;
  gboolean write_failed;
} FrameSink;

void frame_sink_init (FrameSink *sink, FILE *file);
/* Writes what is buffered and frees the buffer; FALSE when a write
 * failed. */
gboolean frame_sink_finish (FrameSink *sink);

/* A UDP datagram at time (microseconds since the epoch, moved on to stay
 * after the previous frame); returns the time of its last frame. */
guint64 frame_sink_udp (FrameSink *sink, guint64 time, Endpoint src,
                        Endpoint dst, const guint8 *payload, gsize len);

/* n messages sent back to back on one direction of a TCP connection:
 * data holds them one after the other, message i ending at ends[i]. Cut
 * into segments of at most one MSS; the connection's handshake goes
 * first when it is new. Returns the time of the last frame. */
guint64 frame_sink_tcp (FrameSink *sink, guint64 time, TcpLink *link,
                        gboolean from_client, const guint8 *data,
                        const gsize *ends, guint n);
