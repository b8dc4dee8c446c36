/* The decoder: link layer (link.c), IPv4/IPv6 (ip.c) with fragments
 * reassembled (ip_defrag.c), then UDP (udp.c), TCP (tcp.c) or SCTP
 * (sctp.c). */
#include "decode/frame_decoder.h"

#include "decode/ip.h"
#include "decode/ip_defrag.h"
#include "decode/sctp.h"
#include "decode/tcp.h"
#include "decode/udp.h"

struct _FrameDecoder
{
  IpDefrag *defrag;
  /* TCP streams are reassembled after decoding (tcp_reassembly.h), by an
   * object the analyzer owns: their consumers are the analyzer's. */
};

FrameDecoder *
frame_decoder_new (const SipscanOptions *options, SipscanCounters *counters)
{
  FrameDecoder *decoder = g_new0 (FrameDecoder, 1);
  decoder->defrag = ip_defrag_new (options, counters);
  return decoder;
}

void
frame_decoder_free (FrameDecoder *decoder)
{
  if (!decoder)
    return;
  ip_defrag_free (decoder->defrag);
  g_free (decoder);
}

void
frame_decoder_finish (FrameDecoder *decoder)
{
  ip_defrag_finish (decoder->defrag);
}

/* ip_decode stopped at a fragment: the one that completes its datagram
 * goes on as the whole datagram. */
static gboolean
frame_decoder_reassemble (FrameDecoder *decoder, const IpFragment *fragment,
                          DecodeBytes *bytes, guint8 *protocol,
                          DecodedFrame *out)
{
  return out->verdict == DECODE_IP_FRAGMENT
         && ip_defrag_add (decoder->defrag, fragment, bytes, protocol, out)
         && ip_decode_reassembled (fragment->version, bytes, protocol, out);
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
  IpFragment fragment;

  memset (out, 0, sizeof *out);
  ip_defrag_advance (decoder->defrag, frame->time);
  if (!link_decode (frame->linktype, &bytes, &network, out))
    return;
  if (!ip_decode (network, &bytes, &protocol, &fragment, out)
      && !frame_decoder_reassemble (decoder, &fragment, &bytes, &protocol,
                                    out))
    return;
  if (protocol == IP_PROTOCOL_TCP)
    tcp_decode (&bytes, out);
  else if (protocol == IP_PROTOCOL_SCTP)
    sctp_decode (&bytes, out);
  else
    udp_decode (&bytes, out);
}
