/* The analyzer: one object that owns all per-capture state and wires the
 * layers (decode -> SIP parser -> message analysis: tracker -> detectors
 * -> sink; TCP segments: reassembly -> SIP or WebSocket framing -> SIP
 * parser). With options.analysis_thread, the message analysis runs on a
 * thread of its own. */
#include "sipscan.h"

#include "analysis/analysis_thread.h"
#include "analysis/message_analysis.h"
#include "decode/frame_decoder.h"
#include "decode/sctp.h"
#include "decode/stream_kind.h"
#include "decode/tcp_reassembly.h"
#include "decode/websocket.h"
#include "sip/sip_message.h"
#include "sip/sip_stream.h"
#include "util/str_hash.h"

#include <stdlib.h>
#include <string.h>

struct _SipscanAnalyzer {
  SipscanOptions options;
  SipscanCounters counters;
  GHashTable *reasons;  /* const Reason * -> guint64 * */
  FrameDecoder *decoder;
  TcpReassembly *tcp;
  guint64 tcp_frame;        /* the TCP frame being added, 0 outside */
  gboolean tcp_frame_sip;   /* ... in which a message completed, */
  gboolean tcp_frame_malformed; /* ... or a malformed one */
  gsize stream_held;        /* bytes the streams' readers hold */
  SctpReassembly *sctp;
  SipParser *parser;
  MessageAnalysis *analysis;
  AnalysisThread *thread;   /* NULL: the analysis runs on the caller's */
  SipscanCounters analysis_counters; /* its counters, while on a thread */
  SipscanTime first_time, last_time, now;
  guint64 last_sip_frame;   /* add_sip_message: frame already counted */
  gboolean finished;
};

void
sipscan_options_init (SipscanOptions *options)
{
  *options = (SipscanOptions){
    .trying_timeout = 32.0,
    .bruteforce_failures = 10,
    .bruteforce_window = 60.0,
    .state_timeout = 300.0,
    .linger = 32.0,
    .max_transactions = 100000,
    .max_challenges = 100000,
    .max_calls = 100000,
    .max_aggregate_keys = 100000,
    .max_fragment_datagrams = 10000,
    .max_fragment_bytes = 4 * 1024 * 1024,
    .fragment_timeout = 30.0,
    .tcp_max_streams = 100000,
    .tcp_stream_timeout = 300.0,
    .tcp_gap_timeout = 5.0,
    .tcp_max_stream_buffer = 256 * 1024,
    .tcp_max_buffer = 16 * 1024 * 1024,
    .sip_max_stream_message = 64 * 1024,
    .sip_max_buffer = 32 * 1024 * 1024,
  };
}

/* Defined with the TCP glue, below. */
static const TcpStreamCallbacks analyzer_tcp_callbacks;

SipscanAnalyzer *
sipscan_analyzer_new (const SipscanOptions *options, const SipscanSink *sink,
                      gpointer sink_data)
{
  str_hash_seed_randomly ();
  SipscanAnalyzer *analyzer = g_new0 (SipscanAnalyzer, 1);
  if (options)
    analyzer->options = *options;
  else
    sipscan_options_init (&analyzer->options);
  analyzer->reasons
      = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  analyzer->decoder
      = frame_decoder_new (&analyzer->options, &analyzer->counters);
  analyzer->tcp = tcp_reassembly_new (&analyzer->options, &analyzer->counters,
                                      &analyzer_tcp_callbacks, analyzer);
  analyzer->sctp = sctp_reassembly_new (&analyzer->options,
                                       &analyzer->counters);
  analyzer->parser = sip_parser_new ();
  gboolean threaded = analyzer->options.analysis_thread;
  analyzer->analysis = message_analysis_new (
      &analyzer->options,
      threaded ? &analyzer->analysis_counters : &analyzer->counters,
      sink, sink_data);
  if (threaded)
    analyzer->thread = analysis_thread_new (analyzer->analysis);
  return analyzer;
}

