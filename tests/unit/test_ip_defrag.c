/* IP reassembly through the decoder's interface (frame_decoder_decode),
 * fragments built in each test, and fragmented messages through the
 * analyzer. The policy under test is at the top of
 * src/decode/ip_defrag.c. Most tests run for IPv4 and IPv6 alike: their
 * data is the PacketFragments to build with. */
#include "decode/frame_decoder.h"
#include "decode/link.h"
#include "packet_builder.h"
#include "test_support.h"

#include <string.h>

#define T0 G_GINT64_CONSTANT (1767225600000000000) /* 2026-01-01 */
#define SEC(s) ((SipscanTime) ((s) * 1e9))

enum {
  PROTO_HOPOPT = 0,
  PROTO_ICMP = 1,
  PROTO_TCP = 6,
  PROTO_UDP = 17,
  PROTO_ROUTING = 43,
  PROTO_NONE = 59,
  PROTO_DSTOPTS = 60,
};

#define UDP_LEN 8
#define IPV4_LEN 20

static const char invite[]
    = "INVITE sip:bob@example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK74bf9a1c\r\n"
      "Max-Forwards: 70\r\n"
      "From: Alice <sip:alice@example.com>;tag=9fxced76sl\r\n"
      "To: Bob <sip:bob@example.com>\r\n"
      "Call-ID: 3848276298220188511@192.0.2.1\r\n"
      "CSeq: 1 INVITE\r\n"
      "Contact: <sip:alice@192.0.2.1:5060>\r\n"
      "Content-Length: 0\r\n"
      "\r\n";
#define INVITE_LEN (sizeof invite - 1)
#define DATAGRAM_LEN (UDP_LEN + INVITE_LEN)

static const char *const reason_overlap
    = "fragment overlaps held bytes with different ones";

/* ---- Fixture ----------------------------------------------------------- */

typedef struct {
  SipscanOptions options;
  SipscanCounters counters;
  FrameDecoder *decoder;
  SipscanTime time;      /* capture time of the next frame */
  guint64 frame;
} Fixture;

static void
fixture_set_up (Fixture *fx, gconstpointer unused)
{
  memset (fx, 0, sizeof *fx);
  sipscan_options_init (&fx->options);
  fx->decoder = frame_decoder_new (&fx->options, &fx->counters);
  fx->time = T0;
}

static void
fixture_tear_down (Fixture *fx, gconstpointer unused)
{
  frame_decoder_free (fx->decoder);
}

/* A new decoder with fx->options, counters at zero. */
static void
fixture_restart (Fixture *fx)
{
  frame_decoder_free (fx->decoder);
  memset (&fx->counters, 0, sizeof fx->counters);
  fx->decoder = frame_decoder_new (&fx->options, &fx->counters);
}

/* Decodes the first caplen bytes of packet as a raw IP frame captured at
 * fx->time, from a copy that lives until the test ends. */
static void
feed_snapped (Fixture *fx, const GByteArray *packet, gsize caplen,
              DecodedFrame *out)
{
  guint8 *data = g_memdup2 (packet->data, caplen);
  SipscanFrame frame = {
    .number = ++fx->frame,
    .time = fx->time,
    .linktype = LINKTYPE_RAW,
    .data = data,
    .caplen = (guint32) caplen,
    .wirelen = packet->len,
  };
  frame_decoder_decode (fx->decoder, &frame, out);
  g_test_queue_free (data);
}

static void
feed (Fixture *fx, const GByteArray *packet, DecodedFrame *out)
{
  feed_snapped (fx, packet, packet->len, out);
}

static void
feed_held (Fixture *fx, const GByteArray *packet)
{
  DecodedFrame out;
  feed (fx, packet, &out);
  g_assert_cmpint (out.verdict, ==, DECODE_IP_FRAGMENT);
  g_assert_null (out.reason);
}

static void
assert_ip_reason (const DecodedFrame *out, DecodeVerdict verdict,
                  const char *text)
{
  g_assert_cmpint (out->verdict, ==, verdict);
  g_assert_nonnull (out->reason);
  g_assert_cmpstr (out->reason->layer, ==, "ip");
  g_assert_cmpstr (out->reason->text, ==, text);
}

static void
feed_discarded (Fixture *fx, const GByteArray *packet, const char *reason)
{
  DecodedFrame out;
  feed (fx, packet, &out);
  assert_ip_reason (&out, DECODE_MALFORMED, reason);
}

static void
assert_payload (const DecodedFrame *out, const void *data, gsize len)
{
  g_assert_cmpint (out->verdict, ==, DECODE_PAYLOAD);
  g_assert_null (out->reason);
  g_assert_cmpint (out->transport, ==, SIPSCAN_TRANSPORT_UDP);
  g_assert_cmpmem (out->payload, out->payload_len, data, len);
}

static void
assert_endpoints (const DecodedFrame *out, const char *src, const char *dst)
{
  test_assert_endpoints (&out->src, &out->dst, src, dst);
}

static void
assert_counts (const Fixture *fx, guint64 reassembled, guint64 overlapping,
               guint64 invalid, guint64 incomplete, guint64 evicted)
{
  g_assert_cmpuint (fx->counters.ip_datagrams_reassembled, ==, reassembled);
  g_assert_cmpuint (fx->counters.ip_fragments_overlapping, ==, overlapping);
  g_assert_cmpuint (fx->counters.ip_fragments_invalid, ==, invalid);
  g_assert_cmpuint (fx->counters.ip_datagrams_incomplete, ==, incomplete);
  g_assert_cmpuint (fx->counters.ip_datagrams_evicted, ==, evicted);
}

/* ---- Datagrams --------------------------------------------------------- */

static const PacketFragments udp4 = { .version = 4, .protocol = PROTO_UDP };
static const PacketFragments udp6 = { .version = 6, .protocol = PROTO_UDP };

/* The INVITE in UDP from port 5060 to 5080. */
static GByteArray *
udp_datagram (void)
{
  GByteArray *datagram = packet_new (invite, INVITE_LEN);
  packet_wrap_udp (datagram, 5060, 5080);
  return datagram;
}

