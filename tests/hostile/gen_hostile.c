/* Hostile captures, streamed as they are generated (nothing big is kept
 * in memory or committed): one subcommand per case of
 * tests/hostile/hostile.sh, which says what each must do to sipscan.
 *   gen_hostile CASE COUNT OUT     (OUT "-": standard output)
 * COUNT scales the flood; "records N" goes to standard error. */
#include "packet_builder.h"
#include "pcap_stream.h"
#include "pcapng_writer.h"

#include <stdlib.h>
#include <string.h>

#define LINKTYPE_ETHERNET 1
#define LINKTYPE_RAW 101
#define LINKTYPE_LINUX_SLL 113
#define SIP_PORT 5060
#define ETHERNET_MTU_PAYLOAD 1480

/* An address of family 4 or 6 numbered n within a /16 (or /96). */
static PktAddr
numbered (guint family, guint8 net, guint32 n)
{
  PktAddr addr = { .family = family };
  if (family == 4)
    {
      addr.bytes[0] = 10;
      addr.bytes[1] = net;
      addr.bytes[2] = (n >> 8) & 0xff;
      addr.bytes[3] = n & 0xff;
      if (n > 0xffff)
        addr.bytes[1] = (guint8) (net + (n >> 16));
    }
  else
    {
      addr.bytes[0] = 0x20;
      addr.bytes[1] = 0x01;
      addr.bytes[2] = 0x0d;
      addr.bytes[3] = 0xb8;
      addr.bytes[11] = net;
      addr.bytes[12] = n >> 24;
      addr.bytes[13] = (n >> 16) & 0xff;
      addr.bytes[14] = (n >> 8) & 0xff;
      addr.bytes[15] = n & 0xff;
    }
  return addr;
}

static GByteArray *
ip_packet (const PktAddr *src, const PktAddr *dst, guint8 protocol,
           GByteArray *payload)
{
  GByteArray *packet;
  if (src->family == 4)
    {
      PktIpv4 ip = { .src = *src, .dst = *dst, .protocol = protocol };
      packet = pkt_ipv4 (&ip, payload->data, payload->len);
    }
  else
    {
      PktIpv6 ip = { .src = *src, .dst = *dst, .protocol = protocol };
      packet = pkt_ipv6 (&ip, payload->data, payload->len);
    }
  g_byte_array_unref (payload);
  return packet;
}

/* A UDP datagram in one IP packet, or in IPv4 fragments when it is
 * larger than an Ethernet MTU. */
static void
write_udp (PcapStream *out, gint64 time, const PktAddr *src,
           const PktAddr *dst, const GString *message)
{
  GByteArray *udp = pkt_udp (src, dst, SIP_PORT, SIP_PORT,
                             (const guint8 *) message->str, message->len);
  if (udp->len <= ETHERNET_MTU_PAYLOAD)
    {
      pcap_stream_write (out, time, ip_packet (src, dst, PKT_PROTO_UDP, udp));
      return;
    }
  PktIpv4 ip = { .src = *src, .dst = *dst, .protocol = PKT_PROTO_UDP,
                 .id = 7 };
  pcap_stream_write_all (out, time, pkt_ipv4_fragments (
                                        &ip, udp->data, udp->len,
                                        ETHERNET_MTU_PAYLOAD));
  g_byte_array_unref (udp);
}

static void
write_tcp (PcapStream *out, gint64 time, const PktAddr *src,
           const PktAddr *dst, guint16 sport, guint32 seq, guint8 flags,
           const guint8 *data, gsize len)
{
  pcap_stream_write (out, time,
                     ip_packet (src, dst, PKT_PROTO_TCP,
                                pkt_tcp (src, dst, sport, SIP_PORT, seq, 0,
                                         flags, data, len)));
}

