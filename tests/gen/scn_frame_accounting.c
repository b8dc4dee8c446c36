/* frame_accounting.pcap: one or two frames of every kind sipscan counts,
 * each with the kind the generator knows it to be. */
#include "scenario.h"

#include <string.h>

#define SERVER "192.0.2.1"
#define PHONE "192.0.2.30"

static const SipAgent server = {
  NULL, NULL, "example.com", SERVER, 5060, "kamailio (5.7.2 (x86_64/linux))",
};
static const SipAgent phone = {
  "1030", NULL, "example.com", PHONE, 5060, "Yealink SIP-T46S 66.86.0.15",
};
static const SipAgent odd_port_a = {
  "7001", NULL, "example.net", "198.51.100.8", 7777, "Linphone/5.2.0",
};
static const SipAgent odd_port_b = {
  NULL, NULL, "example.net", "198.51.100.9", 7777, "OpenSIPS (3.4.3)",
};

static CapturePacket *
add_frame (Wire *wire, gint64 time, GByteArray *frame, FrameKind kind)
{
  g_autoptr (GByteArray) owned G_GNUC_UNUSED = frame;
  return capture_add (wire->capture, time, frame->data, frame->len,
                      frame->len, kind);
}

/* A frame carrying an IP packet of protocol from src to dst. */
static GByteArray *
ip_frame (Wire *wire, const char *src_ip, const char *dst_ip, guint8 protocol,
          const guint8 *payload, gsize len)
{
  PktAddr src = pkt_addr (src_ip), dst = pkt_addr (dst_ip);
  g_autoptr (GByteArray) ip = wire_ip_packet (wire, &src, &dst, protocol,
                                              payload, len);
  return wire_frame_ip (wire, &src, &dst, ip->data, ip->len);
}

static void
put_dns_name (GByteArray *out, const char *name)
{
  g_auto (GStrv) labels = g_strsplit (name, ".", -1);
  for (guint i = 0; labels[i]; i++)
    {
      guint8 len = strlen (labels[i]);
      g_byte_array_append (out, &len, 1);
      g_byte_array_append (out, (const guint8 *) labels[i], len);
    }
  g_byte_array_append (out, (const guint8 *) "", 1);
}

static void
put16 (GByteArray *out, guint16 v)
{
  guint8 b[2] = { v >> 8, v & 0xff };
  g_byte_array_append (out, b, 2);
}

/* A DNS SRV query for _sip._udp.example.com (RFC 1035, RFC 2782), or
 * its answer. */
static GByteArray *
dns_message (gboolean answer)
{
  GByteArray *out = g_byte_array_new ();
  put16 (out, 0x4b1d);
  put16 (out, answer ? 0x8180 : 0x0100);
  put16 (out, 1);
  put16 (out, answer ? 1 : 0);
  put16 (out, 0);
  put16 (out, 0);
  put_dns_name (out, "_sip._udp.example.com");
  put16 (out, 33);
  put16 (out, 1);
  if (answer)
    {
      g_autoptr (GByteArray) target = g_byte_array_new ();
      put_dns_name (target, "sip.example.com");
      put16 (out, 0xc00c);
      put16 (out, 33);
      put16 (out, 1);
      put16 (out, 0);
      put16 (out, 300);
      put16 (out, 6 + target->len);
      put16 (out, 10);
      put16 (out, 60);
      put16 (out, 5060);
      g_byte_array_append (out, target->data, target->len);
    }
  return out;
}

static GBytes *
render_request (const SipAgent *from, const SipAgent *to, const char *method,
                const char *transport, const char *seed, const char *body)
{
  Call c;
  g_autofree char *to_uri = sip_agent_aor (to);
  call_init (&c, NULL, from, to, to_uri, seed);
  SipMsg *msg = call_new_request (&c, method);
  if (strcmp (transport, "UDP") != 0)
    {
      g_autofree char *via = g_strdup (sip_msg_get (msg, "Via", 0));
      memcpy (strstr (via, "UDP"), transport, 3);
      sip_msg_set (msg, "Via", via);
    }
  if (body)
    sip_msg_set_body (msg, "text/plain", body);
  GBytes *bytes = sip_msg_render (msg);
  sip_msg_free (msg);
  call_clear (&c);
  return bytes;
}