/* The INVITE's datagram cut into four fragments. */
static GPtrArray *
invite_fragments (const PacketFragments *fragments)
{
  static const gsize cuts[] = { 64, 128, 192 };
  g_autoptr (GByteArray) datagram = udp_datagram ();
  return packet_split (fragments, datagram, cuts, G_N_ELEMENTS (cuts));
}

static const char *
default_src (const PacketFragments *fragments, gboolean with_port)
{
  if (fragments->version == 4)
    return with_port ? "192.0.2.1:5060" : "192.0.2.1";
  return with_port ? "[2001:db8::1]:5060" : "2001:db8::1";
}

static const char *
default_dst (const PacketFragments *fragments)
{
  return fragments->version == 4 ? "192.0.2.2:5080" : "[2001:db8::2]:5080";
}

/* Feeds packets[order[0..n)]: all are held but the last, which must
 * complete the INVITE. */
static void
feed_completing_invite (Fixture *fx, const PacketFragments *fragments,
                        GPtrArray *packets, const guint *order, gsize n)
{
  DecodedFrame out;
  for (gsize i = 0; i + 1 < n; i++)
    feed_held (fx, packets->pdata[order[i]]);
  feed (fx, packets->pdata[order[n - 1]], &out);
  assert_payload (&out, invite, INVITE_LEN);
  assert_endpoints (&out, default_src (fragments, TRUE),
                    default_dst (fragments));
}

/* ---- Order and duplicates ---------------------------------------------- */

static void
test_in_order_last_fragment_gets_the_payload (Fixture *fx, gconstpointer data)
{
  const PacketFragments *fragments = data;
  g_autoptr (GPtrArray) packets = invite_fragments (fragments);
  DecodedFrame out;
  for (guint i = 0; i + 1 < packets->len; i++)
    {
      feed (fx, packets->pdata[i], &out);
      g_assert_cmpint (out.verdict, ==, DECODE_IP_FRAGMENT);
      assert_endpoints (&out, default_src (fragments, FALSE),
                        fragments->version == 4 ? "192.0.2.2"
                                                : "2001:db8::2");
    }
  const GByteArray *last = packets->pdata[packets->len - 1];
  feed (fx, last, &out);
  assert_payload (&out, invite, INVITE_LEN);
  assert_endpoints (&out, default_src (fragments, TRUE),
                    default_dst (fragments));
  /* The whole datagram's payload, longer than the frame. */
  g_assert_true (out.payload_len > last->len);
  assert_counts (fx, 1, 0, 0, 0, 0);
  frame_decoder_finish (fx->decoder);
  assert_counts (fx, 1, 0, 0, 0, 0);
}

static void
test_reverse_order (Fixture *fx, gconstpointer data)
{
  const guint order[] = { 3, 2, 1, 0 };
  g_autoptr (GPtrArray) packets = invite_fragments (data);
  feed_completing_invite (fx, data, packets, order, G_N_ELEMENTS (order));
  assert_counts (fx, 1, 0, 0, 0, 0);
}

/* Every order of six fragments that --seed gives. */
static void
test_random_order (Fixture *fx, gconstpointer data)
{
  static const gsize cuts[] = { 8, 56, 64, 200, 256 };
  g_autoptr (GByteArray) datagram = udp_datagram ();
  g_autoptr (GPtrArray) packets
      = packet_split (data, datagram, cuts, G_N_ELEMENTS (cuts));
  guint order[G_N_ELEMENTS (cuts) + 1];
  const guint rounds = 200;
  for (guint round = 0; round < rounds; round++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (order); i++)
        order[i] = i;
      for (guint i = G_N_ELEMENTS (order) - 1; i > 0; i--)
        {
          guint j = (guint) g_test_rand_int_range (0, (gint32) i + 1);
          guint swap = order[i];
          order[i] = order[j];
          order[j] = swap;
        }
      feed_completing_invite (fx, data, packets, order, G_N_ELEMENTS (order));
    }
  assert_counts (fx, rounds, 0, 0, 0, 0);
}

static void
test_duplicates_are_accepted (Fixture *fx, gconstpointer data)
{
  const guint order[] = { 0, 1, 0, 2, 2, 1, 3 };
  g_autoptr (GPtrArray) packets = invite_fragments (data);
  feed_completing_invite (fx, data, packets, order, G_N_ELEMENTS (order));
  assert_counts (fx, 1, 0, 0, 0, 0);
}

/* A copy of the last fragment after the datagram is whole starts a new
 * datagram, as in a receiver; it never completes. */
static void
test_duplicate_after_completion_starts_anew (Fixture *fx, gconstpointer data)
{
  const guint order[] = { 0, 1, 2, 3 };
  g_autoptr (GPtrArray) packets = invite_fragments (data);
  feed_completing_invite (fx, data, packets, order, G_N_ELEMENTS (order));
  feed_held (fx, packets->pdata[3]);
  frame_decoder_finish (fx->decoder);
  assert_counts (fx, 1, 0, 0, 1, 0);
}

/* ---- Overlaps ---------------------------------------------------------- */

/* A fragment holding the datagram's bytes [start, end). */
static GByteArray *
slice (const PacketFragments *fragments, const GByteArray *datagram,
       gsize start, gsize end, gboolean more)
{
  return packet_new_fragment (fragments, datagram->data + start, end - start,
                              start, more);
}

static void
test_overlap_with_identical_bytes_is_accepted (Fixture *fx,
                                               gconstpointer data)
{
  g_autoptr (GByteArray) datagram = udp_datagram ();
  g_autoptr (GByteArray) a = slice (data, datagram, 0, 64, TRUE);
  g_autoptr (GByteArray) b = slice (data, datagram, 32, 128, TRUE);
  g_autoptr (GByteArray) c = slice (data, datagram, 96, datagram->len, FALSE);
  DecodedFrame out;
  feed_held (fx, a);
  feed_held (fx, b);
  feed (fx, c, &out);
  assert_payload (&out, invite, INVITE_LEN);
  assert_counts (fx, 1, 0, 0, 0, 0);
}

