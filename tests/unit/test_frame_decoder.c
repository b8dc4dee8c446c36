#include "decode/frame_decoder.h"
#include "decode/link.h"
#include "decode_support.h"
#include "packet_builder.h"
#include "test_support.h"

#include <string.h>

static const char sip[] = "OPTIONS sip:bob@example.com SIP/2.0\r\n\r\n";
#define SIP_LEN (sizeof sip - 1)

#define ETH_LEN 14
#define VLAN_LEN 4
#define SLL_LEN 16
#define SLL2_LEN 20
#define NULL_LEN 4
#define IPV4_LEN 20
#define IPV6_LEN 40
#define UDP_LEN 8
#define TCP_LEN 20

enum {
  PROTO_HOPOPT = 0,
  PROTO_ICMP = 1,
  PROTO_IPIP = 4,
  PROTO_TCP = 6,
  PROTO_UDP = 17,
  PROTO_IPV6 = 41,
  PROTO_ROUTING = 43,
  PROTO_FRAGMENT = 44,
  PROTO_GRE = 47,
  PROTO_ESP = 50,
  PROTO_AH = 51,
  PROTO_ICMPV6 = 58,
  PROTO_NONE = 59,
  PROTO_DSTOPTS = 60,
  PROTO_SCTP = 132,
};

/* ---- Helpers ----------------------------------------------------------- */

static void
assert_sip_payload (const DecodedFrame *out, const guint8 *data,
                    gsize offset)
{
  assert_verdict (out, DECODE_PAYLOAD, NULL, NULL);
  g_assert_cmpint (out->transport, ==, SIPSCAN_TRANSPORT_UDP);
  g_assert_true (out->payload == data + offset);
  g_assert_cmpmem (out->payload, out->payload_len, sip, SIP_LEN);
}

static GByteArray *
sip_over_udp (void)
{
  GByteArray *packet = packet_new (sip, SIP_LEN);
  packet_wrap_udp (packet, 5060, 5080);
  return packet;
}

/* 192.0.2.1:5060 -> 192.0.2.2:5080 */
static GByteArray *
sip_udp_ipv4 (void)
{
  GByteArray *packet = sip_over_udp ();
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_UDP });
  return packet;
}

/* [2001:db8::1]:5060 -> [2001:db8::2]:5080 */
static GByteArray *
sip_udp_ipv6 (void)
{
  GByteArray *packet = sip_over_udp ();
  packet_wrap_ipv6 (packet, &(PacketIpv6) { .next_header = PROTO_UDP });
  return packet;
}

static GByteArray *
eth_sip_udp_ipv4 (void)
{
  GByteArray *packet = sip_udp_ipv4 ();
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
  return packet;
}

static GByteArray *
eth_sip_udp_ipv6 (void)
{
  GByteArray *packet = sip_udp_ipv6 ();
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV6);
  return packet;
}

/* An IPv4 packet in Ethernet whose payload is len zero bytes. */
static GByteArray *
eth_ipv4_carrying (guint8 protocol, gsize len)
{
  GByteArray *packet = packet_new (NULL, 0);
  packet_append_zeros (packet, len);
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = protocol });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
  return packet;
}

static GByteArray *
eth_ipv6_carrying (guint8 next_header, gsize len)
{
  GByteArray *packet = packet_new (NULL, 0);
  packet_append_zeros (packet, len);
  packet_wrap_ipv6 (packet, &(PacketIpv6) { .next_header = next_header });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV6);
  return packet;
}

static GByteArray *
ethernet_with_type (guint16 ethertype, gsize body_len)
{
  GByteArray *packet = packet_new (NULL, 0);
  packet_append_zeros (packet, body_len);
  packet_wrap_ethernet (packet, ethertype);
  return packet;
}

/* ---- Ethernet ---------------------------------------------------------- */

static void
test_ethernet_ipv4_udp_payload_and_endpoints (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv4 ();
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_sip_payload (&out, data, ETH_LEN + IPV4_LEN + UDP_LEN);
  assert_endpoints (&out, "192.0.2.1:5060", "192.0.2.2:5080");
  g_assert_cmpuint (out.src.family, ==, 4);
  g_assert_cmphex (out.src.addr[0], ==, 192);
  g_assert_cmphex (out.src.addr[3], ==, 1);
}

static void
test_ethernet_ipv6_udp_payload_and_endpoints (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv6 ();
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_sip_payload (&out, data, ETH_LEN + IPV6_LEN + UDP_LEN);
  assert_endpoints (&out, "[2001:db8::1]:5060", "[2001:db8::2]:5080");
  g_assert_cmpuint (out.dst.family, ==, 6);
}

static void
assert_tags_skipped (const guint16 *tpids, gsize n_tags)
{
  g_autoptr (GByteArray) packet = sip_udp_ipv4 ();
  packet_wrap_ethernet_tagged (packet, PACKET_ETHERTYPE_IPV4, tpids, n_tags);
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_sip_payload (&out, data,
                      ETH_LEN + n_tags * VLAN_LEN + IPV4_LEN + UDP_LEN);
  assert_endpoints (&out, "192.0.2.1:5060", "192.0.2.2:5080");
}

static void
test_ethernet_vlan_tag_is_skipped (void)
{
  const guint16 tpids[] = { PACKET_TPID_8021Q };
  assert_tags_skipped (tpids, G_N_ELEMENTS (tpids));
}

static void
test_ethernet_qinq_tags_are_skipped (void)
{
  const guint16 tpids[] = { PACKET_TPID_8021AD, PACKET_TPID_8021Q };
  assert_tags_skipped (tpids, G_N_ELEMENTS (tpids));
}

static void
test_ethernet_five_stacked_tags_are_skipped (void)
{
  const guint16 tpids[] = { PACKET_TPID_8021AD, PACKET_TPID_QINQ_OLD,
                            PACKET_TPID_8021Q, PACKET_TPID_8021Q,
                            PACKET_TPID_8021Q };
  assert_tags_skipped (tpids, G_N_ELEMENTS (tpids));
}

static const guint16 nine_tags[9] = {
  PACKET_TPID_8021Q, PACKET_TPID_8021Q, PACKET_TPID_8021Q,
  PACKET_TPID_8021Q, PACKET_TPID_8021Q, PACKET_TPID_8021Q,
  PACKET_TPID_8021Q, PACKET_TPID_8021Q, PACKET_TPID_8021Q,
};

static void
test_ethernet_eight_stacked_tags_are_skipped (void)
{
  assert_tags_skipped (nine_tags, 8);
}

static void
test_ethernet_more_than_eight_tags_is_unsupported (void)
{
  g_autoptr (GByteArray) packet = sip_udp_ipv4 ();
  packet_wrap_ethernet_tagged (packet, PACKET_ETHERTYPE_IPV4, nine_tags, 9);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_UNSUPPORTED, "link", "more than 8 VLAN tags");
}

static void
test_ethernet_tag_cut_by_snaplen_is_truncated (void)
{
  const guint16 tpids[] = { PACKET_TPID_8021AD, PACKET_TPID_8021Q };
  g_autoptr (GByteArray) packet = sip_udp_ipv4 ();
  packet_wrap_ethernet_tagged (packet, PACKET_ETHERTYPE_IPV4, tpids, 2);
  DecodedFrame out;
  decode_snapped (LINKTYPE_ETHERNET, packet, ETH_LEN + VLAN_LEN + 2, &out);
  assert_verdict (&out, DECODE_TRUNCATED, "link", "header cut by the snaplen");
}

static void
test_ethernet_tag_in_short_frame_is_malformed (void)
{
  const guint16 tpids[] = { PACKET_TPID_8021Q };
  g_autoptr (GByteArray) packet = packet_new (NULL, 0);
  packet_wrap_ethernet_tagged (packet, PACKET_ETHERTYPE_IPV4, tpids, 1);
  g_byte_array_set_size (packet, ETH_LEN + 2);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "link",
                  "frame shorter than its link header");
}

static void
test_ethernet_llc_length_is_not_sip (void)
{
  g_autoptr (GByteArray) packet = ethernet_with_type (46, 46);
  packet_set_u16 (packet, ETH_LEN, 0x4242);  /* STP's LLC SAPs */
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_NOT_SIP, NULL, NULL);
}

static void
test_ethernet_arp_is_not_sip (void)
{
  g_autoptr (GByteArray) packet
    = ethernet_with_type (PACKET_ETHERTYPE_ARP, 28);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_NOT_SIP, NULL, NULL);
}

static void
test_ethernet_padding_is_trimmed (void)
{
  const char keepalive[] = "\r\n\r\n";
  g_autoptr (GByteArray) packet = packet_new (keepalive, 4);
  packet_wrap_udp (packet, 5060, 5060);
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_UDP });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
  packet_append_zeros (packet, 60 - packet->len);  /* minimum frame */
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_PAYLOAD, NULL, NULL);
  g_assert_cmpmem (out.payload, out.payload_len, keepalive, 4);
}

static void
test_ethernet_fcs_is_trimmed (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv6 ();
  packet_append_zeros (packet, 4);
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_sip_payload (&out, data, ETH_LEN + IPV6_LEN + UDP_LEN);
}

static void
test_ethernet_short_frame_is_malformed (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv4 ();
  g_byte_array_set_size (packet, 10);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "link",
                  "frame shorter than its link header");
}

