/* SIP framing on a byte stream: bytes go in as chunks, whole messages
 * come out. */
#include "sip/sip_message.h"
#include "sip/sip_stream.h"

#include <string.h>

#define INVITE                                                   \
  "INVITE sip:bob@example.com SIP/2.0\r\n"                       \
  "Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK1\r\n"          \
  "From: <sip:alice@example.com>;tag=1\r\n"                      \
  "To: <sip:bob@example.com>\r\n"                                \
  "Call-ID: c1@192.0.2.1\r\n"                                    \
  "CSeq: 1 INVITE\r\n"                                           \
  "Content-Type: application/sdp\r\n"                            \
  "Content-Length: 12\r\n"                                       \
  "\r\n"                                                         \
  "v=0\r\no=- 1\r\n"

#define TRYING                                                   \
  "SIP/2.0 100 Trying\r\n"                                       \
  "Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK1\r\n"          \
  "From: <sip:alice@example.com>;tag=1\r\n"                      \
  "To: <sip:bob@example.com>\r\n"                                \
  "Call-ID: c1@192.0.2.1\r\n"                                    \
  "CSeq: 1 INVITE\r\n"                                           \
  "l: 0\r\n"                                                     \
  "\r\n"

typedef struct {
  SipscanCounters counters;
  SipStream *stream;
  GPtrArray *messages;    /* char *, as framed */
  guint violations;
  guint head_only;
  gsize max_message;
} Fixture;

static void
on_message (const guint8 *data, gsize len, const Reason *violation,
            gboolean head_only, gpointer user_data)
{
  Fixture *fx = user_data;
  fx->head_only += head_only;
  g_ptr_array_add (fx->messages, g_strndup ((const char *) data, len));
  if (violation != NULL)
    {
      g_assert_cmpstr (violation->layer, ==, "sip");
      fx->violations++;
    }
}

static void
fixture_start (Fixture *fx, gsize max_message)
{
  sip_stream_free (fx->stream);
  fx->stream = sip_stream_new (max_message, &fx->counters, on_message, fx);
}

static void
fixture_set_up (Fixture *fx, gconstpointer unused)
{
  fx->messages = g_ptr_array_new_with_free_func (g_free);
  fixture_start (fx, 64 * 1024);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer unused)
{
  sip_stream_free (fx->stream);
  g_ptr_array_free (fx->messages, TRUE);
}

static void
feed (Fixture *fx, const char *text)
{
  sip_stream_feed (fx->stream, (const guint8 *) text, strlen (text));
}

static void
assert_messages (Fixture *fx, const char *const *expected)
{
  guint n = 0;
  for (; expected[n] != NULL; n++)
    {
      g_assert_cmpuint (n, <, fx->messages->len);
      g_assert_cmpstr (fx->messages->pdata[n], ==, expected[n]);
    }
  g_assert_cmpuint (fx->messages->len, ==, n);
}

#define ASSERT_MESSAGES(fx, ...) \
  assert_messages (fx, (const char *const[]) { __VA_ARGS__, NULL })

/* Every message framed parses as exactly one datagram. */
static void
assert_each_parses (Fixture *fx)
{
  SipParser *parser = sip_parser_new ();
  for (guint i = 0; i < fx->messages->len; i++)
    {
      const char *text = fx->messages->pdata[i];
      SipMessage msg;
      const Reason *reason = NULL;
      g_assert_cmpint (sip_parser_parse_datagram (parser,
                                                  (const guint8 *) text,
                                                  strlen (text), &msg,
                                                  &reason),
                       ==, SIP_PARSE_OK);
      g_assert_cmpuint (msg.trailing, ==, 0);
    }
  sip_parser_free (parser);
}

/* ---- Framing ----------------------------------------------------------- */

static void
test_two_messages_in_one_chunk (Fixture *fx, gconstpointer unused)
{
  feed (fx, INVITE TRYING);
  ASSERT_MESSAGES (fx, INVITE, TRYING);
  assert_each_parses (fx);
  g_assert_false (sip_stream_finish (fx->stream));
  g_assert_cmpuint (fx->counters.sip_stream_messages, ==, 2);
  g_assert_cmpuint (fx->counters.sip_stream_incomplete, ==, 0);
  g_assert_cmpuint (fx->violations, ==, 0);
}

static void
test_message_split_at_every_byte_position (Fixture *fx,
                                           gconstpointer unused)
{
  static const char text[] = INVITE TRYING;
  for (gsize cut = 1; cut < sizeof text - 1; cut++)
    {
      fixture_start (fx, 64 * 1024);
      g_ptr_array_set_size (fx->messages, 0);
      sip_stream_feed (fx->stream, (const guint8 *) text, cut);
      sip_stream_feed (fx->stream, (const guint8 *) text + cut,
                       sizeof text - 1 - cut);
      ASSERT_MESSAGES (fx, INVITE, TRYING);
    }
}

