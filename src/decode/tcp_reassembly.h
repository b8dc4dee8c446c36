/* TCP stream reassembly (RFC 9293): puts the data of each direction of a
 * connection in sequence order and hands it to a consumer. The policies
 * (first data wins, when a hole is given up) are described in
 * tcp_reassembly.c. Knows nothing of what the bytes carry. */
#pragma once

#include "decode/frame_decoder.h"

/* The frame whose processing released bytes to a consumer. */
typedef struct {
  guint64 number;
  SipscanTime time;
} TcpFrameRef;

/* What a consumer hears of its stream, in order: data and gaps, then end
 * once. frame is the segment being added when that caused the event (or a
 * segment of the other direction: its ACK or RST); for events caused by
 * no segment of the connection (idle timeout, eviction, end of capture) it
 * is the stream's last segment. */
typedef struct {
  /* A new stream, one direction of a connection; returns its consumer
   * (NULL: the stream's bytes are dropped). */
  gpointer (*stream_start) (const SipscanEndpoint *src,
                            const SipscanEndpoint *dst, gpointer data);
  void (*data) (gpointer consumer, const guint8 *bytes, gsize len,
                const TcpFrameRef *frame, gpointer data);
  /* lost bytes were never seen; data resumes after them. */
  void (*gap) (gpointer consumer, guint64 lost, const TcpFrameRef *frame,
               gpointer data);
  /* FIN, RST, idle timeout, eviction or the end of the capture. */
  void (*end) (gpointer consumer, const TcpFrameRef *frame, gpointer data);
  GDestroyNotify free_consumer;
} TcpStreamCallbacks;

typedef struct _TcpReassembly TcpReassembly;

/* Limits come from options (tcp_*); counts go to counters (tcp_*). */
TcpReassembly *tcp_reassembly_new (const SipscanOptions *options,
                                   SipscanCounters *counters,
                                   const TcpStreamCallbacks *callbacks,
                                   gpointer data);
/* Frees consumers without ending them: call finish first. */
void tcp_reassembly_free (TcpReassembly *reassembly);

/* segment is a DECODE_TCP frame, the number-th of the capture. */
void tcp_reassembly_add_segment (TcpReassembly *reassembly,
                                 const DecodedFrame *segment, guint64 number,
                                 SipscanTime time);
/* The consumer of the open stream from src to dst, or NULL: for a
 * consumer that needs the other direction of its connection. */
gpointer tcp_reassembly_peek_consumer (TcpReassembly *reassembly,
                                       const SipscanEndpoint *src,
                                       const SipscanEndpoint *dst);
/* Ends the streams idle since before now - tcp_stream_timeout. */
void tcp_reassembly_expire (TcpReassembly *reassembly, SipscanTime now);
/* The capture ended: every stream gives up its holes and ends. */
void tcp_reassembly_finish (TcpReassembly *reassembly, SipscanTime end);