static void
test_ethernet_header_cut_by_snaplen_is_truncated (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv4 ();
  DecodedFrame out;
  decode_snapped (LINKTYPE_ETHERNET, packet, 10, &out);
  assert_verdict (&out, DECODE_TRUNCATED, "link", "header cut by the snaplen");
}

/* ---- Linux cooked captures --------------------------------------------- */

static void
test_sll_ipv4_udp_is_decoded (void)
{
  g_autoptr (GByteArray) packet = sip_udp_ipv4 ();
  packet_wrap_sll (packet, PACKET_ETHERTYPE_IPV4);
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_LINUX_SLL, packet, &out);
  assert_sip_payload (&out, data, SLL_LEN + IPV4_LEN + UDP_LEN);
  assert_endpoints (&out, "192.0.2.1:5060", "192.0.2.2:5080");
}

static void
test_sll_vlan_tag_is_skipped (void)
{
  const guint8 tag[] = { 0x00, 0x64, 0x86, 0xdd };  /* VLAN 100, IPv6 */
  g_autoptr (GByteArray) packet = sip_udp_ipv6 ();
  g_byte_array_prepend (packet, tag, sizeof tag);
  packet_wrap_sll (packet, PACKET_TPID_8021Q);
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_LINUX_SLL, packet, &out);
  assert_sip_payload (&out, data, SLL_LEN + VLAN_LEN + IPV6_LEN + UDP_LEN);
}

static void
test_sll_non_ip_protocol_is_not_sip (void)
{
  const guint16 protocols[] = { 0x0004 /* 802.2 LLC */, 0x0001, 0x000c,
                                PACKET_ETHERTYPE_ARP };
  for (gsize i = 0; i < G_N_ELEMENTS (protocols); i++)
    {
      g_autoptr (GByteArray) packet = packet_new (NULL, 0);
      packet_append_zeros (packet, 40);
      packet_wrap_sll (packet, protocols[i]);
      DecodedFrame out;
      decode_whole (LINKTYPE_LINUX_SLL, packet, &out);
      assert_verdict (&out, DECODE_NOT_SIP, NULL, NULL);
    }
}

static void
test_sll_netlink_is_not_sip (void)
{
  g_autoptr (GByteArray) packet = sip_udp_ipv4 ();
  packet_wrap_sll (packet, PACKET_ETHERTYPE_IPV4);
  packet_set_u16 (packet, 2, 824);  /* ARPHRD_NETLINK */
  DecodedFrame out;
  decode_whole (LINKTYPE_LINUX_SLL, packet, &out);
  assert_verdict (&out, DECODE_NOT_SIP, NULL, NULL);
}

static void
test_sll_header_cut_by_snaplen_is_truncated (void)
{
  g_autoptr (GByteArray) packet = sip_udp_ipv4 ();
  packet_wrap_sll (packet, PACKET_ETHERTYPE_IPV4);
  DecodedFrame out;
  decode_snapped (LINKTYPE_LINUX_SLL, packet, SLL_LEN - 1, &out);
  assert_verdict (&out, DECODE_TRUNCATED, "link", "header cut by the snaplen");
}

static void
test_sll2_ipv6_udp_is_decoded (void)
{
  g_autoptr (GByteArray) packet = sip_udp_ipv6 ();
  packet_wrap_sll2 (packet, PACKET_ETHERTYPE_IPV6);
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_LINUX_SLL2, packet, &out);
  assert_sip_payload (&out, data, SLL2_LEN + IPV6_LEN + UDP_LEN);
  assert_endpoints (&out, "[2001:db8::1]:5060", "[2001:db8::2]:5080");
}

static void
test_sll2_arp_is_not_sip (void)
{
  g_autoptr (GByteArray) packet = packet_new (NULL, 0);
  packet_append_zeros (packet, 28);
  packet_wrap_sll2 (packet, PACKET_ETHERTYPE_ARP);
  DecodedFrame out;
  decode_whole (LINKTYPE_LINUX_SLL2, packet, &out);
  assert_verdict (&out, DECODE_NOT_SIP, NULL, NULL);
}

static void
test_sll2_netlink_is_not_sip (void)
{
  g_autoptr (GByteArray) packet = sip_udp_ipv4 ();
  packet_wrap_sll2 (packet, PACKET_ETHERTYPE_IPV4);
  packet_set_u16 (packet, 8, 824);  /* ARPHRD_NETLINK */
  DecodedFrame out;
  decode_whole (LINKTYPE_LINUX_SLL2, packet, &out);
  assert_verdict (&out, DECODE_NOT_SIP, NULL, NULL);
}

static void
test_sll2_header_cut_by_snaplen_is_truncated (void)
{
  g_autoptr (GByteArray) packet = sip_udp_ipv6 ();
  packet_wrap_sll2 (packet, PACKET_ETHERTYPE_IPV6);
  DecodedFrame out;
  decode_snapped (LINKTYPE_LINUX_SLL2, packet, SLL2_LEN - 1, &out);
  assert_verdict (&out, DECODE_TRUNCATED, "link", "header cut by the snaplen");
}

/* ---- Raw IP, BSD loopback, unknown link types -------------------------- */

static void
test_raw_version_nibble_selects_ip (void)
{
  const int linktypes[] = { LINKTYPE_RAW, LINKTYPE_RAW_DLT12,
                            LINKTYPE_RAW_DLT14, LINKTYPE_IPV4,
                            LINKTYPE_IPV6 };
  for (gsize i = 0; i < G_N_ELEMENTS (linktypes); i++)
    {
      g_autoptr (GByteArray) v4 = sip_udp_ipv4 ();
      g_autoptr (GByteArray) v6 = sip_udp_ipv6 ();
      DecodedFrame out;
      const guint8 *data = decode_whole (linktypes[i], v4, &out);
      assert_sip_payload (&out, data, IPV4_LEN + UDP_LEN);
      assert_endpoints (&out, "192.0.2.1:5060", "192.0.2.2:5080");
      data = decode_whole (linktypes[i], v6, &out);
      assert_sip_payload (&out, data, IPV6_LEN + UDP_LEN);
      assert_endpoints (&out, "[2001:db8::1]:5060", "[2001:db8::2]:5080");
    }
}

static void
test_raw_unknown_version_is_malformed (void)
{
  g_autoptr (GByteArray) packet = sip_udp_ipv4 ();
  packet_set_u8 (packet, 0, 0x55);
  DecodedFrame out;
  decode_whole (LINKTYPE_RAW, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip", "version is neither 4 nor 6");
}

static void
test_raw_empty_packet_is_malformed_unless_cut (void)
{
  g_autoptr (GByteArray) packet = sip_udp_ipv4 ();
  DecodedFrame out;
  decode_frame (LINKTYPE_RAW, packet, 0, 0, &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip",
                  "packet shorter than its ip header");
  decode_snapped (LINKTYPE_RAW, packet, 0, &out);
  assert_verdict (&out, DECODE_TRUNCATED, "ip", "header cut by the snaplen");
}

static void
test_null_host_byte_order_is_detected (void)
{
  for (int big_endian = 0; big_endian <= 1; big_endian++)
    {
      g_autoptr (GByteArray) packet = sip_udp_ipv4 ();
      packet_wrap_null (packet, 2, big_endian);
      DecodedFrame out;
      const guint8 *data = decode_whole (LINKTYPE_NULL, packet, &out);
      assert_sip_payload (&out, data, NULL_LEN + IPV4_LEN + UDP_LEN);
    }
}

static void
test_null_every_bsd_inet6_value_is_ipv6 (void)
{
  const guint32 families[] = { 24, 28, 30 };
  for (gsize i = 0; i < G_N_ELEMENTS (families); i++)
    for (int big_endian = 0; big_endian <= 1; big_endian++)
      {
        g_autoptr (GByteArray) packet = sip_udp_ipv6 ();
        packet_wrap_null (packet, families[i], big_endian);
        DecodedFrame out;
        const guint8 *data = decode_whole (LINKTYPE_NULL, packet, &out);
        assert_sip_payload (&out, data, NULL_LEN + IPV6_LEN + UDP_LEN);
      }
}

static void
test_null_other_family_is_not_sip (void)
{
  const guint32 families[] = { 0, 7 /* OSI */, 10 /* Linux AF_INET6 */,
                               23 };
  for (gsize i = 0; i < G_N_ELEMENTS (families); i++)
    {
      g_autoptr (GByteArray) packet = sip_udp_ipv6 ();
      packet_wrap_null (packet, families[i], FALSE);
      DecodedFrame out;
      decode_whole (LINKTYPE_NULL, packet, &out);
      assert_verdict (&out, DECODE_NOT_SIP, NULL, NULL);
    }
}

static void
test_null_header_cut_by_snaplen_is_truncated (void)
{
  g_autoptr (GByteArray) packet = sip_udp_ipv4 ();
  packet_wrap_null (packet, 2, FALSE);
  DecodedFrame out;
  decode_snapped (LINKTYPE_NULL, packet, 3, &out);
  assert_verdict (&out, DECODE_TRUNCATED, "link", "header cut by the snaplen");
}

static void
test_loop_family_is_in_network_order (void)
{
  g_autoptr (GByteArray) packet = sip_udp_ipv6 ();
  packet_wrap_null (packet, 24, TRUE);
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_LOOP, packet, &out);
  assert_sip_payload (&out, data, NULL_LEN + IPV6_LEN + UDP_LEN);

  g_autoptr (GByteArray) swapped = sip_udp_ipv4 ();
  packet_wrap_null (swapped, 2, FALSE);
  decode_whole (LINKTYPE_LOOP, swapped, &out);
  assert_verdict (&out, DECODE_NOT_SIP, NULL, NULL);
}