static void
test_overlap_with_different_bytes_discards (Fixture *fx, gconstpointer data)
{
  g_autoptr (GByteArray) datagram = udp_datagram ();
  g_autoptr (GByteArray) a = slice (data, datagram, 0, 64, TRUE);
  g_autoptr (GByteArray) c = slice (data, datagram, 128, datagram->len,
                                    FALSE);
  datagram->data[40] ^= 0x20;
  g_autoptr (GByteArray) b = slice (data, datagram, 32, 128, TRUE);
  feed_held (fx, a);
  feed_discarded (fx, b, reason_overlap);
  assert_counts (fx, 0, 1, 0, 0, 0);
  /* What comes after starts a new datagram, which lacks the start. */
  feed_held (fx, c);
  frame_decoder_finish (fx->decoder);
  assert_counts (fx, 0, 1, 0, 1, 0);
}

/* The overlap layout of Sturges and Novak ("Target-Based Fragmentation
 * Reassembly", as in Suricata's defrag tests): nine fragments, then seven
 * that overlap them, then the last. Offsets are into the datagram. */
typedef struct {
  char letter;
  gsize offset, len;
  const char *overlap;   /* how it overlaps the first nine */
} SturgesNovakFragment;

static const SturgesNovakFragment sturges_novak[] = {
  { 'A', 0, 24, NULL },
  { 'B', 32, 16, NULL },
  { 'C', 48, 24, NULL },
  { 'D', 80, 8, NULL },
  { 'E', 104, 16, NULL },
  { 'F', 120, 24, NULL },
  { 'G', 144, 16, NULL },
  { 'H', 160, 16, NULL },
  { 'I', 176, 8, NULL },
  { 'J', 8, 32, "the end of A, the gap and the start of B" },
  { 'K', 48, 24, "exactly C" },
  { 'L', 72, 24, "all of D, and gaps around it" },
  { 'M', 96, 24, "a gap and all of E, ending with it" },
  { 'N', 128, 8, "the inside of F" },
  { 'O', 152, 8, "the end of G, from inside" },
  { 'P', 160, 8, "the start of H, from inside" },
  { 'Q', 176, 16, "the last: all of I and past it" },
};
#define STURGES_NOVAK_ORIGINALS 9
#define STURGES_NOVAK_LEN 192

/* A UDP header (length 192) and then lower-case letters: the datagram
 * the fragments agree with. */
static GByteArray *
sturges_novak_datagram (void)
{
  GByteArray *datagram = packet_new (NULL, 0);
  packet_append_zeros (datagram, STURGES_NOVAK_LEN - UDP_LEN);
  for (gsize i = 0; i < datagram->len; i++)
    datagram->data[i] = (guint8) ('a' + i % 26);
  packet_wrap_udp (datagram, 5060, 5080);
  return datagram;
}

/* Fragment i, with the datagram's bytes, or its own letter throughout. */
static GByteArray *
sturges_novak_fragment (const PacketFragments *fragments,
                        const GByteArray *datagram, gsize i, gboolean agree)
{
  const SturgesNovakFragment *f = &sturges_novak[i];
  gboolean more = i + 1 < G_N_ELEMENTS (sturges_novak);
  if (agree)
    return slice (fragments, datagram, f->offset, f->offset + f->len, more);
  guint8 letters[32];
  memset (letters, f->letter, f->len);
  return packet_new_fragment (fragments, letters, f->len, f->offset, more);
}

static void
test_sturges_novak_identical_overlaps_reassemble (Fixture *fx,
                                                  gconstpointer data)
{
  g_autoptr (GByteArray) datagram = sturges_novak_datagram ();
  DecodedFrame out;
  for (gsize i = 0; i < G_N_ELEMENTS (sturges_novak); i++)
    {
      g_autoptr (GByteArray) packet
          = sturges_novak_fragment (data, datagram, i, TRUE);
      feed (fx, packet, &out);
      if (i + 1 < G_N_ELEMENTS (sturges_novak))
        g_assert_cmpint (out.verdict, ==, DECODE_IP_FRAGMENT);
    }
  assert_payload (&out, datagram->data + UDP_LEN,
                  STURGES_NOVAK_LEN - UDP_LEN);
  assert_counts (fx, 1, 0, 0, 0, 0);
}

/* Each overlapping fragment alone, with bytes of its own, after the first
 * nine: whatever the overlap's shape, the datagram goes. */
static void
test_sturges_novak_each_conflicting_overlap_discards (Fixture *fx,
                                                      gconstpointer data)
{
  g_autoptr (GByteArray) datagram = sturges_novak_datagram ();
  for (gsize k = STURGES_NOVAK_ORIGINALS; k < G_N_ELEMENTS (sturges_novak);
       k++)
    {
      g_test_message ("%c overlaps %s", sturges_novak[k].letter,
                      sturges_novak[k].overlap);
      fixture_restart (fx);
      for (gsize i = 0; i < STURGES_NOVAK_ORIGINALS; i++)
        {
          g_autoptr (GByteArray) packet
              = sturges_novak_fragment (data, datagram, i, TRUE);
          feed_held (fx, packet);
        }
      g_autoptr (GByteArray) overlap
          = sturges_novak_fragment (data, datagram, k, FALSE);
      feed_discarded (fx, overlap, reason_overlap);
      frame_decoder_finish (fx->decoder);
      assert_counts (fx, 0, 1, 0, 0, 0);
    }
}

/* The whole sequence with bytes of their own: J discards the datagram;
 * K to Q then gather in a new one, which never gets its start. */
static void
test_sturges_novak_sequence_discards_at_first_conflict (Fixture *fx,
                                                        gconstpointer data)
{
  g_autoptr (GByteArray) datagram = sturges_novak_datagram ();
  for (gsize i = 0; i < G_N_ELEMENTS (sturges_novak); i++)
    {
      g_autoptr (GByteArray) packet = sturges_novak_fragment (
          data, datagram, i, i < STURGES_NOVAK_ORIGINALS);
      if (sturges_novak[i].letter == 'J')
        feed_discarded (fx, packet, reason_overlap);
      else
        feed_held (fx, packet);
    }
  frame_decoder_finish (fx->decoder);
  assert_counts (fx, 0, 1, 0, 1, 0);
}

