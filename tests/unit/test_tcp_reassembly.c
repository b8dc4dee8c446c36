/* TCP stream reassembly, fed segments built and decoded here. A log
 * records what the consumers hear, one word per event: "c+" the client's
 * stream (192.0.2.1:40000 -> 192.0.2.2:5060) starts, "c:abc" it delivers
 * abc, "c?5" it gives up 5 bytes, "c." it ends; "s" is the server's
 * stream. With show_frames, data and ends carry "@frame". */
#include "decode/frame_decoder.h"
#include "decode/link.h"
#include "decode/tcp_reassembly.h"
#include "packet_builder.h"

#include <string.h>

#define SEC(s) ((SipscanTime) ((s) * 1e9))
#define SYN PACKET_TCP_SYN
#define ACK PACKET_TCP_ACK
#define FIN PACKET_TCP_FIN
#define RST PACKET_TCP_RST
#define PSH PACKET_TCP_PSH
#define CLIENT TRUE
#define SERVER FALSE

typedef struct {
  SipscanOptions options;
  SipscanCounters counters;
  FrameDecoder *decoder;
  TcpReassembly *reassembly;
  GString *log;
  guint64 frame;
  gboolean show_frames;
  guint consumers;     /* alive */
} Fixture;

typedef struct {
  Fixture *fx;
  char name;
} Consumer;

static void
log_event (Fixture *fx, const char *text)
{
  if (fx->log->len > 0)
    g_string_append_c (fx->log, ' ');
  g_string_append (fx->log, text);
}

static gpointer
on_start (const SipscanEndpoint *src, const SipscanEndpoint *dst,
          gpointer data)
{
  Fixture *fx = data;
  Consumer *consumer = g_new0 (Consumer, 1);
  consumer->fx = fx;
  consumer->name = src->port == 40000 || src->port == 40001 ? 'c' : 's';
  if (src->port == 40001)
    consumer->name = 'd';
  fx->consumers++;
  char text[4] = { consumer->name, '+', 0 };
  log_event (fx, text);
  return consumer;
}

static void
on_data (gpointer consumer_ptr, const guint8 *bytes, gsize len,
         const TcpFrameRef *frame, gpointer data)
{
  Consumer *consumer = consumer_ptr;
  Fixture *fx = data;
  g_autofree char *text = g_strdup_printf ("%c:%.*s", consumer->name,
                                           (int) len, bytes);
  if (fx->show_frames)
    {
      g_autofree char *with = g_strdup_printf ("%s@%" G_GUINT64_FORMAT,
                                               text, frame->number);
      log_event (fx, with);
    }
  else
    log_event (fx, text);
}

static void
on_gap (gpointer consumer_ptr, guint64 lost, const TcpFrameRef *frame,
        gpointer data)
{
  Consumer *consumer = consumer_ptr;
  g_autofree char *text = g_strdup_printf ("%c?%" G_GUINT64_FORMAT,
                                           consumer->name, lost);
  log_event (data, text);
}

static void
on_end (gpointer consumer_ptr, const TcpFrameRef *frame, gpointer data)
{
  Consumer *consumer = consumer_ptr;
  Fixture *fx = data;
  g_autofree char *text
      = fx->show_frames ? g_strdup_printf ("%c.@%" G_GUINT64_FORMAT,
                                           consumer->name, frame->number)
                        : g_strdup_printf ("%c.", consumer->name);
  log_event (fx, text);
}

static void
free_consumer (gpointer consumer_ptr)
{
  Consumer *consumer = consumer_ptr;
  consumer->fx->consumers--;
  g_free (consumer);
}

static const TcpStreamCallbacks callbacks = {
  .stream_start = on_start,
  .data = on_data,
  .gap = on_gap,
  .end = on_end,
  .free_consumer = free_consumer,
};

static void
fixture_start (Fixture *fx)
{
  fx->reassembly = tcp_reassembly_new (&fx->options, &fx->counters,
                                       &callbacks, fx);
}