static void
test_link_unknown_type_is_unsupported (void)
{
  const int linktypes[] = { 105 /* 802.11 */, 127 /* radiotap */, 9 /* PPP */,
                            -1, 100000 };
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv4 ();
  for (gsize i = 0; i < G_N_ELEMENTS (linktypes); i++)
    {
      DecodedFrame out;
      decode_whole (linktypes[i], packet, &out);
      assert_verdict (&out, DECODE_UNSUPPORTED, "link",
                      "link type not supported");
    }
}

/* ---- Plain UDP over IPv4 over Ethernet, decoded straight --------------- */

/* One change to a plain SIP/UDP/IPv4 packet (offset from the IP header). */
typedef struct {
  gsize offset;
  guint16 value;
  gboolean u8;
} PlainChange;

/* The IP packet, with change applied unless it is NULL, then trailer
 * bytes of link padding, decodes alike from its first ip_caplen bytes
 * (all when 0) wrapped in Ethernet (straight, when plain enough) and as
 * raw IP (layer by layer). */
static void
assert_ethernet_decodes_as_raw_ip (GByteArray *ip_packet,
                                   const PlainChange *change,
                                   gsize ip_caplen, gsize trailer)
{
  if (change != NULL && change->u8)
    packet_set_u8 (ip_packet, change->offset, (guint8) change->value);
  else if (change != NULL)
    packet_set_u16 (ip_packet, change->offset, change->value);
  packet_append_zeros (ip_packet, trailer);
  g_autoptr (GByteArray) frame = g_byte_array_new ();
  g_byte_array_append (frame, ip_packet->data, ip_packet->len);
  packet_wrap_ethernet (frame, PACKET_ETHERTYPE_IPV4);
  gsize caplen = ip_caplen ? ip_caplen : ip_packet->len;
  DecodedFrame raw, eth;
  decode_snapped (LINKTYPE_RAW, ip_packet, caplen, &raw);
  decode_snapped (LINKTYPE_ETHERNET, frame, ETH_LEN + caplen, &eth);
  g_assert_cmpint (eth.verdict, ==, raw.verdict);
  g_assert_true (eth.reason == raw.reason);
  g_assert_cmpmem (&eth.src, sizeof eth.src, &raw.src, sizeof raw.src);
  g_assert_cmpmem (&eth.dst, sizeof eth.dst, &raw.dst, sizeof raw.dst);
  g_assert_cmpint (eth.transport, ==, raw.transport);
  g_assert_cmpuint (eth.tcp.seq, ==, raw.tcp.seq);
  g_assert_cmpuint (eth.tcp.ack, ==, raw.tcp.ack);
  g_assert_cmpuint (eth.tcp.flags, ==, raw.tcp.flags);
  g_assert_cmpmem (eth.payload, eth.payload_len, raw.payload,
                   raw.payload_len);
  g_assert_cmpint (eth.time, ==, raw.time);
}

/* Each change and none, to the whole packet make makes and to all of it
 * but its last byte, with and without link padding. */
static void
assert_changes_decode_as_raw_ip (GByteArray *(*make) (void),
                                 const PlainChange *changes, gsize n)
{
  for (gsize i = 0; i <= n; i++)  /* the last: none */
    for (gsize trailer = 0; trailer <= 6; trailer += 6)
      {
        const PlainChange *change = i < n ? &changes[i] : NULL;
        g_autoptr (GByteArray) packet = make ();
        gsize whole = packet->len;
        assert_ethernet_decodes_as_raw_ip (packet, change, 0, trailer);
        g_autoptr (GByteArray) cut = make ();
        assert_ethernet_decodes_as_raw_ip (cut, change, whole - 1, trailer);
      }
}

static void
test_plain_udp_decodes_as_the_layers_do (void)
{
  enum { TOTAL_LEN = 2, FLAGS = 6, PROTOCOL = 9, UDP = IPV4_LEN };
  const PlainChange changes[] = {
    { FLAGS, PACKET_IPV4_DF, FALSE },
    { FLAGS, PACKET_IPV4_MF, FALSE },
    { FLAGS, 1, FALSE },                        /* fragment offset */
    { 0, 0x46, TRUE },                          /* options */
    { TOTAL_LEN, 0, FALSE },                    /* offload */
    { TOTAL_LEN, IPV4_LEN + UDP_LEN - 1, FALSE },
    { TOTAL_LEN, IPV4_LEN + UDP_LEN, FALSE },
    { TOTAL_LEN, IPV4_LEN + UDP_LEN + SIP_LEN + 1, FALSE },
    { PROTOCOL, PROTO_TCP, TRUE },
    { UDP + 4, UDP_LEN - 1, FALSE },            /* UDP length */
    { UDP + 4, UDP_LEN, FALSE },
    { UDP + 4, UDP_LEN + SIP_LEN - 1, FALSE },
    { UDP + 4, UDP_LEN + SIP_LEN + 1, FALSE },
    { UDP + 2, 4789, FALSE },                   /* VXLAN */
    { UDP + 2, 2152, FALSE },                   /* GTP-U */
  };
  assert_changes_decode_as_raw_ip (sip_udp_ipv4, changes,
                                   G_N_ELEMENTS (changes));

  g_autoptr (GByteArray) hep = packet_new (sip, SIP_LEN);
  packet_wrap_hep3 (hep, &(PacketHep) { .src = "192.0.2.7",
                                        .dst = "192.0.2.8",
                                        .src_port = 5060,
                                        .dst_port = 5060 });
  packet_wrap_udp (hep, 9060, 9060);
  packet_wrap_ipv4 (hep, &(PacketIpv4) { .protocol = PROTO_UDP });
  assert_ethernet_decodes_as_raw_ip (hep, NULL, 0, 0);
}

/* 192.0.2.1:5060 -> 192.0.2.2:5080, seq 1000, ack 2000, ACK PSH */
static GByteArray *
sip_tcp_ipv4 (void)
{
  GByteArray *packet = packet_new (sip, SIP_LEN);
  packet_wrap_tcp (packet, 5060, 5080);
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_TCP });
  return packet;
}

static void
test_plain_tcp_decodes_as_the_layers_do (void)
{
  enum { TOTAL_LEN = 2, FLAGS = 6, PROTOCOL = 9, TCP = IPV4_LEN };
  const PlainChange changes[] = {
    { FLAGS, PACKET_IPV4_MF, FALSE },
    { FLAGS, 1, FALSE },                        /* fragment offset */
    { 0, 0x46, TRUE },                          /* options */
    { TOTAL_LEN, 0, FALSE },                    /* offload */
    { TOTAL_LEN, IPV4_LEN + TCP_LEN - 1, FALSE },
    { TOTAL_LEN, IPV4_LEN + TCP_LEN, FALSE },   /* no data */
    { TOTAL_LEN, IPV4_LEN + TCP_LEN + SIP_LEN + 1, FALSE },
    { PROTOCOL, PROTO_UDP, TRUE },
    { TCP + 12, 0x40, TRUE },                   /* data offset below 5 */
    { TCP + 12, 0x60, TRUE },                   /* data taken as options */
    { TCP + 12, 0xf0, TRUE },                   /* ... beyond the segment */
    { TCP + 13, 0xff, TRUE },                   /* every flag */
  };
  assert_changes_decode_as_raw_ip (sip_tcp_ipv4, changes,
                                   G_N_ELEMENTS (changes));
}

/* ---- IPv4 -------------------------------------------------------------- */

static void
test_ipv4_options_are_skipped (void)
{
  const guint8 router_alert[8] = { 0x94, 0x04, 0x00, 0x00, 1, 1, 1, 0 };
  guint8 longest[40];
  memset (longest, 1, sizeof longest);  /* NOP */
  const PacketIpv4 headers[] = {
    { .protocol = PROTO_UDP, .options = router_alert, .options_len = 8 },
    { .protocol = PROTO_UDP, .options = longest, .options_len = 40 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autoptr (GByteArray) packet = sip_over_udp ();
      packet_wrap_ipv4 (packet, &headers[i]);
      packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
      DecodedFrame out;
      const guint8 *data = decode_whole (LINKTYPE_ETHERNET, packet, &out);
      assert_sip_payload (&out, data, ETH_LEN + IPV4_LEN
                                      + headers[i].options_len + UDP_LEN);
      assert_endpoints (&out, "192.0.2.1:5060", "192.0.2.2:5080");
    }
}

static void
test_ipv4_options_cut_by_snaplen_are_truncated (void)
{
  const guint8 options[8] = { 0x94, 0x04, 0x00, 0x00, 1, 1, 1, 0 };
  g_autoptr (GByteArray) packet = sip_over_udp ();
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_UDP,
                                            .options = options,
                                            .options_len = 8 });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
  DecodedFrame out;
  decode_snapped (LINKTYPE_ETHERNET, packet, ETH_LEN + IPV4_LEN + 4, &out);
  assert_verdict (&out, DECODE_TRUNCATED, "ip", "header cut by the snaplen");
}

static void
test_ipv4_header_length_below_20_is_malformed (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv4 ();
  packet_set_u8 (packet, ETH_LEN, 0x44);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip", "ipv4 header length below 20");
}

