/* The decoder: link layer (link.c), IPv4/IPv6 (ip.c), then UDP (udp.c)
 * or TCP (tcp.c). */
#include "decode/frame_decoder.h"

#include "decode/ip.h"
#include "decode/tcp.h"
#include "decode/udp.h"

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
    tcp_decode (&bytes, out);
  else
    udp_decode (&bytes, out);
}