/* ---- Invalid fragments ------------------------------------------------- */

static void
test_fragment_past_65535_discards (Fixture *fx, gconstpointer data)
{
  PacketFragments fragments = *(const PacketFragments *) data;
  const gsize offset = 65512;
  gsize fits = 65535 - (fragments.version == 4 ? IPV4_LEN : 0) - offset;
  guint8 zeros[32] = { 0 };
  g_autoptr (GByteArray) largest
      = packet_new_fragment (&fragments, zeros, fits, offset, FALSE);
  fragments.id = 2;
  g_autoptr (GByteArray) one_more
      = packet_new_fragment (&fragments, zeros, fits + 1, offset, FALSE);
  feed_held (fx, largest);
  feed_discarded (fx, one_more, "fragment reaches past 65535 bytes");
  assert_counts (fx, 0, 0, 1, 0, 0);
}

/* Bytes [start, end) of the INVITE's datagram, in one fragment. */
typedef struct {
  gsize start, end;
  gboolean more;
} Piece;

/* Feeds pieces: all are held but the last, which is invalid and discards
 * the datagram for reason. */
static void
assert_last_piece_invalid (Fixture *fx, const PacketFragments *fragments,
                           const Piece *pieces, gsize n, const char *reason)
{
  g_autoptr (GByteArray) datagram = udp_datagram ();
  fixture_restart (fx);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GByteArray) packet = slice (fragments, datagram,
                                             pieces[i].start, pieces[i].end,
                                             pieces[i].more);
      if (i + 1 < n)
        feed_held (fx, packet);
      else
        feed_discarded (fx, packet, reason);
    }
  frame_decoder_finish (fx->decoder);
  assert_counts (fx, 0, 0, 1, 0, 0);
}

static void
test_misaligned_fragment_before_last_discards (Fixture *fx,
                                               gconstpointer data)
{
  const Piece pieces[] = { { 0, 64, TRUE }, { 64, 76, TRUE } };
  assert_last_piece_invalid (fx, data, pieces, G_N_ELEMENTS (pieces),
                             "fragment before the last not a multiple of "
                             "8 bytes");
}

static void
test_two_different_last_fragments_discard (Fixture *fx, gconstpointer data)
{
  const Piece pieces[] = { { 128, 200, FALSE }, { 128, DATAGRAM_LEN, FALSE } };
  assert_last_piece_invalid (fx, data, pieces, G_N_ELEMENTS (pieces),
                             "last fragments disagree on the datagram end");
}

/* Either order: data past the end the last fragment set, or a last
 * fragment ending before data held. */
static void
test_data_past_the_end_discards (Fixture *fx, gconstpointer data)
{
  const Piece last_first[] = { { 64, 128, FALSE }, { 128, 192, TRUE } };
  const Piece last_after[] = { { 128, 192, TRUE }, { 64, 128, FALSE } };
  assert_last_piece_invalid (fx, data, last_first, G_N_ELEMENTS (last_first),
                             "fragment data past the datagram end");
  assert_last_piece_invalid (fx, data, last_after, G_N_ELEMENTS (last_after),
                             "fragment data past the datagram end");
}

static void
test_empty_fragment_discards (Fixture *fx, gconstpointer data)
{
  const Piece pieces[] = { { 0, 64, TRUE }, { 64, 64, TRUE } };
  assert_last_piece_invalid (fx, data, pieces, G_N_ELEMENTS (pieces),
                             "empty fragment");
}

/* ---- Timeout and capture end ------------------------------------------- */

/* The middle piece comes 31 s after the others: the datagram timed out. */
static void
test_missing_middle_then_timeout (Fixture *fx, gconstpointer data)
{
  g_autoptr (GPtrArray) packets = invite_fragments (data);
  feed_held (fx, packets->pdata[0]);
  feed_held (fx, packets->pdata[1]);
  feed_held (fx, packets->pdata[3]);
  fx->time += SEC (31);
  feed_held (fx, packets->pdata[2]);
  assert_counts (fx, 0, 0, 0, 1, 0);
  frame_decoder_finish (fx->decoder);
  assert_counts (fx, 0, 0, 0, 2, 0);
}

/* The timeout runs from the first fragment, later ones do not extend it. */
static void
test_timeout_runs_from_the_first_fragment (Fixture *fx, gconstpointer data)
{
  g_autoptr (GPtrArray) packets = invite_fragments (data);
  const guint order[] = { 0, 1, 3, 2 };
  feed_held (fx, packets->pdata[0]);
  fx->time += SEC (20);
  feed_held (fx, packets->pdata[1]);
  feed_held (fx, packets->pdata[3]);
  fx->time += SEC (10.5);
  feed_held (fx, packets->pdata[2]);
  assert_counts (fx, 0, 0, 0, 1, 0);

  fixture_restart (fx);
  for (gsize i = 0; i < G_N_ELEMENTS (order); i++)
    {
      DecodedFrame out;
      feed (fx, packets->pdata[order[i]], &out);
      fx->time += SEC (9.9);
      if (i + 1 == G_N_ELEMENTS (order))
        assert_payload (&out, invite, INVITE_LEN);
    }
  assert_counts (fx, 1, 0, 0, 0, 0);
}

static void
test_incomplete_at_capture_end_is_counted (Fixture *fx, gconstpointer data)
{
  g_autoptr (GPtrArray) packets = invite_fragments (data);
  feed_held (fx, packets->pdata[0]);
  feed_held (fx, packets->pdata[2]);
  assert_counts (fx, 0, 0, 0, 0, 0);
  frame_decoder_finish (fx->decoder);
  assert_counts (fx, 0, 0, 0, 1, 0);
}

/* ---- Caps -------------------------------------------------------------- */

/* Three datagrams (ids 1, 2, 3) cut at 128: their first fragments. */
static void
make_three (const PacketFragments *template, GPtrArray *out[3])
{
  static const gsize cut = 128;
  g_autoptr (GByteArray) datagram = udp_datagram ();
  for (guint i = 0; i < 3; i++)
    {
      PacketFragments fragments = *template;
      fragments.id = i + 1;
      out[i] = packet_split (&fragments, datagram, &cut, 1);
    }
}