static void
fixture_set_up (Fixture *fx, gconstpointer unused)
{
  fx->options = (SipscanOptions) {
    .linger = 32,
    .tcp_max_streams = 100,
    .tcp_stream_timeout = 300,
    .tcp_gap_timeout = 5,
    .tcp_max_stream_buffer = 256 * 1024,
    .tcp_max_buffer = 16 * 1024 * 1024,
    .max_fragment_datagrams = 100,
    .max_fragment_bytes = 64 * 1024,
    .fragment_timeout = 30,
  };
  fx->decoder = frame_decoder_new (&fx->options, &fx->counters);
  fx->log = g_string_new (NULL);
  fixture_start (fx);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer unused)
{
  tcp_reassembly_free (fx->reassembly);
  g_assert_cmpuint (fx->consumers, ==, 0);
  frame_decoder_free (fx->decoder);
  g_string_free (fx->log, TRUE);
}

/* Options changed: a new reassembly takes them. */
static void
fixture_restart (Fixture *fx)
{
  tcp_reassembly_free (fx->reassembly);
  fixture_start (fx);
}

/* A segment at t seconds from the client (port) or the server, through
 * the decoder; returns its frame number. */
static guint64
segment_from (Fixture *fx, double t, guint16 client_port, gboolean client,
              guint32 seq, guint32 ack, guint8 flags, const char *data)
{
  g_autoptr (GByteArray) packet = packet_new (data, strlen (data));
  packet_wrap_tcp_segment (packet, &(PacketTcp) {
    .src_port = client ? client_port : 5060,
    .dst_port = client ? 5060 : client_port,
    .seq = seq, .ack = ack, .flags = flags,
  });
  packet_wrap_ipv4 (packet, &(PacketIpv4) {
    .src = client ? "192.0.2.1" : "192.0.2.2",
    .dst = client ? "192.0.2.2" : "192.0.2.1",
    .protocol = 6,
  });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
  SipscanFrame frame = {
    .number = ++fx->frame,
    .time = SEC (t),
    .linktype = LINKTYPE_ETHERNET,
    .data = packet->data,
    .caplen = packet->len,
    .wirelen = packet->len,
  };
  DecodedFrame decoded;
  frame_decoder_decode (fx->decoder, &frame, &decoded);
  g_assert_cmpint (decoded.verdict, ==, DECODE_TCP);
  tcp_reassembly_add_segment (fx->reassembly, &decoded, frame.number,
                              frame.time);
  return frame.number;
}

static guint64
segment (Fixture *fx, double t, gboolean client, guint32 seq, guint32 ack,
         guint8 flags, const char *data)
{
  return segment_from (fx, t, 40000, client, seq, ack, flags, data);
}

/* Client ISN 999 (data from 1000), server ISN 4999 (data from 5000). */
static void
handshake (Fixture *fx)
{
  segment (fx, 0, CLIENT, 999, 0, SYN, "");
  segment (fx, 0.001, SERVER, 4999, 1000, SYN | ACK, "");
  segment (fx, 0.002, CLIENT, 1000, 5000, ACK, "");
}

static void
assert_log (Fixture *fx, const char *expected)
{
  g_assert_cmpstr (fx->log->str, ==, expected);
}

/* ---- Order ------------------------------------------------------------- */

static void
test_in_order_delivered_at_once (Fixture *fx, gconstpointer unused)
{
  handshake (fx);
  segment (fx, 1, CLIENT, 1000, 5000, ACK | PSH, "INV");
  segment (fx, 1.1, CLIENT, 1003, 5000, ACK | PSH, "ITE");
  segment (fx, 2, CLIENT, 1006, 5000, ACK | FIN, "");
  assert_log (fx, "c+ s+ c:INV c:ITE c.");
  g_assert_cmpuint (fx->counters.tcp_streams, ==, 2);
  g_assert_cmpuint (fx->counters.tcp_gaps, ==, 0);
}

