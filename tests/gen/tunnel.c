#include "tunnel.h"

#include "bytes.h"

#include <string.h>

#define TUNNEL_END_A "203.0.113.1"
#define TUNNEL_END_B "203.0.113.2"
#define TUNNEL6_END_A "2001:db8:ffff::1"
#define TUNNEL6_END_B "2001:db8:ffff::2"
#define HEP_AGENT "192.0.2.250"
#define HEP_COLLECTOR "192.0.2.251"
#define HEP_PORT 9060
#define HEP_DELAY G_GINT64_CONSTANT (1500000)

enum {
  PKT_PROTO_IPIP = 4,
  ETHERTYPE_MPLS = 0x8847,
  ETHERTYPE_PPPOE_SESSION = 0x8864,
  GRE_ERSPAN_II = 0x88be,
  GRE_FLAG_KEY = 0x2000,
  GRE_FLAG_SEQUENCE = 0x1000,
  VXLAN_PORT = 4789,
  GTPU_PORT = 2152,
};

static void
append_payload (GByteArray *out, const GByteArray *payload)
{
  put_bytes (out, payload->data, payload->len);
}

/* The tunnel's ends, the one nearer the sender first: which way the inner
 * packet goes, its addresses compared tell. */
static void
tunnel_ends (const PktAddr *src, const PktAddr *dst, guint8 family,
             PktAddr *outer_src, PktAddr *outer_dst)
{
  gboolean forward = memcmp (src->bytes, dst->bytes, 16) < 0;
  const char *a = family == 4 ? TUNNEL_END_A : TUNNEL6_END_A;
  const char *b = family == 4 ? TUNNEL_END_B : TUNNEL6_END_B;
  *outer_src = pkt_addr (forward ? a : b);
  *outer_dst = pkt_addr (forward ? b : a);
}

/* An outer IP packet of protocol between the tunnel's ends, in its
 * frame. */
static GByteArray *
outer_frame (Wire *wire, const PktAddr *src, const PktAddr *dst,
             guint8 family, guint8 protocol, const GByteArray *payload)
{
  PktAddr a, b;
  tunnel_ends (src, dst, family, &a, &b);
  g_autoptr (GByteArray) ip = wire_ip_packet (wire, &a, &b, protocol,
                                              payload->data, payload->len);
  return wire_frame_ip (wire, &a, &b, ip->data, ip->len);
}

static GByteArray *
outer_udp_frame (Wire *wire, const PktAddr *src, const PktAddr *dst,
                 guint16 sport, guint16 dport, const GByteArray *payload)
{
  PktAddr a, b;
  tunnel_ends (src, dst, 4, &a, &b);
  g_autoptr (GByteArray) udp = pkt_udp (&a, &b, sport, dport, payload->data,
                                        payload->len);
  return outer_frame (wire, src, dst, 4, PKT_PROTO_UDP, udp);
}

/* The inner IP packet in an Ethernet frame between the inner hosts. */
static GByteArray *
inner_ethernet (const PktAddr *src, const PktAddr *dst,
                const GByteArray *ip)
{
  guint8 src_mac[6], dst_mac[6];
  wire_mac_for (src, src_mac);
  wire_mac_for (dst, dst_mac);
  return pkt_ethernet (dst_mac, src_mac, NULL, 0,
                       src->family == 4 ? PKT_ETHERTYPE_IPV4
                                        : PKT_ETHERTYPE_IPV6,
                       ip->data, ip->len);
}

/* GRE (RFC 2890) with a key or a sequence number. */
static GByteArray *
gre (guint16 flag, guint16 protocol, guint32 value,
     const GByteArray *payload)
{
  GByteArray *out = g_byte_array_new ();
  put_be16 (out, flag);
  put_be16 (out, protocol);
  put_be32 (out, value);
  append_payload (out, payload);
  return out;
}