void
sipscan_analyzer_free (SipscanAnalyzer *analyzer)
{
  if (!analyzer)
    return;
  /* Tables end their entries silently here: call finish first to decide. */
  analysis_thread_free (analyzer->thread);
  message_analysis_free (analyzer->analysis);
  tcp_reassembly_free (analyzer->tcp);
  sctp_reassembly_free (analyzer->sctp);
  sip_parser_free (analyzer->parser);
  frame_decoder_free (analyzer->decoder);
  g_hash_table_destroy (analyzer->reasons);
  g_free (analyzer);
}

static void
analyzer_count_reason (SipscanAnalyzer *analyzer, const Reason *reason)
{
  if (!reason)
    return;
  guint64 *count = g_hash_table_lookup (analyzer->reasons, reason);
  if (!count)
    {
      count = g_new0 (guint64, 1);
      g_hash_table_insert (analyzer->reasons, (gpointer) reason, count);
    }
  (*count)++;
}

/* Capture time moves on: out-of-order timestamps never move it back. */
static void
analyzer_advance (SipscanAnalyzer *analyzer, SipscanTime time)
{
  if (analyzer->counters.frames == 1)
    analyzer->first_time = analyzer->last_time = analyzer->now = time;
  analyzer->first_time = MIN (analyzer->first_time, time);
  analyzer->last_time = MAX (analyzer->last_time, time);
  if (time <= analyzer->now)
    return;
  analyzer->now = time;
  tcp_reassembly_expire (analyzer->tcp, time);
  sctp_reassembly_expire (analyzer->sctp, time);
  if (analyzer->thread)
    analysis_thread_advance (analyzer->thread, time);
  else
    message_analysis_advance (analyzer->analysis, time);
}

typedef enum {
  MESSAGE_SIP,
  MESSAGE_NOT_SIP,
  MESSAGE_MALFORMED,
} MessageVerdict;

/* framing_violation: a violation the transport's framing found, counted
 * unless the message has one of its own. Inline: it runs for every
 * message, from a few callers. */
G_ALWAYS_INLINE static inline MessageVerdict
analyzer_add_message (SipscanAnalyzer *analyzer, const MessageMeta *meta,
                      const guint8 *data, gsize len,
                      const Reason *framing_violation, gboolean head_only)
{
  SipMessage own, *msg = &own;
  const Reason *reason = NULL;
  if (analyzer->thread && len > 0)  /* parsed from a copy, into the record
                                       the thread reads (an empty one is
                                       not SIP) */
    data = memcpy (analysis_thread_stage (analyzer->thread, len, &msg), data,
                   len);
  SipParseStatus status
      = head_only
            ? sip_parser_parse_head (analyzer->parser, data, len, msg,
                                     &reason)
            : sip_parser_parse_datagram (analyzer->parser, data, len, msg,
                                         &reason);
  switch (status)
    {
    case SIP_PARSE_NOT_SIP:
      return MESSAGE_NOT_SIP;
    case SIP_PARSE_MALFORMED:
      analyzer->counters.sip_malformed++;
      analyzer_count_reason (analyzer, reason);
      return MESSAGE_MALFORMED;
    case SIP_PARSE_OK:
      break;
    }
  reason_note_first (&msg->violation, framing_violation);
  if (msg->violation != NULL)
    {
      analyzer->counters.sip_violations++;
      analyzer_count_reason (analyzer, msg->violation);
    }
  analyzer->counters.sip_messages++;
  if (msg->is_request)
    analyzer->counters.sip_requests++;
  else
    analyzer->counters.sip_responses++;
  if (msg->trailing > 0)
    analyzer->counters.sip_trailing_bytes++;
  if (analyzer->thread)
    analysis_thread_add (analyzer->thread, meta);
  else
    message_analysis_add (analyzer->analysis, msg, meta);
  return MESSAGE_SIP;
}

static MessageVerdict
analyzer_add_payload (SipscanAnalyzer *analyzer, const MessageMeta *meta,
                      const guint8 *data, gsize len)
{
  return analyzer_add_message (analyzer, meta, data, len, NULL, FALSE);
}