static void
test_out_of_order_held_until_the_hole_fills (Fixture *fx,
                                              gconstpointer unused)
{
  fx->show_frames = TRUE;
  handshake (fx);
  segment (fx, 1, CLIENT, 1006, 5000, ACK, "ITE");
  segment (fx, 1.1, CLIENT, 1003, 5000, ACK, "VIT");
  assert_log (fx, "c+ s+");
  guint64 filler = segment (fx, 1.2, CLIENT, 1000, 5000, ACK, "INV");
  g_assert_cmpuint (filler, ==, 6);
  assert_log (fx, "c+ s+ c:INV@6 c:VIT@6 c:ITE@6");
  g_assert_cmpuint (fx->counters.tcp_gaps, ==, 0);
}

static void
test_retransmission_dropped_and_counted (Fixture *fx, gconstpointer unused)
{
  handshake (fx);
  segment (fx, 1, CLIENT, 1000, 5000, ACK, "abc");
  segment (fx, 1.2, CLIENT, 1000, 5000, ACK, "abc");
  segment (fx, 1.3, CLIENT, 1010, 5000, ACK, "xyz");
  segment (fx, 1.4, CLIENT, 1010, 5000, ACK, "xyz");
  segment (fx, 1.5, CLIENT, 1003, 5000, ACK, "defghij");
  assert_log (fx, "c+ s+ c:abc c:defghij c:xyz");
  g_assert_cmpuint (fx->counters.tcp_retransmitted_segments, ==, 2);
  g_assert_cmpuint (fx->counters.tcp_overlap_conflicts, ==, 0);
}

/* Bytes held win over later ones for the same sequence numbers; bytes
 * beyond them are taken. */
static void
test_overlap_first_data_wins (Fixture *fx, gconstpointer unused)
{
  handshake (fx);
  segment (fx, 1, CLIENT, 1004, 5000, ACK, "BBBB");
  segment (fx, 1.1, CLIENT, 1002, 5000, ACK, "xxXXXXzz");
  assert_log (fx, "c+ s+");
  g_assert_cmpuint (fx->counters.tcp_overlap_conflicts, ==, 1);
  segment (fx, 1.2, CLIENT, 1000, 5000, ACK, "aaxx");
  assert_log (fx, "c+ s+ c:aa c:xx c:BBBB c:zz");
  /* Same bytes again: no conflict, nothing new. */
  segment (fx, 1.3, CLIENT, 1020, 5000, ACK, "qq");
  segment (fx, 1.4, CLIENT, 1019, 5000, ACK, "pqq");
  g_assert_cmpuint (fx->counters.tcp_overlap_conflicts, ==, 1);
}

/* ---- Holes ------------------------------------------------------------- */

static void
test_gap_skipped_at_fin (Fixture *fx, gconstpointer unused)
{
  handshake (fx);
  segment (fx, 1, CLIENT, 1000, 5000, ACK, "abc");
  segment (fx, 1.1, CLIENT, 1010, 5000, ACK | FIN, "xyz");
  assert_log (fx, "c+ s+ c:abc c?7 c:xyz c.");
  g_assert_cmpuint (fx->counters.tcp_gaps, ==, 1);
  g_assert_cmpuint (fx->counters.tcp_bytes_lost, ==, 7);
  /* Retransmitted too late: the stream ended. */
  segment (fx, 1.2, CLIENT, 1003, 5000, ACK, "defghij");
  g_assert_cmpuint (fx->counters.tcp_retransmitted_segments, ==, 1);
  g_assert_cmpuint (fx->counters.tcp_streams, ==, 2);
}

/* The server acknowledged bytes the capture never saw: they will not come
 * again. */
static void
test_gap_skipped_when_the_peer_acknowledges_it (Fixture *fx,
                                                gconstpointer unused)
{
  fx->show_frames = TRUE;
  handshake (fx);
  segment (fx, 1, CLIENT, 1000, 5000, ACK, "abc");
  segment (fx, 1.1, CLIENT, 1010, 5000, ACK, "xyz");
  guint64 ack = segment (fx, 1.2, SERVER, 5000, 1013, ACK, "");
  g_assert_cmpuint (ack, ==, 6);
  assert_log (fx, "c+ s+ c:abc@4 c?7 c:xyz@6");
  /* Acknowledged beyond what was held, too. */
  segment (fx, 1.3, SERVER, 5000, 1020, ACK, "");
  assert_log (fx, "c+ s+ c:abc@4 c?7 c:xyz@6 c?7");
  g_assert_cmpuint (fx->counters.tcp_bytes_lost, ==, 14);
}

