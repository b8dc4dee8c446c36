/* The decoder: link layer (link.c), IPv4/IPv6 (ip.c) with fragments
 * reassembled (ip_defrag.c), then UDP (udp.c), TCP (tcp.c) or SCTP
 * (sctp.c).
 *
 * Tunnels and mirrors are decoded inward, each through the same layers
 * as an outer packet: IP-in-IP and IPv6-in-IP (IP protocols 4 and 41,
 * RFC 2003, RFC 4213, RFC 2473), GRE (gre.c) with ERSPAN (erspan.c),
 * VXLAN (vxlan.c, UDP port 4789), GTP-U (gtpu.c, UDP port 2152), MPLS
 * (mpls.c) and PPPoE (pppoe.c); the addresses are then the innermost
 * packet's, its fragments are reassembled and its TCP segments go to
 * stream reassembly as any others. HEP (hep.c) ends the decoding with the
 * message the agent saw. A frame nesting more than
 * FRAME_DECODER_MAX_ENCAPSULATIONS encapsulations is unsupported: no
 * standard bounds the nesting, so it is not malformed, but real traffic
 * never goes that deep and the bound keeps crafted frames cheap.
 *
 * Most frames are plain UDP or TCP over IPv4 over Ethernet: those are
 * decoded straight (frame_decoder_plain_udp, frame_decoder_plain_tcp), the
 * others layer by layer. */
#include "decode/frame_decoder.h"

#include "decode/gre.h"
#include "decode/gtpu.h"
#include "decode/hep.h"
#include "decode/ip.h"
#include "decode/ip_defrag.h"
#include "decode/mpls.h"
#include "decode/pppoe.h"
#include "decode/sctp.h"
#include "decode/tcp.h"
#include "decode/udp.h"
#include "decode/vxlan.h"

#define FRAME_DECODER_MAX_ENCAPSULATIONS 8

static REASON_DEFINE (reason_nesting, "tunnel",
                      "more than 8 nested encapsulations");

struct _FrameDecoder
{
  IpDefrag *defrag;
  SipscanCounters *counters;
  /* TCP streams are reassembled after decoding (tcp_reassembly.h), by an
   * object the analyzer owns: their consumers are the analyzer's. */
};

