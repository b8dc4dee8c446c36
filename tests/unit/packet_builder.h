/* Packets for the tests, built from the inside out: start with the
 * payload, then wrap it in a transport, IP and a link layer. Each wrap
 * prepends a header whose length fields cover what is already in the
 * array; IPv4 header checksums, and UDP/TCP checksums when the transport
 * directly follows the IP header, are computed. Break a field afterwards
 * with packet_set_u8/u16 to build a malformed packet. */
#pragma once

#include <glib.h>

#define PACKET_ETHERTYPE_IPV4 0x0800
#define PACKET_ETHERTYPE_IPV6 0x86dd
#define PACKET_ETHERTYPE_ARP 0x0806
#define PACKET_TPID_8021Q 0x8100
#define PACKET_TPID_8021AD 0x88a8
#define PACKET_TPID_QINQ_OLD 0x9100

#define PACKET_IPV4_DF 0x4000
#define PACKET_IPV4_MF 0x2000

/* A new packet holding len bytes of payload (len may be 0). */
GByteArray *packet_new (const void *payload, gsize len);

void packet_wrap_udp (GByteArray *packet, guint16 src_port, guint16 dst_port);
/* A 20-byte header with ACK and PSH set, seq 1000, ack 2000. */
void packet_wrap_tcp (GByteArray *packet, guint16 src_port, guint16 dst_port);

#define PACKET_TCP_FIN 0x01
#define PACKET_TCP_SYN 0x02
#define PACKET_TCP_RST 0x04
#define PACKET_TCP_PSH 0x08
#define PACKET_TCP_ACK 0x10

typedef struct {
  guint16 src_port, dst_port;
  guint32 seq, ack;
  guint8 flags;            /* PACKET_TCP_* */
  gsize options_len;       /* NOP options: a multiple of 4, at most 40 */
} PacketTcp;

void packet_wrap_tcp_segment (GByteArray *packet, const PacketTcp *tcp);

/* SCTP (RFC 9260): append the chunks to an empty packet, then wrap them
 * in the common header (verification tag 1, checksum 0: not verified). */
#define PACKET_SCTP_DATA 0
#define PACKET_SCTP_INIT 1
#define PACKET_SCTP_SACK 3
#define PACKET_SCTP_HEARTBEAT 4
#define PACKET_SCTP_I_DATA 64
#define PACKET_SCTP_UNORDERED 0x04
#define PACKET_SCTP_BEGINNING 0x02
#define PACKET_SCTP_END 0x01
#define PACKET_SCTP_WHOLE (PACKET_SCTP_BEGINNING | PACKET_SCTP_END)

/* A chunk whose length field covers its header and value; padded to a
 * multiple of 4. */
void packet_append_sctp_chunk (GByteArray *packet, guint8 type,
                               guint8 flags, const void *value, gsize len);
/* A DATA chunk with payload protocol identifier 0. */
void packet_append_sctp_data (GByteArray *packet, guint8 flags, guint32 tsn,
                              guint16 stream, guint16 ssn, const void *data,
                              gsize len);
void packet_wrap_sctp (GByteArray *packet, guint16 src_port,
                       guint16 dst_port);

/* WebSocket (RFC 6455) frames, appended to stream bytes. */
#define PACKET_WS_CONTINUATION 0x0
#define PACKET_WS_TEXT 0x1
#define PACKET_WS_BINARY 0x2
#define PACKET_WS_CLOSE 0x8
#define PACKET_WS_PING 0x9
#define PACKET_WS_PONG 0xa

typedef struct {
  gboolean more;           /* FIN clear: more frames of the message follow */
  guint8 opcode;           /* PACKET_WS_* */
  const guint8 *key;       /* 4 bytes: masked (a client's frame); NULL:
                              unmasked */
  guint length_bits;       /* 16 or 64 forces that length form; 0: the
                              shortest */
} PacketWsFrame;

void packet_append_ws_frame (GByteArray *bytes, const PacketWsFrame *frame,
                             const void *payload, gsize len);

typedef struct {
  const char *src, *dst;   /* dotted quads; NULL: 192.0.2.1, 192.0.2.2 */
  guint8 protocol;
  guint16 fragment;        /* flags and offset field: PACKET_IPV4_MF, DF,
                              offset in 8-octet units */
  guint16 id;              /* identification; 0: 0x1234 */
  const guint8 *options;   /* options_len: a multiple of 4, at most 40 */
  gsize options_len;
} PacketIpv4;

void packet_wrap_ipv4 (GByteArray *packet, const PacketIpv4 *ip);

typedef struct {
  const char *src, *dst;   /* NULL: 2001:db8::1, 2001:db8::2 */
  guint8 next_header;      /* the first extension header or the transport */
} PacketIpv6;

void packet_wrap_ipv6 (GByteArray *packet, const PacketIpv6 *ip);

/* Hop-by-hop (0), routing (43) or destination options (60) header, as
 * the header before it names it; 2 + body_len must be a multiple of 8. A
 * NULL body is zeros: Pad1 options, or routing type 0 with no segment
 * left. */
void packet_wrap_ipv6_extension (GByteArray *packet, guint8 next_header,
                                 const guint8 *body, gsize body_len);
/* offset in 8-octet units; offset 0 and !more is an atomic fragment. */
void packet_wrap_ipv6_fragment (GByteArray *packet, guint8 next_header,
                                guint16 offset, gboolean more);