static void
test_gap_skipped_after_the_gap_timeout (Fixture *fx, gconstpointer unused)
{
  handshake (fx);
  segment (fx, 1, CLIENT, 1010, 5000, ACK, "xyz");
  segment (fx, 5.9, CLIENT, 1013, 5000, ACK, "");
  assert_log (fx, "c+ s+");
  segment (fx, 6.1, CLIENT, 1013, 5000, ACK, "");
  assert_log (fx, "c+ s+ c?10 c:xyz");
}

/* ---- Starts and ends --------------------------------------------------- */

static void
test_stream_joined_midway_starts_at_first_data (Fixture *fx,
                                                gconstpointer unused)
{
  segment (fx, 1, SERVER, 7000, 3000, ACK, "");
  assert_log (fx, "");
  segment (fx, 1.1, CLIENT, 3000, 7000, ACK, "xyz");
  segment (fx, 1.2, CLIENT, 2997, 7000, ACK, "abc");
  segment (fx, 1.3, CLIENT, 3003, 7000, ACK, "!");
  assert_log (fx, "c+ c:xyz c:!");
  g_assert_cmpuint (fx->counters.tcp_streams, ==, 1);
  g_assert_cmpuint (fx->counters.tcp_retransmitted_segments, ==, 1);
}

static void
test_rst_ends_both_directions (Fixture *fx, gconstpointer unused)
{
  handshake (fx);
  segment (fx, 1, CLIENT, 1000, 5000, ACK, "abc");
  segment (fx, 1.1, SERVER, 5000, 1003, ACK, "def");
  segment (fx, 1.2, CLIENT, 1010, 5003, ACK, "xyz");
  segment (fx, 1.3, SERVER, 5003, 0, RST, "");
  assert_log (fx, "c+ s+ c:abc s:def s. c?7 c:xyz c.");
  g_assert_cmpuint (fx->consumers, ==, 0);
}

/* The same ports again with a new ISN: a new connection. */
static void
test_port_reuse_new_syn_restarts_the_stream (Fixture *fx,
                                             gconstpointer unused)
{
  handshake (fx);
  segment (fx, 1, CLIENT, 1000, 5000, ACK, "abc");
  segment (fx, 2, CLIENT, 8999, 0, SYN, "");
  segment (fx, 2.1, CLIENT, 9000, 0, ACK, "new");
  segment (fx, 2.2, CLIENT, 8999, 0, SYN, "");
  assert_log (fx, "c+ s+ c:abc c. c+ c:new");
  g_assert_cmpuint (fx->counters.tcp_streams, ==, 3);
  g_assert_cmpuint (fx->counters.tcp_retransmitted_segments, ==, 1);
}

static void
test_ended_stream_restarts_on_data_past_its_end (Fixture *fx,
                                                 gconstpointer unused)
{
  handshake (fx);
  segment (fx, 1, CLIENT, 1000, 5000, ACK | FIN, "abc");
  segment (fx, 1.1, CLIENT, 1004, 5000, ACK, "");
  segment (fx, 2, CLIENT, 70000, 0, ACK, "next");
  assert_log (fx, "c+ s+ c:abc c. c+ c:next");
}

/* ISN 0xfffffffd: the data's sequence numbers wrap past 2^32. */
static void
test_sequence_numbers_wrap_around (Fixture *fx, gconstpointer unused)
{
  segment (fx, 0, CLIENT, 0xfffffffd, 0, SYN, "");
  segment (fx, 1, CLIENT, 2, 0, ACK, "efgh");
  segment (fx, 1.1, CLIENT, 0xfffffffe, 0, ACK, "abcd");
  segment (fx, 1.2, CLIENT, 0xfffffffe, 0, ACK, "ab");
  segment (fx, 1.3, CLIENT, 6, 0, ACK | FIN, "ij");
  assert_log (fx, "c+ c:abcd c:efgh c:ij c.");
  g_assert_cmpuint (fx->counters.tcp_retransmitted_segments, ==, 1);
}