static void
test_datagram_cap_evicts_the_oldest (Fixture *fx, gconstpointer data)
{
  GPtrArray *d[3];
  DecodedFrame out;
  fx->options.max_fragment_datagrams = 2;
  fixture_restart (fx);
  make_three (data, d);
  for (guint i = 0; i < 3; i++)
    feed_held (fx, d[i]->pdata[0]);
  assert_counts (fx, 0, 0, 0, 0, 1);
  feed (fx, d[1]->pdata[1], &out);
  assert_payload (&out, invite, INVITE_LEN);
  feed (fx, d[2]->pdata[1], &out);
  assert_payload (&out, invite, INVITE_LEN);
  feed_held (fx, d[0]->pdata[1]);
  frame_decoder_finish (fx->decoder);
  assert_counts (fx, 2, 0, 0, 1, 1);
  for (guint i = 0; i < 3; i++)
    g_ptr_array_unref (d[i]);
}

/* 320 bytes hold two first fragments of 128, not three; completing the
 * third datagram (187 more bytes) takes the second one's room too. */
static void
test_byte_cap_evicts_the_oldest (Fixture *fx, gconstpointer data)
{
  GPtrArray *d[3];
  DecodedFrame out;
  fx->options.max_fragment_bytes = 320;
  fixture_restart (fx);
  make_three (data, d);
  feed_held (fx, d[0]->pdata[0]);
  feed_held (fx, d[1]->pdata[0]);
  assert_counts (fx, 0, 0, 0, 0, 0);
  feed_held (fx, d[2]->pdata[0]);
  assert_counts (fx, 0, 0, 0, 0, 1);
  feed (fx, d[2]->pdata[1], &out);
  assert_payload (&out, invite, INVITE_LEN);
  assert_counts (fx, 1, 0, 0, 0, 2);
  for (guint i = 0; i < 3; i++)
    g_ptr_array_unref (d[i]);

  /* A fragment larger than the cap cannot be held at all. */
  guint8 zeros[328] = { 0 };
  g_autoptr (GByteArray) huge = packet_new_fragment (data, zeros,
                                                     sizeof zeros, 0, TRUE);
  feed_held (fx, huge);
  frame_decoder_finish (fx->decoder);
  assert_counts (fx, 1, 0, 0, 0, 3);
}

/* ---- What the datagram carries ----------------------------------------- */

static void
test_fragmented_tcp_segment_is_tcp (Fixture *fx, gconstpointer data)
{
  static const gsize cuts[] = { 64 };
  PacketFragments fragments = *(const PacketFragments *) data;
  fragments.protocol = PROTO_TCP;
  g_autoptr (GByteArray) segment = packet_new (invite, INVITE_LEN);
  packet_wrap_tcp (segment, 40000, 5060);
  g_autoptr (GPtrArray) packets = packet_split (&fragments, segment, cuts, 1);
  DecodedFrame out;
  feed_held (fx, packets->pdata[1]);
  feed (fx, packets->pdata[0], &out);
  g_assert_cmpint (out.verdict, ==, DECODE_TCP);
  g_assert_cmpint (out.transport, ==, SIPSCAN_TRANSPORT_TCP);
  assert_endpoints (&out,
                    fragments.version == 4 ? "192.0.2.1:40000"
                                           : "[2001:db8::1]:40000",
                    fragments.version == 4 ? "192.0.2.2:5060"
                                           : "[2001:db8::2]:5060");
  assert_counts (fx, 1, 0, 0, 0, 0);
}

static void
test_udp_length_is_checked_against_the_datagram (Fixture *fx,
                                                 gconstpointer data)
{
  static const gsize cuts[] = { 64 };
  g_autoptr (GByteArray) datagram = udp_datagram ();
  packet_set_u16 (datagram, 4, (guint16) (datagram->len + 1));
  g_autoptr (GPtrArray) packets = packet_split (data, datagram, cuts, 1);
  DecodedFrame out;
  feed_held (fx, packets->pdata[0]);
  feed (fx, packets->pdata[1], &out);
  g_assert_cmpint (out.verdict, ==, DECODE_MALFORMED);
  g_assert_cmpstr (out.reason->layer, ==, "udp");
  g_assert_cmpstr (out.reason->text, ==, "udp length beyond ip payload");
  assert_counts (fx, 1, 0, 0, 0, 0);
}

static void
test_non_sip_protocol_is_reassembled_and_not_sip (Fixture *fx,
                                                  gconstpointer data)
{
  static const gsize cuts[] = { 64 };
  PacketFragments fragments = *(const PacketFragments *) data;
  fragments.protocol = PROTO_ICMP;
  g_autoptr (GByteArray) echo = packet_new (invite, INVITE_LEN);
  g_autoptr (GPtrArray) packets = packet_split (&fragments, echo, cuts, 1);
  DecodedFrame out;
  feed_held (fx, packets->pdata[0]);
  feed (fx, packets->pdata[1], &out);
  g_assert_cmpint (out.verdict, ==, DECODE_NOT_SIP);
  assert_counts (fx, 1, 0, 0, 0, 0);
}

/* The snaplen cut the last fragment's data: it is truncated and not used;
 * a whole copy of it completes the datagram later. */
static void
test_fragment_cut_by_snaplen_is_truncated (Fixture *fx, gconstpointer data)
{
  g_autoptr (GPtrArray) packets = invite_fragments (data);
  const GByteArray *last = packets->pdata[3];
  const guint order[] = { 0, 1, 2, 3 };
  DecodedFrame out;
  feed_snapped (fx, last, last->len - 10, &out);
  assert_ip_reason (&out, DECODE_TRUNCATED, "fragment cut by the snaplen");
  feed_completing_invite (fx, data, packets, order, G_N_ELEMENTS (order));
  assert_counts (fx, 1, 0, 0, 0, 0);
}

/* ---- Which datagram a fragment belongs to ------------------------------ */