static void
analyzer_count_message_frame (SipscanAnalyzer *analyzer,
                              MessageVerdict verdict)
{
  switch (verdict)
    {
    case MESSAGE_SIP: analyzer->counters.frames_sip++; break;
    case MESSAGE_NOT_SIP: analyzer->counters.frames_not_sip++; break;
    case MESSAGE_MALFORMED: analyzer->counters.frames_malformed++; break;
    }
}

/* ---- TCP: what each direction of a connection carries ----------------- */

/* A stream's first bytes tell what reads it (decode/stream_kind.h). TLS
 * is counted and its bytes dropped. HTTP goes to a WebSocket decoder: a
 * handshake offering or accepting sip switches the direction to frames,
 * whose messages are SIP over WebSocket; an upgrade to another
 * subprotocol, or a refusal of the other direction's offer, makes both
 * directions not SIP; other HTTP goes to the SIP framer, as anything else
 * does. */
typedef enum {
  CARRIER_UNDECIDED,   /* prefix holds the first bytes */
  CARRIER_SIP,         /* the SIP framer reads it */
  CARRIER_HTTP,        /* the WebSocket decoder reads a header section */
  CARRIER_WEBSOCKET,   /* ... then frames */
  CARRIER_DROPPED,     /* TLS, or WebSocket without SIP */
} StreamCarrier;

typedef struct {
  SipscanAnalyzer *analyzer;
  StreamCarrier carrier;
  guint8 prefix[STREAM_KIND_MAX_PREFIX];
  gsize prefix_len;
  SipStream *framer;
  WsStream *ws;
  gboolean tls;
  SipscanEndpoint src, dst;
  TcpFrameRef frame;        /* that released the bytes being read */
  gsize held;               /* bytes its reader holds, as last counted */
} AnalyzerTcpStream;

/* A message belongs to the frame whose segment completed it. */
static void
analyzer_add_stream_message (AnalyzerTcpStream *stream,
                             SipscanTransport transport, const guint8 *data,
                             gsize len, const Reason *violation,
                             gboolean head_only)
{
  SipscanAnalyzer *analyzer = stream->analyzer;
  MessageMeta meta = {
    .frame = stream->frame.number,
    .time = stream->frame.time,
    .src = stream->src,
    .dst = stream->dst,
    .transport = transport,
  };
  MessageVerdict verdict
      = analyzer_add_message (analyzer, &meta, data, len, violation,
                              head_only);
  if (stream->frame.number != analyzer->tcp_frame)
    return;
  analyzer->tcp_frame_sip |= verdict == MESSAGE_SIP;
  analyzer->tcp_frame_malformed |= verdict == MESSAGE_MALFORMED;
}

static void
analyzer_on_stream_message (const guint8 *data, gsize len,
                            const Reason *violation, gboolean head_only,
                            gpointer user_data)
{
  analyzer_add_stream_message (user_data, SIPSCAN_TRANSPORT_TCP, data, len,
                               violation, head_only);
}

static void
analyzer_on_websocket_message (const guint8 *data, gsize len,
                               gpointer user_data)
{
  analyzer_add_stream_message (user_data, SIPSCAN_TRANSPORT_WS, data, len,
                               NULL, FALSE);
}

/* From here on the SIP framer reads the stream, starting with the bytes
 * held while deciding. */
static void
analyzer_stream_use_framer (AnalyzerTcpStream *stream)
{
  SipscanAnalyzer *analyzer = stream->analyzer;
  stream->carrier = CARRIER_SIP;
  stream->framer = sip_stream_new (analyzer->options.sip_max_stream_message,
                                   &analyzer->counters,
                                   analyzer_on_stream_message, stream);
  sip_stream_feed (stream->framer, stream->prefix, stream->prefix_len);
  if (stream->ws != NULL)
    {
      gsize held_len;
      const guint8 *held = ws_stream_peek_held (stream->ws, &held_len);
      sip_stream_feed (stream->framer, held, held_len);
      g_clear_pointer (&stream->ws, ws_stream_free);
    }
}

static void
analyzer_stream_drop (AnalyzerTcpStream *stream)
{
  stream->carrier = CARRIER_DROPPED;
  g_clear_pointer (&stream->ws, ws_stream_free);
}