static void
test_message_fed_one_byte_at_a_time (Fixture *fx, gconstpointer unused)
{
  static const char text[] = INVITE TRYING;
  for (gsize i = 0; i < sizeof text - 1; i++)
    sip_stream_feed (fx->stream, (const guint8 *) text + i, 1);
  ASSERT_MESSAGES (fx, INVITE, TRYING);
}

static void
test_headers_split_inside_crlfcrlf (Fixture *fx, gconstpointer unused)
{
  feed (fx, "SIP/2.0 100 Trying\r\nl: 0\r\n");
  feed (fx, "\r");
  g_assert_cmpuint (fx->messages->len, ==, 0);
  feed (fx, "\nSIP/2.0 180 Ringing\n");
  ASSERT_MESSAGES (fx, "SIP/2.0 100 Trying\r\nl: 0\r\n\r\n");
  feed (fx, "Content-Length: 0\n\n");
  ASSERT_MESSAGES (fx, "SIP/2.0 100 Trying\r\nl: 0\r\n\r\n",
                   "SIP/2.0 180 Ringing\nContent-Length: 0\n\n");
}

static void
test_body_framed_by_content_length_across_chunks (Fixture *fx,
                                                  gconstpointer unused)
{
  feed (fx, "MESSAGE sip:b@x SIP/2.0\r\nContent-Length:  10\r\n\r\nhel");
  feed (fx, "lo");
  g_assert_cmpuint (fx->messages->len, ==, 0);
  feed (fx, " you");
  g_assert_cmpuint (fx->messages->len, ==, 0);
  feed (fx, "!OPTIONS sip:b@x SIP/2.0\r\nl: 2\r\n\r\nok");
  ASSERT_MESSAGES (fx,
                   "MESSAGE sip:b@x SIP/2.0\r\nContent-Length:  10\r\n\r\n"
                   "hello you!",
                   "OPTIONS sip:b@x SIP/2.0\r\nl: 2\r\n\r\nok");
}

/* A body holding a SIP-looking line is still body. */
static void
test_folded_content_length_and_sip_in_the_body (Fixture *fx,
                                                gconstpointer unused)
{
  static const char frag[] = "NOTIFY sip:b@x SIP/2.0\r\n"
                             "Content-Length:\r\n 26\r\n\r\n"
                             "SIP/2.0 200 OK\r\nl: 0\r\n\r\n\r\n";
  feed (fx, frag);
  ASSERT_MESSAGES (fx, frag);
}

/* Only a header named Content-Length or l frames, the first one: not one
 * whose name merely starts alike, nor a continuation line. */
static void
test_first_content_length_by_its_exact_name (Fixture *fx,
                                             gconstpointer unused)
{
  static const char message[] = "MESSAGE sip:b@x SIP/2.0\r\n"
                                "Content-Lengthy: 9\r\n"
                                "Subject: x\r\n Content-Length: 8\r\n"
                                "Call-ID: 1\r\n"
                                "L \t: 3\r\n"
                                "Content-Length: 7\r\n"
                                "\r\nabc";
  feed (fx, message);
  feed (fx, TRYING);
  ASSERT_MESSAGES (fx, message, TRYING);
}

static void
test_missing_content_length_is_empty_body_with_violation (
    Fixture *fx, gconstpointer unused)
{
  feed (fx, "OPTIONS sip:b@x SIP/2.0\r\nCall-ID: 1\r\n\r\n" TRYING);
  ASSERT_MESSAGES (fx, "OPTIONS sip:b@x SIP/2.0\r\nCall-ID: 1\r\n\r\n",
                   TRYING);
  g_assert_cmpuint (fx->violations, ==, 1);
}

/* ---- Keep-alives ------------------------------------------------------- */

static void
test_keepalives_skipped_and_counted (Fixture *fx, gconstpointer unused)
{
  feed (fx, "\r\n\r\n" TRYING "\r\n");
  feed (fx, "\r\n");
  feed (fx, "\r\n" TRYING "\r\n\r\n\r\n");
  ASSERT_MESSAGES (fx, TRYING, TRYING);
  /* ping, ping (split), pong, ping; a CRLF waits for what follows */
  g_assert_cmpuint (fx->counters.sip_keepalives, ==, 4);
  g_assert_false (sip_stream_finish (fx->stream));
  g_assert_cmpuint (fx->counters.sip_keepalives, ==, 5);
  g_assert_cmpuint (fx->counters.sip_stream_resyncs, ==, 0);
}

