/* Tunnels, mirrors and HEP: a SIP message inside each decodes to its
 * payload with the innermost addresses (HEP: the original ones and time);
 * option and flag variants; truncated and malformed headers; the nesting
 * bound; and, through the analyzer, the counters and HEP's clock. */
#include "decode/link.h"
#include "decode_support.h"
#include "packet_builder.h"
#include "test_support.h"

#include <string.h>

static const char sip[] = "OPTIONS sip:bob@example.com SIP/2.0\r\n\r\n";
#define SIP_LEN (sizeof sip - 1)

#define ETH_LEN 14
#define IPV4_LEN 20
#define IPV6_LEN 40
#define UDP_LEN 8

enum {
  PROTO_IPIP = 4,
  PROTO_TCP = 6,
  PROTO_UDP = 17,
  PROTO_IPV6 = 41,
  PROTO_GRE = 47,
};

#define INNER4_SRC "192.0.2.1:5060"
#define INNER4_DST "192.0.2.2:5080"
#define INNER6_SRC "[2001:db8::1]:5060"
#define INNER6_DST "[2001:db8::2]:5080"
#define OUTER6_SRC "2001:db8:ffff::1"
#define OUTER6_DST "2001:db8:ffff::2"

/* ---- Helpers ----------------------------------------------------------- */

/* The SIP message in UDP in IP of version (4 or 6): 192.0.2.1:5060 ->
 * 192.0.2.2:5080 or [2001:db8::1]:5060 -> [2001:db8::2]:5080. */
static GByteArray *
inner_ip (int version)
{
  GByteArray *packet = packet_new (sip, SIP_LEN);
  packet_wrap_udp (packet, 5060, 5080);
  if (version == 4)
    packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_UDP });
  else
    packet_wrap_ipv6 (packet, &(PacketIpv6) { .next_header = PROTO_UDP });
  return packet;
}

static GByteArray *
inner_ethernet (int version)
{
  GByteArray *packet = inner_ip (version);
  packet_wrap_ethernet (packet, version == 4 ? PACKET_ETHERTYPE_IPV4
                                             : PACKET_ETHERTYPE_IPV6);
  return packet;
}

/* Wraps packet in an outer IPv4 header (203.0.113.1 -> .2) of protocol
 * and Ethernet. */
static void
wrap_outer_ipv4 (GByteArray *packet, guint8 protocol)
{
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .src = "203.0.113.1",
                                            .dst = "203.0.113.2",
                                            .protocol = protocol });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
}

static void
wrap_outer_ipv6 (GByteArray *packet, guint8 next_header)
{
  packet_wrap_ipv6 (packet, &(PacketIpv6) { .src = OUTER6_SRC,
                                            .dst = OUTER6_DST,
                                            .next_header = next_header });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV6);
}

/* Wraps packet in UDP to port and outer IPv4 in Ethernet. */
static void
wrap_outer_udp (GByteArray *packet, guint16 port)
{
  packet_wrap_udp (packet, 49152, port);
  wrap_outer_ipv4 (packet, PROTO_UDP);
}

/* The frame decodes to the SIP message, at its end, between the inner
 * endpoints of version. */
static void
assert_inner_sip (int linktype, const GByteArray *packet, int version)
{
  DecodedFrame out;
  const guint8 *data = decode_whole (linktype, packet, &out);
  assert_verdict (&out, DECODE_PAYLOAD, NULL, NULL);
  g_assert_cmpint (out.transport, ==, SIPSCAN_TRANSPORT_UDP);
  g_assert_true (out.payload == data + packet->len - SIP_LEN);
  g_assert_cmpmem (out.payload, out.payload_len, sip, SIP_LEN);
  if (version == 4)
    assert_endpoints (&out, INNER4_SRC, INNER4_DST);
  else
    assert_endpoints (&out, INNER6_SRC, INNER6_DST);
  g_assert_cmpint (out.time, ==, 0);
}

static void
assert_whole (const GByteArray *packet, DecodeVerdict verdict,
              const char *layer, const char *text)
{
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, verdict, layer, text);
}

static void
assert_snapped (const GByteArray *packet, gsize caplen, const char *layer)
{
  DecodedFrame out;
  decode_snapped (LINKTYPE_ETHERNET, packet, caplen, &out);
  assert_verdict (&out, DECODE_TRUNCATED, layer,
                  "header cut by the snaplen");
}

/* ---- IP in IP ---------------------------------------------------------- */

static void
test_ipip_every_version_pair_gives_inner_addresses (void)
{
  for (int outer = 4; outer <= 6; outer += 2)
    for (int inner = 4; inner <= 6; inner += 2)
      {
        g_autoptr (GByteArray) packet = inner_ip (inner);
        guint8 protocol = inner == 4 ? PROTO_IPIP : PROTO_IPV6;
        if (outer == 4)
          wrap_outer_ipv4 (packet, protocol);
        else
          wrap_outer_ipv6 (packet, protocol);
        assert_inner_sip (LINKTYPE_ETHERNET, packet, inner);
      }
}

static void
test_ipip_inner_header_cut_is_truncated (void)
{
  g_autoptr (GByteArray) packet = inner_ip (4);
  wrap_outer_ipv4 (packet, PROTO_IPIP);
  assert_snapped (packet, ETH_LEN + IPV4_LEN + 10, "ip");
}

static void
test_ipip_empty_inner_packet_is_malformed (void)
{
  g_autoptr (GByteArray) packet = packet_new (NULL, 0);
  wrap_outer_ipv4 (packet, PROTO_IPV6);
  assert_whole (packet, DECODE_MALFORMED, "ip",
                "packet shorter than its ip header");
}

/* ---- GRE and ERSPAN ---------------------------------------------------- */