static void
test_ipv4_header_length_beyond_packet_is_malformed (void)
{
  g_autoptr (GByteArray) packet = packet_new (NULL, 0);
  packet_append_zeros (packet, 4);
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_UDP });
  packet_set_u8 (packet, 0, 0x4f);      /* 60-byte header */
  packet_set_u16 (packet, 2, 0);        /* total length: offload */
  DecodedFrame out;
  decode_whole (LINKTYPE_RAW, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip",
                  "ipv4 header length beyond the packet");
}

static void
test_ipv4_version_mismatch_is_malformed (void)
{
  g_autoptr (GByteArray) v6_in_v4 = sip_udp_ipv6 ();
  packet_wrap_ethernet (v6_in_v4, PACKET_ETHERTYPE_IPV4);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, v6_in_v4, &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip", "ipv4 version field is not 4");

  g_autoptr (GByteArray) v4_in_v6 = sip_udp_ipv4 ();
  packet_wrap_ethernet (v4_in_v6, PACKET_ETHERTYPE_IPV6);
  decode_whole (LINKTYPE_ETHERNET, v4_in_v6, &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip", "ipv6 version field is not 6");
}

static void
test_ipv4_total_length_below_header_is_malformed (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv4 ();
  packet_set_u16 (packet, ETH_LEN + 2, IPV4_LEN - 1);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip",
                  "ipv4 total length below header length");

  packet_set_u8 (packet, ETH_LEN, 0x46);          /* 24-byte header */
  packet_set_u16 (packet, ETH_LEN + 2, IPV4_LEN); /* one word short */
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip",
                  "ipv4 total length below header length");
}

static void
test_ipv4_total_length_beyond_frame_is_malformed (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv4 ();
  packet_set_u16 (packet, ETH_LEN + 2,
                  (guint16) (packet->len - ETH_LEN + 1));
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip",
                  "ipv4 total length beyond the frame");
}

/* The snaplen explains missing bytes only up to the length on the wire. */
static void
test_ipv4_total_beyond_wire_is_malformed_even_when_cut (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv4 ();
  packet_set_u16 (packet, ETH_LEN + 2,
                  (guint16) (packet->len - ETH_LEN + 1));
  DecodedFrame out;
  decode_snapped (LINKTYPE_ETHERNET, packet, ETH_LEN + IPV4_LEN + UDP_LEN,
                  &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip",
                  "ipv4 total length beyond the frame");
}

static void
test_ipv4_zero_total_length_runs_to_frame_end (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv4 ();
  packet_set_u16 (packet, ETH_LEN + 2, 0);
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_sip_payload (&out, data, ETH_LEN + IPV4_LEN + UDP_LEN);
}

/* A fragment's data: fragments before the last are multiples of 8. */
static GByteArray *
fragment_data (void)
{
  GByteArray *packet = sip_over_udp ();
  packet_append_zeros (packet, 8 - packet->len % 8);
  return packet;
}

static void
test_ipv4_fragments_are_held (void)
{
  const guint16 fragments[] = {
    PACKET_IPV4_MF,                 /* first */
    PACKET_IPV4_MF | 185,           /* middle */
    370,                            /* last */
    PACKET_IPV4_DF | PACKET_IPV4_MF | 185,
  };
  for (gsize i = 0; i < G_N_ELEMENTS (fragments); i++)
    {
      g_autoptr (GByteArray) packet = fragment_data ();
      packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_UDP,
                                                .fragment = fragments[i] });
      packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
      DecodedFrame out;
      decode_whole (LINKTYPE_ETHERNET, packet, &out);
      assert_verdict (&out, DECODE_IP_FRAGMENT, NULL, NULL);
      assert_endpoints (&out, "192.0.2.1", "192.0.2.2");
    }
}

static void
test_ipv4_dont_fragment_is_not_a_fragment (void)
{
  g_autoptr (GByteArray) packet = sip_over_udp ();
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_UDP,
                                            .fragment = PACKET_IPV4_DF });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_sip_payload (&out, data, ETH_LEN + IPV4_LEN + UDP_LEN);
}

static void
test_ipv4_tcp_gives_ports (void)
{
  g_autoptr (GByteArray) packet = packet_new (sip, SIP_LEN);
  packet_wrap_tcp (packet, 40000, 5060);
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_TCP });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_TCP, NULL, NULL);
  g_assert_cmpint (out.transport, ==, SIPSCAN_TRANSPORT_TCP);
  assert_endpoints (&out, "192.0.2.1:40000", "192.0.2.2:5060");
}

/* A TCP segment in Ethernet and IPv4 with options_len bytes of options. */
static GByteArray *
eth_tcp_segment (gsize options_len)
{
  GByteArray *packet = packet_new (sip, SIP_LEN);
  packet_wrap_tcp_segment (packet, &(PacketTcp) {
    .src_port = 40000, .dst_port = 5060, .seq = 0xfffffff0,
    .ack = 0x12345678, .flags = PACKET_TCP_ACK | PACKET_TCP_FIN,
    .options_len = options_len,
  });
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_TCP });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
  return packet;
}

static void
test_tcp_header_fields_and_data_after_options (void)
{
  g_autoptr (GByteArray) packet = eth_tcp_segment (12);
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_TCP, NULL, NULL);
  g_assert_cmphex (out.tcp.seq, ==, 0xfffffff0);
  g_assert_cmphex (out.tcp.ack, ==, 0x12345678);
  g_assert_cmphex (out.tcp.flags, ==, TCP_FLAG_ACK | TCP_FLAG_FIN);
  g_assert_true (out.payload == data + ETH_LEN + IPV4_LEN + TCP_LEN + 12);
  g_assert_cmpmem (out.payload, out.payload_len, sip, SIP_LEN);
}

static void
test_tcp_link_padding_is_not_data (void)
{
  g_autoptr (GByteArray) packet = packet_new (NULL, 0);
  packet_wrap_tcp (packet, 40000, 5060);
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_TCP });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
  packet_append_zeros (packet, 6);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_TCP, NULL, NULL);
  g_assert_cmpuint (out.payload_len, ==, 0);
}

static void
test_tcp_header_cut_by_snaplen_is_truncated (void)
{
  g_autoptr (GByteArray) packet = eth_tcp_segment (12);
  DecodedFrame out;
  decode_snapped (LINKTYPE_ETHERNET, packet, ETH_LEN + IPV4_LEN + 3, &out);
  assert_verdict (&out, DECODE_TRUNCATED, "tcp", "header cut by the snaplen");
  assert_endpoints (&out, "192.0.2.1", "192.0.2.2");
  decode_snapped (LINKTYPE_ETHERNET, packet, ETH_LEN + IPV4_LEN + TCP_LEN + 4,
                  &out);
  assert_verdict (&out, DECODE_TRUNCATED, "tcp", "header cut by the snaplen");
}

static void
test_tcp_data_cut_by_snaplen_is_truncated (void)
{
  g_autoptr (GByteArray) packet = eth_tcp_segment (0);
  DecodedFrame out;
  decode_snapped (LINKTYPE_ETHERNET, packet, packet->len - 1, &out);
  assert_verdict (&out, DECODE_TRUNCATED, "tcp", "payload cut by the snaplen");
}

static void
test_tcp_data_offset_below_5_is_malformed (void)
{
  g_autoptr (GByteArray) packet = eth_tcp_segment (0);
  packet_set_u8 (packet, ETH_LEN + IPV4_LEN + 12, 4 << 4);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "tcp", "tcp data offset below 5");
}

static void
test_tcp_data_offset_beyond_packet_is_malformed (void)
{
  g_autoptr (GByteArray) packet = packet_new (NULL, 0);
  packet_wrap_tcp_segment (packet, &(PacketTcp) { .options_len = 8 });
  packet_set_u8 (packet, 12, 15 << 4);
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_TCP });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "tcp",
                  "tcp data offset beyond ip payload");
}

static void
test_tcp_header_beyond_ip_payload_is_malformed (void)
{
  g_autoptr (GByteArray) packet = eth_ipv4_carrying (PROTO_TCP, 12);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "tcp",
                  "tcp header beyond ip payload");
}

static void
test_ipv4_icmp_is_not_sip (void)
{
  g_autoptr (GByteArray) packet = eth_ipv4_carrying (PROTO_ICMP, 64);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_NOT_SIP, NULL, NULL);
}

static void
test_ipv4_esp_is_not_sip (void)
{
  g_autoptr (GByteArray) packet = eth_ipv4_carrying (PROTO_ESP, 64);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_NOT_SIP, NULL, NULL);
}

static void
test_ipv4_ah_is_skipped (void)
{
  g_autoptr (GByteArray) packet = sip_over_udp ();
  packet_wrap_ah (packet, PROTO_UDP, 12);
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_AH });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_sip_payload (&out, data, ETH_LEN + IPV4_LEN + 24 + UDP_LEN);
  assert_endpoints (&out, "192.0.2.1:5060", "192.0.2.2:5080");
}

static void
test_ipv4_other_protocols_are_not_sip (void)
{
  const guint8 protocols[] = { 2 /* IGMP */, 89 /* OSPF */, 136 /* UDP-Lite */,
                               PROTO_HOPOPT, PROTO_ROUTING, 255 };
  for (gsize i = 0; i < G_N_ELEMENTS (protocols); i++)
    {
      g_autoptr (GByteArray) packet = eth_ipv4_carrying (protocols[i], 32);
      DecodedFrame out;
      decode_whole (LINKTYPE_ETHERNET, packet, &out);
      assert_verdict (&out, DECODE_NOT_SIP, NULL, NULL);
    }
}