/* ---- Caps and timeouts ------------------------------------------------- */

static char *
repeat (char c, gsize n)
{
  char *s = g_malloc (n + 1);
  memset (s, c, n);
  s[n] = 0;
  return s;
}

static void
test_per_stream_cap_gives_up_the_hole (Fixture *fx, gconstpointer unused)
{
  fx->options.tcp_max_stream_buffer = 1000;
  fixture_restart (fx);
  g_autofree char *a = repeat ('a', 400), *b = repeat ('b', 400);
  g_autofree char *c = repeat ('c', 400);
  handshake (fx);
  segment (fx, 1, CLIENT, 1010, 5000, ACK, a);
  segment (fx, 1.1, CLIENT, 1410, 5000, ACK, b);
  assert_log (fx, "c+ s+");
  /* No room for c: the first hole goes; then c fits and waits. */
  segment (fx, 1.2, CLIENT, 1820, 5000, ACK, c);
  g_autofree char *expected = g_strdup_printf ("c+ s+ c?10 c:%s c:%s", a, b);
  assert_log (fx, expected);
  g_assert_cmpuint (fx->counters.tcp_gaps_at_cap, ==, 1);
  g_assert_cmpuint (fx->counters.tcp_bytes_lost, ==, 10);
}

static void
test_total_cap_gives_up_the_hole_of_the_stream_adding (Fixture *fx,
                                                       gconstpointer unused)
{
  fx->options.tcp_max_buffer = 1000;
  fixture_restart (fx);
  g_autofree char *a = repeat ('a', 400), *b = repeat ('b', 400);
  g_autofree char *e = repeat ('e', 100);
  segment (fx, 0, CLIENT, 999, 0, SYN, "");
  segment_from (fx, 0, 40001, CLIENT, 99, 0, SYN, "");
  segment (fx, 1, CLIENT, 1010, 0, ACK, a);
  segment_from (fx, 1.1, 40001, CLIENT, 110, 0, ACK, b);
  assert_log (fx, "c+ d+");
  segment_from (fx, 1.2, 40001, CLIENT, 511, 0, ACK, e);
  g_autofree char *expected = g_strdup_printf ("c+ d+ d?10 d:%s", b);
  assert_log (fx, expected);
  g_assert_cmpuint (fx->counters.tcp_gaps_at_cap, ==, 1);
}

static void
test_idle_stream_ends_after_its_timeout (Fixture *fx, gconstpointer unused)
{
  fx->options.tcp_stream_timeout = 10;
  fixture_restart (fx);
  fx->show_frames = TRUE;
  segment (fx, 1, CLIENT, 1000, 5000, ACK, "abc");
  guint64 last = segment (fx, 2, CLIENT, 1010, 5000, ACK, "xyz");
  tcp_reassembly_expire (fx->reassembly, SEC (11.5));
  assert_log (fx, "c+ c:abc@1");
  tcp_reassembly_expire (fx->reassembly, SEC (12.5));
  g_autofree char *expected = g_strdup_printf (
      "c+ c:abc@1 c?7 c:xyz@%" G_GUINT64_FORMAT " c.@%" G_GUINT64_FORMAT,
      last, last);
  assert_log (fx, expected);
  g_assert_cmpuint (fx->counters.tcp_streams_evicted, ==, 0);
}

/* The client's stream times out while the server's lives on; the
 * client's next one is the one the server's ACK then speaks of. */
static void
test_peer_acknowledges_into_a_stream_started_anew (Fixture *fx,
                                                   gconstpointer unused)
{
  fx->options.tcp_stream_timeout = 10;
  fixture_restart (fx);
  segment (fx, 1, CLIENT, 1000, 5000, ACK, "abc");
  segment (fx, 2, SERVER, 5000, 1003, ACK, "def");
  tcp_reassembly_expire (fx->reassembly, SEC (11.5));
  assert_log (fx, "c+ c:abc s+ s:def c.");
  segment (fx, 11.6, CLIENT, 1013, 5003, ACK, "mno");
  segment (fx, 11.7, CLIENT, 1020, 5003, ACK, "pqr");
  segment (fx, 11.8, SERVER, 5003, 1023, ACK, "");
  assert_log (fx, "c+ c:abc s+ s:def c. c+ c:mno c?4 c:pqr");
}

