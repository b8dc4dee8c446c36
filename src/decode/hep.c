/* HEP, the Homer Encapsulation Protocol: capture agents (Kamailio's
 * siptrace, OpenSIPS, FreeSWITCH, captagent, heplify) send a collector
 * each message they saw with its original addresses, ports, transport
 * and time. A UDP payload is HEP by its first bytes, whatever the port
 * (9060 is usual).
 *
 * Version 3 (HEP3 Network Protocol Specification, sipcapture.org): "HEP3",
 * total length (2), then chunks: vendor (2), type (2), length (2, the
 * 6-byte chunk header included), value; network byte order. Of vendor 0
 * chunks, 1 is the IP family (2, 10), 2 the IP protocol, 3 and 4 the IPv4
 * source and destination, 5 and 6 the IPv6 ones, 7 and 8 the ports, 9
 * and 10 the time's seconds and microseconds, 11 the payload type (1 is
 * SIP), 15 the payload and 16 a compressed payload (not decoded); the
 * others, and other vendors' chunks, are skipped. A packet without a
 * payload type chunk is taken for SIP when its payload is.
 *
 * Version 2, as Kamailio's sipcapture and captagent write it: version (1,
 * 2), length (1: this header with its addresses, 16 for IPv4 and 40 for
 * IPv6), family (1: 2, or Linux's 10), IP protocol (1), source and
 * destination port (2 each), source and destination address, then the
 * time header of the sender's struct: seconds (4) and microseconds (4)
 * in its byte order (little-endian: every agent host), capture ID (2)
 * and 2 bytes of padding; the payload is the rest. */
#include "decode/hep.h"

#include <string.h>

#define HEP3_HEADER_LEN 6
#define HEP3_CHUNK_HEADER_LEN 6
#define HEP3_PAYLOAD_TYPE_SIP 1
#define HEP2_TIME_LEN 12

enum {
  HEP3_CHUNK_FAMILY = 1,
  HEP3_CHUNK_PROTOCOL = 2,
  HEP3_CHUNK_IPV4_SRC = 3,
  HEP3_CHUNK_IPV4_DST = 4,
  HEP3_CHUNK_IPV6_SRC = 5,
  HEP3_CHUNK_IPV6_DST = 6,
  HEP3_CHUNK_SRC_PORT = 7,
  HEP3_CHUNK_DST_PORT = 8,
  HEP3_CHUNK_SECONDS = 9,
  HEP3_CHUNK_MICROSECONDS = 10,
  HEP3_CHUNK_PAYLOAD_TYPE = 11,
  HEP3_CHUNK_PAYLOAD = 15,
  HEP3_CHUNK_COMPRESSED = 16,
};

enum {
  HEP_PROTOCOL_TCP = 6,
  HEP_PROTOCOL_SCTP = 132,
};

static REASON_DEFINE (reason_cut, "hep", "header cut by the snaplen");
static REASON_DEFINE (reason_short, "hep", "hep header beyond udp payload");
static REASON_DEFINE (reason_length_below, "hep", "hep3 length below 6");
static REASON_DEFINE (reason_length_beyond, "hep",
                      "hep3 length beyond udp payload");
static REASON_DEFINE (reason_chunk_below, "hep",
                      "hep3 chunk length below 6");
static REASON_DEFINE (reason_chunk_beyond, "hep",
                      "hep3 chunk beyond the hep3 length");
static REASON_DEFINE (reason_chunk_size, "hep",
                      "hep3 chunk of the wrong size for its type");
static REASON_DEFINE (reason_no_payload, "hep", "hep3 without a payload");
static REASON_DEFINE (reason_compressed, "hep",
                      "compressed hep3 payload not decoded");
static REASON_DEFINE (reason_family, "hep",
                      "hep3 ip family neither ipv4 nor ipv6");
static REASON_DEFINE (reason_no_address, "hep",
                      "hep3 without source or destination address");
static REASON_DEFINE (reason_payload_cut, "hep",
                      "payload cut by the snaplen");

/* What the chunks of a HEP3 packet said. */
typedef struct {
  guint8 family;
  guint8 protocol;
  SipscanEndpoint ipv4[2], ipv6[2];  /* source, destination; family 0 when
                                        absent */
  guint16 ports[2];
  guint32 seconds, microseconds;
  guint8 payload_type;
  gboolean has_payload_type, has_payload, compressed;
  Cursor payload;
} Hep3;