/* ---- IPv6 -------------------------------------------------------------- */

/* Hop-by-hop (8 bytes), routing (16), destination options (8), UDP. */
static GByteArray *
eth_ipv6_extension_chain (void)
{
  GByteArray *packet = sip_over_udp ();
  packet_wrap_ipv6_extension (packet, PROTO_UDP, NULL, 6);
  packet_wrap_ipv6_extension (packet, PROTO_DSTOPTS, NULL, 14);
  packet_wrap_ipv6_extension (packet, PROTO_ROUTING, NULL, 6);
  packet_wrap_ipv6 (packet, &(PacketIpv6) { .next_header = PROTO_HOPOPT });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV6);
  return packet;
}

static void
test_ipv6_extension_chain_is_walked (void)
{
  g_autoptr (GByteArray) packet = eth_ipv6_extension_chain ();
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_sip_payload (&out, data, ETH_LEN + IPV6_LEN + 8 + 16 + 8 + UDP_LEN);
  assert_endpoints (&out, "[2001:db8::1]:5060", "[2001:db8::2]:5080");
}

static void
test_ipv6_extension_cut_by_snaplen_is_truncated (void)
{
  g_autoptr (GByteArray) packet = eth_ipv6_extension_chain ();
  DecodedFrame out;
  decode_snapped (LINKTYPE_ETHERNET, packet, ETH_LEN + IPV6_LEN + 8 + 10,
                  &out);
  assert_verdict (&out, DECODE_TRUNCATED, "ip", "header cut by the snaplen");
}

static void
test_ipv6_extension_beyond_payload_is_malformed (void)
{
  g_autoptr (GByteArray) packet = eth_ipv6_extension_chain ();
  packet_set_u8 (packet, ETH_LEN + IPV6_LEN + 8 + 1, 255);  /* routing */
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip",
                  "extension header beyond the ip payload");
}

/* Cut by the snaplen, but the header claims more than the wire held. */
static void
test_ipv6_extension_beyond_wire_is_malformed_even_when_cut (void)
{
  g_autoptr (GByteArray) packet = eth_ipv6_extension_chain ();
  packet_set_u8 (packet, ETH_LEN + IPV6_LEN + 8 + 1, 255);  /* routing */
  DecodedFrame out;
  decode_snapped (LINKTYPE_ETHERNET, packet, ETH_LEN + IPV6_LEN + 8 + 10,
                  &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip",
                  "extension header beyond the ip payload");
}

static void
test_ipv6_atomic_fragment_is_not_a_fragment (void)
{
  g_autoptr (GByteArray) packet = sip_over_udp ();
  packet_wrap_ipv6_fragment (packet, PROTO_UDP, 0, FALSE);
  packet_wrap_ipv6 (packet, &(PacketIpv6) { .next_header = PROTO_FRAGMENT });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV6);
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_sip_payload (&out, data, ETH_LEN + IPV6_LEN + 8 + UDP_LEN);
}

static void
test_ipv6_fragment_header_is_a_fragment (void)
{
  const struct {
    guint16 offset;
    gboolean more;
  } fragments[] = { { 0, TRUE }, { 185, TRUE }, { 370, FALSE } };
  for (gsize i = 0; i < G_N_ELEMENTS (fragments); i++)
    {
      g_autoptr (GByteArray) packet = fragment_data ();
      packet_wrap_ipv6_fragment (packet, PROTO_UDP, fragments[i].offset,
                                 fragments[i].more);
      packet_wrap_ipv6_extension (packet, PROTO_FRAGMENT, NULL, 6);
      packet_wrap_ipv6 (packet,
                        &(PacketIpv6) { .next_header = PROTO_HOPOPT });
      packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV6);
      DecodedFrame out;
      decode_whole (LINKTYPE_ETHERNET, packet, &out);
      assert_verdict (&out, DECODE_IP_FRAGMENT, NULL, NULL);
      assert_endpoints (&out, "2001:db8::1", "2001:db8::2");
    }
}

static void
test_ipv6_ah_is_skipped (void)
{
  g_autoptr (GByteArray) packet = sip_over_udp ();
  packet_wrap_ah (packet, PROTO_UDP, 12);
  packet_wrap_ipv6 (packet, &(PacketIpv6) { .next_header = PROTO_AH });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV6);
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_sip_payload (&out, data, ETH_LEN + IPV6_LEN + 24 + UDP_LEN);
}

static void
test_ipv6_esp_is_not_sip (void)
{
  g_autoptr (GByteArray) packet = eth_ipv6_carrying (PROTO_ESP, 64);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_NOT_SIP, NULL, NULL);
}

static void
test_ipv6_no_next_header_is_not_sip (void)
{
  g_autoptr (GByteArray) bare = eth_ipv6_carrying (PROTO_NONE, 0);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, bare, &out);
  assert_verdict (&out, DECODE_NOT_SIP, NULL, NULL);

  g_autoptr (GByteArray) after_options = packet_new (NULL, 0);
  packet_wrap_ipv6_extension (after_options, PROTO_NONE, NULL, 6);
  packet_wrap_ipv6 (after_options,
                    &(PacketIpv6) { .next_header = PROTO_DSTOPTS });
  packet_wrap_ethernet (after_options, PACKET_ETHERTYPE_IPV6);
  decode_whole (LINKTYPE_ETHERNET, after_options, &out);
  assert_verdict (&out, DECODE_NOT_SIP, NULL, NULL);
}

static void
test_ipv6_icmpv6_is_not_sip (void)
{
  g_autoptr (GByteArray) packet = eth_ipv6_carrying (PROTO_ICMPV6, 32);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_NOT_SIP, NULL, NULL);
}

static void
test_ipv6_jumbogram_is_malformed (void)
{
  const guint8 jumbo[6] = { 0xc2, 4, 0x00, 0x01, 0x00, 0x00 };
  g_autoptr (GByteArray) packet = sip_over_udp ();
  packet_wrap_ipv6_extension (packet, PROTO_UDP, jumbo, sizeof jumbo);
  packet_wrap_ipv6 (packet, &(PacketIpv6) { .next_header = PROTO_HOPOPT });
  packet_set_u16 (packet, 4, 0);  /* payload length */
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV6);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip", "ipv6 jumbogram");
}

static void
test_ipv6_zero_payload_length_runs_to_frame_end (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv6 ();
  packet_set_u16 (packet, ETH_LEN + 4, 0);
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_sip_payload (&out, data, ETH_LEN + IPV6_LEN + UDP_LEN);
}

static void
test_ipv6_hop_by_hop_not_first_is_malformed (void)
{
  g_autoptr (GByteArray) packet = sip_over_udp ();
  packet_wrap_ipv6_extension (packet, PROTO_UDP, NULL, 6);
  packet_wrap_ipv6_extension (packet, PROTO_HOPOPT, NULL, 6);
  packet_wrap_ipv6 (packet, &(PacketIpv6) { .next_header = PROTO_DSTOPTS });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV6);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip",
                  "ipv6 hop-by-hop header not first");
}

static GByteArray *
eth_ipv6_with_destination_options (guint count)
{
  GByteArray *packet = sip_over_udp ();
  packet_wrap_ipv6_extension (packet, PROTO_UDP, NULL, 6);
  for (guint i = 1; i < count; i++)
    packet_wrap_ipv6_extension (packet, PROTO_DSTOPTS, NULL, 6);
  packet_wrap_ipv6 (packet, &(PacketIpv6) { .next_header = PROTO_DSTOPTS });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV6);
  return packet;
}

static void
test_ipv6_extension_chain_is_bounded (void)
{
  g_autoptr (GByteArray) longest = eth_ipv6_with_destination_options (16);
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_ETHERNET, longest, &out);
  assert_sip_payload (&out, data, ETH_LEN + IPV6_LEN + 16 * 8 + UDP_LEN);

  g_autoptr (GByteArray) too_long = eth_ipv6_with_destination_options (17);
  decode_whole (LINKTYPE_ETHERNET, too_long, &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip",
                  "more than 16 extension headers");
}

static void
test_ipv6_payload_length_beyond_frame_is_malformed (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv6 ();
  packet_set_u16 (packet, ETH_LEN + 4,
                  (guint16) (packet->len - ETH_LEN - IPV6_LEN + 1));
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip",
                  "ipv6 payload length beyond the frame");
}

static void
test_ipv6_tcp_gives_ports (void)
{
  g_autoptr (GByteArray) packet = packet_new (sip, SIP_LEN);
  packet_wrap_tcp (packet, 5061, 40000);
  packet_wrap_ipv6_extension (packet, PROTO_TCP, NULL, 6);
  packet_wrap_ipv6 (packet, &(PacketIpv6) { .next_header = PROTO_DSTOPTS });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV6);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_TCP, NULL, NULL);
  g_assert_cmpint (out.transport, ==, SIPSCAN_TRANSPORT_TCP);
  assert_endpoints (&out, "[2001:db8::1]:5061", "[2001:db8::2]:40000");
}

static void
test_ipv6_header_cut_by_snaplen_is_truncated (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv6 ();
  DecodedFrame out;
  decode_snapped (LINKTYPE_ETHERNET, packet, ETH_LEN + 30, &out);
  assert_verdict (&out, DECODE_TRUNCATED, "ip", "header cut by the snaplen");
}

