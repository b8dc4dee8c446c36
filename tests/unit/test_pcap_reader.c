#include "capture/pcap_reader.h"

#include <string.h>

/* A pcap file built in memory, in either byte order. */
typedef struct {
  GByteArray *bytes;
  gboolean swapped;
  gboolean modified;  /* Kuznetzov's 24-byte record headers */
} PcapImage;

static void
put_u32 (PcapImage *image, guint32 v)
{
  v = image->swapped ? GUINT32_SWAP_LE_BE (v) : v;
  g_byte_array_append (image->bytes, (const guint8 *) &v, sizeof v);
}

static void
put_u16 (PcapImage *image, guint16 v)
{
  v = image->swapped ? GUINT16_SWAP_LE_BE (v) : v;
  g_byte_array_append (image->bytes, (const guint8 *) &v, sizeof v);
}

static PcapImage
pcap_image_new (guint32 magic, gboolean swapped, guint32 linktype)
{
  PcapImage image = { g_byte_array_new (), swapped, magic == 0xa1b2cd34u };
  put_u32 (&image, magic);
  put_u16 (&image, 2);
  put_u16 (&image, 4);
  put_u32 (&image, 0);
  put_u32 (&image, 0);
  put_u32 (&image, 65535);
  put_u32 (&image, linktype);
  return image;
}

/* A record of caplen bytes, byte i being (seed + i) & 0xff. */
static void
pcap_image_add (PcapImage *image, guint32 seconds, guint32 fraction,
                guint32 caplen, guint32 wirelen, guint8 seed)
{
  put_u32 (image, seconds);
  put_u32 (image, fraction);
  put_u32 (image, caplen);
  put_u32 (image, wirelen);
  if (image->modified)
    for (int i = 0; i < 2; i++)
      put_u32 (image, 0xeeeeeeee);
  for (guint32 i = 0; i < caplen; i++)
    {
      guint8 b = (guint8) (seed + i);
      g_byte_array_append (image->bytes, &b, 1);
    }
}

static PcapReader *
pcap_image_open (const PcapImage *image, gsize len)
{
  FILE *file = fmemopen (image->bytes->data, len, "rb");
  g_assert_nonnull (file);
  return pcap_reader_new (file_window_new (file));
}

static void
assert_record (const SipscanFrame *frame, guint32 caplen, guint8 seed)
{
  g_assert_cmpuint (frame->caplen, ==, caplen);
  for (guint32 i = 0; i < caplen; i++)
    g_assert_cmpuint (frame->data[i], ==, (guint8) (seed + i));
}

static void
assert_reads_two_records (guint32 magic, gboolean swapped,
                          SipscanTime fraction_unit)
{
  PcapImage image = pcap_image_new (magic, swapped, 1);
  pcap_image_add (&image, 1700000000, 123456, 60, 60, 7);
  pcap_image_add (&image, 4000000000u, 5, 30, 1500, 9);
  PcapReader *reader = pcap_image_open (&image, image.bytes->len);
  SipscanFrame frame;
  g_assert_cmpint (pcap_reader_next (reader, &frame), ==, 1);
  g_assert_cmpint (frame.time, ==,
                   1700000000 * SIPSCAN_TIME_PER_SECOND
                       + 123456 * fraction_unit);
  g_assert_cmpint (frame.linktype, ==, 1);
  g_assert_cmpuint (frame.wirelen, ==, 60);
  assert_record (&frame, 60, 7);
  g_assert_cmpint (pcap_reader_next (reader, &frame), ==, 1);
  /* Seconds are unsigned, as Wireshark reads them: 2096, not 1901. */
  g_assert_cmpint (frame.time, ==,
                   4000000000 * SIPSCAN_TIME_PER_SECOND + 5 * fraction_unit);
  g_assert_cmpuint (frame.wirelen, ==, 1500);
  assert_record (&frame, 30, 9);
  g_assert_cmpint (pcap_reader_next (reader, &frame), ==, 0);
  pcap_reader_free (reader);
  g_byte_array_unref (image.bytes);
}

static void
test_every_magic_in_either_byte_order_reads_the_same_records (void)
{
  for (int swapped = 0; swapped <= 1; swapped++)
    {
      assert_reads_two_records (0xa1b2c3d4u, swapped, 1000);
      assert_reads_two_records (0xa1b23c4du, swapped, 1);
      assert_reads_two_records (0xa1b2cd34u, swapped, 1000);
    }
}

