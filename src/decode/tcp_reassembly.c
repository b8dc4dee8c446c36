/* TCP stream reassembly (RFC 9293 §3.4 sequence numbers, §3.10.7.4
 * segment arrival) by a passive observer that sees both directions of a
 * connection but neither stack.
 *
 * A stream is one direction of a connection, keyed by source and
 * destination address and port (the address text tells IPv4 from IPv6),
 * in a StateTable capped at tcp_max_streams and ended after
 * tcp_stream_timeout of capture time without a segment. A stream starts at
 * a SYN (data from ISN+1) or, when the capture joined the connection in
 * the middle, at its first segment with data. Sequence numbers compare
 * modulo 2^32 (serial number arithmetic, RFC 1982), so streams may wrap.
 *
 * A segment at the next expected byte is delivered at once, without a
 * copy; a later one is copied and held, in order, until the hole before it
 * fills. Bytes already delivered or held are never delivered again: a
 * segment with nothing new is a retransmission (counted). Where a segment
 * overlaps bytes held, the bytes held win ("first data wins", as a
 * receiving stack that already queued them does); a segment whose
 * overlapping bytes differ counts in tcp_overlap_conflicts. Bytes that
 * overlap data already delivered are dropped without comparison.
 *
 * A hole is given up (its bytes counted lost, a gap handed to the
 * consumer, the bytes held after it delivered) when:
 *   - the other direction acknowledges bytes beyond it: the receiver has
 *     them, so they will not come again (the capture missed them);
 *   - a segment of the stream arrives more than tcp_gap_timeout after the
 *     hole was found: a retransmission would have come by then;
 *   - holding a new segment would pass tcp_max_stream_buffer for the
 *     stream or tcp_max_buffer for all streams (tcp_gaps_at_cap; each held
 *     segment also counts TCP_HELD_OVERHEAD bytes of bookkeeping). No
 *     received byte is dropped for a cap: the wait for missing ones ends;
 *   - the stream ends: FIN, RST (which ends both directions), idle
 *     timeout, eviction, end of capture.
 * An ended stream lingers for `linger` seconds so that late
 * retransmissions and ACKs do not start a new stream. A SYN with another
 * ISN (port reuse), or data past the end of an ended stream, starts the
 * stream anew.
 *
 * No receive window is tracked: a segment far ahead of the stream is held
 * like any other and, if its hole never fills, makes a large gap. */
#include "decode/tcp_reassembly.h"

#include "util/endpoint_key.h"
#include "util/state_table.h"

#include <string.h>

#define TCP_HELD_OVERHEAD 64

enum {
  QUEUE_OPEN,
  QUEUE_ENDED,
  N_QUEUES,
};

typedef struct {
  guint32 seq;
  guint32 len;
  guint8 data[];
} TcpHeld;

/* One direction, by its endpoints' bytes. */
typedef struct {
  EndpointKey src, dst;
} TcpStreamKey;

G_STATIC_ASSERT (sizeof (TcpStreamKey) == 40);

typedef struct _TcpStream TcpStream;

struct _TcpStream {
  StateEntry entry;
  TcpStreamKey key;
  TcpReassembly *owner;
  TcpStream *peer;          /* the other direction, while both are in the
                               table: what tcp_reassembly_reverse would
                               look up */
  SipscanEndpoint src, dst;
  gpointer consumer;
  gboolean open;            /* FALSE once ended: it lingers */
  gboolean has_isn;         /* started by a SYN */
  guint32 isn;
  guint32 next_seq;         /* the next byte to deliver */
  GQueue held;              /* TcpHeld, in sequence order, disjoint, all
                               after next_seq */
  gsize held_bytes;         /* with their overhead */
  SipscanTime hole_since;   /* when the hole before held began to wait */
  TcpFrameRef last;         /* its latest segment */
};

struct _TcpReassembly {
  StateTable *streams;
  SipscanCounters *counters;
  TcpStreamCallbacks callbacks;
  gpointer data;
  gsize max_stream_buffer;
  gsize max_buffer;
  SipscanTime gap_timeout;
  gsize held_bytes;         /* across all streams */
  TcpFrameRef current;      /* the segment being added */
};