static void
test_ipv6_short_packet_is_malformed (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv6 ();
  g_byte_array_set_size (packet, ETH_LEN + 30);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "ip",
                  "packet shorter than its ip header");
}

/* ---- UDP --------------------------------------------------------------- */

#define ETH_IPV4_UDP_LENGTH (ETH_LEN + IPV4_LEN + 4)

static void
test_udp_length_below_8_is_malformed (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv4 ();
  packet_set_u16 (packet, ETH_IPV4_UDP_LENGTH, 7);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "udp", "udp length below 8");
}

static void
test_udp_length_beyond_ip_payload_is_malformed (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv4 ();
  packet_set_u16 (packet, ETH_IPV4_UDP_LENGTH, UDP_LEN + SIP_LEN + 1);
  packet_append_zeros (packet, 6);  /* padding is not the ip payload */
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "udp",
                  "udp length beyond ip payload");
}

static void
test_udp_length_beyond_snaplen_is_truncated (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv4 ();
  DecodedFrame out;
  decode_snapped (LINKTYPE_ETHERNET, packet, packet->len - 1, &out);
  assert_verdict (&out, DECODE_TRUNCATED, "udp", "payload cut by the snaplen");
  assert_endpoints (&out, "192.0.2.1:5060", "192.0.2.2:5080");
}

static void
test_udp_bytes_after_length_are_dropped (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv4 ();
  packet_set_u16 (packet, ETH_IPV4_UDP_LENGTH, UDP_LEN + 7);
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_PAYLOAD, NULL, NULL);
  g_assert_true (out.payload == data + ETH_LEN + IPV4_LEN + UDP_LEN);
  g_assert_cmpmem (out.payload, out.payload_len, sip, 7);
}

static void
test_udp_empty_payload_is_a_payload (void)
{
  g_autoptr (GByteArray) packet = packet_new (NULL, 0);
  packet_wrap_udp (packet, 5060, 5060);
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_UDP });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
  packet_append_zeros (packet, 60 - packet->len);
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_PAYLOAD, NULL, NULL);
  g_assert_true (out.payload == data + ETH_LEN + IPV4_LEN + UDP_LEN);
  g_assert_cmpuint (out.payload_len, ==, 0);
}

static void
test_udp_header_beyond_ip_payload_is_malformed (void)
{
  g_autoptr (GByteArray) packet = eth_ipv4_carrying (PROTO_UDP, 4);
  packet_append_zeros (packet, 60 - packet->len);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_MALFORMED, "udp",
                  "udp header beyond ip payload");
}

static void
test_udp_header_cut_by_snaplen_is_truncated (void)
{
  g_autoptr (GByteArray) packet = eth_sip_udp_ipv6 ();
  DecodedFrame out;
  decode_snapped (LINKTYPE_ETHERNET, packet, ETH_LEN + IPV6_LEN + 4, &out);
  assert_verdict (&out, DECODE_TRUNCATED, "udp", "header cut by the snaplen");
}

/* ---- Every cut, every mutation ------------------------------------------ */

typedef struct {
  int linktype;
  GByteArray *packet;
} Sample;

/* Valid frames of every link type, with tags, options and extension
 * headers: the SIP payload is their last SIP_LEN bytes. */
static GPtrArray *
samples_new (void)
{
  GPtrArray *samples = g_ptr_array_new ();
  Sample *s;
  const guint16 tpids[] = { PACKET_TPID_8021AD, PACKET_TPID_QINQ_OLD,
                            PACKET_TPID_8021Q };
  const guint8 options[4] = { 1, 1, 1, 0 };

  s = g_new0 (Sample, 1);
  s->linktype = LINKTYPE_ETHERNET;
  s->packet = sip_over_udp ();
  packet_wrap_ipv4 (s->packet, &(PacketIpv4) { .protocol = PROTO_UDP,
                                               .options = options,
                                               .options_len = 4 });
  packet_wrap_ethernet_tagged (s->packet, PACKET_ETHERTYPE_IPV4, tpids, 3);
  g_ptr_array_add (samples, s);

  s = g_new0 (Sample, 1);
  s->linktype = LINKTYPE_ETHERNET;
  s->packet = eth_ipv6_extension_chain ();
  g_ptr_array_add (samples, s);

  s = g_new0 (Sample, 1);
  s->linktype = LINKTYPE_LINUX_SLL2;
  s->packet = sip_over_udp ();
  packet_wrap_ah (s->packet, PROTO_UDP, 12);
  packet_wrap_ipv6_fragment (s->packet, PROTO_AH, 0, FALSE);
  packet_wrap_ipv6 (s->packet,
                    &(PacketIpv6) { .next_header = PROTO_FRAGMENT });
  packet_wrap_sll2 (s->packet, PACKET_ETHERTYPE_IPV6);
  g_ptr_array_add (samples, s);

  s = g_new0 (Sample, 1);
  s->linktype = LINKTYPE_LINUX_SLL;
  s->packet = sip_udp_ipv4 ();
  packet_wrap_sll (s->packet, PACKET_ETHERTYPE_IPV4);
  g_ptr_array_add (samples, s);

  s = g_new0 (Sample, 1);
  s->linktype = LINKTYPE_NULL;
  s->packet = sip_over_udp ();
  packet_wrap_ah (s->packet, PROTO_UDP, 12);
  packet_wrap_ipv4 (s->packet, &(PacketIpv4) { .protocol = PROTO_AH });
  packet_wrap_null (s->packet, 2, FALSE);
  g_ptr_array_add (samples, s);

  s = g_new0 (Sample, 1);
  s->linktype = LINKTYPE_LOOP;
  s->packet = sip_udp_ipv6 ();
  packet_wrap_null (s->packet, 30, TRUE);
  g_ptr_array_add (samples, s);

  s = g_new0 (Sample, 1);
  s->linktype = LINKTYPE_RAW;
  s->packet = sip_udp_ipv4 ();
  g_ptr_array_add (samples, s);

  /* Tunnels: ERSPAN III in GRE with options, VXLAN, GTP-U in IPv6 with an
   * extension header, PPPoE and MPLS under Ethernet, IP-in-IP, HEP3. */
  s = g_new0 (Sample, 1);
  s->linktype = LINKTYPE_ETHERNET;
  s->packet = eth_sip_udp_ipv6 ();
  packet_wrap_erspan_iii (s->packet, TRUE);
  packet_wrap_gre (s->packet, PACKET_GRE_ERSPAN_III,
                   PACKET_GRE_CHECKSUM | PACKET_GRE_KEY);
  packet_wrap_ipv4 (s->packet, &(PacketIpv4) { .protocol = PROTO_GRE });
  packet_wrap_ethernet (s->packet, PACKET_ETHERTYPE_IPV4);
  g_ptr_array_add (samples, s);

  s = g_new0 (Sample, 1);
  s->linktype = LINKTYPE_RAW;
  s->packet = eth_sip_udp_ipv4 ();
  packet_wrap_vxlan (s->packet, 5001);
  packet_wrap_udp (s->packet, 40000, PACKET_VXLAN_PORT);
  packet_wrap_ipv4 (s->packet, &(PacketIpv4) { .protocol = PROTO_UDP,
                                               .src = "203.0.113.1",
                                               .dst = "203.0.113.2" });
  g_ptr_array_add (samples, s);

  s = g_new0 (Sample, 1);
  s->linktype = LINKTYPE_LINUX_SLL;
  s->packet = sip_udp_ipv4 ();
  packet_wrap_gtpu (s->packet, PACKET_GTPU_G_PDU, 2);
  packet_wrap_udp (s->packet, PACKET_GTPU_PORT, PACKET_GTPU_PORT);
  packet_wrap_ipv6 (s->packet, &(PacketIpv6) { .next_header = PROTO_UDP });
  packet_wrap_sll (s->packet, PACKET_ETHERTYPE_IPV6);
  g_ptr_array_add (samples, s);

  s = g_new0 (Sample, 1);
  s->linktype = LINKTYPE_ETHERNET;
  s->packet = sip_udp_ipv6 ();
  packet_wrap_ipv4 (s->packet, &(PacketIpv4) { .protocol = PROTO_IPV6 });
  packet_wrap_pppoe (s->packet, PACKET_PPP_IPV4);
  packet_wrap_ethernet (s->packet, PACKET_ETHERTYPE_PPPOE);
  g_ptr_array_add (samples, s);

  s = g_new0 (Sample, 1);
  s->linktype = LINKTYPE_ETHERNET;
  s->packet = sip_udp_ipv4 ();
  packet_wrap_mpls (s->packet, (const guint32[]) { 16, 17, 18 }, 3);
  packet_wrap_ethernet (s->packet, PACKET_ETHERTYPE_MPLS);
  g_ptr_array_add (samples, s);

  s = g_new0 (Sample, 1);
  s->linktype = LINKTYPE_RAW;
  s->packet = packet_new (sip, SIP_LEN);
  packet_wrap_hep3 (s->packet, &(PacketHep) { .src = "192.0.2.1",
                                              .dst = "192.0.2.2",
                                              .src_port = 5060,
                                              .dst_port = 5080,
                                              .seconds = 1767225600 });
  packet_wrap_udp (s->packet, 40000, 9060);
  packet_wrap_ipv4 (s->packet, &(PacketIpv4) { .protocol = PROTO_UDP });
  g_ptr_array_add (samples, s);
  return samples;
}

static void
samples_free (GPtrArray *samples)
{
  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = samples->pdata[i];
      g_byte_array_unref (s->packet);
      g_free (s);
    }
  g_ptr_array_free (samples, TRUE);
}