static void
sip_frames (Wire *wire)
{
  Call c;

  call_init (&c, wire, &server, &phone, "sip:1030@example.com", "acct/5060");
  call_request (&c, T (100), "OPTIONS");
  call_reply (&c, T (104), 200);
  call_clear (&c);
  call_init (&c, wire, &odd_port_a, &odd_port_b, "sip:example.net",
             "acct/7777");
  call_request (&c, T (200), "OPTIONS");
  call_reply (&c, T (203), 200);
  call_clear (&c);

  /* Padding after the message: Content-Length says where it ends. */
  g_autoptr (GBytes) message = render_request (&phone, &server, "OPTIONS",
                                               "UDP", "acct/trailing", NULL);
  g_autoptr (GByteArray) padded = g_byte_array_new ();
  gsize len;
  const guint8 *data = g_bytes_get_data (message, &len);
  g_byte_array_append (padded, data, len);
  g_byte_array_append (padded, (const guint8 *) "\0\0\0\0\0\0\0\0", 8);
  wire_send_udp (wire, T (300), PHONE, 5060, SERVER, 5060, padded->data,
                 padded->len, FRAME_SIP);
}

static void
not_sip_frames (Wire *wire)
{
  static const char http[] = "GET / HTTP/1.1\r\n"
                             "Host: 192.0.2.1:5060\r\n"
                             "User-Agent: curl/7.88.1\r\n"
                             "Accept: */*\r\n\r\n";
  static const char keep_alive[] = "\r\n\r\n";
  guint8 phone_mac[6], server_mac[6];
  const guint8 broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
  const guint8 unknown[6] = { 0 };
  PktAddr phone_addr = pkt_addr (PHONE), server_addr = pkt_addr (SERVER);
  guint8 ping[48];

  wire_send_udp (wire, T (400), "203.0.113.77", 40112, SERVER, 5060,
                 (const guint8 *) http, strlen (http), FRAME_NOT_SIP);

  g_autoptr (GByteArray) query = dns_message (FALSE);
  g_autoptr (GByteArray) answer = dns_message (TRUE);
  wire_send_udp (wire, T (500), PHONE, 53211, "192.0.2.53", 53, query->data,
                 query->len, FRAME_NOT_SIP);
  wire_send_udp (wire, T (501), "192.0.2.53", 53, PHONE, 53211, answer->data,
                 answer->len, FRAME_NOT_SIP);

  wire_mac_for (&phone_addr, phone_mac);
  wire_mac_for (&server_addr, server_mac);
  g_autoptr (GByteArray) who_has = pkt_arp (1, phone_mac, &phone_addr,
                                            unknown, &server_addr);
  g_autoptr (GByteArray) is_at = pkt_arp (2, server_mac, &server_addr,
                                          phone_mac, &phone_addr);
  add_frame (wire, T (600),
             pkt_ethernet (broadcast, phone_mac, NULL, 0, PKT_ETHERTYPE_ARP,
                           who_has->data, who_has->len),
             FRAME_NOT_SIP);
  add_frame (wire, T (601),
             pkt_ethernet (phone_mac, server_mac, NULL, 0, PKT_ETHERTYPE_ARP,
                           is_at->data, is_at->len),
             FRAME_NOT_SIP);

  for (guint i = 0; i < sizeof ping; i++)
    ping[i] = 0x10 + i;
  g_autoptr (GByteArray) request = pkt_icmp_echo (FALSE, 0x0c21, 1, ping,
                                                  sizeof ping);
  g_autoptr (GByteArray) reply = pkt_icmp_echo (TRUE, 0x0c21, 1, ping,
                                                sizeof ping);
  add_frame (wire, T (700),
             ip_frame (wire, PHONE, SERVER, PKT_PROTO_ICMP, request->data,
                       request->len),
             FRAME_NOT_SIP);
  add_frame (wire, T (701),
             ip_frame (wire, SERVER, PHONE, PKT_PROTO_ICMP, reply->data,
                       reply->len),
             FRAME_NOT_SIP);

  wire_send_udp (wire, T (800), PHONE, 5060, SERVER, 5060,
                 (const guint8 *) keep_alive, strlen (keep_alive),
                 FRAME_NOT_SIP);
}

static void
malformed_frames (Wire *wire)
{
  g_autoptr (GBytes) message = render_request (&phone, &server, "OPTIONS",
                                               "UDP", "acct/ihl", NULL);
  gsize len;
  const guint8 *data = g_bytes_get_data (message, &len);
  PktAddr src = pkt_addr (PHONE), dst = pkt_addr (SERVER);
  g_autoptr (GByteArray) udp = pkt_udp (&src, &dst, 5060, 5060, data, len);
  PktIpv4 ip = {
    .src = src, .dst = dst, .protocol = PKT_PROTO_UDP, .id = 0x0bad,
    .ihl_override = 3,
  };
  g_autoptr (GByteArray) packet = pkt_ipv4 (&ip, udp->data, udp->len);
  add_frame (wire, T (900),
             wire_frame_ip (wire, &src, &dst, packet->data, packet->len),
             FRAME_MALFORMED);

  /* Two spaces after the method: the Request-Line grammar (RFC 3261
   * §25.1) allows exactly one. */
  static const char bad[] = "INVITE  sip:x SIP/2.0\r\n"
                            "Via: SIP/2.0/UDP 192.0.2.30:5060;"
                            "branch=z9hG4bK7f1c0a55e2\r\n"
                            "Max-Forwards: 70\r\n"
                            "From: <sip:1030@example.com>;tag=58aa01\r\n"
                            "To: <sip:x>\r\n"
                            "Call-ID: 4f1e2c9a0b7d@192.0.2.30\r\n"
                            "CSeq: 1 INVITE\r\n"
                            "Content-Length: 0\r\n\r\n";
  wire_send_udp (wire, T (1000), PHONE, 5060, SERVER, 5060,
                 (const guint8 *) bad, strlen (bad), FRAME_MALFORMED);
}