/* a before b, modulo 2^32. */
static gboolean
seq_before (guint32 a, guint32 b)
{
  return (guint32) (a - b) >= 0x80000000u;
}

static TcpStreamKey
tcp_stream_key (const SipscanEndpoint *src, const SipscanEndpoint *dst)
{
  TcpStreamKey key = { endpoint_key (src, TRUE), endpoint_key (dst, TRUE) };
  return key;
}

static TcpStream *
tcp_stream_lookup (TcpReassembly *r, const TcpStreamKey *key)
{
  return state_table_lookup_bytes (r->streams, key, sizeof *key);
}

static void
tcp_stream_release (TcpStream *stream, TcpHeld *held)
{
  gsize cost = held->len + TCP_HELD_OVERHEAD;
  stream->held_bytes -= cost;
  stream->owner->held_bytes -= cost;
  g_free (held);
}

static void
tcp_stream_deliver (TcpStream *stream, const guint8 *bytes, gsize len,
                    const TcpFrameRef *frame)
{
  TcpReassembly *r = stream->owner;
  stream->next_seq += (guint32) len;
  if (stream->consumer != NULL && len > 0)
    r->callbacks.data (stream->consumer, bytes, len, frame, r->data);
}

/* Delivers the held segments that now follow on. */
static void
tcp_stream_deliver_held (TcpStream *stream, const TcpFrameRef *frame)
{
  TcpHeld *held;
  while ((held = g_queue_peek_head (&stream->held)) != NULL
         && held->seq == stream->next_seq)
    {
      g_queue_pop_head (&stream->held);
      tcp_stream_deliver (stream, held->data, held->len, frame);
      tcp_stream_release (stream, held);
    }
}

/* Gives up the bytes before target that are not held, delivering those
 * that are. */
static void
tcp_stream_skip_to (TcpStream *stream, guint32 target,
                    const TcpFrameRef *frame)
{
  TcpReassembly *r = stream->owner;
  while (seq_before (stream->next_seq, target))
    {
      TcpHeld *held = g_queue_peek_head (&stream->held);
      guint32 resume = held != NULL && seq_before (held->seq, target)
                           ? held->seq : target;
      guint32 lost = resume - stream->next_seq;
      r->counters->tcp_gaps++;
      r->counters->tcp_bytes_lost += lost;
      stream->next_seq = resume;
      if (stream->consumer != NULL)
        r->callbacks.gap (stream->consumer, lost, frame, r->data);
      tcp_stream_deliver_held (stream, frame);
    }
  tcp_stream_deliver_held (stream, frame);
  stream->hole_since = r->current.time;
}

static void
tcp_stream_hold_piece (TcpStream *stream, GList *before, guint32 seq,
                       const guint8 *bytes, guint32 len)
{
  TcpHeld *held = g_malloc (sizeof *held + len);
  gsize cost = len + TCP_HELD_OVERHEAD;
  held->seq = seq;
  held->len = len;
  memcpy (held->data, bytes, len);
  if (stream->held.length == 0)
    stream->hole_since = stream->owner->current.time;
  g_queue_insert_before (&stream->held, before, held);
  stream->held_bytes += cost;
  stream->owner->held_bytes += cost;
}

/* Holds the bytes of [seq, seq + len) that are not held yet (the bytes
 * held win); seq is at or after next_seq. Returns FALSE when none was
 * new. */
