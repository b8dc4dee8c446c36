#include "packet_builder.h"

#include <arpa/inet.h>
#include <string.h>

#include "bytes.h"

PktAddr
pkt_addr (const char *text)
{
  PktAddr addr = { 0 };

  if (inet_pton (AF_INET, text, addr.bytes) == 1)
    addr.family = 4;
  else if (inet_pton (AF_INET6, text, addr.bytes) == 1)
    addr.family = 6;
  else
    g_error ("not an IP address: %s", text);
  return addr;
}

static guint32
sum_words (guint32 sum, const guint8 *data, gsize len)
{
  for (gsize i = 0; i + 1 < len; i += 2)
    sum += (guint32) data[i] << 8 | data[i + 1];
  if (len % 2)
    sum += (guint32) data[len - 1] << 8;
  return sum;
}

guint16
pkt_checksum (guint32 sum, const guint8 *data, gsize len)
{
  sum = sum_words (sum, data, len);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

static gsize
addr_len (const PktAddr *addr)
{
  return addr->family == 4 ? 4 : 16;
}

/* The sum over the pseudo-header of RFC 768 / RFC 8200 §8.1. */
static guint32
pseudo_header_sum (const PktAddr *src, const PktAddr *dst, guint8 protocol,
                   gsize len)
{
  guint32 sum = 0;

  g_assert (src->family == dst->family);
  sum = sum_words (sum, src->bytes, addr_len (src));
  sum = sum_words (sum, dst->bytes, addr_len (dst));
  sum += protocol;
  sum += (guint32) (len >> 16) + (guint32) (len & 0xffff);
  return sum;
}

GByteArray *
pkt_udp (const PktAddr *src, const PktAddr *dst, guint16 sport,
         guint16 dport, const guint8 *payload, gsize len)
{
  GByteArray *out = g_byte_array_new ();
  guint16 checksum;

  g_assert (len + 8 <= G_MAXUINT16);
  put_be16 (out, sport);
  put_be16 (out, dport);
  put_be16 (out, len + 8);
  put_be16 (out, 0);
  put_bytes (out, payload, len);
  checksum = pkt_checksum (pseudo_header_sum (src, dst, PKT_PROTO_UDP,
                                              out->len),
                           out->data, out->len);
  set_be16 (out, 6, checksum == 0 ? 0xffff : checksum);
  return out;
}

GByteArray *
pkt_tcp (const PktAddr *src, const PktAddr *dst, guint16 sport,
         guint16 dport, guint32 seq, guint32 ack, guint8 flags,
         const guint8 *payload, gsize len)
{
  GByteArray *out = g_byte_array_new ();

  put_be16 (out, sport);
  put_be16 (out, dport);
  put_be32 (out, seq);
  put_be32 (out, ack);
  put_u8 (out, 5 << 4);
  put_u8 (out, flags);
  put_be16 (out, 64240);
  put_be16 (out, 0);
  put_be16 (out, 0);
  put_bytes (out, payload, len);
  set_be16 (out, 16,
            pkt_checksum (pseudo_header_sum (src, dst, PKT_PROTO_TCP,
                                             out->len),
                          out->data, out->len));
  return out;
}

void
pkt_sctp_chunk (GByteArray *chunks, guint8 type, guint8 flags,
                const guint8 *value, gsize len)
{
  static const guint8 padding[3] = { 0 };

  put_u8 (chunks, type);
  put_u8 (chunks, flags);
  put_be16 (chunks, (guint16) (4 + len));
  put_bytes (chunks, value, len);
  put_bytes (chunks, padding, -(4 + len) & 3);
}

void
pkt_sctp_data (GByteArray *chunks, guint8 flags, guint32 tsn, guint16 stream,
               guint16 ssn, const guint8 *data, gsize len)
{
  g_autoptr (GByteArray) value = g_byte_array_new ();

  put_be32 (value, tsn);
  put_be16 (value, stream);
  put_be16 (value, ssn);
  put_be32 (value, 0);
  put_bytes (value, data, len);
  pkt_sctp_chunk (chunks, PKT_SCTP_DATA, flags, value->data, value->len);
}

/* CRC32c (Castagnoli, reflected polynomial 0x82f63b78), RFC 9260
 * appendix B. */
static guint32
crc32c (const guint8 *data, gsize len)
{
  guint32 crc = 0xffffffffu;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (guint bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0x82f63b78u & -(crc & 1));
    }
  return ~crc;
}

GByteArray *
pkt_sctp (guint16 sport, guint16 dport, guint32 tag, const GByteArray *chunks)
{
  GByteArray *out = g_byte_array_new ();

  put_be16 (out, sport);
  put_be16 (out, dport);
  put_be32 (out, tag);
  put_be32 (out, 0);
  put_bytes (out, chunks->data, chunks->len);
  /* the checksum goes in little-endian byte order */
  guint32 crc = crc32c (out->data, out->len);
  for (guint i = 0; i < 4; i++)
    out->data[8 + i] = (guint8) (crc >> (8 * i));
  return out;
}