static void
test_gre_ipv4_inner_sip_has_inner_addresses (void)
{
  g_autoptr (GByteArray) packet = inner_ip (4);
  packet_wrap_gre (packet, PACKET_ETHERTYPE_IPV4, 0);
  wrap_outer_ipv4 (packet, PROTO_GRE);
  assert_inner_sip (LINKTYPE_ETHERNET, packet, 4);
}

static void
test_gre_key_sequence_and_checksum_are_skipped (void)
{
  g_autoptr (GByteArray) packet = inner_ip (6);
  packet_wrap_gre (packet, PACKET_ETHERTYPE_IPV6,
                   PACKET_GRE_CHECKSUM | PACKET_GRE_KEY
                       | PACKET_GRE_SEQUENCE);
  wrap_outer_ipv6 (packet, PROTO_GRE);
  assert_inner_sip (LINKTYPE_ETHERNET, packet, 6);
}

static void
test_gre_transparent_ethernet_bridging (void)
{
  g_autoptr (GByteArray) packet = inner_ethernet (4);
  packet_wrap_gre (packet, PACKET_GRE_ETHERNET, PACKET_GRE_KEY);
  wrap_outer_ipv4 (packet, PROTO_GRE);
  assert_inner_sip (LINKTYPE_ETHERNET, packet, 4);
}

static void
test_gre_erspan_every_type_gives_the_mirrored_frame (void)
{
  for (int type = 1; type <= 4; type++)
    {
      g_autoptr (GByteArray) packet = inner_ethernet (type % 2 ? 4 : 6);
      guint16 protocol = PACKET_GRE_ERSPAN_II, flags = 0;
      if (type == 2)
        packet_wrap_erspan_ii (packet);
      if (type >= 3)
        packet_wrap_erspan_iii (packet, type == 4);
      if (type >= 3)
        protocol = PACKET_GRE_ERSPAN_III;
      if (type >= 2)
        flags = PACKET_GRE_SEQUENCE;
      packet_wrap_gre (packet, protocol, flags);
      wrap_outer_ipv4 (packet, PROTO_GRE);
      assert_inner_sip (LINKTYPE_ETHERNET, packet, type % 2 ? 4 : 6);
    }
}

static void
test_gre_erspan_version_mismatch_is_malformed (void)
{
  g_autoptr (GByteArray) packet = inner_ethernet (4);
  packet_wrap_erspan_ii (packet);
  packet_wrap_gre (packet, PACKET_GRE_ERSPAN_III, 0);
  wrap_outer_ipv4 (packet, PROTO_GRE);
  assert_whole (packet, DECODE_MALFORMED, "erspan",
                "erspan version does not match its gre type");
}

static void
test_gre_erspan_header_cut_is_truncated (void)
{
  g_autoptr (GByteArray) packet = inner_ethernet (4);
  packet_wrap_erspan_iii (packet, TRUE);
  packet_wrap_gre (packet, PACKET_GRE_ERSPAN_III, 0);
  wrap_outer_ipv4 (packet, PROTO_GRE);
  assert_snapped (packet, ETH_LEN + IPV4_LEN + 4 + 12 + 3, "erspan");
}

static void
test_gre_pptp_carries_ppp_with_or_without_hdlc_bytes (void)
{
  for (int hdlc = 0; hdlc <= 1; hdlc++)
    {
      g_autoptr (GByteArray) packet = inner_ip (4);
      packet_wrap_pptp (packet, PACKET_PPP_IPV4, hdlc);
      wrap_outer_ipv4 (packet, PROTO_GRE);
      assert_inner_sip (LINKTYPE_ETHERNET, packet, 4);
    }
}

static void
test_gre_pptp_variants (void)
{
  const gsize gre = ETH_LEN + IPV4_LEN;
  g_autoptr (GByteArray) lcp = packet_new (NULL, 0);
  packet_append_zeros (lcp, 8);
  packet_wrap_pptp (lcp, 0xc021, TRUE);
  wrap_outer_ipv4 (lcp, PROTO_GRE);
  assert_whole (lcp, DECODE_NOT_SIP, NULL, NULL);

  g_autoptr (GByteArray) no_key = inner_ip (4);
  packet_wrap_pptp (no_key, PACKET_PPP_IPV4, FALSE);
  wrap_outer_ipv4 (no_key, PROTO_GRE);
  packet_set_u16 (no_key, gre, PACKET_GRE_SEQUENCE | 1);
  assert_whole (no_key, DECODE_MALFORMED, "gre",
                "gre version 1 without key or ppp");

  g_autoptr (GByteArray) length = inner_ip (4);
  packet_wrap_pptp (length, PACKET_PPP_IPV4, FALSE);
  wrap_outer_ipv4 (length, PROTO_GRE);
  packet_set_u16 (length, gre + 4, 1400);
  assert_whole (length, DECODE_MALFORMED, "gre",
                "pptp payload length beyond ip payload");

  g_autoptr (GByteArray) cut = inner_ip (4);
  packet_wrap_pptp (cut, PACKET_PPP_IPV4, TRUE);
  wrap_outer_ipv4 (cut, PROTO_GRE);
  DecodedFrame out;
  decode_snapped (LINKTYPE_ETHERNET, cut, gre + 12 + 3, &out);
  assert_verdict (&out, DECODE_TRUNCATED, "ppp", "header cut by the snaplen");
}

static void
test_gre_version_above_1_is_malformed (void)
{
  g_autoptr (GByteArray) packet = inner_ip (4);
  packet_wrap_gre (packet, PACKET_ETHERTYPE_IPV4, 2);
  wrap_outer_ipv4 (packet, PROTO_GRE);
  assert_whole (packet, DECODE_MALFORMED, "gre", "gre version above 1");
}

static void
test_gre_source_routing_is_unsupported (void)
{
  g_autoptr (GByteArray) packet = inner_ip (4);
  packet_wrap_gre (packet, PACKET_ETHERTYPE_IPV4, 0x4000);
  wrap_outer_ipv4 (packet, PROTO_GRE);
  assert_whole (packet, DECODE_UNSUPPORTED, "gre",
                "gre source routing not decoded");
}