/* The handshake of stream did not switch to SIP over WebSocket: neither
 * does the other direction, even if it offered to. */
static void
analyzer_stream_refuse_peer (AnalyzerTcpStream *stream)
{
  AnalyzerTcpStream *peer = tcp_reassembly_peek_consumer (
      stream->analyzer->tcp, &stream->dst, &stream->src);
  if (peer != NULL && peer->carrier == CARRIER_WEBSOCKET)
    analyzer_stream_drop (peer);
}

static void
analyzer_stream_feed_websocket (AnalyzerTcpStream *stream,
                                const guint8 *bytes, gsize len)
{
  switch (ws_stream_feed (stream->ws, bytes, len))
    {
    case WS_HANDSHAKE_MORE:
      break;
    case WS_HANDSHAKE_OFFER:
    case WS_HANDSHAKE_ACCEPT:
      stream->carrier = CARRIER_WEBSOCKET;
      break;
    case WS_HANDSHAKE_OTHER:
      analyzer_stream_drop (stream);
      analyzer_stream_refuse_peer (stream);
      break;
    case WS_HANDSHAKE_NONE:
      analyzer_stream_use_framer (stream);
      analyzer_stream_refuse_peer (stream);
      break;
    }
}

static void analyzer_stream_feed (AnalyzerTcpStream *stream,
                                  const guint8 *bytes, gsize len);

/* The first bytes decide; those held go first to whatever reads on. */
static void
analyzer_stream_sniff (AnalyzerTcpStream *stream, const guint8 *bytes,
                       gsize len)
{
  SipscanAnalyzer *analyzer = stream->analyzer;
  gsize take = MIN (len, sizeof stream->prefix - stream->prefix_len);
  memcpy (stream->prefix + stream->prefix_len, bytes, take);
  stream->prefix_len += take;
  switch (stream_kind_guess (stream->prefix, stream->prefix_len))
    {
    case STREAM_KIND_MORE:
      return;
    case STREAM_KIND_TLS:
      analyzer->counters.tls_streams++;
      stream->tls = TRUE;
      analyzer_stream_drop (stream);
      return;
    case STREAM_KIND_HTTP:
      stream->carrier = CARRIER_HTTP;
      stream->ws = ws_stream_new ("sip",
                                  analyzer->options.sip_max_stream_message,
                                  &analyzer->counters,
                                  analyzer_on_websocket_message, stream);
      {
        guint8 prefix[STREAM_KIND_MAX_PREFIX];
        gsize prefix_len = stream->prefix_len;
        memcpy (prefix, stream->prefix, prefix_len);
        stream->prefix_len = 0;
        analyzer_stream_feed (stream, prefix, prefix_len);
      }
      break;
    case STREAM_KIND_OTHER:
      analyzer_stream_use_framer (stream);
      break;
    }
  analyzer_stream_feed (stream, bytes + take, len - take);
}

static void
analyzer_stream_feed (AnalyzerTcpStream *stream, const guint8 *bytes,
                      gsize len)
{
  switch (stream->carrier)
    {
    case CARRIER_UNDECIDED:
      analyzer_stream_sniff (stream, bytes, len);
      break;
    case CARRIER_SIP:
      sip_stream_feed (stream->framer, bytes, len);
      break;
    case CARRIER_HTTP:
    case CARRIER_WEBSOCKET:
      analyzer_stream_feed_websocket (stream, bytes, len);
      break;
    case CARRIER_DROPPED:
      break;
    }
}

static gsize
analyzer_stream_reader_held (const AnalyzerTcpStream *stream)
{
  return (stream->framer != NULL ? sip_stream_held (stream->framer) : 0)
         + (stream->ws != NULL ? ws_stream_held (stream->ws) : 0);
}

static void
analyzer_stream_set_held (AnalyzerTcpStream *stream, gsize held)
{
  SipscanAnalyzer *analyzer = stream->analyzer;
  analyzer->stream_held = analyzer->stream_held - stream->held + held;
  stream->held = held;
}

