/* SCTP packets built here, decoded and their chunks read: the user
 * messages that complete come out, in a log ("INVITE..." texts by their
 * first word). */
#include "decode/frame_decoder.h"
#include "decode/link.h"
#include "decode/sctp.h"
#include "packet_builder.h"

#include <string.h>

#define PROTO_SCTP 132
#define SEC(s) ((SipscanTime) ((s) * 1e9))

static const char invite[] = "INVITE sip:bob@example.com SIP/2.0\r\n\r\n";
static const char trying[] = "SIP/2.0 100 Trying\r\n\r\n";

typedef struct {
  SipscanOptions options;
  SipscanCounters counters;
  FrameDecoder *decoder;
  SctpReassembly *reassembly;
  GPtrArray *messages;    /* char * */
  GByteArray *packet;     /* chunks being built */
  const Reason *reason;
} Fixture;

static void
fixture_set_up (Fixture *fx, gconstpointer unused)
{
  sipscan_options_init (&fx->options);
  memset (&fx->counters, 0, sizeof fx->counters);
  fx->decoder = frame_decoder_new (&fx->options, &fx->counters);
  fx->reassembly = sctp_reassembly_new (&fx->options, &fx->counters);
  fx->messages = g_ptr_array_new_with_free_func (g_free);
  fx->packet = g_byte_array_new ();
}

static void
fixture_tear_down (Fixture *fx, gconstpointer unused)
{
  frame_decoder_free (fx->decoder);
  sctp_reassembly_free (fx->reassembly);
  g_ptr_array_unref (fx->messages);
  g_byte_array_unref (fx->packet);
}

static void
on_message (const guint8 *data, gsize len, gpointer user_data)
{
  Fixture *fx = user_data;
  g_ptr_array_add (fx->messages, g_strndup ((const char *) data, len));
}

/* Sends the chunks appended to fx->packet, in SCTP, IPv4 and Ethernet, at
 * t seconds; returns what reading its chunks said. */
static DecodeVerdict
send (Fixture *fx, double t)
{
  GByteArray *packet = fx->packet;
  packet_wrap_sctp (packet, 5060, 5060);
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_SCTP });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
  SipscanFrame frame = {
    .number = 1, .time = SEC (t), .linktype = LINKTYPE_ETHERNET,
    .data = packet->data, .caplen = packet->len, .wirelen = packet->len,
  };
  DecodedFrame decoded;
  frame_decoder_decode (fx->decoder, &frame, &decoded);
  g_assert_cmpint (decoded.verdict, ==, DECODE_SCTP);
  g_assert_cmpint (decoded.transport, ==, SIPSCAN_TRANSPORT_SCTP);
  g_assert_cmpuint (decoded.dst.port, ==, 5060);
  sctp_reassembly_expire (fx->reassembly, frame.time);
  DecodeVerdict verdict = sctp_reassembly_add_packet (
      fx->reassembly, &decoded, frame.time, on_message, fx, &fx->reason);
  g_byte_array_set_size (fx->packet, 0);
  return verdict;
}

static void
data (Fixture *fx, guint8 flags, guint32 tsn, guint16 ssn, const char *text,
      gsize len)
{
  packet_append_sctp_data (fx->packet, flags, tsn, 0, ssn, text, len);
}