static void
test_gre_options_cut_is_truncated_and_missing_is_malformed (void)
{
  g_autoptr (GByteArray) packet = inner_ip (4);
  packet_wrap_gre (packet, PACKET_ETHERTYPE_IPV4,
                   PACKET_GRE_KEY | PACKET_GRE_SEQUENCE);
  wrap_outer_ipv4 (packet, PROTO_GRE);
  assert_snapped (packet, ETH_LEN + IPV4_LEN + 6, "gre");

  g_autoptr (GByteArray) bare = packet_new (NULL, 0);
  packet_wrap_gre (bare, PACKET_ETHERTYPE_IPV4, 0);
  g_byte_array_set_size (bare, 2);
  wrap_outer_ipv4 (bare, PROTO_GRE);
  assert_whole (bare, DECODE_MALFORMED, "gre",
                "gre header beyond ip payload");
}

static void
test_gre_other_protocol_is_not_sip (void)
{
  g_autoptr (GByteArray) packet = packet_new (NULL, 0);
  packet_append_zeros (packet, 28);
  packet_wrap_gre (packet, PACKET_ETHERTYPE_ARP, 0);
  wrap_outer_ipv4 (packet, PROTO_GRE);
  assert_whole (packet, DECODE_NOT_SIP, NULL, NULL);
}

/* ---- VXLAN ------------------------------------------------------------- */

static void
test_vxlan_inner_vlan_frame_is_decoded (void)
{
  const guint16 tpids[] = { PACKET_TPID_8021Q };
  g_autoptr (GByteArray) packet = inner_ip (6);
  packet_wrap_ethernet_tagged (packet, PACKET_ETHERTYPE_IPV6, tpids, 1);
  packet_wrap_vxlan (packet, 5001);
  wrap_outer_udp (packet, PACKET_VXLAN_PORT);
  assert_inner_sip (LINKTYPE_ETHERNET, packet, 6);
}

static void
test_vxlan_i_flag_clear_is_malformed (void)
{
  g_autoptr (GByteArray) packet = inner_ethernet (4);
  packet_wrap_vxlan (packet, 5001);
  packet_set_u8 (packet, 0, 0);
  wrap_outer_udp (packet, PACKET_VXLAN_PORT);
  assert_whole (packet, DECODE_MALFORMED, "vxlan", "vxlan I flag not set");
}

static void
test_vxlan_header_cut_is_truncated (void)
{
  g_autoptr (GByteArray) packet = inner_ethernet (4);
  packet_wrap_vxlan (packet, 5001);
  wrap_outer_udp (packet, PACKET_VXLAN_PORT);
  assert_snapped (packet, ETH_LEN + IPV4_LEN + UDP_LEN + 5, "vxlan");
}

/* ---- GTP-U ------------------------------------------------------------- */

static void
test_gtpu_g_pdu_carries_ipv4_and_ipv6 (void)
{
  for (int version = 4; version <= 6; version += 2)
    {
      g_autoptr (GByteArray) packet = inner_ip (version);
      packet_wrap_gtpu (packet, PACKET_GTPU_G_PDU, 0);
      wrap_outer_udp (packet, PACKET_GTPU_PORT);
      assert_inner_sip (LINKTYPE_ETHERNET, packet, version);
    }
}

static void
test_gtpu_extension_headers_are_skipped (void)
{
  g_autoptr (GByteArray) packet = inner_ip (4);
  packet_wrap_gtpu (packet, PACKET_GTPU_G_PDU, 2);
  wrap_outer_udp (packet, PACKET_GTPU_PORT);
  assert_inner_sip (LINKTYPE_ETHERNET, packet, 4);
}

static void
test_gtpu_echo_request_is_not_sip (void)
{
  g_autoptr (GByteArray) packet = packet_new (NULL, 0);
  packet_wrap_gtpu (packet, 1, 0);
  wrap_outer_udp (packet, PACKET_GTPU_PORT);
  assert_whole (packet, DECODE_NOT_SIP, NULL, NULL);
}

static void
test_gtpu_malformed_headers (void)
{
  const gsize gtpu = ETH_LEN + IPV4_LEN + UDP_LEN;
  g_autoptr (GByteArray) version = inner_ip (4);
  packet_wrap_gtpu (version, PACKET_GTPU_G_PDU, 0);
  wrap_outer_udp (version, PACKET_GTPU_PORT);
  packet_set_u8 (version, gtpu, 0x40);   /* GTPv2 */
  assert_whole (version, DECODE_MALFORMED, "gtpu", "gtp-u version is not 1");

  g_autoptr (GByteArray) length = inner_ip (4);
  packet_wrap_gtpu (length, PACKET_GTPU_G_PDU, 0);
  wrap_outer_udp (length, PACKET_GTPU_PORT);
  packet_set_u16 (length, gtpu + 2, 2000);
  assert_whole (length, DECODE_MALFORMED, "gtpu",
                "gtp-u length beyond udp payload");

  g_autoptr (GByteArray) extension = inner_ip (4);
  packet_wrap_gtpu (extension, PACKET_GTPU_G_PDU, 1);
  wrap_outer_udp (extension, PACKET_GTPU_PORT);
  packet_set_u8 (extension, gtpu + 12, 0);
  assert_whole (extension, DECODE_MALFORMED, "gtpu",
                "gtp-u extension header of length 0");

  g_autoptr (GByteArray) not_ip = packet_new (NULL, 0);
  packet_append_zeros (not_ip, 20);   /* an Ethernet PDU session's frame */
  packet_wrap_gtpu (not_ip, PACKET_GTPU_G_PDU, 0);
  wrap_outer_udp (not_ip, PACKET_GTPU_PORT);
  assert_whole (not_ip, DECODE_UNSUPPORTED, "gtpu",
                "gtp-u packet neither ipv4 nor ipv6");
}