static SipscanTransport
hep_transport (guint8 protocol)
{
  switch (protocol)
    {
    case HEP_PROTOCOL_TCP: return SIPSCAN_TRANSPORT_TCP;
    case HEP_PROTOCOL_SCTP: return SIPSCAN_TRANSPORT_SCTP;
    default: return SIPSCAN_TRANSPORT_UDP;
    }
}

static gboolean
hep_read_address (Cursor *c, guint8 family, SipscanEndpoint *endpoint)
{
  endpoint->family = family;
  return cursor_read_bytes (c, endpoint->addr, family == 4 ? 4 : 16);
}

static SipscanTime
hep_time (guint32 seconds, guint32 microseconds)
{
  return (SipscanTime) seconds * SIPSCAN_TIME_PER_SECOND
         + (SipscanTime) microseconds * 1000;
}

static gboolean
hep2_decode (DecodeBytes *bytes, DecodedFrame *out)
{
  Cursor header, peek = bytes->cursor;
  guint8 header_len = 0, protocol = 0;
  guint32 seconds = 0, microseconds = 0;
  cursor_skip (&peek, 1);     /* version */
  cursor_read_u8 (&peek, &header_len);
  if (!decode_bytes_need (bytes, header_len + HEP2_TIME_LEN, &reason_cut,
                          &reason_short, out))
    return FALSE;
  cursor_take (&bytes->cursor, header_len + HEP2_TIME_LEN, &header);
  guint8 family = header_len == HEP2_IPV4_LEN ? 4 : 6;
  cursor_skip (&header, 3);   /* version, length, family */
  cursor_read_u8 (&header, &protocol);
  cursor_read_u16 (&header, &out->src.port);
  cursor_read_u16 (&header, &out->dst.port);
  hep_read_address (&header, family, &out->src);
  hep_read_address (&header, family, &out->dst);
  cursor_read_u32_le (&header, &seconds);
  cursor_read_u32_le (&header, &microseconds);
  out->transport = hep_transport (protocol);
  out->time = seconds ? hep_time (seconds, microseconds) : 0;
  return decode_take_payload (bytes, &reason_payload_cut, out);
}

/* FALSE when a chunk known to hold a fixed size holds another. */
static gboolean
hep3_read_chunk (guint16 type, Cursor value, Hep3 *hep)
{
  gsize len = cursor_remaining (&value);
  switch (type)
    {
    case HEP3_CHUNK_FAMILY:
      return len == 1 && cursor_read_u8 (&value, &hep->family);
    case HEP3_CHUNK_PROTOCOL:
      return len == 1 && cursor_read_u8 (&value, &hep->protocol);
    case HEP3_CHUNK_IPV4_SRC:
    case HEP3_CHUNK_IPV4_DST:
      return len == 4
             && hep_read_address (&value, 4,
                                  &hep->ipv4[type - HEP3_CHUNK_IPV4_SRC]);
    case HEP3_CHUNK_IPV6_SRC:
    case HEP3_CHUNK_IPV6_DST:
      return len == 16
             && hep_read_address (&value, 6,
                                  &hep->ipv6[type - HEP3_CHUNK_IPV6_SRC]);
    case HEP3_CHUNK_SRC_PORT:
    case HEP3_CHUNK_DST_PORT:
      return len == 2
             && cursor_read_u16 (&value,
                                 &hep->ports[type - HEP3_CHUNK_SRC_PORT]);
    case HEP3_CHUNK_SECONDS:
      return len == 4 && cursor_read_u32 (&value, &hep->seconds);
    case HEP3_CHUNK_MICROSECONDS:
      return len == 4 && cursor_read_u32 (&value, &hep->microseconds);
    case HEP3_CHUNK_PAYLOAD_TYPE:
      hep->has_payload_type = TRUE;
      return len == 1 && cursor_read_u8 (&value, &hep->payload_type);
    case HEP3_CHUNK_PAYLOAD:
      hep->has_payload = TRUE;
      hep->payload = value;
      return TRUE;
    case HEP3_CHUNK_COMPRESSED:
      hep->compressed = TRUE;
      return TRUE;
    default:
      return TRUE;
    }
}