/* A TCP connection's client side: SYN, message in segments, FIN. */
static void
write_tcp_stream (PcapStream *out, gint64 *time, const PktAddr *src,
                  const PktAddr *dst, guint16 sport, const GString *bytes)
{
  guint32 seq = 1000;
  write_tcp (out, (*time)++, src, dst, sport, seq++, PKT_TCP_SYN, NULL, 0);
  for (gsize at = 0; at < bytes->len; at += ETHERNET_MTU_PAYLOAD - 20)
    {
      gsize n = MIN (bytes->len - at, (gsize) ETHERNET_MTU_PAYLOAD - 20);
      write_tcp (out, (*time)++, src, dst, sport, seq,
                 PKT_TCP_ACK | PKT_TCP_PSH, (const guint8 *) bytes->str + at,
                 n);
      seq += (guint32) n;
    }
  write_tcp (out, (*time)++, src, dst, sport, seq, PKT_TCP_FIN | PKT_TCP_ACK,
             NULL, 0);
}

/* ---- SIP ------------------------------------------------------------- */

static char *
host_of (const PktAddr *addr)
{
  if (addr->family == 4)
    return g_strdup_printf ("%u.%u.%u.%u", addr->bytes[0], addr->bytes[1],
                            addr->bytes[2], addr->bytes[3]);
  return g_strdup_printf ("[2001:db8::%x:%x]", addr->bytes[11],
                          (addr->bytes[12] << 24 | addr->bytes[13] << 16
                           | addr->bytes[14] << 8 | addr->bytes[15]));
}

/* The headers a request and its responses share, numbered n. */
static void
append_dialog (GString *msg, const PktAddr *client, guint32 n,
               const char *method, const char *to_tag)
{
  g_autofree char *host = host_of (client);
  g_string_append_printf (
      msg,
      "Via: SIP/2.0/UDP %s:5060;branch=z9hG4bK-%s-%u\r\n"
      "From: <sip:caller%u@example.com>;tag=f%u\r\n"
      "To: <sip:callee%u@example.com>%s%s\r\n"
      "Call-ID: hostile-%u@%s\r\n"
      "CSeq: 1 %s\r\n",
      host, method, n, n, n, n, to_tag ? ";tag=" : "", to_tag ? to_tag : "",
      n, host, method);
}

static GString *
request (const char *method, const PktAddr *client, guint32 n,
         const char *extra)
{
  GString *msg = g_string_new (NULL);
  g_string_printf (msg, "%s sip:callee%u@example.com SIP/2.0\r\n", method, n);
  append_dialog (msg, client, n, method, NULL);
  g_string_append_printf (msg, "Max-Forwards: 70\r\n%sContent-Length: 0\r\n\r\n",
                          extra ? extra : "");
  return msg;
}

static GString *
response (guint status, const char *phrase, const char *method,
          const PktAddr *client, guint32 n, const char *extra)
{
  GString *msg = g_string_new (NULL);
  g_string_printf (msg, "SIP/2.0 %u %s\r\n", status, phrase);
  append_dialog (msg, client, n, method, status > 100 ? "s1" : NULL);
  g_string_append_printf (msg, "%sContent-Length: 0\r\n\r\n",
                          extra ? extra : "");
  return msg;
}

static void
send_udp (PcapStream *out, gint64 time, const PktAddr *src,
          const PktAddr *dst, GString *message)
{
  write_udp (out, time, src, dst, message);
  g_string_free (message, TRUE);
}

/* ---- Cases ------------------------------------------------------------ */

/* count INVITEs, each with a new Call-ID, answered by 100 Trying only;
 * 100 µs apart, so the tables fill long before state_timeout. */
static void
case_invites (PcapStream *out, guint32 count)
{
  PktAddr server = numbered (4, 200, 1);
  for (guint32 i = 0; i < count; i++)
    {
      PktAddr client = numbered (4, 1, i % 50000);
      gint64 t = 1000000 + (gint64) i * 100;
      send_udp (out, t, &client, &server, request ("INVITE", &client, i, NULL));
      send_udp (out, t + 10, &server, &client,
                response (100, "Trying", "INVITE", &client, i, NULL));
    }
}

/* count REGISTERs, each from its own address, challenged with 401 and
 * never answered. The first half 1 ms apart: the challenges fill their
 * table within state_timeout (300 s); the second 10 ms apart: they
 * expire, each then an abandoned attempt, in per-source rows. */
