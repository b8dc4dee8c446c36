/* How a capture's packets go on the wire: the link layer (and its VLAN
 * tags or pseudo-header) and the IP header options of one capture. Turns
 * "this payload from A to B" into a frame in the capture. */
#pragma once

#include "capture.h"
#include "packet_builder.h"

typedef enum {
  WIRE_ETHERNET,
  WIRE_SLL,
  WIRE_SLL2,
  WIRE_NULL,
  WIRE_RAW,
} WireLink;

enum {
  LINKTYPE_NULL = 0,
  LINKTYPE_ETHERNET = 1,
  LINKTYPE_RAW = 101,
  LINKTYPE_LINUX_SLL = 113,
  LINKTYPE_USER0 = 147,
  LINKTYPE_LINUX_SLL2 = 276,
};

/* An encapsulation every UDP datagram goes through (tunnel.c). */
typedef enum {
  WIRE_TUNNEL_NONE,
  WIRE_TUNNEL_GRE,         /* GRE with a key, IPv4 */
  WIRE_TUNNEL_ERSPAN_II,   /* the Ethernet frame mirrored in ERSPAN II */
  WIRE_TUNNEL_VXLAN,
  WIRE_TUNNEL_GTPU,        /* a G-PDU with a sequence number */
  WIRE_TUNNEL_MPLS,        /* two labels */
  WIRE_TUNNEL_PPPOE,
  WIRE_TUNNEL_IPIP,        /* IPv4 in IPv6 (DS-Lite) */
  WIRE_TUNNEL_HEP3,        /* an agent's copy to a collector */
} WireTunnel;

typedef struct _Wire Wire;

/* Sends one SIP message from src to dst as the scenario's carrier does. */
typedef CapturePacket *(*WireSendSip) (Wire *wire, gint64 time,
                                       const char *src_ip, guint16 sport,
                                       const char *dst_ip, guint16 dport,
                                       const guint8 *message, gsize len);

struct _Wire {
  Capture *capture;
  WireLink link;
  WireTunnel tunnel;           /* Ethernet only */
  PktVlan vlans[2];            /* Ethernet: outermost first */
  guint n_vlans;
  const char *local_ip;        /* SLL, SLL2: the capturing host */
  const guint8 *ipv4_options;  /* added to every IPv4 header */
  gsize ipv4_options_len;
  gboolean ipv6_hop_by_hop;    /* added to every IPv6 packet */
  gboolean ipv6_destination_options;
  guint16 next_ip_id;
  guint32 next_fragment_id;
  WireSendSip send_sip;        /* NULL: each message in a UDP datagram */
};

void wire_init (Wire *wire, Capture *capture, WireLink link);

/* The LINKTYPE_ value of a link. */
guint32 wire_link_type (WireLink link);

/* A made-up locally administered MAC address derived from an IP address. */
void wire_mac_for (const PktAddr *addr, guint8 mac[6]);

/* An IP packet from src to dst carrying payload, with the wire's IP
 * options and the next IPv4 identification. */
GByteArray *wire_ip_packet (Wire *wire, const PktAddr *src,
                            const PktAddr *dst, guint8 protocol,
                            const guint8 *payload, gsize len);

/* The frame carrying an IP packet of src's family from src to dst. */
GByteArray *wire_frame_ip (Wire *wire, const PktAddr *src,
                           const PktAddr *dst, const guint8 *ip_packet,
                           gsize len);

/* One UDP datagram as one frame, complete, of the given kind; through
 * the wire's tunnel when it has one. */
CapturePacket *wire_send_udp (Wire *wire, gint64 time, const char *src_ip,
                              guint16 sport, const char *dst_ip,
                              guint16 dport, const guint8 *payload,
                              gsize len, FrameKind kind);