static void
truncated_frames (Wire *wire)
{
  g_autoptr (GBytes) message = render_request (&phone, &server, "OPTIONS",
                                               "UDP", "acct/cut", NULL);
  gsize len;
  const guint8 *data = g_bytes_get_data (message, &len);
  PktAddr src = pkt_addr (PHONE), dst = pkt_addr (SERVER);
  g_autoptr (GByteArray) udp = pkt_udp (&src, &dst, 5060, 5060, data, len);
  g_autoptr (GByteArray) ip1 = wire_ip_packet (wire, &src, &dst,
                                               PKT_PROTO_UDP, udp->data,
                                               udp->len);
  g_autoptr (GByteArray) frame1 = wire_frame_ip (wire, &src, &dst, ip1->data,
                                                 ip1->len);
  g_autoptr (GByteArray) ip2 = wire_ip_packet (wire, &src, &dst,
                                               PKT_PROTO_UDP, udp->data,
                                               udp->len);
  g_autoptr (GByteArray) frame2 = wire_frame_ip (wire, &src, &dst, ip2->data,
                                                 ip2->len);

  /* Cut 10 bytes into the IPv4 header. */
  capture_add (wire->capture, T (1100), frame1->data, 14 + 10, frame1->len,
               FRAME_TRUNCATED);
  /* Cut 60 bytes into the SIP message. */
  capture_add (wire->capture, T (1200), frame2->data, 14 + 20 + 8 + 60,
               frame2->len, FRAME_TRUNCATED);
}

/* A body that makes the datagram larger than the link MTU. */
static char *
long_text (void)
{
  GString *text = g_string_new (NULL);
  for (guint i = 0; text->len < 1700; i++)
    g_string_append_printf (text, "line %03u of a long instant message\r\n",
                            i);
  return g_string_free (text, FALSE);
}

/* The fragment that completes a datagram carries its message; the others
 * are held for reassembly. */
static FrameKind
fragment_kind (guint i, guint n)
{
  return i + 1 < n ? FRAME_IP_FRAGMENT : FRAME_SIP;
}

/* The first n_captured of fragments (IP packets from src to dst, freed
 * with the array), 20 µs apart. */
static void
add_fragments (Wire *wire, gint64 time, const PktAddr *src,
               const PktAddr *dst, GPtrArray *fragments, guint n_captured)
{
  g_ptr_array_set_free_func (fragments, (GDestroyNotify) g_byte_array_unref);
  for (guint i = 0; i < n_captured; i++)
    {
      const GByteArray *fragment = fragments->pdata[i];
      add_frame (wire, time + US (20 * i),
                 wire_frame_ip (wire, src, dst, fragment->data,
                                fragment->len),
                 fragment_kind (i, fragments->len));
    }
}

/* A MESSAGE in two IPv4 fragments, of which the capture kept the first
 * n_captured. */
static void
send_fragmented_ipv4 (Wire *wire, gint64 time, const char *seed, guint16 id,
                      const char *body, guint n_captured)
{
  g_autoptr (GBytes) message = render_request (&phone, &server, "MESSAGE",
                                               "UDP", seed, body);
  gsize len;
  const guint8 *data = g_bytes_get_data (message, &len);
  PktAddr src = pkt_addr (PHONE), dst = pkt_addr (SERVER);
  g_autoptr (GByteArray) udp = pkt_udp (&src, &dst, 5060, 5060, data, len);
  PktIpv4 ip4 = {
    .src = src, .dst = dst, .protocol = PKT_PROTO_UDP, .id = id,
  };
  g_autoptr (GPtrArray) fragments = pkt_ipv4_fragments (&ip4, udp->data,
                                                        udp->len, 1480);
  g_assert (fragments->len == 2);
  add_fragments (wire, time, &src, &dst, fragments, n_captured);
}