/* Two datagrams with one identification from two sources, their
 * fragments alternating. */
static void
test_same_id_from_two_sources_interleaved (Fixture *fx, gconstpointer data)
{
  static const gsize cuts[] = { 64, 128 };
  PacketFragments other = *(const PacketFragments *) data;
  gboolean v4 = other.version == 4;
  other.src = v4 ? "192.0.2.9" : "2001:db8::9";
  g_autoptr (GByteArray) datagram = udp_datagram ();
  g_autoptr (GByteArray) datagram2 = packet_new (invite, INVITE_LEN);
  packet_wrap_udp (datagram2, 5062, 5080);
  g_autoptr (GPtrArray) a = packet_split (data, datagram, cuts, 2);
  g_autoptr (GPtrArray) b = packet_split (&other, datagram2, cuts, 2);
  DecodedFrame out;
  for (guint i = 0; i < 2; i++)
    {
      feed_held (fx, a->pdata[i]);
      feed_held (fx, b->pdata[i]);
    }
  feed (fx, b->pdata[2], &out);
  assert_payload (&out, invite, INVITE_LEN);
  assert_endpoints (&out, v4 ? "192.0.2.9:5062" : "[2001:db8::9]:5062",
                    default_dst (data));
  feed (fx, a->pdata[2], &out);
  assert_payload (&out, invite, INVITE_LEN);
  assert_endpoints (&out, default_src (data, TRUE), default_dst (data));
  assert_counts (fx, 2, 0, 0, 0, 0);
}

/* RFC 791: the protocol is part of an IPv4 datagram's name. */
static void
test_ipv4_protocol_tells_datagrams_apart (Fixture *fx, gconstpointer unused)
{
  static const gsize cuts[] = { 64 };
  PacketFragments tcp = udp4;
  tcp.protocol = PROTO_TCP;
  g_autoptr (GByteArray) datagram = udp_datagram ();
  g_autoptr (GByteArray) segment = packet_new (invite, INVITE_LEN);
  packet_wrap_tcp (segment, 40000, 5060);
  g_autoptr (GPtrArray) a = packet_split (&udp4, datagram, cuts, 1);
  g_autoptr (GPtrArray) b = packet_split (&tcp, segment, cuts, 1);
  DecodedFrame out;
  feed_held (fx, a->pdata[0]);
  feed_held (fx, b->pdata[0]);
  feed (fx, b->pdata[1], &out);
  g_assert_cmpint (out.verdict, ==, DECODE_TCP);
  feed (fx, a->pdata[1], &out);
  assert_payload (&out, invite, INVITE_LEN);
  assert_counts (fx, 2, 0, 0, 0, 0);
}

/* ---- IPv6 extension headers -------------------------------------------- */

static void
test_ipv6_extension_headers_before_the_fragment_header (Fixture *fx,
                                                        gconstpointer unused)
{
  static const guint8 extensions[] = { PROTO_HOPOPT, PROTO_DSTOPTS,
                                       PROTO_ROUTING };
  PacketFragments fragments = udp6;
  fragments.extensions = extensions;
  fragments.n_extensions = G_N_ELEMENTS (extensions);
  const guint order[] = { 2, 0, 3, 1 };
  g_autoptr (GPtrArray) packets = invite_fragments (&fragments);
  feed_completing_invite (fx, &fragments, packets, order,
                          G_N_ELEMENTS (order));

  /* Their 24 bytes count in the reassembled payload length. */
  const gsize offset = 65504;
  guint8 zeros[8] = { 0 };
  g_autoptr (GByteArray) largest
      = packet_new_fragment (&fragments, zeros, 7, offset, FALSE);
  fragments.id = 2;
  g_autoptr (GByteArray) one_more
      = packet_new_fragment (&fragments, zeros, 8, offset, FALSE);
  feed_held (fx, largest);
  feed_discarded (fx, one_more, "fragment reaches past 65535 bytes");
  assert_counts (fx, 1, 0, 1, 0, 0);
}

/* Headers in the fragmentable part are walked once the datagram is
 * whole. */
static void
test_ipv6_extension_header_after_the_fragment_header (Fixture *fx,
                                                      gconstpointer unused)
{
  static const gsize cuts[] = { 64 };
  PacketFragments fragments = udp6;
  fragments.protocol = PROTO_DSTOPTS;
  g_autoptr (GByteArray) datagram = udp_datagram ();
  packet_wrap_ipv6_extension (datagram, PROTO_UDP, NULL, 6);
  g_autoptr (GPtrArray) packets = packet_split (&fragments, datagram, cuts, 1);
  DecodedFrame out;
  feed_held (fx, packets->pdata[1]);
  feed (fx, packets->pdata[0], &out);
  assert_payload (&out, invite, INVITE_LEN);
}

/* RFC 8200: only the next header of the fragment at offset 0 counts. */
static void
test_ipv6_next_header_of_first_fragment_counts (Fixture *fx,
                                                gconstpointer unused)
{
  PacketFragments other = udp6;
  other.protocol = PROTO_NONE;
  g_autoptr (GByteArray) datagram = udp_datagram ();
  g_autoptr (GByteArray) first = slice (&udp6, datagram, 0, 64, TRUE);
  g_autoptr (GByteArray) rest = slice (&other, datagram, 64, datagram->len,
                                       FALSE);
  DecodedFrame out;
  feed_held (fx, first);
  feed (fx, rest, &out);
  assert_payload (&out, invite, INVITE_LEN);
}

/* ---- Robustness -------------------------------------------------------- */

/* Random fragments of a few datagrams under small caps; under
 * AddressSanitizer a bad read or write aborts. Reproduce with --seed. */