/* The chunks, to the end of the HEP3 length that bytes cover. */
static gboolean
hep3_read_chunks (DecodeBytes *bytes, Hep3 *hep, DecodedFrame *out)
{
  while (cursor_remaining (&bytes->cursor) > 0 || bytes->lost > 0)
    {
      Cursor header, value;
      guint16 vendor = 0, type = 0, len = 0;
      if (!decode_bytes_need (bytes, HEP3_CHUNK_HEADER_LEN, &reason_cut,
                              &reason_chunk_beyond, out))
        return FALSE;
      cursor_take (&bytes->cursor, HEP3_CHUNK_HEADER_LEN, &header);
      cursor_read_u16 (&header, &vendor);
      cursor_read_u16 (&header, &type);
      cursor_read_u16 (&header, &len);
      if (len < HEP3_CHUNK_HEADER_LEN)
        return decode_stop (out, DECODE_MALFORMED, &reason_chunk_below);
      len -= HEP3_CHUNK_HEADER_LEN;
      if (!decode_bytes_need (bytes, len, &reason_cut, &reason_chunk_beyond,
                              out))
        return FALSE;
      cursor_take (&bytes->cursor, len, &value);
      if (vendor == 0 && !hep3_read_chunk (type, value, hep))
        return decode_stop (out, DECODE_MALFORMED, &reason_chunk_size);
    }
  return TRUE;
}

/* The addresses of the family HEP names, or of the one whose addresses
 * it gives. */
static gboolean
hep3_take_addresses (const Hep3 *hep, DecodedFrame *out)
{
  const SipscanEndpoint *pair;
  if (hep->family == HEP_FAMILY_IPV4)
    pair = hep->ipv4;
  else if (hep->family == HEP_FAMILY_IPV6)
    pair = hep->ipv6;
  else if (hep->family != 0)
    return decode_stop (out, DECODE_MALFORMED, &reason_family);
  else
    pair = hep->ipv4[0].family ? hep->ipv4 : hep->ipv6;
  if (pair[0].family == 0 || pair[1].family == 0)
    return decode_stop (out, DECODE_MALFORMED, &reason_no_address);
  out->src = pair[0];
  out->dst = pair[1];
  out->src.port = hep->ports[0];
  out->dst.port = hep->ports[1];
  return TRUE;
}

static gboolean
hep3_decode (DecodeBytes *bytes, DecodedFrame *out)
{
  Cursor header;
  guint16 total = 0;
  Hep3 hep = { 0 };
  if (!decode_bytes_need (bytes, HEP3_HEADER_LEN, &reason_cut, &reason_short,
                          out))
    return FALSE;
  cursor_take (&bytes->cursor, HEP3_HEADER_LEN, &header);
  cursor_skip (&header, 4);   /* "HEP3" */
  cursor_read_u16 (&header, &total);
  if (total < HEP3_HEADER_LEN)
    return decode_stop (out, DECODE_MALFORMED, &reason_length_below);
  if (!decode_bytes_limit (bytes, total - HEP3_HEADER_LEN))
    return decode_stop (out, DECODE_MALFORMED, &reason_length_beyond);
  if (!hep3_read_chunks (bytes, &hep, out))
    return FALSE;

  if (!hep.has_payload && hep.compressed)
    return decode_stop (out, DECODE_UNSUPPORTED, &reason_compressed);
  if (!hep.has_payload)
    return decode_stop (out, DECODE_MALFORMED, &reason_no_payload);
  if (!hep3_take_addresses (&hep, out))
    return FALSE;
  out->transport = hep_transport (hep.protocol);
  out->time = hep.seconds ? hep_time (hep.seconds, hep.microseconds) : 0;
  if (hep.has_payload_type && hep.payload_type != HEP3_PAYLOAD_TYPE_SIP)
    {
      decode_stop (out, DECODE_NOT_SIP, NULL);
      return TRUE;
    }
  bytes->cursor = hep.payload;
  return decode_take_payload (bytes, &reason_payload_cut, out);
}

gboolean
hep_decode (DecodeBytes *bytes, DecodedFrame *out)
{
  if (cursor_remaining (&bytes->cursor) >= 4
      && memcmp (cursor_peek_ptr (&bytes->cursor), "HEP3", 4) == 0)
    return hep3_decode (bytes, out);
  return hep2_decode (bytes, out);
}