FrameDecoder *
frame_decoder_new (const SipscanOptions *options, SipscanCounters *counters)
{
  FrameDecoder *decoder = g_new0 (FrameDecoder, 1);
  decoder->defrag = ip_defrag_new (options, counters);
  decoder->counters = counters;
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

/* A UDP datagram: a tunnel by its destination port, HEP by its payload,
 * else a payload. */
static gboolean
frame_decoder_udp (FrameDecoder *decoder, DecodeBytes *bytes,
                   LinkNetwork *network, DecodedFrame *out)
{
  if (!udp_decode_header (bytes, out))
    return FALSE;
  if (out->dst.port == VXLAN_UDP_PORT)
    return vxlan_decode (bytes, network, out);
  if (out->dst.port == GTPU_UDP_PORT)
    return gtpu_decode (bytes, network, out);
  if (hep_detect (bytes))
    {
      if (hep_decode (bytes, out))
        decoder->counters->hep_messages++;
      return FALSE;
    }
  udp_take_payload (bytes, out);
  return FALSE;
}

/* An IP packet: TRUE when it is a tunnel, with network naming what it
 * carries. */
static gboolean
frame_decoder_ip (FrameDecoder *decoder, DecodeBytes *bytes,
                  LinkNetwork *network, DecodedFrame *out)
{
  guint8 protocol = 0;
  IpFragment fragment;
  if (!ip_decode (*network, bytes, &protocol, &fragment, out)
      && !frame_decoder_reassemble (decoder, &fragment, bytes, &protocol,
                                    out))
    return FALSE;
  switch (protocol)
    {
    case IP_PROTOCOL_IPIP:
      *network = LINK_NETWORK_IPV4;
      return TRUE;
    case IP_PROTOCOL_IPV6:
      *network = LINK_NETWORK_IPV6;
      return TRUE;
    case IP_PROTOCOL_GRE:
      return gre_decode (bytes, network, out);
    case IP_PROTOCOL_TCP:
      tcp_decode (bytes, out);
      return FALSE;
    case IP_PROTOCOL_SCTP:
      sctp_decode (bytes, out);
      return FALSE;
    default:
      return frame_decoder_udp (decoder, bytes, network, out);
    }
}

static guint16
frame_be16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static guint32
frame_be32 (const guint8 *p)
{
  return (guint32) frame_be16 (p) << 16 | frame_be16 (p + 2);
}

/* Ethernet II, IPv4 without options and not a fragment, carrying
 * protocol in at least header_len bytes, every byte captured, lengths
 * that agree: the IP header, with the length of its payload in
 * *payload_len; else NULL. Field offsets as in RFC 791 §3.1. */
static const guint8 *
frame_decoder_plain_ipv4 (const SipscanFrame *frame, guint8 protocol,
                          gsize header_len, gsize *payload_len)
{
  enum { IP_AT = ETHERNET_HEADER_LEN };
  const guint8 *data = frame->data;
  if (frame->linktype != LINKTYPE_ETHERNET || frame->wirelen > frame->caplen
      || frame->caplen < IP_AT + IPV4_HEADER_LEN)
    return NULL;
  const guint8 *ip = data + IP_AT;
  gsize ip_len = frame_be16 (ip + 2);
  guint16 flags_offset = frame_be16 (ip + 6);
  if (frame_be16 (data + ETHERNET_ADDRS_LEN) != ETHERTYPE_IPV4
      || ip[0] != (4 << 4 | IPV4_HEADER_LEN / 4)  /* version, length */
      || (flags_offset
          & (IPV4_FLAG_MORE_FRAGMENTS | IPV4_FRAGMENT_OFFSET_MASK)) != 0
      || ip[9] != protocol || ip_len < IPV4_HEADER_LEN + header_len
      || ip_len > frame->caplen - IP_AT)
    return NULL;
  *payload_len = ip_len - IPV4_HEADER_LEN;
  return ip;
}

/* The source and destination addresses of a plain IPv4 header. */
static void
frame_decoder_plain_addresses (const guint8 *ip, DecodedFrame *out)
{
  memcpy (out->src.addr, ip + 12, 4);
  memcpy (out->dst.addr, ip + 16, 4);
}

/* Plain IPv4 (above) carrying UDP to a port no tunnel uses with a payload
 * that is not HEP: the layers would decode such a frame to
 * DECODE_PAYLOAD with what this sets, the rest zero. TRUE for such a
 * frame; FALSE, with out untouched, leaves any other (a VLAN tag,
 * options, a fragment, a length that disagrees, a snaplen cut, ...) to
 * the layers, which decide it. The unit test
 * plain_udp_decodes_as_the_layers_do holds the two ways together. */
static gboolean
frame_decoder_plain_udp (const SipscanFrame *frame, DecodedFrame *out)
{
  gsize ip_payload_len;
  const guint8 *ip = frame_decoder_plain_ipv4 (
      frame, IP_PROTOCOL_UDP, UDP_HEADER_LEN, &ip_payload_len);
  if (ip == NULL)
    return FALSE;
  /* Field offsets as in RFC 768. */
  const guint8 *udp = ip + IPV4_HEADER_LEN;
  gsize udp_len = frame_be16 (udp + 4);
  if (udp_len < UDP_HEADER_LEN || udp_len > ip_payload_len)
    return FALSE;
  guint16 src_port = frame_be16 (udp), dst_port = frame_be16 (udp + 2);
  DecodeBytes payload = {
    .cursor = cursor_make (udp + UDP_HEADER_LEN, udp_len - UDP_HEADER_LEN),
  };
  if (dst_port == VXLAN_UDP_PORT || dst_port == GTPU_UDP_PORT
      || hep_detect (&payload))
    return FALSE;
  *out = (DecodedFrame){
    .verdict = DECODE_PAYLOAD,
    .src = { .family = 4, .port = src_port },
    .dst = { .family = 4, .port = dst_port },
    .transport = SIPSCAN_TRANSPORT_UDP,
    .payload = cursor_peek_ptr (&payload.cursor),
    .payload_len = cursor_remaining (&payload.cursor),
  };
  frame_decoder_plain_addresses (ip, out);
  return TRUE;
}

/* The length of the header of the TCP segment of segment_len bytes at
 * tcp (RFC 9293 §3.1: its data offset), or 0 when it does not fit. */
static gsize
frame_decoder_tcp_header_len (const guint8 *tcp, gsize segment_len)
{
  gsize header_len = (gsize) (tcp[12] >> 4) * 4;
  return header_len >= TCP_HEADER_LEN && header_len <= segment_len
             ? header_len : 0;
}

/* Plain IPv4 carrying a TCP segment whose data offset fits: the layers
 * would decode such a frame to DECODE_TCP with what this sets, the rest
 * zero. As frame_decoder_plain_udp, and held together with the layers by
 * the unit test plain_tcp_decodes_as_the_layers_do. */
static gboolean
frame_decoder_plain_tcp (const SipscanFrame *frame, DecodedFrame *out)
{
  gsize ip_payload_len;
  const guint8 *ip = frame_decoder_plain_ipv4 (
      frame, IP_PROTOCOL_TCP, TCP_HEADER_LEN, &ip_payload_len);
  const guint8 *tcp = ip != NULL ? ip + IPV4_HEADER_LEN : NULL;
  gsize header_len
      = tcp != NULL ? frame_decoder_tcp_header_len (tcp, ip_payload_len) : 0;
  if (header_len == 0)
    return FALSE;
  /* Field offsets as in RFC 9293 §3.1. */
  *out = (DecodedFrame){
    .verdict = DECODE_TCP,
    .src = { .family = 4, .port = frame_be16 (tcp) },
    .dst = { .family = 4, .port = frame_be16 (tcp + 2) },
    .transport = SIPSCAN_TRANSPORT_TCP,
    .tcp = {
      .seq = frame_be32 (tcp + 4),
      .ack = frame_be32 (tcp + 8),
      .flags = tcp[13],
    },
    .payload = tcp + header_len,
    .payload_len = ip_payload_len - header_len,
  };
  frame_decoder_plain_addresses (ip, out);
  return TRUE;
}

/* Decodes the layer network names; TRUE when it was an encapsulation,
 * with bytes at what it carries and network naming that. */
static gboolean
frame_decoder_step (FrameDecoder *decoder, DecodeBytes *bytes,
                    LinkNetwork *network, DecodedFrame *out)
{
  switch (*network)
    {
    case LINK_NETWORK_MPLS:
      return mpls_decode (bytes, network, out);
    case LINK_NETWORK_PPPOE:
      return pppoe_decode (bytes, network, out);
    default:
      return frame_decoder_ip (decoder, bytes, network, out);
    }
}

/* Every frame the plain paths leave, layer by layer. Out of
 * line: the path of plain ones then needs no registers saved. */
G_NO_INLINE static void
frame_decoder_decode_layers (FrameDecoder *decoder, const SipscanFrame *frame,
                             DecodedFrame *out)
{
  DecodeBytes bytes = {
    .cursor = cursor_make (frame->data, frame->caplen),
    .lost = frame->wirelen > frame->caplen ? frame->wirelen - frame->caplen
                                           : 0,
  };
  LinkNetwork network = LINK_NETWORK_IP;
  guint depth = 0;

  memset (out, 0, sizeof *out);
  if (!link_decode (frame->linktype, &bytes, &network, out))
    return;
  for (;;)
    {
      /* A bridged or mirrored frame: its link layer, then what it carries. */
      if (network == LINK_NETWORK_ETHERNET
          && !link_decode (LINKTYPE_ETHERNET, &bytes, &network, out))
        break;
      if (!frame_decoder_step (decoder, &bytes, &network, out))
        break;
      if (++depth > FRAME_DECODER_MAX_ENCAPSULATIONS)
        {
          decode_stop (out, DECODE_UNSUPPORTED, &reason_nesting);
          break;
        }
    }
  if (depth > 0)
    decoder->counters->tunnels_decoded++;
}

void
frame_decoder_decode (FrameDecoder *decoder, const SipscanFrame *frame,
                      DecodedFrame *out)
{
  ip_defrag_advance (decoder->defrag, frame->time);
  if (!frame_decoder_plain_udp (frame, out)
      && !frame_decoder_plain_tcp (frame, out))
    frame_decoder_decode_layers (decoder, frame, out);
}