static void
test_stream_of_keepalives_only_is_sip (Fixture *fx, gconstpointer unused)
{
  feed (fx, "\r\n\r\n");
  feed (fx, "\r\n\r\n");
  g_assert_false (sip_stream_finish (fx->stream));
  g_assert_cmpuint (fx->counters.sip_keepalives, ==, 2);
}

/* ---- Resynchronisation ------------------------------------------------- */

static void
test_garbage_then_resync_at_a_start_line (Fixture *fx, gconstpointer unused)
{
  static const char garbage[] = "ll-ID: x\r\nSIP/2.0\r\nv=0\r\n";
  feed (fx, garbage);
  feed (fx, "x SIP/2.0\r\n" INVITE);
  ASSERT_MESSAGES (fx, INVITE);
  g_assert_cmpuint (fx->counters.sip_stream_resyncs, ==, 1);
  g_assert_cmpuint (fx->counters.sip_stream_bytes_skipped, ==,
                    sizeof garbage - 1 + strlen ("x SIP/2.0\r\n"));
}

static void
test_gap_then_resync (Fixture *fx, gconstpointer unused)
{
  static const char invite[] = INVITE;
  feed (fx, TRYING);
  sip_stream_feed (fx->stream, (const guint8 *) invite, 50);
  sip_stream_gap (fx->stream, 30);
  feed (fx, invite + 80);
  feed (fx, TRYING);
  ASSERT_MESSAGES (fx, TRYING, TRYING);
  g_assert_cmpuint (fx->counters.sip_stream_resyncs, ==, 1);
  g_assert_cmpuint (fx->counters.sip_stream_bytes_skipped, ==,
                    sizeof invite - 1 - 30);
}

/* What is held is given up as if lost: the next message is framed. */
static void
test_dropped_message_is_skipped_and_the_next_framed (Fixture *fx,
                                                     gconstpointer unused)
{
  static const char invite[] = INVITE;
  sip_stream_feed (fx->stream, (const guint8 *) invite, 50);
  g_assert_cmpuint (sip_stream_held (fx->stream), ==, 50);
  sip_stream_drop_held (fx->stream);
  g_assert_cmpuint (sip_stream_held (fx->stream), ==, 0);
  feed (fx, invite + 50);
  feed (fx, TRYING);
  ASSERT_MESSAGES (fx, TRYING);
  g_assert_cmpuint (fx->counters.sip_stream_resyncs, ==, 1);
  g_assert_cmpuint (fx->counters.sip_stream_bytes_skipped, ==,
                    sizeof invite - 1);
}

/* The lost bytes were one whole message: the next starts at once. */
static void
test_gap_at_a_message_boundary_resyncs_at_once (Fixture *fx,
                                                gconstpointer unused)
{
  feed (fx, TRYING);
  sip_stream_gap (fx->stream, 100);
  feed (fx, INVITE);
  ASSERT_MESSAGES (fx, TRYING, INVITE);
  g_assert_cmpuint (fx->counters.sip_stream_resyncs, ==, 1);
  g_assert_cmpuint (fx->counters.sip_stream_bytes_skipped, ==, 0);
}

/* ---- Caps and the end -------------------------------------------------- */

static void
test_oversize_header_section_discarded_then_resync (Fixture *fx,
                                                    gconstpointer unused)
{
  fixture_start (fx, 200);
  feed (fx, "OPTIONS sip:b@x SIP/2.0\r\n");
  for (guint i = 0; i < 10; i++)
    feed (fx, "X-Padding: 0123456789012345678901234567890123456789\r\n");
  feed (fx, "l: 0\r\n\r\n" TRYING);
  ASSERT_MESSAGES (fx, TRYING);
  g_assert_cmpuint (fx->counters.sip_stream_oversize, ==, 1);
  g_assert_cmpuint (fx->counters.sip_stream_resyncs, ==, 1);
}

static void
test_oversize_body_delivers_head_and_skips_body (Fixture *fx, gconstpointer unused)
{
  fixture_start (fx, 200);
  feed (fx, "MESSAGE sip:b@x SIP/2.0\r\nl: 300\r\n\r\n");
  for (guint i = 0; i < 10; i++)
    feed (fx, "SIP/2.0 200 OK\r\nl: 0\r\n\r\n012345");
  feed (fx, TRYING);
  ASSERT_MESSAGES (fx, "MESSAGE sip:b@x SIP/2.0\r\nl: 300\r\n\r\n", TRYING);
  g_assert_cmpuint (fx->head_only, ==, 1);
  g_assert_cmpuint (fx->counters.sip_stream_oversize, ==, 1);
  g_assert_cmpuint (fx->counters.sip_stream_resyncs, ==, 0);
}

