/* WebSocket on one direction of a stream: a handshake, then frames built
 * here fed in chunks; whole messages come out. */
#include "decode/websocket.h"
#include "packet_builder.h"

#include <string.h>

#define REGISTER                                                 \
  "REGISTER sip:example.com SIP/2.0\r\n"                         \
  "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK56sdasks\r\n" \
  "From: <sip:alice@example.com>;tag=65bnmj.34asd\r\n"           \
  "To: <sip:alice@example.com>\r\n"                              \
  "Call-ID: aiuy7k9njasd\r\n"                                    \
  "CSeq: 1 REGISTER\r\n"                                         \
  "Content-Length: 0\r\n"                                        \
  "\r\n"

#define UNAUTHORIZED                                             \
  "SIP/2.0 401 Unauthorized\r\n"                                 \
  "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK56sdasks\r\n" \
  "From: <sip:alice@example.com>;tag=65bnmj.34asd\r\n"           \
  "To: <sip:alice@example.com>;tag=1\r\n"                        \
  "Call-ID: aiuy7k9njasd\r\n"                                    \
  "CSeq: 1 REGISTER\r\n"                                         \
  "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n1\"\r\n" \
  "Content-Length: 0\r\n"                                        \
  "\r\n"

#define REQUEST(protocols)                                       \
  "GET / HTTP/1.1\r\n"                                           \
  "Host: proxy.example.com\r\n"                                  \
  "Upgrade: websocket\r\n"                                       \
  "Connection: Upgrade\r\n"                                      \
  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"              \
  "Sec-WebSocket-Protocol: " protocols "\r\n"                    \
  "Sec-WebSocket-Version: 13\r\n"                                \
  "\r\n"

#define RESPONSE(protocol)                                       \
  "HTTP/1.1 101 Switching Protocols\r\n"                         \
  "Upgrade: websocket\r\n"                                       \
  "Connection: Upgrade\r\n"                                      \
  "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"       \
  "Sec-WebSocket-Protocol: " protocol "\r\n"                     \
  "\r\n"

static const guint8 key[4] = { 0x37, 0xfa, 0x21, 0x3d };

typedef struct {
  SipscanCounters counters;
  WsStream *ws;
  GPtrArray *messages;    /* char *, as handed up */
  GByteArray *bytes;      /* what the test feeds */
} Fixture;

static void
on_message (const guint8 *data, gsize len, gpointer user_data)
{
  Fixture *fx = user_data;
  g_ptr_array_add (fx->messages, g_strndup ((const char *) data, len));
}

static void
fixture_start (Fixture *fx, gsize max_message)
{
  ws_stream_free (fx->ws);
  fx->ws = ws_stream_new ("sip", max_message, &fx->counters, on_message, fx);
}

static void
fixture_set_up (Fixture *fx, gconstpointer unused)
{
  memset (&fx->counters, 0, sizeof fx->counters);
  fx->ws = NULL;
  fixture_start (fx, 64 * 1024);
  fx->messages = g_ptr_array_new_with_free_func (g_free);
  fx->bytes = g_byte_array_new ();
}

static void
fixture_tear_down (Fixture *fx, gconstpointer unused)
{
  ws_stream_free (fx->ws);
  g_ptr_array_unref (fx->messages);
  g_byte_array_unref (fx->bytes);
}

static void
append_text (Fixture *fx, const char *text)
{
  g_byte_array_append (fx->bytes, (const guint8 *) text,
                       (guint) strlen (text));
}

static void
append_frame (Fixture *fx, gboolean more, guint8 opcode, const guint8 *k,
              const char *payload, gsize len)
{
  packet_append_ws_frame (fx->bytes, &(PacketWsFrame) {
    .more = more, .opcode = opcode, .key = k,
  }, payload, len);
}

/* Feeds what was appended in pieces of at most chunk bytes; returns the
 * last handshake state. */
