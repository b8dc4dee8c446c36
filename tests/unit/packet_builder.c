#include "packet_builder.h"

#include <arpa/inet.h>
#include <string.h>

#define IPV4_HEADER_LEN 20
#define IPV6_HEADER_LEN 40
#define PROTOCOL_TCP 6
#define PROTOCOL_UDP 17
#define PROTOCOL_FRAGMENT 44
#define IPV4_SRC "192.0.2.1"
#define IPV4_DST "192.0.2.2"
#define IPV4_ID 0x1234
#define IPV6_SRC "2001:db8::1"
#define IPV6_DST "2001:db8::2"
#define IPV6_ID 0xdeadbeef

static const guint8 mac_src[6] = { 0x00, 0x00, 0x5e, 0x00, 0x53, 0x01 };
static const guint8 mac_dst[6] = { 0x00, 0x00, 0x5e, 0x00, 0x53, 0x02 };

static void
put_u16 (guint8 *at, guint16 value)
{
  at[0] = (guint8) (value >> 8);
  at[1] = (guint8) value;
}

static void
put_u32 (guint8 *at, guint32 value)
{
  put_u16 (at, (guint16) (value >> 16));
  put_u16 (at + 2, (guint16) value);
}

static void
parse_address (int family, const char *text, guint8 *out)
{
  if (inet_pton (family, text, out) != 1)
    g_error ("packet_builder: bad address %s", text);
}

static guint32
checksum_add (guint32 sum, const guint8 *data, gsize len)
{
  for (gsize i = 0; i + 1 < len; i += 2)
    sum += (guint32) (data[i] << 8 | data[i + 1]);
  if (len % 2)
    sum += (guint32) data[len - 1] << 8;
  return sum;
}