static gboolean
tcp_stream_hold (TcpStream *stream, guint32 seq, const guint8 *bytes,
                 gsize len)
{
  /* Offsets from next_seq: every byte held is within 2^31 of it. */
  guint32 base = stream->next_seq;
  guint32 start = seq - base, from = start, to = start + (guint32) len;
  gboolean added = FALSE, conflict = FALSE;
  GList *l = stream->held.head;
  while (from < to)
    {
      const TcpHeld *held = l != NULL ? l->data : NULL;
      guint32 held_from = held != NULL ? held->seq - base : to;
      guint32 held_to = held != NULL ? held_from + held->len : to;
      if (held != NULL && held_to <= from)
        {
          l = l->next;
          continue;
        }
      if (from < held_from)
        {
          guint32 piece_to = MIN (to, held_from);
          tcp_stream_hold_piece (stream, l, base + from,
                                 bytes + (from - start), piece_to - from);
          added = TRUE;
          from = piece_to;
          continue;
        }
      guint32 overlap_to = MIN (to, held_to);
      if (memcmp (bytes + (from - start), held->data + (from - held_from),
                  overlap_to - from) != 0)
        conflict = TRUE;
      from = overlap_to;
      l = l->next;
    }
  if (conflict)
    stream->owner->counters->tcp_overlap_conflicts++;
  return added;
}

static gboolean
tcp_stream_has_room (const TcpStream *stream, gsize len)
{
  const TcpReassembly *r = stream->owner;
  gsize cost = len + TCP_HELD_OVERHEAD;
  return stream->held_bytes + cost <= r->max_stream_buffer
         && r->held_bytes + cost <= r->max_buffer;
}

/* Drops the bytes of a segment that were delivered already; FALSE when
 * nothing is left. */
static gboolean
tcp_stream_trim (const TcpStream *stream, guint32 *seq, const guint8 **bytes,
                 gsize *len)
{
  if (!seq_before (stream->next_seq, *seq + (guint32) *len))
    return FALSE;
  if (seq_before (*seq, stream->next_seq))
    {
      guint32 old = stream->next_seq - *seq;
      *bytes += old;
      *len -= old;
      *seq = stream->next_seq;
    }
  return TRUE;
}

static void
tcp_stream_add_data (TcpStream *stream, guint32 seq, const guint8 *bytes,
                     gsize len)
{
  TcpReassembly *r = stream->owner;
  for (;;)
    {
      if (!tcp_stream_trim (stream, &seq, &bytes, &len))
        {
          r->counters->tcp_retransmitted_segments++;
          return;
        }
      if (seq == stream->next_seq || tcp_stream_has_room (stream, len))
        break;
      const TcpHeld *head = g_queue_peek_head (&stream->held);
      r->counters->tcp_gaps_at_cap++;
      tcp_stream_skip_to (stream,
                          head != NULL && seq_before (head->seq, seq)
                              ? head->seq : seq,
                          &r->current);
    }
  gsize direct = 0;
  if (seq == stream->next_seq)
    {
      /* Up to the first byte held, nothing can overlap. */
      const TcpHeld *head = g_queue_peek_head (&stream->held);
      direct = head != NULL ? MIN (len, (gsize) (head->seq - seq)) : len;
      tcp_stream_deliver (stream, bytes, direct, &r->current);
      bytes += direct;
      len -= direct;
      seq += (guint32) direct;
    }
  if (len > 0 && !tcp_stream_hold (stream, seq, bytes, len) && direct == 0)
    r->counters->tcp_retransmitted_segments++;
  tcp_stream_deliver_held (stream, &r->current);
}

static void
tcp_stream_free_consumer (TcpStream *stream)
{
  GDestroyNotify free_consumer = stream->owner->callbacks.free_consumer;
  if (stream->consumer != NULL && free_consumer != NULL)
    free_consumer (stream->consumer);
  stream->consumer = NULL;
}

/* Gives up every hole, delivers what is held and ends the consumer. */
static void
tcp_stream_end (TcpStream *stream, const TcpFrameRef *frame)
{
  TcpReassembly *r = stream->owner;
  const TcpHeld *held;
  if (!stream->open)
    return;
  while ((held = g_queue_peek_head (&stream->held)) != NULL)
    tcp_stream_skip_to (stream, held->seq, frame);
  stream->open = FALSE;
  if (stream->consumer != NULL)
    r->callbacks.end (stream->consumer, frame, r->data);
  tcp_stream_free_consumer (stream);
}