static void
test_gtpu_extension_cut_is_truncated (void)
{
  g_autoptr (GByteArray) packet = inner_ip (4);
  packet_wrap_gtpu (packet, PACKET_GTPU_G_PDU, 2);
  wrap_outer_udp (packet, PACKET_GTPU_PORT);
  assert_snapped (packet, ETH_LEN + IPV4_LEN + UDP_LEN + 14, "gtpu");
}

/* ---- MPLS -------------------------------------------------------------- */

static void
test_mpls_three_labels_then_ipv4_one_then_ipv6 (void)
{
  const guint32 labels[] = { 1001, 2002, 3003 };
  g_autoptr (GByteArray) three = inner_ip (4);
  packet_wrap_mpls (three, labels, 3);
  packet_wrap_ethernet (three, PACKET_ETHERTYPE_MPLS);
  assert_inner_sip (LINKTYPE_ETHERNET, three, 4);

  g_autoptr (GByteArray) one = inner_ip (6);
  packet_wrap_mpls (one, labels, 1);
  packet_wrap_ethernet (one, PACKET_ETHERTYPE_MPLS);
  assert_inner_sip (LINKTYPE_ETHERNET, one, 6);
}

static void
test_mpls_in_gre_is_decoded (void)
{
  const guint32 labels[] = { 1001 };
  g_autoptr (GByteArray) packet = inner_ip (4);
  packet_wrap_mpls (packet, labels, 1);
  packet_wrap_gre (packet, PACKET_ETHERTYPE_MPLS, 0);
  wrap_outer_ipv4 (packet, PROTO_GRE);
  assert_inner_sip (LINKTYPE_ETHERNET, packet, 4);
}

static void
test_mpls_pseudowire_control_word_is_unsupported (void)
{
  const guint32 labels[] = { 1001 };
  g_autoptr (GByteArray) packet = inner_ethernet (4);
  packet_append_zeros (packet, 0);
  g_byte_array_prepend (packet, (const guint8 *) "\0\0\0\0", 4);
  packet_wrap_mpls (packet, labels, 1);
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_MPLS);
  assert_whole (packet, DECODE_UNSUPPORTED, "mpls",
                "mpls payload neither ipv4 nor ipv6");
}

static void
test_mpls_stack_without_bottom_is_malformed_or_truncated (void)
{
  const guint32 labels[] = { 1001, 2002 };
  g_autoptr (GByteArray) packet = packet_new (NULL, 0);
  packet_wrap_mpls (packet, labels, 2);
  packet_set_u8 (packet, 6, 0);   /* bottom of stack cleared */
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_MPLS);
  assert_whole (packet, DECODE_MALFORMED, "mpls",
                "label stack without bottom of stack");

  g_autoptr (GByteArray) cut = inner_ip (4);
  packet_wrap_mpls (cut, labels, 2);
  packet_wrap_ethernet (cut, PACKET_ETHERTYPE_MPLS);
  DecodedFrame out;
  decode_snapped (LINKTYPE_ETHERNET, cut, ETH_LEN + 6, &out);
  assert_verdict (&out, DECODE_TRUNCATED, "mpls",
                  "label stack cut by the snaplen");
}

/* ---- PPPoE ------------------------------------------------------------- */

static void
test_pppoe_session_carries_ipv4_and_ipv6 (void)
{
  for (int version = 4; version <= 6; version += 2)
    {
      g_autoptr (GByteArray) packet = inner_ip (version);
      packet_wrap_pppoe (packet, version == 4 ? PACKET_PPP_IPV4
                                              : PACKET_PPP_IPV6);
      packet_wrap_ethernet (packet, PACKET_ETHERTYPE_PPPOE);
      packet_append_zeros (packet, 6);   /* padding past the length */
      DecodedFrame out;
      decode_whole (LINKTYPE_ETHERNET, packet, &out);
      assert_verdict (&out, DECODE_PAYLOAD, NULL, NULL);
      g_assert_cmpmem (out.payload, out.payload_len, sip, SIP_LEN);
    }
}

static void
test_pppoe_lcp_is_not_sip (void)
{
  g_autoptr (GByteArray) packet = packet_new (NULL, 0);
  packet_append_zeros (packet, 10);
  packet_wrap_pppoe (packet, 0xc021);
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_PPPOE);
  assert_whole (packet, DECODE_NOT_SIP, NULL, NULL);
}

static void
test_pppoe_malformed_headers (void)
{
  g_autoptr (GByteArray) version = inner_ip (4);
  packet_wrap_pppoe (version, PACKET_PPP_IPV4);
  packet_wrap_ethernet (version, PACKET_ETHERTYPE_PPPOE);
  packet_set_u8 (version, ETH_LEN, 0x21);
  assert_whole (version, DECODE_MALFORMED, "pppoe",
                "pppoe version or type is not 1");

  g_autoptr (GByteArray) code = inner_ip (4);
  packet_wrap_pppoe (code, PACKET_PPP_IPV4);
  packet_wrap_ethernet (code, PACKET_ETHERTYPE_PPPOE);
  packet_set_u8 (code, ETH_LEN + 1, 0x09);   /* PADI */
  assert_whole (code, DECODE_MALFORMED, "pppoe",
                "pppoe session code is not 0");

  g_autoptr (GByteArray) length = inner_ip (4);
  packet_wrap_pppoe (length, PACKET_PPP_IPV4);
  packet_wrap_ethernet (length, PACKET_ETHERTYPE_PPPOE);
  packet_set_u16 (length, ETH_LEN + 4, 1500);
  assert_whole (length, DECODE_MALFORMED, "pppoe",
                "pppoe length beyond the frame");
}

static void
test_pppoe_header_cut_is_truncated (void)
{
  g_autoptr (GByteArray) packet = inner_ip (4);
  packet_wrap_pppoe (packet, PACKET_PPP_IPV4);
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_PPPOE);
  assert_snapped (packet, ETH_LEN + 4, "pppoe");
}