/* ERSPAN type II: version 1, VLAN 0, session 7, index 0. */
static GByteArray *
erspan_ii (const GByteArray *frame)
{
  GByteArray *out = g_byte_array_new ();
  put_be16 (out, 0x1000);
  put_be16 (out, 7);
  put_be32 (out, 0);
  append_payload (out, frame);
  return out;
}

static GByteArray *
vxlan (guint32 vni, const GByteArray *frame)
{
  GByteArray *out = g_byte_array_new ();
  put_be32 (out, 0x08000000);
  put_be32 (out, vni << 8);
  append_payload (out, frame);
  return out;
}

/* A G-PDU (TS 29.281) with a sequence number. */
static GByteArray *
gtpu (guint32 teid, guint16 seq, const GByteArray *packet)
{
  GByteArray *out = g_byte_array_new ();
  put_u8 (out, 0x32);          /* version 1, PT, S */
  put_u8 (out, 255);
  put_be16 (out, packet->len + 4);
  put_be32 (out, teid);
  put_be16 (out, seq);
  put_be16 (out, 0);           /* N-PDU number, no extension */
  append_payload (out, packet);
  return out;
}

/* Labels 16004 (transport) and 24001 (service), TTL 64. */
static GByteArray *
mpls (const GByteArray *packet)
{
  GByteArray *out = g_byte_array_new ();
  put_be32 (out, 16004u << 12 | 64);
  put_be32 (out, 24001u << 12 | 0x100 | 64);
  append_payload (out, packet);
  return out;
}

static GByteArray *
pppoe (guint16 session, const GByteArray *packet)
{
  GByteArray *out = g_byte_array_new ();
  put_u8 (out, 0x11);
  put_u8 (out, 0x00);
  put_be16 (out, session);
  put_be16 (out, packet->len + 2);
  put_be16 (out, 0x0021);      /* IPv4 */
  append_payload (out, packet);
  return out;
}

static void
hep_chunk (GByteArray *out, guint16 type, const guint8 *value, gsize len)
{
  put_be16 (out, 0);
  put_be16 (out, type);
  put_be16 (out, len + 6);
  put_bytes (out, value, len);
}

static void
hep_chunk_be (GByteArray *out, guint16 type, guint32 value, gsize len)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };
  hep_chunk (out, type, bytes + 4 - len, len);
}

/* A HEP3 packet as captagent writes it: the message from src to dst that
 * the agent saw at time. */
static GByteArray *
hep3 (const PktAddr *src, guint16 sport, const PktAddr *dst, guint16 dport,
      gint64 time, const guint8 *payload, gsize len)
{
  gsize addr_len = src->family == 4 ? 4 : 16;
  guint8 address_chunk = src->family == 4 ? 3 : 5;
  GByteArray *out = g_byte_array_new ();
  put_bytes (out, (const guint8 *) "HEP3", 4);
  put_be16 (out, 0);
  hep_chunk_be (out, 1, src->family == 4 ? 2 : 10, 1);
  hep_chunk_be (out, 2, PKT_PROTO_UDP, 1);
  hep_chunk (out, address_chunk, src->bytes, addr_len);
  hep_chunk (out, address_chunk + 1, dst->bytes, addr_len);
  hep_chunk_be (out, 7, sport, 2);
  hep_chunk_be (out, 8, dport, 2);
  hep_chunk_be (out, 9, time / 1000000000, 4);
  hep_chunk_be (out, 10, time % 1000000000 / 1000, 4);
  hep_chunk_be (out, 11, 1, 1);       /* SIP */
  hep_chunk_be (out, 12, 2001, 4);    /* capture agent ID */
  hep_chunk (out, 15, payload, len);
  set_be16 (out, 4, out->len);
  return out;
}