static guint16
checksum_fold (guint32 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

/* The UDP or TCP checksum of the whole packet, which holds the transport
 * header and payload only. The IPv4 and IPv6 pseudo-headers sum alike
 * below 64 KiB. */
static void
fill_transport_checksum (GByteArray *packet, guint8 protocol,
                         const guint8 *src, const guint8 *dst,
                         gsize addr_len)
{
  gsize field = protocol == PROTOCOL_UDP ? 6
                : protocol == PROTOCOL_TCP ? 16 : 0;
  if (field == 0 || packet->len < field + 2)
    return;
  put_u16 (packet->data + field, 0);
  guint32 sum = checksum_add (0, src, addr_len);
  sum = checksum_add (sum, dst, addr_len);
  sum += protocol + (guint32) (packet->len >> 16)
         + (guint32) (packet->len & 0xffff);
  sum = checksum_add (sum, packet->data, packet->len);
  guint16 checksum = checksum_fold (sum);
  if (checksum == 0 && protocol == PROTOCOL_UDP)
    checksum = 0xffff;
  put_u16 (packet->data + field, checksum);
}

GByteArray *
packet_new (const void *payload, gsize len)
{
  GByteArray *packet = g_byte_array_sized_new ((guint) len + 128);
  if (len > 0)
    g_byte_array_append (packet, payload, (guint) len);
  return packet;
}

void
packet_wrap_udp (GByteArray *packet, guint16 src_port, guint16 dst_port)
{
  guint8 header[8] = { 0 };
  g_assert_cmpuint (packet->len + sizeof header, <=, 0xffff);
  put_u16 (header, src_port);
  put_u16 (header + 2, dst_port);
  put_u16 (header + 4, (guint16) (packet->len + sizeof header));
  g_byte_array_prepend (packet, header, sizeof header);
}

void
packet_append_sctp_chunk (GByteArray *packet, guint8 type, guint8 flags,
                          const void *value, gsize len)
{
  guint8 header[4] = { type, flags };
  static const guint8 padding[3] = { 0 };
  g_assert_cmpuint (len + sizeof header, <=, 0xffff);
  put_u16 (header + 2, (guint16) (len + sizeof header));
  g_byte_array_append (packet, header, sizeof header);
  if (len > 0)
    g_byte_array_append (packet, value, (guint) len);
  g_byte_array_append (packet, padding, (guint) (-(len + sizeof header) & 3));
}

void
packet_append_sctp_data (GByteArray *packet, guint8 flags, guint32 tsn,
                         guint16 stream, guint16 ssn, const void *data,
                         gsize len)
{
  g_autoptr (GByteArray) value = g_byte_array_new ();
  guint8 header[12] = { 0 };
  put_u32 (header, tsn);
  put_u16 (header + 4, stream);
  put_u16 (header + 6, ssn);
  g_byte_array_append (value, header, sizeof header);
  if (len > 0)
    g_byte_array_append (value, data, (guint) len);
  packet_append_sctp_chunk (packet, PACKET_SCTP_DATA, flags, value->data,
                            value->len);
}

void
packet_wrap_sctp (GByteArray *packet, guint16 src_port, guint16 dst_port)
{
  guint8 header[12] = { 0 };
  put_u16 (header, src_port);
  put_u16 (header + 2, dst_port);
  put_u32 (header + 4, 1);
  g_byte_array_prepend (packet, header, sizeof header);
}

void
packet_append_ws_frame (GByteArray *bytes, const PacketWsFrame *frame,
                        const void *payload, gsize len)
{
  guint8 header[14] = { 0 };
  gsize header_len = 2;
  header[0] = (guint8) ((frame->more ? 0 : 0x80) | frame->opcode);
  if (frame->length_bits == 64 || len > 0xffff)
    {
      header[1] = 127;
      put_u32 (header + 2, (guint32) ((guint64) len >> 32));
      put_u32 (header + 6, (guint32) len);
      header_len += 8;
    }
  else if (frame->length_bits == 16 || len > 125)
    {
      header[1] = 126;
      put_u16 (header + 2, (guint16) len);
      header_len += 2;
    }
  else
    header[1] = (guint8) len;
  if (frame->key != NULL)
    {
      header[1] |= 0x80;
      memcpy (header + header_len, frame->key, 4);
      header_len += 4;
    }
  g_byte_array_append (bytes, header, (guint) header_len);
  gsize at = bytes->len;
  if (len > 0)
    g_byte_array_append (bytes, payload, (guint) len);
  for (gsize i = 0; frame->key != NULL && i < len; i++)
    bytes->data[at + i] ^= frame->key[i % 4];
}

void
packet_wrap_tcp (GByteArray *packet, guint16 src_port, guint16 dst_port)
{
  packet_wrap_tcp_segment (packet, &(PacketTcp) {
    .src_port = src_port, .dst_port = dst_port, .seq = 1000, .ack = 2000,
    .flags = PACKET_TCP_ACK | PACKET_TCP_PSH,
  });
}

void
packet_wrap_tcp_segment (GByteArray *packet, const PacketTcp *tcp)
{
  guint8 header[60] = { 0 };
  gsize len = 20 + tcp->options_len;
  g_assert_cmpuint (tcp->options_len % 4, ==, 0);
  g_assert_cmpuint (len, <=, sizeof header);
  put_u16 (header, tcp->src_port);
  put_u16 (header + 2, tcp->dst_port);
  put_u32 (header + 4, tcp->seq);
  put_u32 (header + 8, tcp->ack);
  header[12] = (guint8) (len / 4 << 4);   /* data offset */
  header[13] = tcp->flags;
  put_u16 (header + 14, 65535);           /* window */
  memset (header + 20, 0x01, tcp->options_len);   /* NOP */
  g_byte_array_prepend (packet, header, (guint) len);
}

void
packet_wrap_ipv4 (GByteArray *packet, const PacketIpv4 *ip)
{
  guint8 header[60] = { 0 };
  guint8 src[4], dst[4];
  gsize header_len = IPV4_HEADER_LEN + ip->options_len;
  g_assert_cmpuint (ip->options_len % 4, ==, 0);
  g_assert_cmpuint (header_len, <=, sizeof header);
  g_assert_cmpuint (packet->len + header_len, <=, 0xffff);
  parse_address (AF_INET, ip->src ? ip->src : IPV4_SRC, src);
  parse_address (AF_INET, ip->dst ? ip->dst : IPV4_DST, dst);
  if ((ip->fragment & (PACKET_IPV4_MF | 0x1fff)) == 0)
    fill_transport_checksum (packet, ip->protocol, src, dst, sizeof src);

  header[0] = (guint8) (0x40 | header_len / 4);
  put_u16 (header + 2, (guint16) (header_len + packet->len));
  put_u16 (header + 4, ip->id ? ip->id : IPV4_ID);
  put_u16 (header + 6, ip->fragment);
  header[8] = 64;                 /* time to live */
  header[9] = ip->protocol;
  memcpy (header + 12, src, sizeof src);
  memcpy (header + 16, dst, sizeof dst);
  if (ip->options_len > 0)
    memcpy (header + IPV4_HEADER_LEN, ip->options, ip->options_len);
  put_u16 (header + 10, checksum_fold (checksum_add (0, header, header_len)));
  g_byte_array_prepend (packet, header, (guint) header_len);
}

void
packet_wrap_ipv6 (GByteArray *packet, const PacketIpv6 *ip)
{
  guint8 header[IPV6_HEADER_LEN] = { 0 };
  guint8 src[16], dst[16];
  g_assert_cmpuint (packet->len, <=, 0xffff);
  parse_address (AF_INET6, ip->src ? ip->src : IPV6_SRC, src);
  parse_address (AF_INET6, ip->dst ? ip->dst : IPV6_DST, dst);
  fill_transport_checksum (packet, ip->next_header, src, dst, sizeof src);

  put_u32 (header, 0x60000000);
  put_u16 (header + 4, (guint16) packet->len);
  header[6] = ip->next_header;
  header[7] = 64;                 /* hop limit */
  memcpy (header + 8, src, sizeof src);
  memcpy (header + 24, dst, sizeof dst);
  g_byte_array_prepend (packet, header, sizeof header);
}

void
packet_wrap_ipv6_extension (GByteArray *packet, guint8 next_header,
                            const guint8 *body, gsize body_len)
{
  gsize len = 2 + body_len;
  g_assert_cmpuint (len % 8, ==, 0);
  g_assert_cmpuint (len, <=, 256 * 8);
  guint8 *header = g_malloc0 (len);
  header[0] = next_header;
  header[1] = (guint8) (len / 8 - 1);
  if (body)
    memcpy (header + 2, body, body_len);
  g_byte_array_prepend (packet, header, (guint) len);
  g_free (header);
}

static void
wrap_ipv6_fragment (GByteArray *packet, guint8 next_header, guint16 offset,
                    gboolean more, guint32 id)
{
  guint8 header[8] = { 0 };
  g_assert_cmpuint (offset, <, 1 << 13);
  header[0] = next_header;
  put_u16 (header + 2, (guint16) (offset << 3 | (more ? 1 : 0)));
  put_u32 (header + 4, id);
  g_byte_array_prepend (packet, header, sizeof header);
}

void
packet_wrap_ipv6_fragment (GByteArray *packet, guint8 next_header,
                           guint16 offset, gboolean more)
{
  wrap_ipv6_fragment (packet, next_header, offset, more, IPV6_ID);
}

GByteArray *
packet_new_fragment (const PacketFragments *fragments, const void *data,
                     gsize len, gsize offset, gboolean more)
{
  GByteArray *packet = packet_new (data, len);
  g_assert_cmpuint (offset % 8, ==, 0);
  if (fragments->version == 4)
    {
      PacketIpv4 ip = {
        .src = fragments->src,
        .dst = fragments->dst,
        .protocol = fragments->protocol,
        .fragment = (guint16) (offset / 8 | (more ? PACKET_IPV4_MF : 0)),
        .id = (guint16) fragments->id,
      };
      packet_wrap_ipv4 (packet, &ip);
      return packet;
    }
  wrap_ipv6_fragment (packet, fragments->protocol, (guint16) (offset / 8),
                      more, fragments->id ? fragments->id : IPV6_ID);
  guint8 next = PROTOCOL_FRAGMENT;
  for (gsize i = fragments->n_extensions; i-- > 0;)
    {
      packet_wrap_ipv6_extension (packet, next, NULL, 6);
      next = fragments->extensions[i];
    }
  packet_wrap_ipv6 (packet, &(PacketIpv6) { .src = fragments->src,
                                            .dst = fragments->dst,
                                            .next_header = next });
  return packet;
}

GPtrArray *
packet_split (const PacketFragments *fragments, const GByteArray *datagram,
              const gsize *cuts, gsize n_cuts)
{
  gboolean v4 = fragments->version == 4;
  guint8 src[16], dst[16];
  parse_address (v4 ? AF_INET : AF_INET6,
                 fragments->src ? fragments->src : v4 ? IPV4_SRC : IPV6_SRC,
                 src);
  parse_address (v4 ? AF_INET : AF_INET6,
                 fragments->dst ? fragments->dst : v4 ? IPV4_DST : IPV6_DST,
                 dst);
  g_autoptr (GByteArray) whole = packet_new (datagram->data, datagram->len);
  fill_transport_checksum (whole, fragments->protocol, src, dst,
                           v4 ? 4 : 16);

  GPtrArray *packets
      = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
  for (gsize i = 0; i <= n_cuts; i++)
    {
      gsize start = i > 0 ? cuts[i - 1] : 0;
      gsize end = i < n_cuts ? cuts[i] : whole->len;
      g_assert_cmpuint (start, <, end);
      g_ptr_array_add (packets,
                       packet_new_fragment (fragments, whole->data + start,
                                            end - start, start, i < n_cuts));
    }
  return packets;
}

void
packet_wrap_ah (GByteArray *packet, guint8 next_header, gsize icv_len)
{
  gsize len = 12 + icv_len;
  g_assert_cmpuint (len % 4, ==, 0);
  g_assert_cmpuint (len, <=, 257 * 4);
  guint8 *header = g_malloc0 (len);
  header[0] = next_header;
  header[1] = (guint8) (len / 4 - 2);
  put_u32 (header + 4, 0x100);   /* security parameters index */
  put_u32 (header + 8, 1);       /* sequence number */
  memset (header + 12, 0xaa, icv_len);
  g_byte_array_prepend (packet, header, (guint) len);
  g_free (header);
}

void
packet_wrap_ethernet (GByteArray *packet, guint16 ethertype)
{
  packet_wrap_ethernet_tagged (packet, ethertype, NULL, 0);
}

void
packet_wrap_ethernet_tagged (GByteArray *packet, guint16 ethertype,
                             const guint16 *tpids, gsize n_tags)
{
  gsize len = 14 + 4 * n_tags;
  guint8 *header = g_malloc0 (len);
  memcpy (header, mac_dst, 6);
  memcpy (header + 6, mac_src, 6);
  for (gsize i = 0; i < n_tags; i++)
    {
      put_u16 (header + 12 + 4 * i, tpids[i]);
      put_u16 (header + 14 + 4 * i, (guint16) (100 + i));  /* VLAN id */
    }
  put_u16 (header + len - 2, ethertype);
  g_byte_array_prepend (packet, header, (guint) len);
  g_free (header);
}

void
packet_wrap_sll (GByteArray *packet, guint16 protocol)
{
  guint8 header[16] = { 0 };
  put_u16 (header, 0);        /* packet type: to us */
  put_u16 (header + 2, 1);    /* ARPHRD_ETHER */
  put_u16 (header + 4, 6);    /* address length */
  memcpy (header + 6, mac_src, 6);
  put_u16 (header + 14, protocol);
  g_byte_array_prepend (packet, header, sizeof header);
}

void
packet_wrap_sll2 (GByteArray *packet, guint16 protocol)
{
  guint8 header[20] = { 0 };
  put_u16 (header, protocol);
  put_u32 (header + 4, 2);    /* interface index */
  put_u16 (header + 8, 1);    /* ARPHRD_ETHER */
  header[10] = 0;             /* packet type: to us */
  header[11] = 6;             /* address length */
  memcpy (header + 12, mac_src, 6);
  g_byte_array_prepend (packet, header, sizeof header);
}

void
packet_wrap_null (GByteArray *packet, guint32 family, gboolean big_endian)
{
  guint32 raw = big_endian ? GUINT32_TO_BE (family) : GUINT32_TO_LE (family);
  g_byte_array_prepend (packet, (const guint8 *) &raw, sizeof raw);
}

void
packet_wrap_gre (GByteArray *packet, guint16 protocol, guint16 flags)
{
  guint8 header[16] = { 0 };
  gsize len = 4;
  put_u16 (header, flags);
  put_u16 (header + 2, protocol);
  if (flags & PACKET_GRE_CHECKSUM)
    len += 4;
  if (flags & PACKET_GRE_KEY)
    put_u32 (header + (len += 4) - 4, 0x00001f40);
  if (flags & PACKET_GRE_SEQUENCE)
    put_u32 (header + (len += 4) - 4, 7);
  g_byte_array_prepend (packet, header, (guint) len);
  if (flags & PACKET_GRE_CHECKSUM)
    put_u16 (packet->data + 4,
             checksum_fold (checksum_add (0, packet->data, packet->len)));
}

void
packet_wrap_pptp (GByteArray *packet, guint16 ppp_protocol, gboolean hdlc)
{
  guint8 ppp[4] = { 0xff, 0x03 }, header[12] = { 0 };
  put_u16 (ppp + 2, ppp_protocol);
  g_byte_array_prepend (packet, hdlc ? ppp : ppp + 2, hdlc ? 4 : 2);
  put_u16 (header, PACKET_GRE_KEY | PACKET_GRE_SEQUENCE | 1);
  put_u16 (header + 2, 0x880b);
  put_u16 (header + 4, (guint16) packet->len);
  put_u16 (header + 6, 0x4001);     /* call ID */
  put_u32 (header + 8, 11);         /* sequence number */
  g_byte_array_prepend (packet, header, sizeof header);
}

void
packet_wrap_erspan_ii (GByteArray *packet)
{
  guint8 header[8] = { 0 };
  put_u16 (header, 0x1000 | 100);   /* version 1, VLAN 100 */
  put_u16 (header + 2, 0x0000 | 42);  /* session 42 */
  put_u32 (header + 4, 3);          /* index */
  g_byte_array_prepend (packet, header, sizeof header);
}

void
packet_wrap_erspan_iii (GByteArray *packet, gboolean subheader)
{
  guint8 header[20] = { 0 };
  gsize len = subheader ? 20 : 12;
  put_u16 (header, 0x2000 | 100);   /* version 2, VLAN 100 */
  put_u16 (header + 2, 42);         /* session 42 */
  put_u32 (header + 4, 0x01020304); /* timestamp */
  put_u16 (header + 10, subheader ? 1 : 0);  /* frame type 0, O */
  g_byte_array_prepend (packet, header, (guint) len);
}

void
packet_wrap_vxlan (GByteArray *packet, guint32 vni)
{
  guint8 header[8] = { 0 };
  header[0] = 0x08;                 /* I */
  put_u32 (header + 4, vni << 8);
  g_byte_array_prepend (packet, header, sizeof header);
}

void
packet_wrap_gtpu (GByteArray *packet, guint8 type, gsize n_extensions)
{
  guint8 *header = g_malloc0 (12 + 4 * n_extensions);
  gsize len = n_extensions > 0 ? 12 + 4 * n_extensions : 8;
  header[0] = 0x30 | (n_extensions > 0 ? 0x06 : 0);  /* v1, PT, E, S */
  header[1] = type;
  put_u16 (header + 2, (guint16) (packet->len + len - 8));
  put_u32 (header + 4, 0x0badcafe);  /* TEID */
  for (gsize i = 0; i < n_extensions; i++)
    {
      guint8 *at = header + 8 + 4 * i;
      at[3] = 0x85;                 /* PDU session container */
      at[4] = 1;                    /* length in 4-byte units */
      at[5] = 0x09;                 /* QFI */
    }
  g_byte_array_prepend (packet, header, (guint) len);
  g_free (header);
}

void
packet_wrap_mpls (GByteArray *packet, const guint32 *labels, gsize n_labels)
{
  for (gsize i = n_labels; i-- > 0;)
    {
      guint8 entry[4];
      put_u32 (entry, labels[i] << 12 | (i + 1 == n_labels ? 0x100 : 0)
                          | 64);
      g_byte_array_prepend (packet, entry, sizeof entry);
    }
}

void
packet_wrap_pppoe (GByteArray *packet, guint16 ppp_protocol)
{
  guint8 header[8] = { 0x11, 0x00 };
  put_u16 (header + 2, 0x2a01);     /* session ID */
  put_u16 (header + 4, (guint16) (packet->len + 2));
  put_u16 (header + 6, ppp_protocol);
  g_byte_array_prepend (packet, header, sizeof header);
}

static void
hep3_chunk (GByteArray *out, guint16 type, const void *value, gsize len)
{
  guint8 header[6] = { 0 };
  put_u16 (header + 2, type);
  put_u16 (header + 4, (guint16) (6 + len));
  g_byte_array_append (out, header, sizeof header);
  g_byte_array_append (out, value, (guint) len);
}

static void
hep3_chunk_u32 (GByteArray *out, guint16 type, guint32 value)
{
  guint8 bytes[4];
  put_u32 (bytes, value);
  hep3_chunk (out, type, bytes, sizeof bytes);
}

static void
hep3_chunk_u16 (GByteArray *out, guint16 type, guint16 value)
{
  guint8 bytes[2];
  put_u16 (bytes, value);
  hep3_chunk (out, type, bytes, sizeof bytes);
}

/* The family (4 or 6) and bytes of hep's addresses. */
static guint8
hep_addresses (const PacketHep *hep, guint8 src[16], guint8 dst[16])
{
  int family = strchr (hep->src, ':') ? AF_INET6 : AF_INET;
  parse_address (family, hep->src, src);
  parse_address (family, hep->dst, dst);
  return family == AF_INET6 ? 6 : 4;
}

void
packet_wrap_hep3 (GByteArray *packet, const PacketHep *hep)
{
  guint8 src[16], dst[16];
  guint8 version = hep_addresses (hep, src, dst);
  guint8 family = version == 4 ? 2 : 10;
  guint8 protocol = hep->protocol ? hep->protocol : PROTOCOL_UDP;
  guint8 type = hep->payload_type ? hep->payload_type : 1;
  g_autoptr (GByteArray) out = g_byte_array_new ();
  g_byte_array_append (out, (const guint8 *) "HEP3\0\0", 6);
  hep3_chunk (out, 1, &family, 1);
  hep3_chunk (out, 2, &protocol, 1);
  hep3_chunk (out, version == 4 ? 3 : 5, src, version == 4 ? 4 : 16);
  hep3_chunk (out, version == 4 ? 4 : 6, dst, version == 4 ? 4 : 16);
  hep3_chunk_u16 (out, 7, hep->src_port);
  hep3_chunk_u16 (out, 8, hep->dst_port);
  hep3_chunk_u32 (out, 9, hep->seconds);
  hep3_chunk_u32 (out, 10, hep->microseconds);
  hep3_chunk (out, 11, &type, 1);
  hep3_chunk_u32 (out, 12, 2001);   /* capture agent ID */
  hep3_chunk (out, 15, packet->data, packet->len);
  put_u16 (out->data + 4, (guint16) out->len);
  g_byte_array_prepend (packet, out->data, out->len - packet->len);
}

void
packet_wrap_hep2 (GByteArray *packet, const PacketHep *hep)
{
  guint8 src[16], dst[16], header[8 + 32 + 12] = { 0 };
  guint8 version = hep_addresses (hep, src, dst);
  gsize addr_len = version == 4 ? 4 : 16;
  gsize len = 8 + 2 * addr_len;
  guint32 seconds = GUINT32_TO_LE (hep->seconds);
  guint32 microseconds = GUINT32_TO_LE (hep->microseconds);
  header[0] = 2;
  header[1] = (guint8) len;
  header[2] = version == 4 ? 2 : 10;
  header[3] = hep->protocol ? hep->protocol : PROTOCOL_UDP;
  put_u16 (header + 4, hep->src_port);
  put_u16 (header + 6, hep->dst_port);
  memcpy (header + 8, src, addr_len);
  memcpy (header + 8 + addr_len, dst, addr_len);
  memcpy (header + len, &seconds, 4);
  memcpy (header + len + 4, &microseconds, 4);
  header[len + 8] = 7;              /* capture ID, little-endian */
  g_byte_array_prepend (packet, header, (guint) (len + 12));
}

void
packet_append_zeros (GByteArray *packet, gsize n)
{
  guint old = packet->len;
  g_byte_array_set_size (packet, (guint) (old + n));
  memset (packet->data + old, 0, n);
}

void
packet_set_u8 (GByteArray *packet, gsize offset, guint8 value)
{
  g_assert_cmpuint (offset, <, packet->len);
  packet->data[offset] = value;
}

void
packet_set_u16 (GByteArray *packet, gsize offset, guint16 value)
{
  g_assert_cmpuint (offset + 2, <=, packet->len);
  put_u16 (packet->data + offset, value);
}