static void
test_stream_table_cap_evicts_the_oldest (Fixture *fx, gconstpointer unused)
{
  fx->options.tcp_max_streams = 1;
  fixture_restart (fx);
  segment (fx, 1, CLIENT, 1000, 5000, ACK, "abc");
  segment_from (fx, 2, 40001, CLIENT, 100, 0, ACK, "def");
  assert_log (fx, "c+ c:abc c. d+ d:def");
  g_assert_cmpuint (fx->counters.tcp_streams_evicted, ==, 1);
}

static void
test_finish_gives_up_every_hole_and_ends (Fixture *fx, gconstpointer unused)
{
  handshake (fx);
  segment (fx, 1, CLIENT, 1010, 5000, ACK, "xyz");
  segment (fx, 1.1, SERVER, 5000, 1000, ACK, "def");
  tcp_reassembly_finish (fx->reassembly, SEC (2));
  assert_log (fx, "c+ s+ s:def c?10 c:xyz c. s.");
  g_assert_cmpuint (fx->consumers, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/tcp_reassembly/order/in_order_delivered_at_once",
       test_in_order_delivered_at_once);
  ADD ("/tcp_reassembly/order/out_of_order_held_until_the_hole_fills",
       test_out_of_order_held_until_the_hole_fills);
  ADD ("/tcp_reassembly/order/retransmission_dropped_and_counted",
       test_retransmission_dropped_and_counted);
  ADD ("/tcp_reassembly/order/overlap_first_data_wins",
       test_overlap_first_data_wins);
  ADD ("/tcp_reassembly/order/sequence_numbers_wrap_around",
       test_sequence_numbers_wrap_around);
  ADD ("/tcp_reassembly/hole/skipped_at_fin", test_gap_skipped_at_fin);
  ADD ("/tcp_reassembly/hole/skipped_when_the_peer_acknowledges_it",
       test_gap_skipped_when_the_peer_acknowledges_it);
  ADD ("/tcp_reassembly/hole/skipped_after_the_gap_timeout",
       test_gap_skipped_after_the_gap_timeout);
  ADD ("/tcp_reassembly/stream/joined_midway_starts_at_first_data",
       test_stream_joined_midway_starts_at_first_data);
  ADD ("/tcp_reassembly/stream/rst_ends_both_directions",
       test_rst_ends_both_directions);
  ADD ("/tcp_reassembly/stream/port_reuse_new_syn_restarts_the_stream",
       test_port_reuse_new_syn_restarts_the_stream);
  ADD ("/tcp_reassembly/stream/ended_stream_restarts_on_data_past_its_end",
       test_ended_stream_restarts_on_data_past_its_end);
  ADD ("/tcp_reassembly/caps/per_stream_cap_gives_up_the_hole",
       test_per_stream_cap_gives_up_the_hole);
  ADD ("/tcp_reassembly/caps/total_cap_gives_up_the_hole_of_the_stream_"
       "adding",
       test_total_cap_gives_up_the_hole_of_the_stream_adding);
  ADD ("/tcp_reassembly/caps/idle_stream_ends_after_its_timeout",
       test_idle_stream_ends_after_its_timeout);
  ADD ("/tcp_reassembly/caps/peer_acknowledges_into_a_stream_started_anew",
       test_peer_acknowledges_into_a_stream_started_anew);
  ADD ("/tcp_reassembly/caps/stream_table_cap_evicts_the_oldest",
       test_stream_table_cap_evicts_the_oldest);
  ADD ("/tcp_reassembly/caps/finish_gives_up_every_hole_and_ends",
       test_finish_gives_up_every_hole_and_ends);
  return g_test_run ();
}