static void
tcp_stream_begin (TcpStream *stream, const DecodedTcp *tcp)
{
  TcpReassembly *r = stream->owner;
  stream->open = TRUE;
  stream->has_isn = (tcp->flags & TCP_FLAG_SYN) != 0;
  stream->isn = tcp->seq;
  stream->next_seq = stream->has_isn ? tcp->seq + 1 : tcp->seq;
  r->counters->tcp_streams++;
  if (r->callbacks.stream_start != NULL)
    stream->consumer = r->callbacks.stream_start (&stream->src, &stream->dst,
                                                  r->data);
}

static void
tcp_stream_free (gpointer entry)
{
  TcpStream *stream = entry;
  TcpHeld *held;
  if (stream->peer != NULL)
    stream->peer->peer = NULL;
  while ((held = g_queue_pop_head (&stream->held)) != NULL)
    tcp_stream_release (stream, held);
  tcp_stream_free_consumer (stream);
  g_free (stream);
}

static void
tcp_reassembly_on_end (gpointer entry, StateEnd why, SipscanTime now,
                       gpointer data)
{
  TcpStream *stream = entry;
  TcpReassembly *r = data;
  if (why == STATE_END_EVICTED && stream->open)
    r->counters->tcp_streams_evicted++;
  tcp_stream_end (stream, &stream->last);
}

TcpReassembly *
tcp_reassembly_new (const SipscanOptions *options, SipscanCounters *counters,
                    const TcpStreamCallbacks *callbacks, gpointer data)
{
  TcpReassembly *r = g_new0 (TcpReassembly, 1);
  const SipscanTime timeouts[N_QUEUES] = {
    [QUEUE_OPEN] = SIPSCAN_TIME_FROM_SECONDS (options->tcp_stream_timeout),
    [QUEUE_ENDED] = SIPSCAN_TIME_FROM_SECONDS (options->linger),
  };
  r->streams = state_table_new (options->tcp_max_streams, timeouts, N_QUEUES,
                                tcp_reassembly_on_end, tcp_stream_free, r);
  r->counters = counters;
  r->callbacks = *callbacks;
  r->data = data;
  r->max_stream_buffer = options->tcp_max_stream_buffer;
  r->max_buffer = options->tcp_max_buffer;
  r->gap_timeout = SIPSCAN_TIME_FROM_SECONDS (options->tcp_gap_timeout);
  return r;
}

void
tcp_reassembly_free (TcpReassembly *reassembly)
{
  if (reassembly == NULL)
    return;
  state_table_free (reassembly->streams);
  g_free (reassembly);
}

/* Links a stream just inserted (an insertion may evict) with the other
 * direction of its connection, if that is in the table. */
static void
tcp_stream_link_peer (TcpReassembly *r, TcpStream *stream)
{
  TcpStreamKey key = tcp_stream_key (&stream->dst, &stream->src);
  stream->peer = tcp_stream_lookup (r, &key);
  if (stream->peer != NULL)
    stream->peer->peer = stream;
}

/* The stream segment belongs to, started or started anew as it says;
 * NULL for a segment that starts nothing (no SYN, no data, or a RST). */
static TcpStream *
tcp_reassembly_stream_for (TcpReassembly *r, const DecodedFrame *segment)
{
  const DecodedTcp *tcp = &segment->tcp;
  gboolean syn = (tcp->flags & TCP_FLAG_SYN) != 0;
  TcpStreamKey key = tcp_stream_key (&segment->src, &segment->dst);
  TcpStream *stream = tcp_stream_lookup (r, &key);
  if (stream == NULL)
    {
      if (!syn && (segment->payload_len == 0 || (tcp->flags & TCP_FLAG_RST)))
        return NULL;
      stream = g_new0 (TcpStream, 1);
      stream->key = key;
      stream->owner = r;
      stream->src = segment->src;
      stream->dst = segment->dst;
      g_queue_init (&stream->held);
      state_table_insert_bytes (r->streams, &stream->key, sizeof stream->key,
                                stream, QUEUE_OPEN, r->current.time);
      tcp_stream_link_peer (r, stream);
      tcp_stream_begin (stream, tcp);
      return stream;
    }
  if (syn && stream->has_isn && stream->isn == tcp->seq)
    {
      if (segment->payload_len == 0)
        r->counters->tcp_retransmitted_segments++;
      return stream;
    }
  if (syn
      || (!stream->open && segment->payload_len > 0
          && !seq_before (tcp->seq, stream->next_seq)))
    {
      tcp_stream_end (stream, &r->current);
      tcp_stream_begin (stream, tcp);
    }
  return stream;
}