static void
test_random_fragments_stay_in_bounds (Fixture *fx, gconstpointer unused)
{
  static const char *const sources[] = { "192.0.2.1", "192.0.2.7",
                                         "2001:db8::1", "2001:db8::7" };
  fx->options.max_fragment_datagrams = 4;
  fx->options.max_fragment_bytes = 1500;
  fixture_restart (fx);
  guint8 data[96];
  for (guint round = 0; round < 20000; round++)
    {
      guint source = (guint) g_test_rand_int_range (0, 4);
      PacketFragments fragments = {
        .version = source < 2 ? 4 : 6,
        .src = sources[source],
        .protocol = g_test_rand_bit () ? PROTO_UDP : PROTO_TCP,
        .id = (guint32) g_test_rand_int_range (1, 3),
      };
      gsize len = (gsize) g_test_rand_int_range (0, sizeof data + 1);
      gsize offset = 8 * (gsize) g_test_rand_int_range (0, 64);
      for (gsize i = 0; i < len; i++)
        data[i] = (guint8) g_test_rand_int_range (0, 4);
      if (offset == 0 && len >= UDP_LEN)
        {
          data[4] = 0;
          data[5] = (guint8) len;
        }
      g_autoptr (GByteArray) packet = packet_new_fragment (
          &fragments, data, len, offset, g_test_rand_bit ());
      gsize caplen = round % 7 ? packet->len
                               : (gsize) g_test_rand_int_range (
                                   0, (gint32) packet->len + 1);
      DecodedFrame out;
      feed_snapped (fx, packet, caplen, &out);
      g_assert_true (out.verdict != DECODE_UNSUPPORTED);
      if (out.verdict == DECODE_PAYLOAD)
        g_assert_cmpuint (out.payload_len, <, 65536);
      fx->time += SEC (0.01);
    }
  frame_decoder_finish (fx->decoder);
}

/* ---- Through the analyzer ---------------------------------------------- */

typedef struct {
  SipscanAnalyzer *analyzer;
  guint64 frame;
  SipscanTime time;
  GArray *unanswered_frames;   /* guint64: invite_frame of each finding */
} Capture;

static void
on_unanswered (const SipscanUnansweredInvite *finding, gpointer data)
{
  Capture *capture = data;
  g_array_append_val (capture->unanswered_frames, finding->invite_frame);
}

static void
capture_init (Capture *capture)
{
  static const SipscanSink sink = { .unanswered_invite = on_unanswered };
  capture->analyzer = sipscan_analyzer_new (NULL, &sink, capture);
  capture->frame = 0;
  capture->time = T0;
  capture->unanswered_frames = g_array_new (FALSE, FALSE, sizeof (guint64));
}

static void
capture_clear (Capture *capture)
{
  sipscan_analyzer_free (capture->analyzer);
  g_array_unref (capture->unanswered_frames);
}

/* Adds the first caplen bytes of packet as a raw IP frame; returns its
 * number. */
static guint64
capture_add (Capture *capture, const GByteArray *packet, gsize caplen)
{
  SipscanFrame frame = {
    .number = ++capture->frame,
    .time = capture->time,
    .linktype = LINKTYPE_RAW,
    .data = packet->data,
    .caplen = (guint32) caplen,
    .wirelen = packet->len,
  };
  capture->time += SEC (0.001);
  sipscan_analyzer_add_frame (capture->analyzer, &frame);
  return frame.number;
}

static void
test_analyzer_parses_fragmented_invite (void)
{
  Capture capture;
  capture_init (&capture);
  g_autoptr (GPtrArray) v4 = invite_fragments (&udp4);
  g_autoptr (GPtrArray) v6 = invite_fragments (&udp6);
  guint64 completing = 0;
  for (guint i = v4->len; i-- > 0;)
    completing = capture_add (&capture, v4->pdata[i],
                              ((GByteArray *) v4->pdata[i])->len);
  for (guint i = 0; i < v6->len; i++)
    capture_add (&capture, v6->pdata[i], ((GByteArray *) v6->pdata[i])->len);
  sipscan_analyzer_finish (capture.analyzer);

  const SipscanCounters *c = sipscan_analyzer_peek_counters (capture.analyzer);
  g_assert_cmpuint (c->frames, ==, 8);
  g_assert_cmpuint (c->frames_sip, ==, 2);
  g_assert_cmpuint (c->frames_ip_fragment, ==, 6);
  g_assert_cmpuint (c->sip_messages, ==, 2);
  g_assert_cmpuint (c->sip_requests, ==, 2);
  g_assert_cmpuint (c->ip_datagrams_reassembled, ==, 2);
  /* One INVITE, sent twice (over IPv4, then IPv6): a retransmission. */
  g_assert_cmpuint (c->sip_retransmissions, ==, 1);
  g_assert_cmpuint (capture.unanswered_frames->len, ==, 1);
  g_assert_cmpuint (g_array_index (capture.unanswered_frames, guint64, 0), ==,
                    completing);
  capture_clear (&capture);
}

static void
count_reason (const char *layer, const char *reason, guint64 count,
              gpointer data)
{
  g_string_append_printf (data, "%s: %s: %" G_GUINT64_FORMAT "\n", layer,
                          reason, count);
}

/* Held, completing, discarding, cut and whole frames: each lands in one
 * frames_* counter, and the reasons are counted. */
