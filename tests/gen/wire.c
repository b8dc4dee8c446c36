#include "wire.h"

#include "tunnel.h"

#include <string.h>

enum {
  BSD_AF_INET = 2,
  DARWIN_AF_INET6 = 30,
};

void
wire_init (Wire *wire, Capture *capture, WireLink link)
{
  memset (wire, 0, sizeof *wire);
  wire->capture = capture;
  wire->link = link;
  wire->next_ip_id = 0x3a10;
  wire->next_fragment_id = 0x5c000001;
  g_assert (capture_get_linktype (capture) == wire_link_type (link));
}

guint32
wire_link_type (WireLink link)
{
  switch (link)
    {
    case WIRE_ETHERNET: return LINKTYPE_ETHERNET;
    case WIRE_SLL: return LINKTYPE_LINUX_SLL;
    case WIRE_SLL2: return LINKTYPE_LINUX_SLL2;
    case WIRE_NULL: return LINKTYPE_NULL;
    case WIRE_RAW: return LINKTYPE_RAW;
    }
  g_assert_not_reached ();
}

void
wire_mac_for (const PktAddr *addr, guint8 mac[6])
{
  const guint8 *last4 = addr->bytes + (addr->family == 4 ? 0 : 12);
  mac[0] = 0x02;
  mac[1] = addr->family == 4 ? 0x00 : 0x06;
  memcpy (mac + 2, last4, 4);
}

GByteArray *
wire_ip_packet (Wire *wire, const PktAddr *src, const PktAddr *dst,
                guint8 protocol, const guint8 *payload, gsize len)
{
  if (src->family == 4)
    {
      PktIpv4 ip = {
        .src = *src, .dst = *dst, .protocol = protocol,
        .id = wire->next_ip_id++, .dont_fragment = TRUE,
        .options = wire->ipv4_options,
        .options_len = wire->ipv4_options_len,
      };
      return pkt_ipv4 (&ip, payload, len);
    }
  else
    {
      PktIpv6 ip = {
        .src = *src, .dst = *dst, .protocol = protocol,
        .hop_by_hop = wire->ipv6_hop_by_hop,
        .destination_options = wire->ipv6_destination_options,
      };
      return pkt_ipv6 (&ip, payload, len);
    }
}

static gboolean
is_local (const Wire *wire, const PktAddr *addr)
{
  if (wire->local_ip == NULL)
    return FALSE;
  PktAddr local = pkt_addr (wire->local_ip);
  return local.family == addr->family
         && memcmp (local.bytes, addr->bytes, 16) == 0;
}

GByteArray *
wire_frame_ip (Wire *wire, const PktAddr *src, const PktAddr *dst,
               const guint8 *ip_packet, gsize len)
{
  guint16 ethertype = src->family == 4 ? PKT_ETHERTYPE_IPV4
                                       : PKT_ETHERTYPE_IPV6;
  guint8 src_mac[6], dst_mac[6];
  guint8 sll_type = is_local (wire, src) ? PKT_SLL_OUTGOING : PKT_SLL_HOST;

  wire_mac_for (src, src_mac);
  wire_mac_for (dst, dst_mac);
  switch (wire->link)
    {
    case WIRE_ETHERNET:
      return pkt_ethernet (dst_mac, src_mac, wire->vlans, wire->n_vlans,
                           ethertype, ip_packet, len);
    case WIRE_SLL:
      return pkt_sll (sll_type, src_mac, ethertype, ip_packet, len);
    case WIRE_SLL2:
      return pkt_sll2 (ethertype, 2, sll_type, src_mac, ip_packet, len);
    case WIRE_NULL:
      return pkt_null (src->family == 4 ? BSD_AF_INET : DARWIN_AF_INET6,
                       ip_packet, len);
    case WIRE_RAW:
      {
        GByteArray *out = g_byte_array_new ();
        g_byte_array_append (out, ip_packet, len);
        return out;
      }
    }
  g_assert_not_reached ();
}

CapturePacket *
wire_send_udp (Wire *wire, gint64 time, const char *src_ip, guint16 sport,
               const char *dst_ip, guint16 dport, const guint8 *payload,
               gsize len, FrameKind kind)
{
  PktAddr src = pkt_addr (src_ip), dst = pkt_addr (dst_ip);
  if (wire->tunnel != WIRE_TUNNEL_NONE)
    return tunnel_send_udp (wire, time, &src, sport, &dst, dport, payload,
                            len, kind);
  g_autoptr (GByteArray) udp = pkt_udp (&src, &dst, sport, dport, payload,
                                        len);
  g_autoptr (GByteArray) ip = wire_ip_packet (wire, &src, &dst,
                                              PKT_PROTO_UDP, udp->data,
                                              udp->len);
  g_autoptr (GByteArray) frame = wire_frame_ip (wire, &src, &dst, ip->data,
                                                ip->len);

  return capture_add (wire->capture, time, frame->data, frame->len,
                      frame->len, kind);
}