/* Fragments of one datagram. */
typedef struct {
  guint8 version;          /* 4 or 6 */
  const char *src, *dst;   /* NULL: as packet_wrap_ipv4 or _ipv6 */
  guint8 protocol;         /* what the datagram carries; IPv6: the fragment
                              header's next header */
  guint32 id;              /* identification; 0: as packet_wrap_ipv4 or
                              packet_wrap_ipv6_fragment */
  const guint8 *extensions; /* IPv6: types of the 8-byte extension
                               headers before the fragment header (0
                               hop-by-hop, 43 routing, 60 destination
                               options), outermost first */
  gsize n_extensions;
} PacketFragments;

/* An IP packet carrying len bytes of a datagram's data from byte offset
 * (a multiple of 8), More Fragments set when more. */
GByteArray *packet_new_fragment (const PacketFragments *fragments,
                                 const void *data, gsize len, gsize offset,
                                 gboolean more);
/* The datagram (what follows the IPv4 header or the IPv6 fragment
 * header) cut at the byte offsets cuts[0..n_cuts), increasing multiples
 * of 8 inside it: n_cuts + 1 IP packets (GByteArray, freed with the
 * array), in datagram order. A UDP or TCP checksum in it is computed
 * over the whole datagram. */
GPtrArray *packet_split (const PacketFragments *fragments,
                         const GByteArray *datagram, const gsize *cuts,
                         gsize n_cuts);

/* IP Authentication Header (IPv4 or IPv6) with an icv_len-byte ICV;
 * 12 + icv_len must be a multiple of 4 (of 8 in IPv6). */
void packet_wrap_ah (GByteArray *packet, guint8 next_header, gsize icv_len);

void packet_wrap_ethernet (GByteArray *packet, guint16 ethertype);
/* n_tags VLAN tags, outermost first, tpids[i] the TPID of each. */
void packet_wrap_ethernet_tagged (GByteArray *packet, guint16 ethertype,
                                  const guint16 *tpids, gsize n_tags);
/* Linux cooked captures, v1 (16 bytes) and v2 (20 bytes); ARPHRD_ETHER. */
void packet_wrap_sll (GByteArray *packet, guint16 protocol);
void packet_wrap_sll2 (GByteArray *packet, guint16 protocol);
/* BSD loopback: a 4-byte address family, big-endian (LOOP, or NULL from
 * a big-endian host) or little-endian. */
void packet_wrap_null (GByteArray *packet, guint32 family,
                       gboolean big_endian);

/* ---- Tunnels, mirrors and HEP ------------------------------------------ */

#define PACKET_ETHERTYPE_PPPOE 0x8864
#define PACKET_ETHERTYPE_MPLS 0x8847
#define PACKET_GRE_ETHERNET 0x6558
#define PACKET_GRE_ERSPAN_II 0x88be
#define PACKET_GRE_ERSPAN_III 0x22eb
#define PACKET_GRE_CHECKSUM 0x8000
#define PACKET_GRE_KEY 0x2000
#define PACKET_GRE_SEQUENCE 0x1000
#define PACKET_PPP_IPV4 0x0021
#define PACKET_PPP_IPV6 0x0057
#define PACKET_VXLAN_PORT 4789
#define PACKET_GTPU_PORT 2152
#define PACKET_GTPU_G_PDU 255

/* GRE (RFC 2784, RFC 2890) with the checksum (computed), key and sequence
 * number that flags (PACKET_GRE_*) ask for. */
void packet_wrap_gre (GByteArray *packet, guint16 protocol, guint16 flags);
/* PPTP's enhanced GRE (version 1, RFC 2637) with a sequence number, and
 * PPP (protocol ppp_protocol), after 0xff 0x03 when hdlc. */
void packet_wrap_pptp (GByteArray *packet, guint16 ppp_protocol,
                       gboolean hdlc);
/* ERSPAN type II (8 bytes), or type III (12 bytes, and an 8-byte
 * platform subheader when subheader) carrying an Ethernet frame. GRE
 * around a type II header needs the sequence number. */
void packet_wrap_erspan_ii (GByteArray *packet);
void packet_wrap_erspan_iii (GByteArray *packet, gboolean subheader);
void packet_wrap_vxlan (GByteArray *packet, guint32 vni);
/* A GTP-U message of type (PACKET_GTPU_G_PDU carries the packet) with
 * n_extensions 4-byte extension headers (PDU session containers) before
 * the packet; the sequence number field is there when n_extensions > 0. */
void packet_wrap_gtpu (GByteArray *packet, guint8 type, gsize n_extensions);
/* A label stack, outermost first; the last has bottom of stack. */
void packet_wrap_mpls (GByteArray *packet, const guint32 *labels,
                       gsize n_labels);
/* A PPPoE session header and a PPP protocol field. */
void packet_wrap_pppoe (GByteArray *packet, guint16 ppp_protocol);

typedef struct {
  const char *src, *dst;   /* both IPv4 or both IPv6 */
  guint16 src_port, dst_port;
  guint8 protocol;         /* IP protocol; 0: UDP */
  guint32 seconds, microseconds;
  guint8 payload_type;     /* HEP3 payload type; 0: 1, SIP */
} PacketHep;

/* The packet (a SIP message) as the payload of a HEP3 packet, chunks in
 * the order captagent writes them, payload last. */
void packet_wrap_hep3 (GByteArray *packet, const PacketHep *hep);
/* The same in HEP version 2 (the time little-endian, 12 bytes). */
void packet_wrap_hep2 (GByteArray *packet, const PacketHep *hep);

/* Link padding or a trailer after the packet. */
void packet_append_zeros (GByteArray *packet, gsize n);
void packet_set_u8 (GByteArray *packet, gsize offset, guint8 value);
/* In network order. */
void packet_set_u16 (GByteArray *packet, gsize offset, guint16 value);