static WsHandshake
feed (Fixture *fx, gsize chunk)
{
  WsHandshake state = WS_HANDSHAKE_MORE;
  for (gsize at = 0; at < fx->bytes->len; at += chunk)
    state = ws_stream_feed (fx->ws, fx->bytes->data + at,
                            MIN (chunk, fx->bytes->len - at));
  g_byte_array_set_size (fx->bytes, 0);
  return state;
}

static void
assert_messages (Fixture *fx, const char *const *expected, guint n)
{
  g_assert_cmpuint (fx->messages->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (fx->messages->pdata[i], ==, expected[i]);
}

static void
test_request_then_masked_text_frame (Fixture *fx, gconstpointer unused)
{
  append_text (fx, REQUEST ("sip"));
  append_frame (fx, FALSE, PACKET_WS_TEXT, key, REGISTER, strlen (REGISTER));
  g_assert_cmpint (feed (fx, 4096), ==, WS_HANDSHAKE_OFFER);
  assert_messages (fx, (const char *[]){ REGISTER }, 1);
  g_assert_cmpuint (fx->counters.websocket_streams, ==, 1);
  g_assert_cmpuint (fx->counters.websocket_frames, ==, 1);
  g_assert_cmpuint (fx->counters.websocket_messages, ==, 1);
  g_assert_false (ws_stream_finish (fx->ws));
}

static void
test_response_then_unmasked_frame (Fixture *fx, gconstpointer unused)
{
  append_text (fx, RESPONSE ("sip"));
  g_assert_cmpint (feed (fx, 4096), ==, WS_HANDSHAKE_ACCEPT);
  append_frame (fx, FALSE, PACKET_WS_TEXT, NULL, UNAUTHORIZED,
                strlen (UNAUTHORIZED));
  feed (fx, 4096);
  assert_messages (fx, (const char *[]){ UNAUTHORIZED }, 1);
}

static void
test_offer_among_several_subprotocols (Fixture *fx, gconstpointer unused)
{
  append_text (fx, REQUEST ("chat, SIP"));
  g_assert_cmpint (feed (fx, 4096), ==, WS_HANDSHAKE_OFFER);
}

static void
test_message_split_over_continuation_frames (Fixture *fx,
                                             gconstpointer unused)
{
  gsize third = strlen (REGISTER) / 3;
  append_text (fx, REQUEST ("sip"));
  append_frame (fx, TRUE, PACKET_WS_TEXT, key, REGISTER, third);
  append_frame (fx, TRUE, PACKET_WS_CONTINUATION, key, &REGISTER[third],
                third);
  append_frame (fx, FALSE, PACKET_WS_CONTINUATION, key, &REGISTER[2 * third],
                strlen (REGISTER) - 2 * third);
  feed (fx, 4096);
  assert_messages (fx, (const char *[]){ REGISTER }, 1);
  g_assert_cmpuint (fx->counters.websocket_frames, ==, 3);
  g_assert_cmpuint (fx->counters.websocket_messages, ==, 1);
}

static void
test_control_frames_are_counted_not_handed_up (Fixture *fx,
                                               gconstpointer unused)
{
  gsize half = strlen (REGISTER) / 2;
  append_text (fx, REQUEST ("sip"));
  append_frame (fx, FALSE, PACKET_WS_PING, key, "hi", 2);
  append_frame (fx, TRUE, PACKET_WS_TEXT, key, REGISTER, half);
  append_frame (fx, FALSE, PACKET_WS_PONG, key, "hi", 2);
  append_frame (fx, FALSE, PACKET_WS_CONTINUATION, key, &REGISTER[half],
                strlen (REGISTER) - half);
  append_frame (fx, FALSE, PACKET_WS_CLOSE, key, "\x03\xe8", 2);
  feed (fx, 4096);
  assert_messages (fx, (const char *[]){ REGISTER }, 1);
  g_assert_cmpuint (fx->counters.websocket_frames, ==, 5);
  g_assert_cmpuint (fx->counters.websocket_control_frames, ==, 3);
  g_assert_cmpuint (fx->counters.websocket_errors, ==, 0);
}

static void
test_16_and_64_bit_lengths (Fixture *fx, gconstpointer unused)
{
  append_text (fx, RESPONSE ("sip"));
  packet_append_ws_frame (fx->bytes, &(PacketWsFrame) {
    .opcode = PACKET_WS_TEXT, .length_bits = 16,
  }, UNAUTHORIZED, strlen (UNAUTHORIZED));
  packet_append_ws_frame (fx->bytes, &(PacketWsFrame) {
    .opcode = PACKET_WS_BINARY, .key = key, .length_bits = 64,
  }, REGISTER, strlen (REGISTER));
  feed (fx, 4096);
  assert_messages (fx, (const char *[]){ UNAUTHORIZED, REGISTER }, 2);
}

static void
test_frame_split_across_feeds (Fixture *fx, gconstpointer unused)
{
  append_text (fx, REQUEST ("sip"));
  packet_append_ws_frame (fx->bytes, &(PacketWsFrame) {
    .opcode = PACKET_WS_TEXT, .key = key, .length_bits = 64,
  }, REGISTER, strlen (REGISTER));
  append_frame (fx, FALSE, PACKET_WS_TEXT, key, REGISTER, strlen (REGISTER));
  g_assert_cmpint (feed (fx, 1), ==, WS_HANDSHAKE_OFFER);
  assert_messages (fx, (const char *[]){ REGISTER, REGISTER }, 2);
}

static void
test_message_over_the_cap_is_skipped (Fixture *fx, gconstpointer unused)
{
  fixture_start (fx, 300);
  g_autofree char *big = g_strnfill (70000, 'x');
  gsize half = strlen (REGISTER) / 2;
  append_text (fx, REQUEST ("sip"));
  append_frame (fx, FALSE, PACKET_WS_BINARY, key, big, strlen (big));
  append_frame (fx, TRUE, PACKET_WS_TEXT, key, REGISTER, half);
  append_frame (fx, FALSE, PACKET_WS_CONTINUATION, key, big, 200);
  append_frame (fx, FALSE, PACKET_WS_TEXT, key, REGISTER, strlen (REGISTER));
  feed (fx, 1000);
  assert_messages (fx, (const char *[]){ REGISTER }, 1);
  g_assert_cmpuint (fx->counters.websocket_oversize, ==, 2);
  g_assert_cmpuint (fx->counters.websocket_frames, ==, 4);
}

static void
test_other_subprotocol_is_other (Fixture *fx, gconstpointer unused)
{
  append_text (fx, REQUEST ("chat"));
  append_frame (fx, FALSE, PACKET_WS_TEXT, key, REGISTER, strlen (REGISTER));
  g_assert_cmpint (feed (fx, 4096), ==, WS_HANDSHAKE_OTHER);
  g_assert_cmpuint (fx->messages->len, ==, 0);
  g_assert_cmpuint (fx->counters.websocket_streams, ==, 0);
  g_assert_cmpuint (fx->counters.websocket_frames, ==, 0);
}

static void
test_plain_http_is_handed_back (Fixture *fx, gconstpointer unused)
{
  static const char get[] = "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n";
  append_text (fx, get);
  g_assert_cmpint (feed (fx, 5), ==, WS_HANDSHAKE_NONE);
  gsize len;
  const guint8 *held = ws_stream_peek_held (fx->ws, &len);
  g_assert_cmpmem (held, len, get, strlen (get));
}

static void
test_refused_upgrade_is_none (Fixture *fx, gconstpointer unused)
{
  append_text (fx, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
  g_assert_cmpint (feed (fx, 4096), ==, WS_HANDSHAKE_NONE);
}

static void
test_reserved_opcode_skips_the_rest (Fixture *fx, gconstpointer unused)
{
  append_text (fx, RESPONSE ("sip"));
  append_frame (fx, FALSE, 0x3, NULL, "??", 2);
  append_frame (fx, FALSE, PACKET_WS_TEXT, NULL, UNAUTHORIZED,
                strlen (UNAUTHORIZED));
  feed (fx, 4096);
  g_assert_cmpuint (fx->messages->len, ==, 0);
  g_assert_cmpuint (fx->counters.websocket_errors, ==, 1);
}

static void
test_compressed_message_is_skipped (Fixture *fx, gconstpointer unused)
{
  append_text (fx, RESPONSE ("sip"));
  append_frame (fx, FALSE, PACKET_WS_TEXT, NULL, UNAUTHORIZED,
                strlen (UNAUTHORIZED));
  fx->bytes->data[fx->bytes->len - strlen (UNAUTHORIZED) - 4] |= 0x40;
  append_frame (fx, FALSE, PACKET_WS_TEXT, NULL, UNAUTHORIZED,
                strlen (UNAUTHORIZED));
  feed (fx, 4096);
  assert_messages (fx, (const char *[]){ UNAUTHORIZED }, 1);
  g_assert_cmpuint (fx->counters.websocket_errors, ==, 1);
}

static void
test_unfinished_message_at_the_end (Fixture *fx, gconstpointer unused)
{
  append_text (fx, REQUEST ("sip"));
  append_frame (fx, TRUE, PACKET_WS_TEXT, key, REGISTER, 10);
  feed (fx, 4096);
  g_assert_true (ws_stream_finish (fx->ws));
  g_assert_cmpuint (fx->messages->len, ==, 0);
}

static void
test_gap_skips_the_rest (Fixture *fx, gconstpointer unused)
{
  append_text (fx, REQUEST ("sip"));
  append_frame (fx, TRUE, PACKET_WS_TEXT, key, REGISTER, 10);
  feed (fx, 4096);
  ws_stream_gap (fx->ws, 100);
  append_frame (fx, FALSE, PACKET_WS_TEXT, key, REGISTER, strlen (REGISTER));
  feed (fx, 4096);
  g_assert_cmpuint (fx->messages->len, ==, 0);
  g_assert_false (ws_stream_finish (fx->ws));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func)                                                    \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/websocket/handshake/request_then_masked_text_frame",
       test_request_then_masked_text_frame);
  ADD ("/websocket/handshake/response_then_unmasked_frame",
       test_response_then_unmasked_frame);
  ADD ("/websocket/handshake/offer_among_several_subprotocols",
       test_offer_among_several_subprotocols);
  ADD ("/websocket/handshake/other_subprotocol_is_other",
       test_other_subprotocol_is_other);
  ADD ("/websocket/handshake/plain_http_is_handed_back",
       test_plain_http_is_handed_back);
  ADD ("/websocket/handshake/refused_upgrade_is_none",
       test_refused_upgrade_is_none);
  ADD ("/websocket/frames/message_split_over_continuation_frames",
       test_message_split_over_continuation_frames);
  ADD ("/websocket/frames/control_frames_are_counted_not_handed_up",
       test_control_frames_are_counted_not_handed_up);
  ADD ("/websocket/frames/16_and_64_bit_lengths",
       test_16_and_64_bit_lengths);
  ADD ("/websocket/frames/frame_split_across_feeds",
       test_frame_split_across_feeds);
  ADD ("/websocket/frames/message_over_the_cap_is_skipped",
       test_message_over_the_cap_is_skipped);
  ADD ("/websocket/frames/reserved_opcode_skips_the_rest",
       test_reserved_opcode_skips_the_rest);
  ADD ("/websocket/frames/compressed_message_is_skipped",
       test_compressed_message_is_skipped);
  ADD ("/websocket/stream/unfinished_message_at_the_end",
       test_unfinished_message_at_the_end);
  ADD ("/websocket/stream/gap_skips_the_rest", test_gap_skips_the_rest);
  return g_test_run ();
}