void
pkt_ws_frame (GByteArray *out, gboolean fin, guint8 opcode,
              const guint8 *key, const guint8 *payload, gsize len)
{
  guint8 mask = key ? 0x80 : 0;

  put_u8 (out, (guint8) ((fin ? 0x80 : 0) | opcode));
  if (len < 126)
    put_u8 (out, (guint8) (mask | len));
  else if (len <= 0xffff)
    {
      put_u8 (out, mask | 126);
      put_be16 (out, (guint16) len);
    }
  else
    {
      put_u8 (out, mask | 127);
      put_be32 (out, (guint32) ((guint64) len >> 32));
      put_be32 (out, (guint32) len);
    }
  if (key)
    put_bytes (out, key, 4);
  gsize at = out->len;
  put_bytes (out, payload, len);
  for (gsize i = 0; key && i < len; i++)
    out->data[at + i] ^= key[i % 4];
}

GByteArray *
pkt_icmp_echo (gboolean reply, guint16 id, guint16 seq, const guint8 *data,
               gsize len)
{
  GByteArray *out = g_byte_array_new ();

  put_u8 (out, reply ? 0 : 8);
  put_u8 (out, 0);
  put_be16 (out, 0);
  put_be16 (out, id);
  put_be16 (out, seq);
  put_bytes (out, data, len);
  set_be16 (out, 2, pkt_checksum (0, out->data, out->len));
  return out;
}

GByteArray *
pkt_gre (guint16 protocol, const guint8 *payload, gsize len)
{
  GByteArray *out = g_byte_array_new ();

  put_be16 (out, 0);
  put_be16 (out, protocol);
  put_bytes (out, payload, len);
  return out;
}

static GByteArray *
ipv4_packet (const PktIpv4 *ip, guint16 fragment, const guint8 *payload,
             gsize len)
{
  GByteArray *out = g_byte_array_new ();
  gsize header_len = 20 + ip->options_len;
  guint8 ihl = ip->ihl_override ? ip->ihl_override : header_len / 4;

  g_assert (ip->options_len % 4 == 0 && header_len <= 60);
  g_assert (ip->src.family == 4 && ip->dst.family == 4);
  g_assert (header_len + len <= G_MAXUINT16);
  put_u8 (out, 4 << 4 | ihl);
  put_u8 (out, 0);
  put_be16 (out, header_len + len);
  put_be16 (out, ip->id);
  put_be16 (out, fragment | (ip->dont_fragment ? 0x4000 : 0));
  put_u8 (out, ip->ttl ? ip->ttl : 64);
  put_u8 (out, ip->protocol);
  put_be16 (out, 0);
  put_bytes (out, ip->src.bytes, 4);
  put_bytes (out, ip->dst.bytes, 4);
  put_bytes (out, ip->options, ip->options_len);
  set_be16 (out, 10, pkt_checksum (0, out->data, header_len));
  put_bytes (out, payload, len);
  return out;
}

GByteArray *
pkt_ipv4 (const PktIpv4 *ip, const guint8 *payload, gsize len)
{
  return ipv4_packet (ip, 0, payload, len);
}

GPtrArray *
pkt_ipv4_fragments (const PktIpv4 *ip, const guint8 *payload, gsize len,
                    gsize fragment_size)
{
  GPtrArray *fragments = g_ptr_array_new ();
  PktIpv4 frag = *ip;

  g_assert (fragment_size % 8 == 0 && fragment_size > 0);
  frag.dont_fragment = FALSE;
  for (gsize offset = 0; offset < len; offset += fragment_size)
    {
      gsize n = MIN (fragment_size, len - offset);
      guint16 field = (offset / 8) | (offset + n < len ? 0x2000 : 0);
      g_ptr_array_add (fragments,
                       ipv4_packet (&frag, field, payload + offset, n));
    }
  return fragments;
}

/* An 8-byte options header holding one PadN option (RFC 8200 §4.2). */
static void
put_padding_options_header (GByteArray *out, guint8 next_header)
{
  put_u8 (out, next_header);
  put_u8 (out, 0);
  put_u8 (out, 1);
  put_u8 (out, 4);
  put_zeros (out, 4);
}

static void
put_ipv6_header (GByteArray *out, const PktIpv6 *ip, guint8 next_header,
                 gsize payload_len)
{
  g_assert (ip->src.family == 6 && ip->dst.family == 6);
  g_assert (payload_len <= G_MAXUINT16);
  put_be32 (out, 6u << 28);
  put_be16 (out, payload_len);
  put_u8 (out, next_header);
  put_u8 (out, ip->hop_limit ? ip->hop_limit : 64);
  put_bytes (out, ip->src.bytes, 16);
  put_bytes (out, ip->dst.bytes, 16);
}