/* ---- Nesting, fragments and TCP inside tunnels ------------------------- */

static GByteArray *
nested_ipip (guint n)
{
  GByteArray *packet = inner_ip (4);
  for (guint i = 0; i < n; i++)
    packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_IPIP });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
  return packet;
}

static void
test_nesting_eight_are_decoded_nine_are_unsupported (void)
{
  g_autoptr (GByteArray) eight = nested_ipip (8);
  assert_inner_sip (LINKTYPE_ETHERNET, eight, 4);
  g_autoptr (GByteArray) nine = nested_ipip (9);
  assert_whole (nine, DECODE_UNSUPPORTED, "tunnel",
                "more than 8 nested encapsulations");
}

typedef struct {
  SipscanCounters counters;
  FrameDecoder *decoder;
} Decoder;

static void
decoder_init (Decoder *d)
{
  SipscanOptions options;
  sipscan_options_init (&options);
  memset (&d->counters, 0, sizeof d->counters);
  d->decoder = frame_decoder_new (&options, &d->counters);
}

static void
decoder_decode (Decoder *d, const GByteArray *packet, DecodedFrame *out)
{
  SipscanFrame frame = {
    .number = 1, .linktype = LINKTYPE_ETHERNET, .data = packet->data,
    .caplen = packet->len, .wirelen = packet->len,
  };
  frame_decoder_decode (d->decoder, &frame, out);
}

static void
test_fragments_in_gre_are_reassembled (void)
{
  g_autoptr (GByteArray) datagram = packet_new (sip, SIP_LEN);
  packet_wrap_udp (datagram, 5060, 5080);
  const PacketFragments fragments = { .version = 4, .protocol = PROTO_UDP };
  const gsize cuts[] = { 16 };
  g_autoptr (GPtrArray) packets = packet_split (&fragments, datagram, cuts, 1);
  Decoder d;
  decoder_init (&d);
  DecodedFrame out;
  for (guint i = 0; i < packets->len; i++)
    {
      GByteArray *packet = packets->pdata[i];
      packet_wrap_gre (packet, PACKET_ETHERTYPE_IPV4, PACKET_GRE_KEY);
      wrap_outer_ipv4 (packet, PROTO_GRE);
      decoder_decode (&d, packet, &out);
    }
  assert_verdict (&out, DECODE_PAYLOAD, NULL, NULL);
  g_assert_cmpmem (out.payload, out.payload_len, sip, SIP_LEN);
  assert_endpoints (&out, INNER4_SRC, INNER4_DST);
  g_assert_cmpuint (d.counters.ip_datagrams_reassembled, ==, 1);
  g_assert_cmpuint (d.counters.tunnels_decoded, ==, 2);
  frame_decoder_free (d.decoder);
}

static void
test_tcp_inside_vxlan_has_inner_addresses (void)
{
  g_autoptr (GByteArray) packet = packet_new (sip, SIP_LEN);
  packet_wrap_tcp (packet, 5060, 5080);
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .protocol = PROTO_TCP });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
  packet_wrap_vxlan (packet, 7);
  wrap_outer_udp (packet, PACKET_VXLAN_PORT);
  DecodedFrame out;
  decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_TCP, NULL, NULL);
  g_assert_cmpint (out.transport, ==, SIPSCAN_TRANSPORT_TCP);
  assert_endpoints (&out, INNER4_SRC, INNER4_DST);
  g_assert_cmpmem (out.payload, out.payload_len, sip, SIP_LEN);
}

/* ---- HEP --------------------------------------------------------------- */

#define HEP_SECONDS 1767225600u   /* 2026-01-01 */

static const PacketHep hep4 = {
  .src = "198.51.100.7", .dst = "198.51.100.8", .src_port = 5060,
  .dst_port = 5062, .seconds = HEP_SECONDS, .microseconds = 250000,
};
static const PacketHep hep6 = {
  .src = "2001:db8::7", .dst = "2001:db8::8", .src_port = 5060,
  .dst_port = 5062, .protocol = PROTO_TCP, .seconds = HEP_SECONDS,
  .microseconds = 250000,
};

static GByteArray *
hep_frame (int version, const PacketHep *hep, guint16 port)
{
  GByteArray *packet = packet_new (sip, SIP_LEN);
  if (version == 3)
    packet_wrap_hep3 (packet, hep);
  else
    packet_wrap_hep2 (packet, hep);
  wrap_outer_udp (packet, port);
  return packet;
}

static void
assert_hep_message (const GByteArray *packet, const char *src,
                    const char *dst, SipscanTransport transport)
{
  DecodedFrame out;
  const guint8 *data = decode_whole (LINKTYPE_ETHERNET, packet, &out);
  assert_verdict (&out, DECODE_PAYLOAD, NULL, NULL);
  g_assert_true (out.payload == data + packet->len - SIP_LEN);
  g_assert_cmpmem (out.payload, out.payload_len, sip, SIP_LEN);
  assert_endpoints (&out, src, dst);
  g_assert_cmpint (out.transport, ==, transport);
  g_assert_cmpint (out.time, ==,
                   (SipscanTime) HEP_SECONDS * SIPSCAN_TIME_PER_SECOND
                       + 250000000);
}

static void
test_hep_v2_and_v3_give_original_endpoints_and_time (void)
{
  for (int version = 2; version <= 3; version++)
    {
      g_autoptr (GByteArray) v4 = hep_frame (version, &hep4, 9060);
      assert_hep_message (v4, "198.51.100.7:5060", "198.51.100.8:5062",
                          SIPSCAN_TRANSPORT_UDP);
      g_autoptr (GByteArray) v6 = hep_frame (version, &hep6, 9060);
      assert_hep_message (v6, "[2001:db8::7]:5060", "[2001:db8::8]:5062",
                          SIPSCAN_TRANSPORT_TCP);
    }
}