/* The stream of the other direction of segment's, whose own stream (or
 * NULL) is stream. */
static TcpStream *
tcp_reassembly_reverse_of (TcpReassembly *r, const DecodedFrame *segment,
                           const TcpStream *stream)
{
  if (stream != NULL)
    return stream->peer;
  TcpStreamKey key = tcp_stream_key (&segment->dst, &segment->src);
  return tcp_stream_lookup (r, &key);
}

/* What segment's ACK or RST tells of the other direction. */
static void
tcp_reassembly_reverse (TcpReassembly *r, const DecodedFrame *segment,
                        const TcpStream *stream)
{
  const DecodedTcp *tcp = &segment->tcp;
  if (!(tcp->flags & (TCP_FLAG_ACK | TCP_FLAG_RST)))
    return;
  TcpStream *reverse = tcp_reassembly_reverse_of (r, segment, stream);
  if (reverse == NULL || !reverse->open)
    return;
  if (tcp->flags & TCP_FLAG_RST)
    {
      tcp_stream_end (reverse, &r->current);
      state_table_touch (r->streams, reverse, QUEUE_ENDED, r->current.time);
      return;
    }
  /* One past what was seen, and nothing held: perhaps only a FIN that
   * the capture missed. */
  if (seq_before (reverse->next_seq, tcp->ack)
      && !(tcp->ack - reverse->next_seq == 1 && reverse->held.length == 0))
    tcp_stream_skip_to (reverse, tcp->ack, &r->current);
}

void
tcp_reassembly_add_segment (TcpReassembly *r, const DecodedFrame *segment,
                            guint64 number, SipscanTime time)
{
  const DecodedTcp *tcp = &segment->tcp;
  r->current = (TcpFrameRef){ number, time };
  TcpStream *stream = tcp_reassembly_stream_for (r, segment);
  if (stream != NULL && !stream->open)
    {
      if (segment->payload_len > 0)
        r->counters->tcp_retransmitted_segments++;
    }
  else if (stream != NULL)
    {
      stream->last = r->current;
      if (segment->payload_len > 0 && !(tcp->flags & TCP_FLAG_RST))
        tcp_stream_add_data (stream,
                             tcp->seq + ((tcp->flags & TCP_FLAG_SYN) ? 1 : 0),
                             segment->payload, segment->payload_len);
      if (tcp->flags & (TCP_FLAG_FIN | TCP_FLAG_RST))
        {
          tcp_stream_end (stream, &r->current);
          state_table_touch (r->streams, stream, QUEUE_ENDED, time);
        }
      else
        {
          const TcpHeld *head = g_queue_peek_head (&stream->held);
          if (head != NULL && time - stream->hole_since > r->gap_timeout)
            tcp_stream_skip_to (stream, head->seq, &r->current);
          state_table_touch (r->streams, stream, QUEUE_OPEN, time);
        }
    }
  tcp_reassembly_reverse (r, segment, stream);
}

gpointer
tcp_reassembly_peek_consumer (TcpReassembly *reassembly,
                              const SipscanEndpoint *src,
                              const SipscanEndpoint *dst)
{
  TcpStreamKey key = tcp_stream_key (src, dst);
  TcpStream *stream = tcp_stream_lookup (reassembly, &key);
  return stream != NULL && stream->open ? stream->consumer : NULL;
}

void
tcp_reassembly_expire (TcpReassembly *reassembly, SipscanTime now)
{
  state_table_expire (reassembly->streams, now);
}

void
tcp_reassembly_finish (TcpReassembly *reassembly, SipscanTime end)
{
  state_table_drain (reassembly->streams, STATE_END_CAPTURE_END, end);
}