/* What the readers of all streams hold together stays under
 * sip_max_buffer: past it, the stream that grew gives up its unfinished
 * message (its bytes count as skipped). */
static void
analyzer_stream_count_held (AnalyzerTcpStream *stream)
{
  SipscanAnalyzer *analyzer = stream->analyzer;
  analyzer_stream_set_held (stream, analyzer_stream_reader_held (stream));
  if (analyzer->stream_held <= analyzer->options.sip_max_buffer)
    return;
  analyzer->counters.sip_stream_dropped_at_cap++;
  if (stream->framer != NULL)
    sip_stream_drop_held (stream->framer);
  if (stream->ws != NULL)
    ws_stream_drop_held (stream->ws);
  analyzer_stream_set_held (stream, analyzer_stream_reader_held (stream));
}

static gpointer
analyzer_on_stream_start (const SipscanEndpoint *src,
                          const SipscanEndpoint *dst, gpointer data)
{
  AnalyzerTcpStream *stream = g_new0 (AnalyzerTcpStream, 1);
  stream->analyzer = data;
  stream->src = *src;
  stream->dst = *dst;
  return stream;
}

static void
analyzer_on_stream_data (gpointer consumer, const guint8 *bytes, gsize len,
                         const TcpFrameRef *frame, gpointer data)
{
  AnalyzerTcpStream *stream = consumer;
  stream->frame = *frame;
  analyzer_stream_feed (stream, bytes, len);
  analyzer_stream_count_held (stream);
}

static void
analyzer_on_stream_gap (gpointer consumer, guint64 lost,
                        const TcpFrameRef *frame, gpointer data)
{
  AnalyzerTcpStream *stream = consumer;
  stream->frame = *frame;
  if (stream->carrier == CARRIER_UNDECIDED || stream->carrier == CARRIER_HTTP)
    analyzer_stream_use_framer (stream);
  if (stream->carrier == CARRIER_SIP)
    sip_stream_gap (stream->framer, lost);
  else if (stream->carrier == CARRIER_WEBSOCKET)
    ws_stream_gap (stream->ws, lost);
  analyzer_stream_count_held (stream);
}

static void
analyzer_on_stream_end (gpointer consumer, const TcpFrameRef *frame,
                        gpointer data)
{
  AnalyzerTcpStream *stream = consumer;
  SipscanCounters *counters = &stream->analyzer->counters;
  stream->frame = *frame;
  if (stream->carrier == CARRIER_UNDECIDED || stream->carrier == CARRIER_HTTP)
    analyzer_stream_use_framer (stream);
  switch (stream->carrier)
    {
    case CARRIER_SIP:
      if (sip_stream_finish (stream->framer))
        counters->tcp_not_sip_streams++;
      break;
    case CARRIER_WEBSOCKET:
      if (ws_stream_finish (stream->ws))
        counters->sip_stream_incomplete++;
      break;
    case CARRIER_DROPPED:
      if (!stream->tls)
        counters->tcp_not_sip_streams++;
      break;
    case CARRIER_UNDECIDED:
    case CARRIER_HTTP:
      break;
    }
}

static void
analyzer_tcp_stream_free (gpointer consumer)
{
  AnalyzerTcpStream *stream = consumer;
  analyzer_stream_set_held (stream, 0);
  sip_stream_free (stream->framer);
  ws_stream_free (stream->ws);
  g_free (stream);
}

static const TcpStreamCallbacks analyzer_tcp_callbacks = {
  .stream_start = analyzer_on_stream_start,
  .data = analyzer_on_stream_data,
  .gap = analyzer_on_stream_gap,
  .end = analyzer_on_stream_end,
  .free_consumer = analyzer_tcp_stream_free,
};

/* The frame counts in frames_sip when a SIP message completed in it,
 * frames_malformed when only malformed ones did, else frames_tcp. */
