#include "decode_support.h"

#include "test_support.h"

const guint8 *
decode_frame (int linktype, const GByteArray *packet, gsize caplen,
              gsize wirelen, DecodedFrame *out)
{
  g_assert_cmpuint (caplen, <=, packet->len);
  guint8 *data = g_memdup2 (packet->data, caplen);
  SipscanFrame frame = {
    .number = 1,
    .linktype = linktype,
    .data = data,
    .caplen = (guint32) caplen,
    .wirelen = (guint32) wirelen,
  };
  SipscanOptions options = {
    .max_fragment_datagrams = 16,
    .max_fragment_bytes = 65536,
    .fragment_timeout = 30.0,
  };
  SipscanCounters counters = { 0 };
  FrameDecoder *decoder = frame_decoder_new (&options, &counters);
  frame_decoder_decode (decoder, &frame, out);
  frame_decoder_free (decoder);
  g_test_queue_free (data);
  return data;
}

const guint8 *
decode_whole (int linktype, const GByteArray *packet, DecodedFrame *out)
{
  return decode_frame (linktype, packet, packet->len, packet->len, out);
}

const guint8 *
decode_snapped (int linktype, const GByteArray *packet, gsize caplen,
                DecodedFrame *out)
{
  return decode_frame (linktype, packet, caplen, packet->len, out);
}

void
assert_verdict (const DecodedFrame *out, DecodeVerdict verdict,
                const char *layer, const char *text)
{
  g_assert_cmpint (out->verdict, ==, verdict);
  if (layer == NULL)
    {
      g_assert_null (out->reason);
      return;
    }
  g_assert_nonnull (out->reason);
  g_assert_cmpstr (out->reason->layer, ==, layer);
  g_assert_cmpstr (out->reason->text, ==, text);
}

void
assert_endpoints (const DecodedFrame *out, const char *src, const char *dst)
{
  test_assert_endpoints (&out->src, &out->dst, src, dst);
}