static void
test_hep_is_recognised_on_any_port (void)
{
  g_autoptr (GByteArray) packet = hep_frame (3, &hep4, 47000);
  assert_hep_message (packet, "198.51.100.7:5060", "198.51.100.8:5062",
                      SIPSCAN_TRANSPORT_UDP);
}

static void
test_hep_non_sip_payload_is_not_sip (void)
{
  PacketHep rtcp = hep4;
  rtcp.payload_type = 5;
  g_autoptr (GByteArray) packet = hep_frame (3, &rtcp, 9060);
  assert_whole (packet, DECODE_NOT_SIP, NULL, NULL);
}

/* Offset of the HEP3 packet in hep_frame's frame, and of its payload
 * chunk's length field for an IPv4 HEP. */
#define HEP_AT (ETH_LEN + IPV4_LEN + UDP_LEN)
#define HEP3_PAYLOAD_CHUNK_AT (HEP_AT + 6 + 7 + 7 + 10 + 10 + 8 + 8 + 10 \
                               + 10 + 7 + 10)

static void
test_hep_chunk_beyond_its_length_is_malformed (void)
{
  g_autoptr (GByteArray) packet = hep_frame (3, &hep4, 9060);
  packet_set_u16 (packet, HEP3_PAYLOAD_CHUNK_AT + 4, 6 + SIP_LEN + 1);
  assert_whole (packet, DECODE_MALFORMED, "hep",
                "hep3 chunk beyond the hep3 length");
}

static void
test_hep_chunk_cut_by_snaplen_is_truncated (void)
{
  g_autoptr (GByteArray) packet = hep_frame (3, &hep4, 9060);
  DecodedFrame out;
  decode_snapped (LINKTYPE_ETHERNET, packet, packet->len - 5, &out);
  assert_verdict (&out, DECODE_TRUNCATED, "hep", "header cut by the snaplen");
}

static void
test_hep_malformed_packets (void)
{
  g_autoptr (GByteArray) below = hep_frame (3, &hep4, 9060);
  packet_set_u16 (below, HEP3_PAYLOAD_CHUNK_AT + 4, 5);
  assert_whole (below, DECODE_MALFORMED, "hep", "hep3 chunk length below 6");

  g_autoptr (GByteArray) size = hep_frame (3, &hep4, 9060);
  packet_set_u16 (size, HEP_AT + 6 + 4, 8);   /* family chunk: 2 bytes */
  assert_whole (size, DECODE_MALFORMED, "hep",
                "hep3 chunk of the wrong size for its type");

  g_autoptr (GByteArray) total = hep_frame (3, &hep4, 9060);
  packet_set_u16 (total, HEP_AT + 4, 2000);
  assert_whole (total, DECODE_MALFORMED, "hep",
                "hep3 length beyond udp payload");

  g_autoptr (GByteArray) no_payload = hep_frame (3, &hep4, 9060);
  packet_set_u16 (no_payload, HEP3_PAYLOAD_CHUNK_AT + 2, 0x0fff);
  assert_whole (no_payload, DECODE_MALFORMED, "hep",
                "hep3 without a payload");

  g_autoptr (GByteArray) compressed = hep_frame (3, &hep4, 9060);
  packet_set_u16 (compressed, HEP3_PAYLOAD_CHUNK_AT + 2, 16);
  assert_whole (compressed, DECODE_UNSUPPORTED, "hep",
                "compressed hep3 payload not decoded");
}

/* ---- Through the analyzer: counters and HEP's clock -------------------- */

typedef struct {
  GPtrArray *stuck;
} Findings;

static void
on_stuck (const SipscanStuckInvite *finding, gpointer data)
{
  Findings *findings = data;
  g_ptr_array_add (findings->stuck, g_memdup2 (finding, sizeof *finding));
}

static void
analyzer_add (SipscanAnalyzer *analyzer, guint64 number, SipscanTime time,
              const GByteArray *packet)
{
  SipscanFrame frame = {
    .number = number, .time = time, .linktype = LINKTYPE_ETHERNET,
    .data = packet->data, .caplen = packet->len, .wirelen = packet->len,
  };
  sipscan_analyzer_add_frame (analyzer, &frame);
}

static GByteArray *
hep_message (const char *text, guint32 seconds, guint32 microseconds,
             gboolean from_callee)
{
  PacketHep hep = hep4;
  hep.seconds = seconds;
  hep.microseconds = microseconds;
  if (from_callee)
    {
      hep.src = hep4.dst;
      hep.dst = hep4.src;
      hep.src_port = hep4.dst_port;
      hep.dst_port = hep4.src_port;
    }
  g_autoptr (GString) crlf = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    g_string_append (crlf, *p == '\n' ? "\r\n" : (char[]) { *p, 0 });
  GByteArray *packet = packet_new (crlf->str, crlf->len);
  packet_wrap_hep3 (packet, &hep);
  wrap_outer_udp (packet, 9060);
  return packet;
}

#define DIALOG \
  "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKhep1\n" \
  "From: <sip:alice@example.com>;tag=a1\n" \
  "To: <sip:bob@example.com>%s\n" \
  "Call-ID: hep-call@198.51.100.7\n" \
  "CSeq: 1 INVITE\n" \
  "Content-Length: 0\n\n"

/* The agent saw the INVITE at 0 s, the 100 at 0.1 s and the 408 at
 * 40.1 s; the collector got them all within a second, 100 s later. The
 * stall is measured on the agent's clock. */