static void
test_http_is_not_sip_and_not_counted_as_skipped (Fixture *fx,
                                                 gconstpointer unused)
{
  feed (fx, "GET / HTTP/1.1\r\nHost: 192.0.2.1:5060\r\n\r\n");
  feed (fx, "GET /favicon.ico HTTP/1.1\r\nHost: 192.0.2.1:5060\r\n\r\n");
  g_assert_true (sip_stream_finish (fx->stream));
  g_assert_cmpuint (fx->messages->len, ==, 0);
  g_assert_cmpuint (fx->counters.sip_stream_bytes_skipped, ==, 0);
  g_assert_cmpuint (fx->counters.sip_stream_resyncs, ==, 0);
}

/* A TLS record (RFC 8446 §5.1) has no line end; its control bytes show
 * at once that it is no start line. */
static void
test_tls_is_not_sip (Fixture *fx, gconstpointer unused)
{
  static const guint8 client_hello[] = { 0x16, 0x03, 0x01, 0x02, 0x00,
                                         0x01, 0x00, 0x01, 0xfc, 0x03 };
  fixture_start (fx, 16);
  for (guint i = 0; i < 100; i++)
    sip_stream_feed (fx->stream, client_hello, sizeof client_hello);
  g_assert_true (sip_stream_finish (fx->stream));
  g_assert_cmpuint (fx->counters.sip_stream_oversize, ==, 0);
}

static void
test_message_unfinished_at_the_end_is_incomplete (Fixture *fx,
                                                  gconstpointer unused)
{
  static const char invite[] = INVITE;
  sip_stream_feed (fx->stream, (const guint8 *) invite, sizeof invite - 3);
  g_assert_false (sip_stream_finish (fx->stream));
  g_assert_cmpuint (fx->messages->len, ==, 0);
  g_assert_cmpuint (fx->counters.sip_stream_incomplete, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sip_stream/framing/two_messages_in_one_chunk",
       test_two_messages_in_one_chunk);
  ADD ("/sip_stream/framing/message_split_at_every_byte_position",
       test_message_split_at_every_byte_position);
  ADD ("/sip_stream/framing/message_fed_one_byte_at_a_time",
       test_message_fed_one_byte_at_a_time);
  ADD ("/sip_stream/framing/headers_split_inside_crlfcrlf",
       test_headers_split_inside_crlfcrlf);
  ADD ("/sip_stream/framing/body_framed_by_content_length_across_chunks",
       test_body_framed_by_content_length_across_chunks);
  ADD ("/sip_stream/framing/folded_content_length_and_sip_in_the_body",
       test_folded_content_length_and_sip_in_the_body);
  ADD ("/sip_stream/framing/first_content_length_by_its_exact_name",
       test_first_content_length_by_its_exact_name);
  ADD ("/sip_stream/framing/missing_content_length_is_empty_body_with_"
       "violation",
       test_missing_content_length_is_empty_body_with_violation);
  ADD ("/sip_stream/keepalive/skipped_and_counted",
       test_keepalives_skipped_and_counted);
  ADD ("/sip_stream/keepalive/stream_of_keepalives_only_is_sip",
       test_stream_of_keepalives_only_is_sip);
  ADD ("/sip_stream/resync/garbage_then_resync_at_a_start_line",
       test_garbage_then_resync_at_a_start_line);
  ADD ("/sip_stream/resync/gap_then_resync", test_gap_then_resync);
  ADD ("/sip_stream/resync/dropped_message_is_skipped_and_the_next_framed",
       test_dropped_message_is_skipped_and_the_next_framed);
  ADD ("/sip_stream/resync/gap_at_a_message_boundary_resyncs_at_once",
       test_gap_at_a_message_boundary_resyncs_at_once);
  ADD ("/sip_stream/caps/oversize_header_section_discarded_then_resync",
       test_oversize_header_section_discarded_then_resync);
  ADD ("/sip_stream/caps/oversize_body_delivers_head_and_skips_body",
       test_oversize_body_delivers_head_and_skips_body);
  ADD ("/sip_stream/not_sip/http_is_not_sip_and_not_counted_as_skipped",
       test_http_is_not_sip_and_not_counted_as_skipped);
  ADD ("/sip_stream/not_sip/tls_is_not_sip", test_tls_is_not_sip);
  ADD ("/sip_stream/end/message_unfinished_at_the_end_is_incomplete",
       test_message_unfinished_at_the_end_is_incomplete);
  return g_test_run ();
}