static void
assert_messages (Fixture *fx, const char *const *expected, guint n)
{
  g_assert_cmpuint (fx->messages->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (fx->messages->pdata[i], ==, expected[i]);
}

static void
test_one_data_chunk_is_one_message (Fixture *fx, gconstpointer unused)
{
  data (fx, PACKET_SCTP_WHOLE, 1, 0, invite, strlen (invite));
  g_assert_cmpint (send (fx, 0), ==, DECODE_PAYLOAD);
  assert_messages (fx, (const char *[]){ invite }, 1);
  g_assert_cmpuint (fx->counters.sctp_chunks, ==, 1);
  g_assert_cmpuint (fx->counters.sctp_data_chunks, ==, 1);
  g_assert_cmpuint (fx->counters.sctp_fragments, ==, 0);
}

static void
test_two_data_chunks_are_two_messages (Fixture *fx, gconstpointer unused)
{
  /* the first length is not a multiple of 4: padding follows */
  data (fx, PACKET_SCTP_WHOLE, 1, 0, invite, strlen (invite) - 1);
  data (fx, PACKET_SCTP_WHOLE | PACKET_SCTP_UNORDERED, 2, 0, trying,
        strlen (trying));
  g_assert_cmpint (send (fx, 0), ==, DECODE_PAYLOAD);
  g_autofree char *cut = g_strndup (invite, strlen (invite) - 1);
  assert_messages (fx, (const char *[]){ cut, trying }, 2);
}

static void
test_fragments_are_reassembled_in_tsn_order (Fixture *fx,
                                             gconstpointer unused)
{
  gsize third = strlen (invite) / 3;
  data (fx, PACKET_SCTP_BEGINNING, 7, 3, invite, third);
  g_assert_cmpint (send (fx, 0), ==, DECODE_PAYLOAD);
  data (fx, 0, 8, 3, invite + third, third);
  data (fx, 0, 8, 3, invite + third, third);   /* a retransmission */
  send (fx, 0.1);
  g_assert_cmpuint (fx->messages->len, ==, 0);
  data (fx, PACKET_SCTP_END, 9, 3, invite + 2 * third,
        strlen (invite) - 2 * third);
  send (fx, 0.2);
  assert_messages (fx, (const char *[]){ invite }, 1);
  g_assert_cmpuint (fx->counters.sctp_fragments, ==, 4);
  g_assert_cmpuint (fx->counters.sctp_reassembled, ==, 1);
  g_assert_cmpuint (fx->counters.sctp_fragments_dropped, ==, 0);
}

static void
test_unordered_fragments_are_reassembled (Fixture *fx, gconstpointer unused)
{
  gsize half = strlen (invite) / 2;
  data (fx, PACKET_SCTP_BEGINNING | PACKET_SCTP_UNORDERED, 0, 0, invite,
        half);
  send (fx, 0);
  data (fx, PACKET_SCTP_END | PACKET_SCTP_UNORDERED, 1, 0, invite + half,
        strlen (invite) - half);
  data (fx, PACKET_SCTP_WHOLE, 2, 1, trying, strlen (trying));
  send (fx, 0.1);
  assert_messages (fx, (const char *[]){ invite, trying }, 2);
}

static void
test_missing_fragment_drops_the_message (Fixture *fx, gconstpointer unused)
{
  gsize third = strlen (invite) / 3;
  data (fx, PACKET_SCTP_BEGINNING, 7, 3, invite, third);
  send (fx, 0);
  data (fx, PACKET_SCTP_END, 9, 3, invite + 2 * third,
        strlen (invite) - 2 * third);
  send (fx, 0.1);
  g_assert_cmpuint (fx->messages->len, ==, 0);
  g_assert_cmpuint (fx->counters.sctp_fragments_dropped, ==, 2);
}

static void
test_incomplete_message_expires (Fixture *fx, gconstpointer unused)
{
  data (fx, PACKET_SCTP_BEGINNING, 7, 3, invite, 10);
  send (fx, 0);
  data (fx, PACKET_SCTP_WHOLE, 20, 4, trying, strlen (trying));
  send (fx, fx->options.fragment_timeout + 1);
  g_assert_cmpuint (fx->counters.sctp_fragments_dropped, ==, 1);
  data (fx, PACKET_SCTP_BEGINNING, 21, 5, invite, 10);
  send (fx, fx->options.fragment_timeout + 2);
  sctp_reassembly_finish (fx->reassembly, SEC (100));
  g_assert_cmpuint (fx->counters.sctp_fragments_dropped, ==, 2);
  assert_messages (fx, (const char *[]){ trying }, 1);
}

static void
test_message_over_the_cap_is_dropped (Fixture *fx, gconstpointer unused)
{
  fx->options.sip_max_stream_message = 20;
  sctp_reassembly_free (fx->reassembly);
  fx->reassembly = sctp_reassembly_new (&fx->options, &fx->counters);
  data (fx, PACKET_SCTP_BEGINNING, 1, 0, invite, 15);
  data (fx, PACKET_SCTP_END, 2, 0, invite + 15, strlen (invite) - 15);
  send (fx, 0);
  g_assert_cmpuint (fx->messages->len, ==, 0);
  g_assert_cmpuint (fx->counters.sctp_fragments_dropped, ==, 2);
}

static void
test_other_chunks_carry_no_message (Fixture *fx, gconstpointer unused)
{
  static const guint8 sack[12] = { 0 };
  packet_append_sctp_chunk (fx->packet, PACKET_SCTP_SACK, 0, sack,
                            sizeof sack);
  packet_append_sctp_chunk (fx->packet, PACKET_SCTP_HEARTBEAT, 0, "hb", 2);
  g_assert_cmpint (send (fx, 0), ==, DECODE_PAYLOAD);
  g_assert_cmpuint (fx->messages->len, ==, 0);
  g_assert_cmpuint (fx->counters.sctp_chunks, ==, 2);
  g_assert_cmpuint (fx->counters.sctp_data_chunks, ==, 0);
}

static void
test_i_data_is_unsupported (Fixture *fx, gconstpointer unused)
{
  packet_append_sctp_chunk (fx->packet, PACKET_SCTP_I_DATA, 3, invite,
                            strlen (invite));
  g_assert_cmpint (send (fx, 0), ==, DECODE_UNSUPPORTED);
  g_assert_cmpstr (fx->reason->text, ==, "I-DATA not decoded");
  g_assert_cmpuint (fx->counters.sctp_unsupported_chunks, ==, 1);
}

static void
test_chunk_length_beyond_the_packet_is_malformed (Fixture *fx,
                                                  gconstpointer unused)
{
  data (fx, PACKET_SCTP_WHOLE, 1, 0, invite, strlen (invite));
  data (fx, PACKET_SCTP_WHOLE, 2, 0, trying, strlen (trying));
  packet_set_u16 (fx->packet, fx->packet->len - 4 * ((strlen (trying) + 19)
                                                     / 4) + 2, 4000);
  g_assert_cmpint (send (fx, 0), ==, DECODE_MALFORMED);
  g_assert_cmpstr (fx->reason->text, ==, "chunk length beyond the packet");
  assert_messages (fx, (const char *[]){ invite }, 1);
}

static void
test_chunk_length_below_4_is_malformed (Fixture *fx, gconstpointer unused)
{
  packet_append_sctp_chunk (fx->packet, PACKET_SCTP_SACK, 0, NULL, 0);
  packet_set_u16 (fx->packet, 2, 3);
  g_assert_cmpint (send (fx, 0), ==, DECODE_MALFORMED);
  g_assert_cmpstr (fx->reason->text, ==, "chunk length below 4");
}

static void
test_truncated_chunk_header_is_malformed (Fixture *fx, gconstpointer unused)
{
  data (fx, PACKET_SCTP_WHOLE, 1, 0, invite, strlen (invite));
  g_byte_array_append (fx->packet, (const guint8 *) "\0\3", 2);
  g_assert_cmpint (send (fx, 0), ==, DECODE_MALFORMED);
  g_assert_cmpstr (fx->reason->text, ==, "chunk length below 4");
  assert_messages (fx, (const char *[]){ invite }, 1);
}

static void
test_data_chunk_without_user_data_is_malformed (Fixture *fx,
                                                gconstpointer unused)
{
  data (fx, PACKET_SCTP_WHOLE, 1, 0, NULL, 0);
  g_assert_cmpint (send (fx, 0), ==, DECODE_MALFORMED);
  g_assert_cmpstr (fx->reason->text, ==, "data chunk without user data");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func)                                                    \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sctp/data/one_chunk_is_one_message",
       test_one_data_chunk_is_one_message);
  ADD ("/sctp/data/two_chunks_are_two_messages",
       test_two_data_chunks_are_two_messages);
  ADD ("/sctp/fragments/reassembled_in_tsn_order",
       test_fragments_are_reassembled_in_tsn_order);
  ADD ("/sctp/fragments/unordered_are_reassembled",
       test_unordered_fragments_are_reassembled);
  ADD ("/sctp/fragments/missing_one_drops_the_message",
       test_missing_fragment_drops_the_message);
  ADD ("/sctp/fragments/incomplete_message_expires",
       test_incomplete_message_expires);
  ADD ("/sctp/fragments/message_over_the_cap_is_dropped",
       test_message_over_the_cap_is_dropped);
  ADD ("/sctp/chunks/others_carry_no_message",
       test_other_chunks_carry_no_message);
  ADD ("/sctp/chunks/i_data_is_unsupported", test_i_data_is_unsupported);
  ADD ("/sctp/malformed/chunk_length_beyond_the_packet",
       test_chunk_length_beyond_the_packet_is_malformed);
  ADD ("/sctp/malformed/chunk_length_below_4",
       test_chunk_length_below_4_is_malformed);
  ADD ("/sctp/malformed/truncated_chunk_header",
       test_truncated_chunk_header_is_malformed);
  ADD ("/sctp/malformed/data_chunk_without_user_data",
       test_data_chunk_without_user_data_is_malformed);
  return g_test_run ();
}