CapturePacket *
tunnel_send_udp (Wire *wire, gint64 time, const PktAddr *src, guint16 sport,
                 const PktAddr *dst, guint16 dport, const guint8 *payload,
                 gsize len, FrameKind kind)
{
  g_autoptr (GByteArray) udp = pkt_udp (src, dst, sport, dport, payload,
                                        len);
  g_autoptr (GByteArray) inner = wire_ip_packet (wire, src, dst,
                                                 PKT_PROTO_UDP, udp->data,
                                                 udp->len);
  g_autoptr (GByteArray) frame = NULL;
  g_autoptr (GByteArray) wrapped = NULL;
  g_autoptr (GByteArray) ethernet = NULL;
  g_autoptr (GByteArray) mirrored = NULL;
  guint8 src_mac[6], dst_mac[6];

  g_assert (wire->link == WIRE_ETHERNET);
  wire_mac_for (src, src_mac);
  wire_mac_for (dst, dst_mac);
  switch (wire->tunnel)
    {
    case WIRE_TUNNEL_GRE:
      wrapped = gre (GRE_FLAG_KEY, PKT_ETHERTYPE_IPV4, 0x2a, inner);
      frame = outer_frame (wire, src, dst, 4, PKT_PROTO_GRE, wrapped);
      break;
    case WIRE_TUNNEL_ERSPAN_II:
      ethernet = inner_ethernet (src, dst, inner);
      mirrored = erspan_ii (ethernet);
      wrapped = gre (GRE_FLAG_SEQUENCE, GRE_ERSPAN_II, wire->next_ip_id,
                     mirrored);
      frame = outer_frame (wire, src, dst, 4, PKT_PROTO_GRE, wrapped);
      break;
    case WIRE_TUNNEL_VXLAN:
      ethernet = inner_ethernet (src, dst, inner);
      wrapped = vxlan (5001, ethernet);
      frame = outer_udp_frame (wire, src, dst, 51234, VXLAN_PORT, wrapped);
      break;
    case WIRE_TUNNEL_GTPU:
      wrapped = gtpu (0x0c0ffee0, wire->next_ip_id, inner);
      frame = outer_udp_frame (wire, src, dst, GTPU_PORT, GTPU_PORT, wrapped);
      break;
    case WIRE_TUNNEL_MPLS:
      wrapped = mpls (inner);
      frame = pkt_ethernet (dst_mac, src_mac, NULL, 0, ETHERTYPE_MPLS,
                            wrapped->data, wrapped->len);
      break;
    case WIRE_TUNNEL_PPPOE:
      wrapped = pppoe (0x1a2b, inner);
      frame = pkt_ethernet (dst_mac, src_mac, NULL, 0,
                            ETHERTYPE_PPPOE_SESSION, wrapped->data,
                            wrapped->len);
      break;
    case WIRE_TUNNEL_IPIP:
      frame = outer_frame (wire, src, dst, 6, PKT_PROTO_IPIP, inner);
      break;
    case WIRE_TUNNEL_HEP3:
      {
        PktAddr agent = pkt_addr (HEP_AGENT);
        PktAddr collector = pkt_addr (HEP_COLLECTOR);
        wrapped = hep3 (src, sport, dst, dport, time, payload, len);
        g_autoptr (GByteArray) hep_udp = pkt_udp (&agent, &collector, 47000,
                                                  HEP_PORT, wrapped->data,
                                                  wrapped->len);
        g_autoptr (GByteArray) ip = wire_ip_packet (wire, &agent, &collector,
                                                    PKT_PROTO_UDP,
                                                    hep_udp->data,
                                                    hep_udp->len);
        frame = wire_frame_ip (wire, &agent, &collector, ip->data, ip->len);
        CapturePacket *packet
            = capture_add (wire->capture, time + HEP_DELAY, frame->data,
                           frame->len, frame->len, kind);
        packet->hep = TRUE;
        return packet;
      }
    case WIRE_TUNNEL_NONE:
      g_assert_not_reached ();
    }
  CapturePacket *packet = capture_add (wire->capture, time, frame->data,
                                       frame->len, frame->len, kind);
  packet->tunneled = TRUE;
  return packet;
}
