/* The decoder: link layer (link.c), IPv4/IPv6 (ip.c), then UDP (udp.c);
 * TCP segments are recognised by their ports and wait for reassembly. */
#include "decode/frame_decoder.h"

#include "decode/ip.h"
#include "decode/udp.h"

#define TCP_PORTS_LEN 4

struct _FrameDecoder
{
  /* IP defragmentation and TCP stream reassembly will keep their state
   * here; decoding is stateless until then. */
  int reserved;
};

FrameDecoder *
frame_decoder_new (void)
{
  return g_new0 (FrameDecoder, 1);
}

void
frame_decoder_free (FrameDecoder *decoder)
{
  g_free (decoder);
}

/* The ports are filled when captured; the rest of the header is left to
 * the reassembly to come. */
static void
frame_decoder_note_tcp (const DecodeBytes *bytes, DecodedFrame *out)
{
  Cursor header = bytes->cursor;
  out->verdict = DECODE_TCP;
  out->transport = SIPSCAN_TRANSPORT_TCP;
  if (cursor_remaining (&header) < TCP_PORTS_LEN)
    return;
  cursor_read_u16 (&header, &out->src.port);
  cursor_read_u16 (&header, &out->dst.port);
}

void
frame_decoder_decode (FrameDecoder *decoder, const SipscanFrame *frame,
                      DecodedFrame *out)
{
  DecodeBytes bytes = {
    .cursor = cursor_make (frame->data, frame->caplen),
    .lost = frame->wirelen > frame->caplen ? frame->wirelen - frame->caplen
                                           : 0,
  };
  LinkNetwork network = LINK_NETWORK_IP;
  guint8 protocol = 0;

  memset (out, 0, sizeof *out);
  if (!link_decode (frame->linktype, &bytes, &network, out)
      || !ip_decode (network, &bytes, &protocol, out))
    return;
  if (protocol == IP_PROTOCOL_TCP)
    frame_decoder_note_tcp (&bytes, out);
  else
    udp_decode (&bytes, out);
}