static void
analyzer_add_tcp_segment (SipscanAnalyzer *analyzer,
                          const SipscanFrame *frame,
                          const DecodedFrame *decoded)
{
  SipscanCounters *counters = &analyzer->counters;
  analyzer->tcp_frame = frame->number;
  analyzer->tcp_frame_sip = analyzer->tcp_frame_malformed = FALSE;
  tcp_reassembly_add_segment (analyzer->tcp, decoded, frame->number,
                              frame->time);
  analyzer->tcp_frame = 0;
  if (analyzer->tcp_frame_sip)
    counters->frames_sip++;
  else if (analyzer->tcp_frame_malformed)
    counters->frames_malformed++;
  else
    counters->frames_tcp++;
}

/* ---- SCTP: each DATA chunk a datagram ---------------------------------- */

typedef struct {
  SipscanAnalyzer *analyzer;
  MessageMeta meta;
  gboolean sip, malformed, not_sip;
} AnalyzerSctpPacket;

static void
analyzer_on_sctp_message (const guint8 *data, gsize len, gpointer user_data)
{
  AnalyzerSctpPacket *packet = user_data;
  switch (analyzer_add_payload (packet->analyzer, &packet->meta, data, len))
    {
    case MESSAGE_SIP: packet->sip = TRUE; break;
    case MESSAGE_NOT_SIP: packet->not_sip = TRUE; break;
    case MESSAGE_MALFORMED: packet->malformed = TRUE; break;
    }
}

/* The frame counts once: in frames_sip when a SIP message completed in
 * it; else frames_malformed for a malformed chunk or SIP message,
 * frames_not_sip for other messages, frames_unsupported for I-DATA;
 * else (control chunks, a fragment held) frames_sctp. */
static void
analyzer_add_sctp_packet (SipscanAnalyzer *analyzer,
                          const SipscanFrame *frame,
                          const DecodedFrame *decoded)
{
  SipscanCounters *counters = &analyzer->counters;
  AnalyzerSctpPacket packet = {
    .analyzer = analyzer,
    .meta = {
      .frame = frame->number,
      .time = frame->time,
      .src = decoded->src,
      .dst = decoded->dst,
      .transport = SIPSCAN_TRANSPORT_SCTP,
    },
  };
  const Reason *reason = NULL;
  DecodeVerdict verdict = sctp_reassembly_add_packet (
      analyzer->sctp, decoded, frame->time, analyzer_on_sctp_message, &packet,
      &reason);
  if (packet.sip)
    counters->frames_sip++;
  else if (verdict == DECODE_MALFORMED)
    {
      counters->frames_malformed++;
      analyzer_count_reason (analyzer, reason);
    }
  else if (packet.malformed)
    counters->frames_malformed++;
  else if (packet.not_sip)
    counters->frames_not_sip++;
  else if (verdict == DECODE_UNSUPPORTED)
    {
      counters->frames_unsupported++;
      analyzer_count_reason (analyzer, reason);
    }
  else
    counters->frames_sctp++;
}

void
sipscan_analyzer_add_frame (SipscanAnalyzer *analyzer,
                            const SipscanFrame *frame)
{
  g_return_if_fail (!analyzer->finished);
  SipscanCounters *counters = &analyzer->counters;
  counters->frames++;

  /* A message HEP carries has the time its agent saw it: the analysis
   * runs on that clock (see analyzer_advance for times going back). */
  DecodedFrame decoded;
  frame_decoder_decode (analyzer->decoder, frame, &decoded);
  SipscanTime time = decoded.time ? decoded.time : frame->time;
  analyzer_advance (analyzer, time);
  switch (decoded.verdict)
    {
    case DECODE_PAYLOAD:
      {
        MessageMeta meta = {
          .frame = frame->number,
          .time = time,
          .src = decoded.src,
          .dst = decoded.dst,
          .transport = decoded.transport,
        };
        analyzer_count_message_frame (
            analyzer, analyzer_add_payload (analyzer, &meta, decoded.payload,
                                            decoded.payload_len));
        return;
      }
    case DECODE_TCP:
      analyzer_add_tcp_segment (analyzer, frame, &decoded);
      return;
    case DECODE_SCTP:
      analyzer_add_sctp_packet (analyzer, frame, &decoded);
      return;
    case DECODE_NOT_SIP: counters->frames_not_sip++; break;
    case DECODE_MALFORMED: counters->frames_malformed++; break;
    case DECODE_TRUNCATED: counters->frames_truncated++; break;
    case DECODE_UNSUPPORTED: counters->frames_unsupported++; break;
    case DECODE_IP_FRAGMENT: counters->frames_ip_fragment++; break;
    }
  analyzer_count_reason (analyzer, decoded.reason);
}