static void
test_magic_is_recognised_only_for_pcap (void)
{
  const guint8 pcap_be[4] = { 0xa1, 0xb2, 0xc3, 0xd4 };
  const guint8 pcapng[4] = { 0x0a, 0x0d, 0x0d, 0x0a };
  const guint8 text[4] = { 'I', 'N', 'V', 'I' };
  g_assert_true (pcap_reader_recognises (pcap_be));
  g_assert_false (pcap_reader_recognises (pcapng));
  g_assert_false (pcap_reader_recognises (text));
}

static void
test_fcs_bits_of_the_link_type_are_dropped (void)
{
  PcapImage image = pcap_image_new (0xa1b2c3d4u, FALSE, 0x14000001u);
  pcap_image_add (&image, 1, 0, 10, 10, 0);
  PcapReader *reader = pcap_image_open (&image, image.bytes->len);
  SipscanFrame frame;
  g_assert_cmpint (pcap_reader_next (reader, &frame), ==, 1);
  g_assert_cmpint (frame.linktype, ==, 1);
  pcap_reader_free (reader);
  g_byte_array_unref (image.bytes);
}

/* Records across many 1 MiB chunks, one larger than a chunk's free tail
 * at every size, arrive whole and in order. */
static void
test_records_spanning_chunk_boundaries_arrive_whole (void)
{
  PcapImage image = pcap_image_new (0xa1b2c3d4u, FALSE, 1);
  guint n = 0;
  for (guint32 caplen = 1; image.bytes->len < 5u << 20; caplen += 4099)
    pcap_image_add (&image, n, 0, caplen % 262144, 0, (guint8) n), n++;
  PcapReader *reader = pcap_image_open (&image, image.bytes->len);
  SipscanFrame frame;
  guint32 caplen = 1;
  for (guint i = 0; i < n; i++, caplen += 4099)
    {
      g_assert_cmpint (pcap_reader_next (reader, &frame), ==, 1);
      g_assert_cmpint (frame.time, ==, i * SIPSCAN_TIME_PER_SECOND);
      assert_record (&frame, caplen % 262144, (guint8) i);
    }
  g_assert_cmpint (pcap_reader_next (reader, &frame), ==, 0);
  pcap_reader_free (reader);
  g_byte_array_unref (image.bytes);
}

static void
assert_fails (const PcapImage *image, gsize len, int frames_first,
              const char *reason)
{
  PcapReader *reader = pcap_image_open (image, len);
  SipscanFrame frame;
  for (int i = 0; i < frames_first; i++)
    g_assert_cmpint (pcap_reader_next (reader, &frame), ==, 1);
  g_assert_cmpint (pcap_reader_next (reader, &frame), ==, -1);
  g_assert_cmpstr (pcap_reader_error (reader), ==, reason);
  pcap_reader_free (reader);
}

static void
test_damage_stops_the_file_with_a_reason (void)
{
  PcapImage image = pcap_image_new (0xa1b2c3d4u, TRUE, 1);
  pcap_image_add (&image, 1, 0, 100, 100, 0);
  pcap_image_add (&image, 2, 0, 100, 100, 0);
  gsize whole = image.bytes->len;
  assert_fails (&image, 10, 0, "truncated pcap file header");
  assert_fails (&image, whole - 116 + 7, 1, "truncated pcap record header");
  assert_fails (&image, whole - 1, 1, "truncated pcap record");
  pcap_image_add (&image, 3, 0, 262145, 262145, 0);
  assert_fails (&image, image.bytes->len, 2,
                "pcap record longer than 262144 bytes");
  image.bytes->data[5] = 3;  /* version 3.x, big-endian */
  assert_fails (&image, image.bytes->len, 0, "unsupported pcap version");
  g_byte_array_unref (image.bytes);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pcap_reader/every_magic_in_either_byte_order_reads_the_same_records",
                   test_every_magic_in_either_byte_order_reads_the_same_records);
  g_test_add_func ("/pcap_reader/magic_is_recognised_only_for_pcap",
                   test_magic_is_recognised_only_for_pcap);
  g_test_add_func ("/pcap_reader/fcs_bits_of_the_link_type_are_dropped",
                   test_fcs_bits_of_the_link_type_are_dropped);
  g_test_add_func ("/pcap_reader/records_spanning_chunk_boundaries_arrive_whole",
                   test_records_spanning_chunk_boundaries_arrive_whole);
  g_test_add_func ("/pcap_reader/damage_stops_the_file_with_a_reason",
                   test_damage_stops_the_file_with_a_reason);
  return g_test_run ();
}