/* What holds for any input: a reason exactly with the verdicts that need
 * one, and a payload inside the captured bytes. */
static void
assert_sane (const DecodedFrame *out, const guint8 *data, gsize caplen)
{
  switch (out->verdict)
    {
    case DECODE_MALFORMED:
    case DECODE_TRUNCATED:
    case DECODE_UNSUPPORTED:
      g_assert_nonnull (out->reason);
      g_assert_true (g_str_equal (out->reason->layer, "link")
                     || g_str_equal (out->reason->layer, "ip")
                     || g_str_equal (out->reason->layer, "udp")
                     || g_str_equal (out->reason->layer, "tcp")
                     || g_str_equal (out->reason->layer, "sctp")
                     || g_str_equal (out->reason->layer, "gre")
                     || g_str_equal (out->reason->layer, "erspan")
                     || g_str_equal (out->reason->layer, "vxlan")
                     || g_str_equal (out->reason->layer, "gtpu")
                     || g_str_equal (out->reason->layer, "mpls")
                     || g_str_equal (out->reason->layer, "pppoe")
                     || g_str_equal (out->reason->layer, "ppp")
                     || g_str_equal (out->reason->layer, "hep")
                     || g_str_equal (out->reason->layer, "tunnel"));
      break;
    case DECODE_PAYLOAD:
    case DECODE_TCP:
    case DECODE_SCTP:
      g_assert_true (out->payload >= data);
      g_assert_cmpuint (out->payload_len, <=,
                        caplen - (gsize) (out->payload - data));
      G_GNUC_FALLTHROUGH;
    case DECODE_NOT_SIP:
    case DECODE_IP_FRAGMENT:
      g_assert_null (out->reason);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
test_every_snaplen_cut_is_truncated (void)
{
  GPtrArray *samples = samples_new ();
  for (guint i = 0; i < samples->len; i++)
    {
      const Sample *s = samples->pdata[i];
      DecodedFrame out;
      for (gsize caplen = 0; caplen < s->packet->len; caplen++)
        {
          const guint8 *data
            = decode_snapped (s->linktype, s->packet, caplen, &out);
          assert_sane (&out, data, caplen);
          g_assert_cmpint (out.verdict, ==, DECODE_TRUNCATED);
        }
      const guint8 *data = decode_whole (s->linktype, s->packet, &out);
      assert_sip_payload (&out, data, s->packet->len - SIP_LEN);
    }
  samples_free (samples);
}

/* Past the IPv4 header: a snaplen cut is TRUNCATED, a frame that really
 * ends early is MALFORMED. */
static void
test_tcp_every_cut_is_truncated_every_short_frame_malformed (void)
{
  g_autoptr (GByteArray) packet = eth_tcp_segment (12);
  for (gsize len = ETH_LEN + IPV4_LEN; len < packet->len; len++)
    {
      DecodedFrame out;
      const guint8 *data = decode_snapped (LINKTYPE_ETHERNET, packet, len,
                                           &out);
      assert_sane (&out, data, len);
      g_assert_cmpint (out.verdict, ==, DECODE_TRUNCATED);
      data = decode_frame (LINKTYPE_ETHERNET, packet, len, len, &out);
      assert_sane (&out, data, len);
      g_assert_cmpint (out.verdict, ==, DECODE_MALFORMED);
    }
}

static void
test_every_short_frame_is_malformed (void)
{
  GPtrArray *samples = samples_new ();
  for (guint i = 0; i < samples->len; i++)
    {
      const Sample *s = samples->pdata[i];
      for (gsize len = 0; len < s->packet->len; len++)
        {
          DecodedFrame out;
          const guint8 *data = decode_frame (s->linktype, s->packet, len,
                                             len, &out);
          assert_sane (&out, data, len);
          g_assert_cmpint (out.verdict, ==, DECODE_MALFORMED);
        }
    }
  samples_free (samples);
}

/* Random bytes flipped, random cuts and wire lengths; under
 * AddressSanitizer a read past the captured bytes aborts. Reproduce a
 * failure with --seed. */
static void
test_mutated_frames_stay_in_bounds (void)
{
  GPtrArray *samples = samples_new ();
  for (guint i = 0; i < samples->len; i++)
    {
      const Sample *s = samples->pdata[i];
      for (int round = 0; round < 3000; round++)
        {
          g_autoptr (GByteArray) packet
            = g_byte_array_new_take (g_memdup2 (s->packet->data,
                                                s->packet->len),
                                     s->packet->len);
          int flips = g_test_rand_int_range (1, 5);
          for (int f = 0; f < flips; f++)
            packet->data[g_test_rand_int_range (0, (gint32) packet->len)]
              = (guint8) g_test_rand_int_range (0, 256);
          gsize caplen = (gsize) g_test_rand_int_range (0,
                                                        (gint32) packet->len
                                                        + 1);
          gsize wirelen = caplen + (gsize) g_test_rand_int_range (0, 100);
          DecodedFrame out;
          const guint8 *data = decode_frame (s->linktype, packet, caplen,
                                             wirelen, &out);
          assert_sane (&out, data, caplen);
        }
    }
  samples_free (samples);
}

static void
test_random_bytes_stay_in_bounds (void)
{
  const int linktypes[] = { LINKTYPE_NULL, LINKTYPE_ETHERNET, LINKTYPE_RAW,
                            LINKTYPE_LOOP, LINKTYPE_LINUX_SLL,
                            LINKTYPE_LINUX_SLL2, LINKTYPE_IPV4,
                            LINKTYPE_IPV6 };
  for (int round = 0; round < 20000; round++)
    {
      gsize len = (gsize) g_test_rand_int_range (0, 120);
      g_autoptr (GByteArray) packet = packet_new (NULL, 0);
      packet_append_zeros (packet, len);
      for (gsize i = 0; i < len; i++)
        packet->data[i] = (guint8) g_test_rand_int_range (0, 256);
      /* Steer the first bytes towards IP now and then. */
      if (len > 0 && round % 2)
        packet->data[0] = (guint8) (round % 4 == 1 ? 0x45 : 0x60);
      DecodedFrame out;
      int linktype = linktypes[round % G_N_ELEMENTS (linktypes)];
      const guint8 *data = decode_whole (linktype, packet, &out);
      assert_sane (&out, data, len);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/decode/ethernet/plain_udp_decodes_as_the_layers_do",
                   test_plain_udp_decodes_as_the_layers_do);
  g_test_add_func ("/decode/ethernet/plain_tcp_decodes_as_the_layers_do",
                   test_plain_tcp_decodes_as_the_layers_do);
  g_test_add_func ("/decode/ethernet/ipv4_udp_payload_and_endpoints",
                   test_ethernet_ipv4_udp_payload_and_endpoints);
  g_test_add_func ("/decode/ethernet/ipv6_udp_payload_and_endpoints",
                   test_ethernet_ipv6_udp_payload_and_endpoints);
  g_test_add_func ("/decode/ethernet/eight_stacked_tags_are_skipped",
                   test_ethernet_eight_stacked_tags_are_skipped);
  g_test_add_func ("/decode/ethernet/more_than_eight_tags_is_unsupported",
                   test_ethernet_more_than_eight_tags_is_unsupported);
  g_test_add_func ("/decode/ethernet/vlan_tag_is_skipped",
                   test_ethernet_vlan_tag_is_skipped);
  g_test_add_func ("/decode/ethernet/qinq_tags_are_skipped",
                   test_ethernet_qinq_tags_are_skipped);
  g_test_add_func ("/decode/ethernet/five_stacked_tags_are_skipped",
                   test_ethernet_five_stacked_tags_are_skipped);
  g_test_add_func ("/decode/ethernet/tag_cut_by_snaplen_is_truncated",
                   test_ethernet_tag_cut_by_snaplen_is_truncated);
  g_test_add_func ("/decode/ethernet/tag_in_short_frame_is_malformed",
                   test_ethernet_tag_in_short_frame_is_malformed);
  g_test_add_func ("/decode/ethernet/llc_length_is_not_sip",
                   test_ethernet_llc_length_is_not_sip);
  g_test_add_func ("/decode/ethernet/arp_is_not_sip",
                   test_ethernet_arp_is_not_sip);
  g_test_add_func ("/decode/ethernet/padding_is_trimmed",
                   test_ethernet_padding_is_trimmed);
  g_test_add_func ("/decode/ethernet/fcs_is_trimmed",
                   test_ethernet_fcs_is_trimmed);
  g_test_add_func ("/decode/ethernet/short_frame_is_malformed",
                   test_ethernet_short_frame_is_malformed);
  g_test_add_func ("/decode/ethernet/header_cut_by_snaplen_is_truncated",
                   test_ethernet_header_cut_by_snaplen_is_truncated);

  g_test_add_func ("/decode/sll/ipv4_udp_is_decoded",
                   test_sll_ipv4_udp_is_decoded);
  g_test_add_func ("/decode/sll/vlan_tag_is_skipped",
                   test_sll_vlan_tag_is_skipped);
  g_test_add_func ("/decode/sll/non_ip_protocol_is_not_sip",
                   test_sll_non_ip_protocol_is_not_sip);
  g_test_add_func ("/decode/sll/netlink_is_not_sip",
                   test_sll_netlink_is_not_sip);
  g_test_add_func ("/decode/sll/header_cut_by_snaplen_is_truncated",
                   test_sll_header_cut_by_snaplen_is_truncated);
  g_test_add_func ("/decode/sll2/ipv6_udp_is_decoded",
                   test_sll2_ipv6_udp_is_decoded);
  g_test_add_func ("/decode/sll2/arp_is_not_sip", test_sll2_arp_is_not_sip);
  g_test_add_func ("/decode/sll2/netlink_is_not_sip",
                   test_sll2_netlink_is_not_sip);
  g_test_add_func ("/decode/sll2/header_cut_by_snaplen_is_truncated",
                   test_sll2_header_cut_by_snaplen_is_truncated);

  g_test_add_func ("/decode/raw/version_nibble_selects_ip",
                   test_raw_version_nibble_selects_ip);
  g_test_add_func ("/decode/raw/unknown_version_is_malformed",
                   test_raw_unknown_version_is_malformed);
  g_test_add_func ("/decode/raw/empty_packet_is_malformed_unless_cut",
                   test_raw_empty_packet_is_malformed_unless_cut);
  g_test_add_func ("/decode/null/host_byte_order_is_detected",
                   test_null_host_byte_order_is_detected);
  g_test_add_func ("/decode/null/every_bsd_inet6_value_is_ipv6",
                   test_null_every_bsd_inet6_value_is_ipv6);
  g_test_add_func ("/decode/null/other_family_is_not_sip",
                   test_null_other_family_is_not_sip);
  g_test_add_func ("/decode/null/header_cut_by_snaplen_is_truncated",
                   test_null_header_cut_by_snaplen_is_truncated);
  g_test_add_func ("/decode/loop/family_is_in_network_order",
                   test_loop_family_is_in_network_order);
  g_test_add_func ("/decode/link/unknown_type_is_unsupported",
                   test_link_unknown_type_is_unsupported);

  g_test_add_func ("/decode/ipv4/options_are_skipped",
                   test_ipv4_options_are_skipped);
  g_test_add_func ("/decode/ipv4/options_cut_by_snaplen_are_truncated",
                   test_ipv4_options_cut_by_snaplen_are_truncated);
  g_test_add_func ("/decode/ipv4/header_length_below_20_is_malformed",
                   test_ipv4_header_length_below_20_is_malformed);
  g_test_add_func ("/decode/ipv4/header_length_beyond_packet_is_malformed",
                   test_ipv4_header_length_beyond_packet_is_malformed);
  g_test_add_func ("/decode/ipv4/version_mismatch_is_malformed",
                   test_ipv4_version_mismatch_is_malformed);
  g_test_add_func ("/decode/ipv4/total_length_below_header_is_malformed",
                   test_ipv4_total_length_below_header_is_malformed);
  g_test_add_func ("/decode/ipv4/total_length_beyond_frame_is_malformed",
                   test_ipv4_total_length_beyond_frame_is_malformed);
  g_test_add_func ("/decode/ipv4/"
                   "total_length_beyond_wire_is_malformed_even_when_cut",
                   test_ipv4_total_beyond_wire_is_malformed_even_when_cut);
  g_test_add_func ("/decode/ipv4/zero_total_length_runs_to_frame_end",
                   test_ipv4_zero_total_length_runs_to_frame_end);
  g_test_add_func ("/decode/ipv4/fragments_are_held",
                   test_ipv4_fragments_are_held);
  g_test_add_func ("/decode/ipv4/dont_fragment_is_not_a_fragment",
                   test_ipv4_dont_fragment_is_not_a_fragment);
  g_test_add_func ("/decode/ipv4/tcp_gives_ports",
                   test_ipv4_tcp_gives_ports);
  g_test_add_func ("/decode/tcp/header_fields_and_data_after_options",
                   test_tcp_header_fields_and_data_after_options);
  g_test_add_func ("/decode/tcp/link_padding_is_not_data",
                   test_tcp_link_padding_is_not_data);
  g_test_add_func ("/decode/tcp/header_cut_by_snaplen_is_truncated",
                   test_tcp_header_cut_by_snaplen_is_truncated);
  g_test_add_func ("/decode/tcp/data_cut_by_snaplen_is_truncated",
                   test_tcp_data_cut_by_snaplen_is_truncated);
  g_test_add_func ("/decode/tcp/data_offset_below_5_is_malformed",
                   test_tcp_data_offset_below_5_is_malformed);
  g_test_add_func ("/decode/tcp/data_offset_beyond_packet_is_malformed",
                   test_tcp_data_offset_beyond_packet_is_malformed);
  g_test_add_func ("/decode/tcp/header_beyond_ip_payload_is_malformed",
                   test_tcp_header_beyond_ip_payload_is_malformed);
  g_test_add_func ("/decode/tcp/every_cut_is_truncated_every_short_frame_"
                   "malformed",
                   test_tcp_every_cut_is_truncated_every_short_frame_malformed);
  g_test_add_func ("/decode/ipv4/icmp_is_not_sip", test_ipv4_icmp_is_not_sip);
  g_test_add_func ("/decode/ipv4/esp_is_not_sip", test_ipv4_esp_is_not_sip);
  g_test_add_func ("/decode/ipv4/ah_is_skipped", test_ipv4_ah_is_skipped);
  g_test_add_func ("/decode/ipv4/other_protocols_are_not_sip",
                   test_ipv4_other_protocols_are_not_sip);

  g_test_add_func ("/decode/ipv6/extension_chain_is_walked",
                   test_ipv6_extension_chain_is_walked);
  g_test_add_func ("/decode/ipv6/extension_cut_by_snaplen_is_truncated",
                   test_ipv6_extension_cut_by_snaplen_is_truncated);
  g_test_add_func ("/decode/ipv6/extension_beyond_payload_is_malformed",
                   test_ipv6_extension_beyond_payload_is_malformed);
  g_test_add_func ("/decode/ipv6/"
                   "extension_beyond_wire_is_malformed_even_when_cut",
                   test_ipv6_extension_beyond_wire_is_malformed_even_when_cut);
  g_test_add_func ("/decode/ipv6/atomic_fragment_is_not_a_fragment",
                   test_ipv6_atomic_fragment_is_not_a_fragment);
  g_test_add_func ("/decode/ipv6/fragment_header_is_a_fragment",
                   test_ipv6_fragment_header_is_a_fragment);
  g_test_add_func ("/decode/ipv6/ah_is_skipped", test_ipv6_ah_is_skipped);
  g_test_add_func ("/decode/ipv6/esp_is_not_sip", test_ipv6_esp_is_not_sip);
  g_test_add_func ("/decode/ipv6/no_next_header_is_not_sip",
                   test_ipv6_no_next_header_is_not_sip);
  g_test_add_func ("/decode/ipv6/icmpv6_is_not_sip",
                   test_ipv6_icmpv6_is_not_sip);
  g_test_add_func ("/decode/ipv6/jumbogram_is_malformed",
                   test_ipv6_jumbogram_is_malformed);
  g_test_add_func ("/decode/ipv6/zero_payload_length_runs_to_frame_end",
                   test_ipv6_zero_payload_length_runs_to_frame_end);
  g_test_add_func ("/decode/ipv6/hop_by_hop_not_first_is_malformed",
                   test_ipv6_hop_by_hop_not_first_is_malformed);
  g_test_add_func ("/decode/ipv6/extension_chain_is_bounded",
                   test_ipv6_extension_chain_is_bounded);
  g_test_add_func ("/decode/ipv6/payload_length_beyond_frame_is_malformed",
                   test_ipv6_payload_length_beyond_frame_is_malformed);
  g_test_add_func ("/decode/ipv6/tcp_gives_ports", test_ipv6_tcp_gives_ports);
  g_test_add_func ("/decode/ipv6/header_cut_by_snaplen_is_truncated",
                   test_ipv6_header_cut_by_snaplen_is_truncated);
  g_test_add_func ("/decode/ipv6/short_packet_is_malformed",
                   test_ipv6_short_packet_is_malformed);

  g_test_add_func ("/decode/udp/length_below_8_is_malformed",
                   test_udp_length_below_8_is_malformed);
  g_test_add_func ("/decode/udp/length_beyond_ip_payload_is_malformed",
                   test_udp_length_beyond_ip_payload_is_malformed);
  g_test_add_func ("/decode/udp/length_beyond_snaplen_is_truncated",
                   test_udp_length_beyond_snaplen_is_truncated);
  g_test_add_func ("/decode/udp/bytes_after_length_are_dropped",
                   test_udp_bytes_after_length_are_dropped);
  g_test_add_func ("/decode/udp/empty_payload_is_a_payload",
                   test_udp_empty_payload_is_a_payload);
  g_test_add_func ("/decode/udp/header_beyond_ip_payload_is_malformed",
                   test_udp_header_beyond_ip_payload_is_malformed);
  g_test_add_func ("/decode/udp/header_cut_by_snaplen_is_truncated",
                   test_udp_header_cut_by_snaplen_is_truncated);

  g_test_add_func ("/decode/robustness/every_snaplen_cut_is_truncated",
                   test_every_snaplen_cut_is_truncated);
  g_test_add_func ("/decode/robustness/every_short_frame_is_malformed",
                   test_every_short_frame_is_malformed);
  g_test_add_func ("/decode/robustness/mutated_frames_stay_in_bounds",
                   test_mutated_frames_stay_in_bounds);
  g_test_add_func ("/decode/robustness/random_bytes_stay_in_bounds",
                   test_random_bytes_stay_in_bounds);
  return g_test_run ();
}