static void
test_hep_timestamp_is_the_message_time (void)
{
  Findings findings = { g_ptr_array_new_with_free_func (g_free) };
  const SipscanSink sink = { .stuck_invite = on_stuck };
  SipscanAnalyzer *analyzer = sipscan_analyzer_new (NULL, &sink, &findings);
  SipscanTime arrival = (SipscanTime) (HEP_SECONDS + 100)
                        * SIPSCAN_TIME_PER_SECOND;
  g_autofree char *trying_text
      = g_strdup_printf ("SIP/2.0 100 Trying\n" DIALOG, "");
  g_autofree char *timeout_text
      = g_strdup_printf ("SIP/2.0 408 Request Timeout\n" DIALOG, ";tag=b1");
  g_autofree char *invite_text = g_strdup_printf (
      "INVITE sip:bob@example.com SIP/2.0\n" DIALOG, "");
  g_autoptr (GByteArray) invite = hep_message (invite_text, HEP_SECONDS, 0,
                                               FALSE);
  g_autoptr (GByteArray) trying = hep_message (trying_text, HEP_SECONDS,
                                               100000, TRUE);
  g_autoptr (GByteArray) timeout = hep_message (timeout_text,
                                                HEP_SECONDS + 40, 100000,
                                                TRUE);
  analyzer_add (analyzer, 1, arrival, invite);
  analyzer_add (analyzer, 2, arrival + 1000, trying);
  analyzer_add (analyzer, 3, arrival + 2000, timeout);
  sipscan_analyzer_finish (analyzer);

  g_assert_cmpuint (findings.stuck->len, ==, 1);
  const SipscanStuckInvite *stuck = findings.stuck->pdata[0];
  SipscanTime agent = (SipscanTime) HEP_SECONDS * SIPSCAN_TIME_PER_SECOND;
  g_assert_cmpint (stuck->invite_time, ==, agent);
  g_assert_cmpint (stuck->trying_time, ==, agent + 100000000);
  g_assert_cmpint (stuck->stall, ==, 40 * SIPSCAN_TIME_PER_SECOND);
  g_assert_cmpint (sipscan_analyzer_first_time (analyzer), ==, agent);
  test_assert_endpoints (&stuck->src, &stuck->dst, "198.51.100.7:5060",
                         "198.51.100.8:5062");
  const SipscanCounters *c = sipscan_analyzer_peek_counters (analyzer);
  g_assert_cmpuint (c->hep_messages, ==, 3);
  g_assert_cmpuint (c->frames_sip, ==, 3);
  sipscan_analyzer_free (analyzer);
  g_ptr_array_unref (findings.stuck);
}

/* A HEP time before the frames seen so far does not move the capture
 * clock back: state is not expired early, and the times stay those the
 * agent gave. */
static void
test_hep_time_going_back_keeps_the_clock (void)
{
  SipscanAnalyzer *analyzer = sipscan_analyzer_new (NULL, NULL, NULL);
  g_autofree char *invite_text = g_strdup_printf (
      "INVITE sip:bob@example.com SIP/2.0\n" DIALOG, "");
  g_autoptr (GByteArray) invite = hep_message (invite_text, HEP_SECONDS, 0,
                                               FALSE);
  g_autoptr (GByteArray) plain = inner_ip (4);
  packet_wrap_ethernet (plain, PACKET_ETHERTYPE_IPV4);
  SipscanTime later = (SipscanTime) (HEP_SECONDS + 10)
                      * SIPSCAN_TIME_PER_SECOND;
  analyzer_add (analyzer, 1, later, plain);
  analyzer_add (analyzer, 2, later + 1000, invite);
  sipscan_analyzer_finish (analyzer);
  g_assert_cmpint (sipscan_analyzer_first_time (analyzer), ==,
                   (SipscanTime) HEP_SECONDS * SIPSCAN_TIME_PER_SECOND);
  g_assert_cmpint (sipscan_analyzer_last_time (analyzer), ==, later);
  const SipscanCounters *c = sipscan_analyzer_peek_counters (analyzer);
  g_assert_cmpuint (c->unanswered_invites, ==, 1);
  sipscan_analyzer_free (analyzer);
}

/* Every frame in one frames_* counter; tunnels_decoded counts frames,
 * not encapsulations. */