static void
test_analyzer_counts_every_frame_once (void)
{
  Capture capture;
  capture_init (&capture);
  g_autoptr (GPtrArray) packets = invite_fragments (&udp4);
  g_autoptr (GByteArray) whole = udp_datagram ();
  packet_wrap_ipv4 (whole, &(PacketIpv4) { .protocol = PROTO_UDP });
  g_autoptr (GByteArray) datagram = udp_datagram ();
  datagram->data[100] ^= 1;
  PacketFragments other = udp4;
  other.id = 7;
  g_autoptr (GByteArray) first = slice (&other, datagram, 0, 64, TRUE);
  g_autoptr (GByteArray) conflicting = slice (&udp4, datagram, 64, 128, TRUE);

  capture_add (&capture, whole, whole->len);               /* sip */
  capture_add (&capture, first, first->len);               /* held */
  for (guint i = 0; i < 3; i++)                            /* held */
    capture_add (&capture, packets->pdata[i],
                 ((GByteArray *) packets->pdata[i])->len);
  capture_add (&capture, conflicting, conflicting->len);   /* malformed */
  for (guint i = 0; i < 3; i++)                            /* held */
    capture_add (&capture, packets->pdata[i],
                 ((GByteArray *) packets->pdata[i])->len);
  const GByteArray *last = packets->pdata[3];
  capture_add (&capture, last, last->len - 1);             /* truncated */
  capture_add (&capture, last, last->len);                 /* sip */
  sipscan_analyzer_finish (capture.analyzer);

  const SipscanCounters *c = sipscan_analyzer_peek_counters (capture.analyzer);
  g_assert_cmpuint (c->frames, ==, 11);
  g_assert_cmpuint (c->frames_sip + c->frames_not_sip + c->frames_malformed
                        + c->frames_truncated + c->frames_unsupported
                        + c->frames_ip_fragment + c->frames_tcp
                        + c->frames_sctp,
                    ==, c->frames);
  g_assert_cmpuint (c->frames_sip, ==, 2);
  g_assert_cmpuint (c->frames_ip_fragment, ==, 7);
  g_assert_cmpuint (c->frames_malformed, ==, 1);
  g_assert_cmpuint (c->frames_truncated, ==, 1);
  g_assert_cmpuint (c->ip_datagrams_reassembled, ==, 1);
  g_assert_cmpuint (c->ip_fragments_overlapping, ==, 1);
  g_assert_cmpuint (c->ip_datagrams_incomplete, ==, 1);   /* id 7 */
  g_autoptr (GString) reasons = g_string_new (NULL);
  sipscan_analyzer_foreach_reason (capture.analyzer, count_reason, reasons);
  g_assert_cmpstr (reasons->str, ==,
                   "ip: fragment cut by the snaplen: 1\n"
                   "ip: fragment overlaps held bytes with different "
                   "ones: 1\n");
  capture_clear (&capture);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, data, func)                                              \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
#define ADD_BOTH(name, func)                                               \
  ADD ("/ip_defrag/ipv4/" name, &udp4, func);                              \
  ADD ("/ip_defrag/ipv6/" name, &udp6, func)

  ADD_BOTH ("order/in_order_last_fragment_gets_the_payload",
            test_in_order_last_fragment_gets_the_payload);
  ADD_BOTH ("order/reverse", test_reverse_order);
  ADD_BOTH ("order/random", test_random_order);
  ADD_BOTH ("order/duplicates_are_accepted", test_duplicates_are_accepted);
  ADD_BOTH ("order/duplicate_after_completion_starts_anew",
            test_duplicate_after_completion_starts_anew);

  ADD_BOTH ("overlap/identical_bytes_are_accepted",
            test_overlap_with_identical_bytes_is_accepted);
  ADD_BOTH ("overlap/different_bytes_discard_the_datagram",
            test_overlap_with_different_bytes_discards);
  ADD_BOTH ("overlap/sturges_novak/identical_overlaps_reassemble",
            test_sturges_novak_identical_overlaps_reassemble);
  ADD_BOTH ("overlap/sturges_novak/each_conflicting_overlap_discards",
            test_sturges_novak_each_conflicting_overlap_discards);
  ADD_BOTH ("overlap/sturges_novak/sequence_discards_at_first_conflict",
            test_sturges_novak_sequence_discards_at_first_conflict);

  ADD_BOTH ("invalid/fragment_past_65535_discards",
            test_fragment_past_65535_discards);
  ADD_BOTH ("invalid/misaligned_fragment_before_last_discards",
            test_misaligned_fragment_before_last_discards);
  ADD_BOTH ("invalid/two_different_last_fragments_discard",
            test_two_different_last_fragments_discard);
  ADD_BOTH ("invalid/data_past_the_end_discards",
            test_data_past_the_end_discards);
  ADD_BOTH ("invalid/empty_fragment_discards", test_empty_fragment_discards);

  ADD_BOTH ("timeout/missing_middle_then_timeout",
            test_missing_middle_then_timeout);
  ADD_BOTH ("timeout/runs_from_the_first_fragment",
            test_timeout_runs_from_the_first_fragment);
  ADD_BOTH ("timeout/incomplete_at_capture_end_is_counted",
            test_incomplete_at_capture_end_is_counted);

  ADD_BOTH ("cap/datagrams_evicts_the_oldest",
            test_datagram_cap_evicts_the_oldest);
  ADD_BOTH ("cap/bytes_evicts_the_oldest", test_byte_cap_evicts_the_oldest);

  ADD_BOTH ("payload/fragmented_tcp_segment_is_tcp",
            test_fragmented_tcp_segment_is_tcp);
  ADD_BOTH ("payload/udp_length_is_checked_against_the_datagram",
            test_udp_length_is_checked_against_the_datagram);
  ADD_BOTH ("payload/non_sip_protocol_is_reassembled_and_not_sip",
            test_non_sip_protocol_is_reassembled_and_not_sip);
  ADD_BOTH ("payload/fragment_cut_by_snaplen_is_truncated",
            test_fragment_cut_by_snaplen_is_truncated);

  ADD_BOTH ("key/same_id_from_two_sources_interleaved",
            test_same_id_from_two_sources_interleaved);
  ADD ("/ip_defrag/ipv4/key/protocol_tells_datagrams_apart", NULL,
       test_ipv4_protocol_tells_datagrams_apart);

  ADD ("/ip_defrag/ipv6/extension_headers_before_the_fragment_header", NULL,
       test_ipv6_extension_headers_before_the_fragment_header);
  ADD ("/ip_defrag/ipv6/extension_header_after_the_fragment_header", NULL,
       test_ipv6_extension_header_after_the_fragment_header);
  ADD ("/ip_defrag/ipv6/next_header_of_first_fragment_counts", NULL,
       test_ipv6_next_header_of_first_fragment_counts);

  ADD ("/ip_defrag/robustness/random_fragments_stay_in_bounds", NULL,
       test_random_fragments_stay_in_bounds);

  g_test_add_func ("/ip_defrag/analyzer/parses_fragmented_invite",
                   test_analyzer_parses_fragmented_invite);
  g_test_add_func ("/ip_defrag/analyzer/counts_every_frame_once",
                   test_analyzer_counts_every_frame_once);
  return g_test_run ();
}