static void
case_registers (PcapStream *out, guint32 count)
{
  PktAddr server = numbered (4, 200, 1);
  gint64 t = 1000000;
  for (guint32 i = 0; i < count; i++)
    {
      PktAddr client = numbered (4, 1, i);
      t += i < count / 2 ? 1000 : 10000;
      g_autofree char *challenge = g_strdup_printf (
          "WWW-Authenticate: Digest realm=\"example.com\", "
          "nonce=\"%08x%08x\", algorithm=MD5, qop=\"auth\"\r\n",
          i, i ^ 0x5a5a5a5au);
      send_udp (out, t, &client, &server,
                request ("REGISTER", &client, i, NULL));
      send_udp (out, t + 10, &server, &client,
                response (401, "Unauthorized", "REGISTER", &client, i,
                          challenge));
    }
}

/* count first fragments of datagrams that never complete, each a full
 * MTU, from addresses of family 4 or 6. */
static void
case_fragments (PcapStream *out, guint family, guint32 count)
{
  static guint8 datagram[3000];
  PktAddr dst = numbered (family, 200, 1);
  for (guint32 i = 0; i < count; i++)
    {
      PktAddr src = numbered (family, 1, i >> 16);
      GPtrArray *fragments;
      if (family == 4)
        {
          PktIpv4 ip = { .src = src, .dst = dst, .protocol = PKT_PROTO_UDP,
                         .id = (guint16) i };
          fragments = pkt_ipv4_fragments (&ip, datagram, sizeof datagram,
                                          ETHERNET_MTU_PAYLOAD);
        }
      else
        {
          PktIpv6 ip = { .src = src, .dst = dst, .protocol = PKT_PROTO_UDP };
          fragments = pkt_ipv6_fragments (&ip, i, datagram, sizeof datagram,
                                          ETHERNET_MTU_PAYLOAD - 8);
        }
      pcap_stream_write (out, 1000000 + i, g_ptr_array_steal_index (fragments, 0));
      g_ptr_array_set_free_func (fragments, (GDestroyNotify) g_byte_array_unref);
      g_ptr_array_free (fragments, TRUE);
    }
}

/* count streams whose data lies far ahead of a hole that never fills,
 * their sequence numbers wrapping past 2^32; one stream holds more than a
 * stream's buffer ahead, one a segment almost 2^31 ahead. */
static void
case_tcp_gaps (PcapStream *out, guint32 count)
{
  static guint8 data[1400];
  memset (data, 'A', sizeof data);
  PktAddr server = numbered (4, 200, 1);
  gint64 t = 1000000;
  for (guint32 i = 0; i < count; i++)
    {
      PktAddr client = numbered (4, 1, i / 60000);
      guint16 port = (guint16) (1024 + i % 60000);
      guint32 isn = 0xfffffff0u - i;
      write_tcp (out, t++, &client, &server, port, isn, PKT_TCP_SYN, NULL, 0);
      write_tcp (out, t++, &client, &server, port, isn + 1 + 100000,
                 PKT_TCP_ACK, data, 200);
      if (i == 0)
        for (guint32 j = 0; j < 400; j++)
          write_tcp (out, t++, &client, &server, port,
                     isn + 1 + 200000 + j * sizeof data, PKT_TCP_ACK, data,
                     sizeof data);
      if (i == 1)
        write_tcp (out, t++, &client, &server, port,
                   isn + 1 + 0x7fffff00u, PKT_TCP_ACK, data, sizeof data);
    }
}

/* count connections, each holding a message whose header section (60000
 * bytes) never ends, sent round-robin so that all are open at once. */
