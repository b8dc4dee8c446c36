/* Building packets layer by layer, from the payload outwards: each
 * function takes the inner bytes and returns a new array holding its
 * header (with correct lengths and checksums) followed by them.
 * Link layers: Ethernet with VLAN tags, Linux SLL and SLL2, BSD null;
 * network: IPv4 (options, fragments), IPv6 (extension headers,
 * fragments), ARP; transport: UDP, TCP, SCTP, ICMP echo, GRE; and
 * WebSocket frames (RFC 6455) to send over TCP. */
#pragma once

#include <glib.h>

enum {
  PKT_ETHERTYPE_IPV4 = 0x0800,
  PKT_ETHERTYPE_ARP = 0x0806,
  PKT_ETHERTYPE_VLAN = 0x8100,   /* 802.1Q C-tag */
  PKT_ETHERTYPE_QINQ = 0x88a8,   /* 802.1ad S-tag */
  PKT_ETHERTYPE_IPV6 = 0x86dd,

  PKT_PROTO_HOP_BY_HOP = 0,
  PKT_PROTO_ICMP = 1,
  PKT_PROTO_TCP = 6,
  PKT_PROTO_UDP = 17,
  PKT_PROTO_IPV6_FRAGMENT = 44,
  PKT_PROTO_GRE = 47,
  PKT_PROTO_DEST_OPTS = 60,
  PKT_PROTO_SCTP = 132,

  PKT_TCP_FIN = 0x01,
  PKT_TCP_SYN = 0x02,
  PKT_TCP_PSH = 0x08,
  PKT_TCP_ACK = 0x10,
};

typedef struct {
  guint8 family;        /* 4 or 6 */
  guint8 bytes[16];
} PktAddr;

/* Parses a dotted quad or an IPv6 address; aborts on anything else. */
PktAddr pkt_addr (const char *text);

/* ---- Transport --------------------------------------------------------- */

GByteArray *pkt_udp (const PktAddr *src, const PktAddr *dst, guint16 sport,
                     guint16 dport, const guint8 *payload, gsize len);
GByteArray *pkt_tcp (const PktAddr *src, const PktAddr *dst, guint16 sport,
                     guint16 dport, guint32 seq, guint32 ack, guint8 flags,
                     const guint8 *payload, gsize len);
/* SCTP (RFC 9260): chunks are appended to an array, padded to 4 bytes,
 * then the common header with its CRC32c goes in front. */
enum {
  PKT_SCTP_DATA = 0,
  PKT_SCTP_INIT = 1,
  PKT_SCTP_INIT_ACK = 2,
  PKT_SCTP_SACK = 3,
  PKT_SCTP_HEARTBEAT = 4,
  PKT_SCTP_BEGINNING = 0x02,
  PKT_SCTP_END = 0x01,
  PKT_SCTP_WHOLE = 0x03,
};

void pkt_sctp_chunk (GByteArray *chunks, guint8 type, guint8 flags,
                     const guint8 *value, gsize len);
/* A DATA chunk, payload protocol identifier 0. */
void pkt_sctp_data (GByteArray *chunks, guint8 flags, guint32 tsn,
                    guint16 stream, guint16 ssn, const guint8 *data,
                    gsize len);
GByteArray *pkt_sctp (guint16 sport, guint16 dport, guint32 tag,
                      const GByteArray *chunks);

/* A WebSocket frame appended to out; masked with key when key is not
 * NULL (a client's frame). */
void pkt_ws_frame (GByteArray *out, gboolean fin, guint8 opcode,
                   const guint8 *key, const guint8 *payload, gsize len);

GByteArray *pkt_icmp_echo (gboolean reply, guint16 id, guint16 seq,
                           const guint8 *data, gsize len);
/* A GRE header (RFC 2784) without checksum, key or sequence number. */
GByteArray *pkt_gre (guint16 protocol, const guint8 *payload, gsize len);

/* ---- Network ----------------------------------------------------------- */

typedef struct {
  PktAddr src, dst;
  guint8 protocol;
  guint8 ttl;
  guint16 id;
  gboolean dont_fragment;
  const guint8 *options;   /* a multiple of 4 bytes */
  gsize options_len;
  guint8 ihl_override;     /* nonzero: written instead of the true IHL */
} PktIpv4;

GByteArray *pkt_ipv4 (const PktIpv4 *ip, const guint8 *payload, gsize len);
/* The payload cut into fragments of at most fragment_size bytes (a
 * multiple of 8); an array of GByteArray. */
GPtrArray *pkt_ipv4_fragments (const PktIpv4 *ip, const guint8 *payload,
                               gsize len, gsize fragment_size);

typedef struct {
  PktAddr src, dst;
  guint8 protocol;                /* of the payload */
  guint8 hop_limit;
  gboolean hop_by_hop;            /* add an 8-byte Hop-by-Hop header */
  gboolean destination_options;   /* add an 8-byte Destination Options
                                     header (not with fragments) */
} PktIpv6;

GByteArray *pkt_ipv6 (const PktIpv6 *ip, const guint8 *payload, gsize len);
GPtrArray *pkt_ipv6_fragments (const PktIpv6 *ip, guint32 id,
                               const guint8 *payload, gsize len,
                               gsize fragment_size);

/* An ARP packet for IPv4 over Ethernet; op 1 request, 2 reply. */
GByteArray *pkt_arp (guint16 op, const guint8 sender_mac[6],
                     const PktAddr *sender, const guint8 target_mac[6],
                     const PktAddr *target);

/* ---- Link -------------------------------------------------------------- */

typedef struct {
  guint16 tpid;   /* PKT_ETHERTYPE_QINQ or PKT_ETHERTYPE_VLAN */
  guint16 tci;    /* priority, DEI, VLAN id */
} PktVlan;

/* Padded with zeros to the 60-byte minimum, as a receiver captures it. */
GByteArray *pkt_ethernet (const guint8 dst[6], const guint8 src[6],
                          const PktVlan *vlans, guint n_vlans,
                          guint16 ethertype, const guint8 *payload,
                          gsize len);

enum {
  PKT_SLL_HOST = 0,        /* to us */
  PKT_SLL_OUTGOING = 4,    /* from us */
  PKT_ARPHRD_ETHER = 1,
};

/* LINKTYPE_LINUX_SLL (113) pseudo-header. */
GByteArray *pkt_sll (guint16 packet_type, const guint8 addr[6],
                     guint16 protocol, const guint8 *payload, gsize len);
/* LINKTYPE_LINUX_SLL2 (276) pseudo-header. */
GByteArray *pkt_sll2 (guint16 protocol, guint32 if_index, guint8 packet_type,
                      const guint8 addr[6], const guint8 *payload,
                      gsize len);
/* LINKTYPE_NULL (0): the address family in the capturing host's byte
 * order, here little-endian. */
GByteArray *pkt_null (guint32 family, const guint8 *payload, gsize len);

/* The Internet checksum (RFC 1071) of data, starting from sum. */
guint16 pkt_checksum (guint32 sum, const guint8 *data, gsize len);