GByteArray *
pkt_ipv6 (const PktIpv6 *ip, const guint8 *payload, gsize len)
{
  g_autoptr (GByteArray) ext = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();
  guint8 first = ip->protocol;

  if (ip->destination_options)
    {
      put_padding_options_header (ext, first);
      first = PKT_PROTO_DEST_OPTS;
    }
  if (ip->hop_by_hop)
    {
      g_autoptr (GByteArray) hbh = g_byte_array_new ();
      put_padding_options_header (hbh, first);
      g_byte_array_prepend (ext, hbh->data, hbh->len);
      first = PKT_PROTO_HOP_BY_HOP;
    }
  put_ipv6_header (out, ip, first, ext->len + len);
  put_bytes (out, ext->data, ext->len);
  put_bytes (out, payload, len);
  return out;
}

GPtrArray *
pkt_ipv6_fragments (const PktIpv6 *ip, guint32 id, const guint8 *payload,
                    gsize len, gsize fragment_size)
{
  GPtrArray *fragments = g_ptr_array_new ();

  g_assert (fragment_size % 8 == 0 && fragment_size > 0);
  g_assert (!ip->destination_options);
  for (gsize offset = 0; offset < len; offset += fragment_size)
    {
      GByteArray *out = g_byte_array_new ();
      gsize n = MIN (fragment_size, len - offset);
      gsize ext_len = (ip->hop_by_hop ? 8 : 0) + 8;

      put_ipv6_header (out, ip,
                       ip->hop_by_hop ? PKT_PROTO_HOP_BY_HOP
                                      : PKT_PROTO_IPV6_FRAGMENT,
                       ext_len + n);
      if (ip->hop_by_hop)
        put_padding_options_header (out, PKT_PROTO_IPV6_FRAGMENT);
      put_u8 (out, ip->protocol);
      put_u8 (out, 0);
      put_be16 (out, (guint16) offset | (offset + n < len ? 1 : 0));
      put_be32 (out, id);
      put_bytes (out, payload + offset, n);
      g_ptr_array_add (fragments, out);
    }
  return fragments;
}

GByteArray *
pkt_arp (guint16 op, const guint8 sender_mac[6], const PktAddr *sender,
         const guint8 target_mac[6], const PktAddr *target)
{
  GByteArray *out = g_byte_array_new ();

  put_be16 (out, PKT_ARPHRD_ETHER);
  put_be16 (out, PKT_ETHERTYPE_IPV4);
  put_u8 (out, 6);
  put_u8 (out, 4);
  put_be16 (out, op);
  put_bytes (out, sender_mac, 6);
  put_bytes (out, sender->bytes, 4);
  put_bytes (out, target_mac, 6);
  put_bytes (out, target->bytes, 4);
  return out;
}

GByteArray *
pkt_ethernet (const guint8 dst[6], const guint8 src[6], const PktVlan *vlans,
              guint n_vlans, guint16 ethertype, const guint8 *payload,
              gsize len)
{
  GByteArray *out = g_byte_array_new ();

  put_bytes (out, dst, 6);
  put_bytes (out, src, 6);
  for (guint i = 0; i < n_vlans; i++)
    {
      put_be16 (out, vlans[i].tpid);
      put_be16 (out, vlans[i].tci);
    }
  put_be16 (out, ethertype);
  put_bytes (out, payload, len);
  if (out->len < 60)
    put_zeros (out, 60 - out->len);
  return out;
}

GByteArray *
pkt_sll (guint16 packet_type, const guint8 addr[6], guint16 protocol,
         const guint8 *payload, gsize len)
{
  GByteArray *out = g_byte_array_new ();

  put_be16 (out, packet_type);
  put_be16 (out, PKT_ARPHRD_ETHER);
  put_be16 (out, 6);
  put_bytes (out, addr, 6);
  put_zeros (out, 2);
  put_be16 (out, protocol);
  put_bytes (out, payload, len);
  return out;
}

GByteArray *
pkt_sll2 (guint16 protocol, guint32 if_index, guint8 packet_type,
          const guint8 addr[6], const guint8 *payload, gsize len)
{
  GByteArray *out = g_byte_array_new ();

  put_be16 (out, protocol);
  put_be16 (out, 0);
  put_be32 (out, if_index);
  put_be16 (out, PKT_ARPHRD_ETHER);
  put_u8 (out, packet_type);
  put_u8 (out, 6);
  put_bytes (out, addr, 6);
  put_zeros (out, 2);
  put_bytes (out, payload, len);
  return out;
}

GByteArray *
pkt_null (guint32 family, const guint8 *payload, gsize len)
{
  GByteArray *out = g_byte_array_new ();

  put_le32 (out, family);
  put_bytes (out, payload, len);
  return out;
}