static void
case_tcp_held (PcapStream *out, guint32 count)
{
  enum { HEADER_SECTION = 60000, SEGMENT = ETHERNET_MTU_PAYLOAD - 20 };
  PktAddr server = numbered (4, 200, 1);
  GString *bytes = g_string_new ("INVITE sip:callee@example.com SIP/2.0\r\n");
  while (bytes->len < HEADER_SECTION)
    g_string_append (bytes, "X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
  gint64 t = 1000000;
  for (guint32 i = 0; i < count; i++)
    {
      PktAddr client = numbered (4, 1, i / 60000);
      write_tcp (out, t++, &client, &server, (guint16) (1024 + i % 60000), 0,
                 PKT_TCP_SYN, NULL, 0);
    }
  for (gsize at = 0; at < bytes->len; at += SEGMENT)
    for (guint32 i = 0; i < count; i++)
      {
        PktAddr client = numbered (4, 1, i / 60000);
        write_tcp (out, t++, &client, &server, (guint16) (1024 + i % 60000),
                   1 + (guint32) at, PKT_TCP_ACK,
                   (const guint8 *) bytes->str + at,
                   MIN ((gsize) SEGMENT, bytes->len - at));
      }
  g_string_free (bytes, TRUE);
}

static GString *
long_header_invite (gsize header_len)
{
  PktAddr client = numbered (4, 1, 1);
  GString *value = g_string_new ("X-Long: ");
  while (value->len < header_len)
    g_string_append_c (value, 'a' + value->len % 26);
  g_string_append (value, "\r\n");
  GString *msg = request ("INVITE", &client, 1, value->str);
  g_string_free (value, TRUE);
  return msg;
}

/* One INVITE whose one header line is 1 MiB, then an ordinary INVITE,
 * on one TCP connection. */
static void
case_long_header_tcp (PcapStream *out, guint32 count)
{
  PktAddr client = numbered (4, 1, 1), server = numbered (4, 200, 1);
  GString *bytes = long_header_invite ((gsize) count * 1024);
  GString *next = request ("INVITE", &client, 2, NULL);
  g_string_append_len (bytes, next->str, (gssize) next->len);
  gint64 t = 1000000;
  write_tcp_stream (out, &t, &client, &server, 40000, bytes);
  g_string_free (next, TRUE);
  g_string_free (bytes, TRUE);
}

/* One INVITE with a header line as long as a UDP datagram allows, in
 * IPv4 fragments. */
static void
case_long_header_udp (PcapStream *out, guint32 count)
{
  PktAddr client = numbered (4, 1, 1), server = numbered (4, 200, 1);
  GString *msg = long_header_invite (MIN ((gsize) count, 65535 - 28 - 400));
  send_udp (out, 1000000, &client, &server, msg);
}

/* INVITEs with count Via headers, count other headers, and one Via
 * header of count values; over UDP (reassembled) and TCP. */
static void
case_many_headers (PcapStream *out, guint32 count)
{
  PktAddr client = numbered (4, 1, 1), server = numbered (4, 200, 1);
  GString *vias = g_string_new (NULL), *others = g_string_new (NULL);
  GString *values = g_string_new ("v:SIP/2.0/UDP a");
  for (guint32 i = 0; i < count; i++)
    {
      g_string_append (vias, "v:SIP/2.0/UDP a\r\n");
      g_string_append (others, "X:a\r\n");
      g_string_append (values, ",SIP/2.0/UDP a");
    }
  g_string_append (values, "\r\n");
  gint64 t = 1000000;
  send_udp (out, t++, &client, &server,
            request ("INVITE", &client, 1, vias->str));
  send_udp (out, t++, &client, &server,
            request ("INVITE", &client, 2, others->str));
  send_udp (out, t++, &client, &server,
            request ("INVITE", &client, 3, values->str));
  GString *stream = request ("INVITE", &client, 4, vias->str);
  write_tcp_stream (out, &t, &client, &server, 40000, stream);
  g_string_free (stream, TRUE);
  g_string_free (vias, TRUE);
  g_string_free (others, TRUE);
  g_string_free (values, TRUE);
}

/* An IP packet carrying INVITE number n in UDP. */
static GByteArray *
invite_packet (const PktAddr *client, const PktAddr *server, guint32 n)
{
  GString *msg = request ("INVITE", client, n, NULL);
  GByteArray *packet = ip_packet (
      client, server, PKT_PROTO_UDP,
      pkt_udp (client, server, SIP_PORT, SIP_PORT, (const guint8 *) msg->str,
               msg->len));
  g_string_free (msg, TRUE);
  return packet;
}

/* INVITEs in Ethernet frames with 2, 8, 9 and count VLAN tags. */
static void
case_vlans (PcapStream *out, guint32 count)
{
  static const guint8 mac_a[6] = { 2, 0, 0, 0, 0, 1 };
  static const guint8 mac_b[6] = { 2, 0, 0, 0, 0, 2 };
  PktAddr client = numbered (4, 1, 1), server = numbered (4, 200, 1);
  const guint depths[] = { 2, 8, 9, count };
  PktVlan *tags = g_new (PktVlan, MAX (count, 9));
  for (guint i = 0; i < MAX (count, 9); i++)
    tags[i] = (PktVlan){ i == 0 ? PKT_ETHERTYPE_QINQ : PKT_ETHERTYPE_VLAN,
                         (guint16) (i + 1) };
  for (guint d = 0; d < G_N_ELEMENTS (depths); d++)
    {
      GByteArray *ip = invite_packet (&client, &server, d);
      pcap_stream_write (out, 1000000 + d,
                         pkt_ethernet (mac_b, mac_a, tags, depths[d],
                                       PKT_ETHERTYPE_IPV4, ip->data,
                                       ip->len));
      g_byte_array_unref (ip);
    }
  g_free (tags);
}

/* INVITEs in IPv4 nested in 8, 9 and count IPv4 headers (IP-in-IP). */
static void
case_tunnels (PcapStream *out, guint32 count)
{
  PktAddr client = numbered (4, 1, 1), server = numbered (4, 200, 1);
  PktAddr outer_a = numbered (4, 100, 1), outer_b = numbered (4, 100, 2);
  const guint depths[] = { 8, 9, count };
  for (guint d = 0; d < G_N_ELEMENTS (depths); d++)
    {
      GByteArray *packet = invite_packet (&client, &server, d);
      for (guint i = 0; i < depths[d]; i++)
        packet = ip_packet (&outer_a, &outer_b, 4, packet);
      pcap_stream_write (out, 1000000 + d, packet);
    }
}

/* INVITEs cut by the snaplen: one inside its SIP message (truncated),
 * one only in a 4-byte trailer after its IP packet (analysed). */
static void
case_snaplen (PcapStream *out, guint32 count)
{
  static const guint8 mac_a[6] = { 2, 0, 0, 0, 0, 1 };
  static const guint8 mac_b[6] = { 2, 0, 0, 0, 0, 2 };
  static const guint8 trailer[4] = { 0xde, 0xad, 0xbe, 0xef };
  PktAddr client = numbered (4, 1, 1), server = numbered (4, 200, 1);
  for (guint32 i = 0; i < 2; i++)
    {
      GByteArray *ip = invite_packet (&client, &server, i);
      GByteArray *frame = pkt_ethernet (mac_b, mac_a, NULL, 0,
                                        PKT_ETHERTYPE_IPV4, ip->data,
                                        ip->len);
      g_byte_array_append (frame, trailer, sizeof trailer);
      guint32 cut = i == 0 ? MIN (count, frame->len) : sizeof trailer;
      pcap_stream_write_cut (out, 1000000 + i, frame, frame->len - cut);
      g_byte_array_unref (ip);
    }
}

/* A pcapng file with interfaces of three link types (Ethernet, raw IP,
 * Linux SLL), blocks of unknown types between them, and one INVITE per
 * interface, then one more on the first. */
static void
write_pcapng_interfaces (FILE *out, guint32 count)
{
  static const guint8 mac_a[6] = { 2, 0, 0, 0, 0, 1 };
  static const guint8 mac_b[6] = { 2, 0, 0, 0, 0, 2 };
  static const guint8 unknown[] = "a block no reader knows";
  PktAddr client = numbered (4, 1, 1), server = numbered (4, 200, 1);
  GByteArray *file = g_byte_array_new ();
  pcapng_write_section_header (file);
  pcapng_write_interface (file, LINKTYPE_ETHERNET, 262144);
  pcapng_write_block (file, 0x0badbeef, unknown, sizeof unknown);
  pcapng_write_interface (file, LINKTYPE_RAW, 262144);
  pcapng_write_interface (file, LINKTYPE_LINUX_SLL, 262144);
  for (guint32 i = 0; i < 4; i++)
    {
      GByteArray *ip = invite_packet (&client, &server, i);
      guint32 interface = i % 3;
      GByteArray *frame
          = interface == 0 ? pkt_ethernet (mac_b, mac_a, NULL, 0,
                                           PKT_ETHERTYPE_IPV4, ip->data,
                                           ip->len)
            : interface == 1 ? g_byte_array_ref (ip)
                             : pkt_sll (0, mac_a, PKT_ETHERTYPE_IPV4,
                                        ip->data, ip->len);
      pcapng_write_packet (file, interface, 1000000000 + i, frame->data,
                           frame->len, frame->len);
      pcapng_write_block (file, 0x80000001, unknown, i);
      g_byte_array_unref (frame);
      g_byte_array_unref (ip);
    }
  fwrite (file->data, 1, file->len, out);
  fprintf (stderr, "records 4\n");
  g_byte_array_unref (file);
}

/* A case writes a pcap stream of its link type, or a whole file. */
typedef struct {
  const char *name;
  guint32 linktype;
  void (*write) (PcapStream *out, guint32 count);
  void (*write_file) (FILE *out, guint32 count);
} HostileCase;

static void
case_fragments_ipv4 (PcapStream *out, guint32 count)
{
  case_fragments (out, 4, count);
}

static void
case_fragments_ipv6 (PcapStream *out, guint32 count)
{
  case_fragments (out, 6, count);
}

static const HostileCase cases[] = {
  { "invites", LINKTYPE_RAW, case_invites, NULL },
  { "registers", LINKTYPE_RAW, case_registers, NULL },
  { "fragments-ipv4", LINKTYPE_RAW, case_fragments_ipv4, NULL },
  { "fragments-ipv6", LINKTYPE_RAW, case_fragments_ipv6, NULL },
  { "tcp-gaps", LINKTYPE_RAW, case_tcp_gaps, NULL },
  { "tcp-held", LINKTYPE_RAW, case_tcp_held, NULL },
  { "long-header-tcp", LINKTYPE_RAW, case_long_header_tcp, NULL },
  { "long-header-udp", LINKTYPE_RAW, case_long_header_udp, NULL },
  { "many-headers", LINKTYPE_RAW, case_many_headers, NULL },
  { "vlans", LINKTYPE_ETHERNET, case_vlans, NULL },
  { "tunnels", LINKTYPE_RAW, case_tunnels, NULL },
  { "snaplen", LINKTYPE_ETHERNET, case_snaplen, NULL },
  { "pcapng-interfaces", 0, NULL, write_pcapng_interfaces },
};

int
main (int argc, char **argv)
{
  if (argc == 4)
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
      if (strcmp (argv[1], cases[i].name) == 0)
        {
          guint32 count = (guint32) strtoul (argv[2], NULL, 10);
          if (cases[i].write_file != NULL)
            {
              FILE *out = strcmp (argv[3], "-") == 0 ? stdout
                                                     : fopen (argv[3], "wb");
              if (out == NULL)
                g_error ("cannot write %s", argv[3]);
              cases[i].write_file (out, count);
              return fclose (out) == 0 ? 0 : 1;
            }
          PcapStream out;
          pcap_stream_open (&out, argv[3], cases[i].linktype);
          cases[i].write (&out, count);
          pcap_stream_close (&out);
          return 0;
        }
  fprintf (stderr, "usage: gen_hostile CASE COUNT OUT; cases:");
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    fprintf (stderr, " %s", cases[i].name);
  fprintf (stderr, "\n");
  return 2;
}