void
sipscan_analyzer_add_sip_message (SipscanAnalyzer *analyzer,
                                  guint64 frame_number, SipscanTime time,
                                  const SipscanEndpoint *src,
                                  const SipscanEndpoint *dst,
                                  SipscanTransport transport,
                                  const guint8 *data, gsize len)
{
  g_return_if_fail (!analyzer->finished);
  gboolean new_frame = frame_number != analyzer->last_sip_frame;
  if (new_frame)
    {
      analyzer->counters.frames++;
      analyzer->last_sip_frame = frame_number;
      analyzer_advance (analyzer, time);
    }
  MessageMeta meta = {
    .frame = frame_number, .time = time, .src = *src, .dst = *dst,
    .transport = transport,
  };
  MessageVerdict verdict = analyzer_add_payload (analyzer, &meta, data, len);
  if (new_frame)
    analyzer_count_message_frame (analyzer, verdict);
}

/* Every member of SipscanCounters is a guint64 counter (or an array of
 * them). */
static void
counters_add (SipscanCounters *into, const SipscanCounters *from)
{
  G_STATIC_ASSERT (sizeof (SipscanCounters) % sizeof (guint64) == 0);
  guint64 sum[sizeof (SipscanCounters) / sizeof (guint64)];
  guint64 add[G_N_ELEMENTS (sum)];
  memcpy (sum, into, sizeof sum);
  memcpy (add, from, sizeof add);
  for (gsize i = 0; i < G_N_ELEMENTS (sum); i++)
    sum[i] += add[i];
  memcpy (into, sum, sizeof sum);
}

void
sipscan_analyzer_finish (SipscanAnalyzer *analyzer)
{
  if (analyzer->finished)
    return;
  analyzer->finished = TRUE;
  frame_decoder_finish (analyzer->decoder);
  tcp_reassembly_finish (analyzer->tcp, analyzer->last_time);
  sctp_reassembly_finish (analyzer->sctp, analyzer->last_time);
  if (analyzer->thread)
    analysis_thread_join (analyzer->thread);
  message_analysis_finish (analyzer->analysis, analyzer->last_time);
  if (analyzer->thread)
    counters_add (&analyzer->counters, &analyzer->analysis_counters);
}

const SipscanCounters *
sipscan_analyzer_peek_counters (const SipscanAnalyzer *analyzer)
{
  return &analyzer->counters;
}

SipscanTime
sipscan_analyzer_first_time (const SipscanAnalyzer *analyzer)
{
  return analyzer->first_time;
}

SipscanTime
sipscan_analyzer_last_time (const SipscanAnalyzer *analyzer)
{
  return analyzer->last_time;
}

static gint
reason_compare (gconstpointer a, gconstpointer b)
{
  const Reason *ra = *(const Reason *const *) a;
  const Reason *rb = *(const Reason *const *) b;
  int by_layer = strcmp (ra->layer, rb->layer);
  return by_layer ? by_layer : strcmp (ra->text, rb->text);
}

void
sipscan_analyzer_foreach_reason (const SipscanAnalyzer *analyzer,
                                 SipscanReasonFunc func, gpointer data)
{
  guint n = 0;
  gpointer *reasons = g_hash_table_get_keys_as_array (analyzer->reasons, &n);
  qsort (reasons, n, sizeof *reasons, reason_compare);
  for (guint i = 0; i < n; i++)
    {
      const Reason *reason = reasons[i];
      const guint64 *count = g_hash_table_lookup (analyzer->reasons, reason);
      func (reason->layer, reason->text, *count, data);
    }
  g_free (reasons);
}