static void
test_counters_count_frames_through_tunnels_once (void)
{
  SipscanAnalyzer *analyzer = sipscan_analyzer_new (NULL, NULL, NULL);
  g_autoptr (GByteArray) gre_in_ipip = inner_ip (4);
  packet_wrap_gre (gre_in_ipip, PACKET_ETHERTYPE_IPV4, 0);
  packet_wrap_ipv4 (gre_in_ipip, &(PacketIpv4) { .protocol = PROTO_GRE });
  wrap_outer_ipv4 (gre_in_ipip, PROTO_IPIP);
  g_autoptr (GByteArray) nine = nested_ipip (9);
  g_autoptr (GByteArray) hep = hep_frame (3, &hep4, 9060);
  g_autoptr (GByteArray) plain = inner_ip (4);
  packet_wrap_ethernet (plain, PACKET_ETHERTYPE_IPV4);
  analyzer_add (analyzer, 1, 1000, gre_in_ipip);
  analyzer_add (analyzer, 2, 2000, nine);
  analyzer_add (analyzer, 3, 3000, hep);
  analyzer_add (analyzer, 4, 4000, plain);
  sipscan_analyzer_finish (analyzer);
  const SipscanCounters *c = sipscan_analyzer_peek_counters (analyzer);
  g_assert_cmpuint (c->frames, ==, 4);
  /* The message has no headers: SIP, but malformed. */
  g_assert_cmpuint (c->frames_malformed, ==, 3);
  g_assert_cmpuint (c->frames_unsupported, ==, 1);
  g_assert_cmpuint (c->tunnels_decoded, ==, 2);
  g_assert_cmpuint (c->hep_messages, ==, 1);
  sipscan_analyzer_free (analyzer);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tunnels/ipip/every_version_pair_gives_inner_addresses",
                   test_ipip_every_version_pair_gives_inner_addresses);
  g_test_add_func ("/tunnels/ipip/inner_header_cut_is_truncated",
                   test_ipip_inner_header_cut_is_truncated);
  g_test_add_func ("/tunnels/ipip/empty_inner_packet_is_malformed",
                   test_ipip_empty_inner_packet_is_malformed);
  g_test_add_func ("/tunnels/gre/ipv4_inner_sip_has_inner_addresses",
                   test_gre_ipv4_inner_sip_has_inner_addresses);
  g_test_add_func ("/tunnels/gre/key_sequence_and_checksum_are_skipped",
                   test_gre_key_sequence_and_checksum_are_skipped);
  g_test_add_func ("/tunnels/gre/transparent_ethernet_bridging",
                   test_gre_transparent_ethernet_bridging);
  g_test_add_func ("/tunnels/gre/erspan_every_type_gives_the_mirrored_frame",
                   test_gre_erspan_every_type_gives_the_mirrored_frame);
  g_test_add_func ("/tunnels/gre/erspan_version_mismatch_is_malformed",
                   test_gre_erspan_version_mismatch_is_malformed);
  g_test_add_func ("/tunnels/gre/erspan_header_cut_is_truncated",
                   test_gre_erspan_header_cut_is_truncated);
  g_test_add_func ("/tunnels/gre/pptp_carries_ppp_with_or_without_hdlc_bytes",
                   test_gre_pptp_carries_ppp_with_or_without_hdlc_bytes);
  g_test_add_func ("/tunnels/gre/pptp_variants", test_gre_pptp_variants);
  g_test_add_func ("/tunnels/gre/version_above_1_is_malformed",
                   test_gre_version_above_1_is_malformed);
  g_test_add_func ("/tunnels/gre/source_routing_is_unsupported",
                   test_gre_source_routing_is_unsupported);
  g_test_add_func ("/tunnels/gre/"
                   "options_cut_is_truncated_and_missing_is_malformed",
                   test_gre_options_cut_is_truncated_and_missing_is_malformed);
  g_test_add_func ("/tunnels/gre/other_protocol_is_not_sip",
                   test_gre_other_protocol_is_not_sip);
  g_test_add_func ("/tunnels/vxlan/inner_vlan_frame_is_decoded",
                   test_vxlan_inner_vlan_frame_is_decoded);
  g_test_add_func ("/tunnels/vxlan/i_flag_clear_is_malformed",
                   test_vxlan_i_flag_clear_is_malformed);
  g_test_add_func ("/tunnels/vxlan/header_cut_is_truncated",
                   test_vxlan_header_cut_is_truncated);
  g_test_add_func ("/tunnels/gtpu/g_pdu_carries_ipv4_and_ipv6",
                   test_gtpu_g_pdu_carries_ipv4_and_ipv6);
  g_test_add_func ("/tunnels/gtpu/extension_headers_are_skipped",
                   test_gtpu_extension_headers_are_skipped);
  g_test_add_func ("/tunnels/gtpu/echo_request_is_not_sip",
                   test_gtpu_echo_request_is_not_sip);
  g_test_add_func ("/tunnels/gtpu/malformed_headers",
                   test_gtpu_malformed_headers);
  g_test_add_func ("/tunnels/gtpu/extension_cut_is_truncated",
                   test_gtpu_extension_cut_is_truncated);
  g_test_add_func ("/tunnels/mpls/three_labels_then_ipv4_one_then_ipv6",
                   test_mpls_three_labels_then_ipv4_one_then_ipv6);
  g_test_add_func ("/tunnels/mpls/in_gre_is_decoded",
                   test_mpls_in_gre_is_decoded);
  g_test_add_func ("/tunnels/mpls/pseudowire_control_word_is_unsupported",
                   test_mpls_pseudowire_control_word_is_unsupported);
  g_test_add_func ("/tunnels/mpls/"
                   "stack_without_bottom_is_malformed_or_truncated",
                   test_mpls_stack_without_bottom_is_malformed_or_truncated);
  g_test_add_func ("/tunnels/pppoe/session_carries_ipv4_and_ipv6",
                   test_pppoe_session_carries_ipv4_and_ipv6);
  g_test_add_func ("/tunnels/pppoe/lcp_is_not_sip",
                   test_pppoe_lcp_is_not_sip);
  g_test_add_func ("/tunnels/pppoe/malformed_headers",
                   test_pppoe_malformed_headers);
  g_test_add_func ("/tunnels/pppoe/header_cut_is_truncated",
                   test_pppoe_header_cut_is_truncated);
  g_test_add_func ("/tunnels/nesting/eight_are_decoded_nine_are_unsupported",
                   test_nesting_eight_are_decoded_nine_are_unsupported);
  g_test_add_func ("/tunnels/fragments/in_gre_are_reassembled",
                   test_fragments_in_gre_are_reassembled);
  g_test_add_func ("/tunnels/tcp/inside_vxlan_has_inner_addresses",
                   test_tcp_inside_vxlan_has_inner_addresses);
  g_test_add_func ("/tunnels/counters/count_frames_through_tunnels_once",
                   test_counters_count_frames_through_tunnels_once);
  g_test_add_func ("/hep/v2_and_v3_give_original_endpoints_and_time",
                   test_hep_v2_and_v3_give_original_endpoints_and_time);
  g_test_add_func ("/hep/is_recognised_on_any_port",
                   test_hep_is_recognised_on_any_port);
  g_test_add_func ("/hep/non_sip_payload_is_not_sip",
                   test_hep_non_sip_payload_is_not_sip);
  g_test_add_func ("/hep/chunk_beyond_its_length_is_malformed",
                   test_hep_chunk_beyond_its_length_is_malformed);
  g_test_add_func ("/hep/chunk_cut_by_snaplen_is_truncated",
                   test_hep_chunk_cut_by_snaplen_is_truncated);
  g_test_add_func ("/hep/malformed_packets", test_hep_malformed_packets);
  g_test_add_func ("/hep/timestamp_is_the_message_time",
                   test_hep_timestamp_is_the_message_time);
  g_test_add_func ("/hep/time_going_back_keeps_the_clock",
                   test_hep_time_going_back_keeps_the_clock);
  return g_test_run ();
}