static void
fragment_frames (Wire *wire)
{
  static const SipAgent phone6 = {
    "1031", NULL, "example.com", "2001:db8::31", 5060, "Linphone/5.2.0",
  };
  static const SipAgent server6 = {
    NULL, NULL, "example.com", "2001:db8::1", 5060, "kamailio",
  };
  g_autofree char *body = long_text ();
  gsize len;
  const guint8 *data;

  send_fragmented_ipv4 (wire, T (1300), "acct/frag4", 0x2b7e, body, 2);
  /* One whose last fragment the capture lost: held, and counted
   * incomplete when the capture ends. */
  send_fragmented_ipv4 (wire, T (1450), "acct/fraglost", 0x2b7f, body, 1);

  g_autoptr (GBytes) message6 = render_request (&phone6, &server6, "MESSAGE",
                                                "UDP", "acct/frag6", body);
  data = g_bytes_get_data (message6, &len);
  PktAddr src6 = pkt_addr (phone6.ip), dst6 = pkt_addr (server6.ip);
  g_autoptr (GByteArray) udp6 = pkt_udp (&src6, &dst6, 5060, 5060, data,
                                         len);
  PktIpv6 ip6 = { .src = src6, .dst = dst6, .protocol = PKT_PROTO_UDP };
  g_autoptr (GPtrArray) fragments6 = pkt_ipv6_fragments (&ip6, 0x5c000042,
                                                         udp6->data,
                                                         udp6->len, 1232);
  g_assert (fragments6->len == 2);
  add_fragments (wire, T (1400), &src6, &dst6, fragments6, 2);
}

static void
other_transport_frames (Wire *wire)
{
  static const SipAgent tcp_phone = {
    "1032", NULL, "example.com", "192.0.2.32", 49822, "Zoiper rv2.10.19.0",
  };
  g_autoptr (GBytes) message = render_request (&tcp_phone, &server,
                                               "OPTIONS", "TCP", "acct/tcp",
                                               NULL);
  gsize len;
  const guint8 *data = g_bytes_get_data (message, &len);
  PktAddr src = pkt_addr (tcp_phone.ip), dst = pkt_addr (SERVER);
  /* A connection joined in the middle: the segment holds a whole
   * message (SIP), the server's bare ACK none (TCP). */
  g_autoptr (GByteArray) tcp = pkt_tcp (&src, &dst, tcp_phone.port, 5060,
                                        0x1e2a4c01, 0x7b3d9f01,
                                        PKT_TCP_PSH | PKT_TCP_ACK, data, len);
  add_frame (wire, T (1500),
             ip_frame (wire, tcp_phone.ip, SERVER, PKT_PROTO_TCP, tcp->data,
                       tcp->len),
             FRAME_SIP);
  g_autoptr (GByteArray) ack = pkt_tcp (&dst, &src, 5060, tcp_phone.port,
                                        0x7b3d9f01, 0x1e2a4c01 + len,
                                        PKT_TCP_ACK, NULL, 0);
  add_frame (wire, T (1500) + US (300),
             ip_frame (wire, SERVER, tcp_phone.ip, PKT_PROTO_TCP, ack->data,
                       ack->len),
             FRAME_TCP);

  /* GRE (RFC 2784) carrying an ICMP echo between two tunnel ends: the
   * tunnel is decoded, what it carries is not SIP. */
  guint8 ping[32] = { 0 };
  g_autoptr (GByteArray) echo = pkt_icmp_echo (FALSE, 0x0d01, 7, ping,
                                               sizeof ping);
  PktAddr inner_src = pkt_addr ("192.0.2.50");
  PktAddr inner_dst = pkt_addr ("198.51.100.50");
  PktIpv4 inner = {
    .src = inner_src, .dst = inner_dst, .protocol = PKT_PROTO_ICMP,
    .id = 0x4411,
  };
  g_autoptr (GByteArray) inner_packet = pkt_ipv4 (&inner, echo->data,
                                                  echo->len);
  g_autoptr (GByteArray) gre = pkt_gre (PKT_ETHERTYPE_IPV4,
                                        inner_packet->data,
                                        inner_packet->len);
  CapturePacket *tunneled
      = add_frame (wire, T (1600),
                   ip_frame (wire, "203.0.113.1", "203.0.113.2",
                             PKT_PROTO_GRE, gre->data, gre->len),
                   FRAME_NOT_SIP);
  tunneled->tunneled = TRUE;
}

gboolean
scenario_frame_accounting (const char *outdir, GError **error)
{
  g_autoptr (Capture) capture = capture_new ("frame_accounting.pcap",
                                             CAPTURE_PCAP, LINKTYPE_ETHERNET);
  g_autoptr (TruthWriter) truth = truth_writer_new ();
  Wire wire;

  wire_init (&wire, capture, WIRE_ETHERNET);
  sip_frames (&wire);
  not_sip_frames (&wire);
  malformed_frames (&wire);
  truncated_frames (&wire);
  fragment_frames (&wire);
  other_transport_frames (&wire);
  return scenario_save (outdir, "frame_accounting.truth.jsonl", truth,
                        &capture, 1, error);
}
