/* IPv4 (RFC 791) and IPv6 (RFC 8200) with its extension headers, and the
 * IP Authentication Header (RFC 4302) after either. Checksums are not
 * verified: captures taken on a sending host hold offloaded, unfinished
 * ones. A length field of 0 (IPv4 total length, IPv6 payload length) is
 * what segmentation offload leaves in packets captured before the NIC
 * splits them; as tcpdump does, the packet then runs to the end of the
 * frame. A fragment stops here with what ip_defrag.c needs; the whole
 * datagram comes back through ip_decode_reassembled. */
#include "decode/ip.h"

#define IPV6_HEADER_LEN 40
#define IPV6_FRAGMENT_HEADER_LEN 8
#define IPV6_FRAGMENT_OFFSET_AND_MORE 0xfff9
#define IPV6_FRAGMENT_OFFSET_MASK 0xfff8
#define IPV6_FRAGMENT_MORE 0x0001
#define IPV6_OPTION_PAD1 0x00
#define IPV6_OPTION_JUMBO 0xc2
/* RFC 8200 allows each extension header once (destination options twice):
 * a longer chain is not a real packet. */
#define IP_MAX_EXTENSION_HEADERS 16

enum {
  IP_PROTOCOL_HOPOPT = 0,
  IP_PROTOCOL_ICMP = 1,
  IP_PROTOCOL_ROUTING = 43,
  IP_PROTOCOL_FRAGMENT = 44,
  IP_PROTOCOL_ESP = 50,
  IP_PROTOCOL_AH = 51,
  IP_PROTOCOL_ICMPV6 = 58,
  IP_PROTOCOL_NONE = 59,
  IP_PROTOCOL_DSTOPTS = 60,
};

static REASON_DEFINE (reason_cut, "ip", "header cut by the snaplen");
static REASON_DEFINE (reason_short, "ip", "packet shorter than its ip header");
static REASON_DEFINE (reason_version, "ip", "version is neither 4 nor 6");
static REASON_DEFINE (reason_ipv4_version, "ip",
                      "ipv4 version field is not 4");
static REASON_DEFINE (reason_ipv6_version, "ip",
                      "ipv6 version field is not 6");
static REASON_DEFINE (reason_ipv4_ihl, "ip", "ipv4 header length below 20");
static REASON_DEFINE (reason_ipv4_ihl_beyond, "ip",
                      "ipv4 header length beyond the packet");
static REASON_DEFINE (reason_ipv4_total_below, "ip",
                      "ipv4 total length below header length");
static REASON_DEFINE (reason_ipv4_total_beyond, "ip",
                      "ipv4 total length beyond the frame");
static REASON_DEFINE (reason_ipv6_payload_beyond, "ip",
                      "ipv6 payload length beyond the frame");
static REASON_DEFINE (reason_ipv6_jumbogram, "ip", "ipv6 jumbogram");
static REASON_DEFINE (reason_extension_beyond, "ip",
                      "extension header beyond the ip payload");
static REASON_DEFINE (reason_extension_chain, "ip",
                      "more than 16 extension headers");
static REASON_DEFINE (reason_hop_by_hop_not_first, "ip",
                      "ipv6 hop-by-hop header not first");
static REASON_DEFINE (reason_fragment_in_fragment, "ip",
                      "fragment header inside a reassembled datagram");

static void
ip_read_address (Cursor *header, guint8 family, SipscanEndpoint *endpoint)
{
  endpoint->family = family;
  cursor_read_bytes (header, endpoint->addr, family == 4 ? 4 : 16);
}

/* The upper-layer protocol: UDP, TCP, SCTP and the tunnels go on. */
static gboolean
ip_dispatch (guint8 protocol, DecodedFrame *out)
{
  switch (protocol)
    {
    case IP_PROTOCOL_UDP:
    case IP_PROTOCOL_TCP:
    case IP_PROTOCOL_SCTP:
    case IP_PROTOCOL_IPIP:
    case IP_PROTOCOL_IPV6:
    case IP_PROTOCOL_GRE:
      return TRUE;
    case IP_PROTOCOL_ESP:     /* encrypted */
    case IP_PROTOCOL_NONE:
    case IP_PROTOCOL_ICMP:
    case IP_PROTOCOL_ICMPV6:
    default:
      return decode_stop (out, DECODE_NOT_SIP, NULL);
    }
}

static gboolean
ip_is_extension (gboolean ipv6, guint8 protocol)
{
  switch (protocol)
    {
    case IP_PROTOCOL_AH:
      return TRUE;
    case IP_PROTOCOL_HOPOPT:
    case IP_PROTOCOL_ROUTING:
    case IP_PROTOCOL_FRAGMENT:
    case IP_PROTOCOL_DSTOPTS:
      return ipv6;
    default:
      return FALSE;
    }
}

/* offset 0 and M clear: a fragment header on a whole packet (RFC 6946). */
static gboolean
ip_fragment_header_is_atomic (Cursor header)
{
  guint16 offset_and_flags = 0;
  cursor_skip (&header, 2);
  cursor_read_u16 (&header, &offset_and_flags);
  return (offset_and_flags & IPV6_FRAGMENT_OFFSET_AND_MORE) == 0;
}

/* next header (1), reserved (1), offset and M (2), identification (4);
 * the fragment's data follow. No fragment to fill: the header sits inside
 * a datagram already reassembled. */
static gboolean
ip_take_fragment_header (DecodeBytes *bytes, IpFragment *fragment,
                         DecodedFrame *out)
{
  Cursor header;
  guint16 offset_and_more = 0;
  if (!fragment)
    return decode_stop (out, DECODE_MALFORMED, &reason_fragment_in_fragment);
  cursor_take (&bytes->cursor, IPV6_FRAGMENT_HEADER_LEN, &header);
  fragment->version = 6;
  cursor_read_u8 (&header, &fragment->protocol);
  cursor_skip (&header, 1);
  cursor_read_u16 (&header, &offset_and_more);
  cursor_read_u32 (&header, &fragment->id);
  fragment->offset = offset_and_more & IPV6_FRAGMENT_OFFSET_MASK;
  fragment->more = (offset_and_more & IPV6_FRAGMENT_MORE) != 0;
  return decode_stop (out, DECODE_IP_FRAGMENT, NULL);
}

/* Skips the extension header of type *protocol and sets *protocol to the
 * next one. All share next header (1), length (1); the length counts
 * 8-octet units beyond the first, but 4-octet units beyond the first two
 * for AH, and the fragment header has none. */
static gboolean
ip_skip_extension (guint8 *protocol, DecodeBytes *bytes, IpFragment *fragment,
                   DecodedFrame *out)
{
  Cursor header = bytes->cursor;
  guint8 next = 0, length = 0;
  gsize size;
  if (!decode_bytes_need (bytes, 2, &reason_cut, &reason_extension_beyond,
                          out))
    return FALSE;
  cursor_read_u8 (&header, &next);
  cursor_read_u8 (&header, &length);
  if (*protocol == IP_PROTOCOL_FRAGMENT)
    size = IPV6_FRAGMENT_HEADER_LEN;
  else if (*protocol == IP_PROTOCOL_AH)
    size = ((gsize) length + 2) * 4;
  else
    size = ((gsize) length + 1) * 8;
  if (!decode_bytes_need (bytes, size, &reason_cut, &reason_extension_beyond,
                          out))
    return FALSE;
  if (*protocol == IP_PROTOCOL_FRAGMENT
      && !ip_fragment_header_is_atomic (bytes->cursor))
    return ip_take_fragment_header (bytes, fragment, out);
  cursor_skip (&bytes->cursor, size);
  *protocol = next;
  return TRUE;
}

/* From the first protocol after the fixed header to the upper layer; a
 * NULL fragment means the walk goes on in a reassembled datagram, past
 * the headers its fragments carried. Inline: for IPv4 the loop is a test
 * for AH. */
G_ALWAYS_INLINE static inline gboolean
ip_walk_extensions (gboolean ipv6, guint8 *protocol, DecodeBytes *bytes,
                    IpFragment *fragment, DecodedFrame *out)
{
  for (guint count = 0; ip_is_extension (ipv6, *protocol); count++)
    {
      if (count == IP_MAX_EXTENSION_HEADERS)
        return decode_stop (out, DECODE_MALFORMED, &reason_extension_chain);
      if (*protocol == IP_PROTOCOL_HOPOPT && (count > 0 || !fragment))
        return decode_stop (out, DECODE_MALFORMED,
                            &reason_hop_by_hop_not_first);
      if (!ip_skip_extension (protocol, bytes, fragment, out))
        return FALSE;
    }
  return ip_dispatch (*protocol, out);
}

static gboolean
ip_decode_ipv4 (DecodeBytes *bytes, guint8 *protocol, IpFragment *fragment,
                DecodedFrame *out)
{
  Cursor header;
  guint8 version_ihl = 0;
  guint16 total_len = 0, id = 0, flags_offset = 0;
  if (!decode_bytes_need (bytes, IPV4_HEADER_LEN, &reason_cut, &reason_short,
                          out))
    return FALSE;
  cursor_take (&bytes->cursor, IPV4_HEADER_LEN, &header);
  cursor_read_u8 (&header, &version_ihl);
  cursor_skip (&header, 1);   /* DSCP, ECN */
  cursor_read_u16 (&header, &total_len);
  cursor_read_u16 (&header, &id);
  cursor_read_u16 (&header, &flags_offset);
  cursor_skip (&header, 1);   /* time to live */
  cursor_read_u8 (&header, protocol);
  cursor_skip (&header, 2);   /* header checksum */
  ip_read_address (&header, 4, &out->src);
  ip_read_address (&header, 4, &out->dst);

  gsize header_len = (gsize) (version_ihl & 0x0f) * 4;
  if (version_ihl >> 4 != 4)
    return decode_stop (out, DECODE_MALFORMED, &reason_ipv4_version);
  if (header_len < IPV4_HEADER_LEN)
    return decode_stop (out, DECODE_MALFORMED, &reason_ipv4_ihl);
  if (total_len != 0 && total_len < header_len)
    return decode_stop (out, DECODE_MALFORMED, &reason_ipv4_total_below);
  if (total_len != 0
      && !decode_bytes_limit (bytes, total_len - IPV4_HEADER_LEN))
    return decode_stop (out, DECODE_MALFORMED, &reason_ipv4_total_beyond);
  if (!decode_bytes_need (bytes, header_len - IPV4_HEADER_LEN, &reason_cut,
                          &reason_ipv4_ihl_beyond, out))
    return FALSE;
  cursor_skip (&bytes->cursor, header_len - IPV4_HEADER_LEN);  /* options */

  if (flags_offset & (IPV4_FLAG_MORE_FRAGMENTS | IPV4_FRAGMENT_OFFSET_MASK))
    {
      *fragment = (IpFragment){
        .version = 4,
        .protocol = *protocol,
        .id = id,
        .offset = (gsize) (flags_offset & IPV4_FRAGMENT_OFFSET_MASK) * 8,
        .more = (flags_offset & IPV4_FLAG_MORE_FRAGMENTS) != 0,
        .header_len = header_len,
      };
      return decode_stop (out, DECODE_IP_FRAGMENT, NULL);
    }
  return ip_walk_extensions (FALSE, protocol, bytes, fragment, out);
}

/* Looks, in what was captured of a hop-by-hop header, for the jumbo
 * payload option (RFC 2675). */
static gboolean
ip_hop_by_hop_has_jumbo (const DecodeBytes *bytes)
{
  Cursor header = bytes->cursor, options;
  guint8 length = 0, type = 0, option_len = 0;
  if (!cursor_skip (&header, 1) || !cursor_read_u8 (&header, &length))
    return FALSE;
  gsize options_len = MIN (((gsize) length + 1) * 8 - 2,
                           cursor_remaining (&header));
  cursor_take (&header, options_len, &options);
  while (cursor_read_u8 (&options, &type))
    {
      if (type == IPV6_OPTION_JUMBO)
        return TRUE;
      if (type == IPV6_OPTION_PAD1)
        continue;
      if (!cursor_read_u8 (&options, &option_len)
          || !cursor_skip (&options, option_len))
        return FALSE;
    }
  return FALSE;
}

static gboolean
ip_decode_ipv6 (DecodeBytes *bytes, guint8 *protocol, IpFragment *fragment,
                DecodedFrame *out)
{
  Cursor header;
  guint32 version_class_label = 0;
  guint16 payload_len = 0;
  if (!decode_bytes_need (bytes, IPV6_HEADER_LEN, &reason_cut, &reason_short,
                          out))
    return FALSE;
  cursor_take (&bytes->cursor, IPV6_HEADER_LEN, &header);
  cursor_read_u32 (&header, &version_class_label);
  cursor_read_u16 (&header, &payload_len);
  cursor_read_u8 (&header, protocol);
  cursor_skip (&header, 1);   /* hop limit */
  ip_read_address (&header, 6, &out->src);
  ip_read_address (&header, 6, &out->dst);

  if (version_class_label >> 28 != 6)
    return decode_stop (out, DECODE_MALFORMED, &reason_ipv6_version);
  if (payload_len == 0 && *protocol == IP_PROTOCOL_HOPOPT
      && ip_hop_by_hop_has_jumbo (bytes))
    return decode_stop (out, DECODE_MALFORMED, &reason_ipv6_jumbogram);
  if (payload_len != 0 && !decode_bytes_limit (bytes, payload_len))
    return decode_stop (out, DECODE_MALFORMED, &reason_ipv6_payload_beyond);
  gsize payload_start = bytes->cursor.pos;
  if (ip_walk_extensions (TRUE, protocol, bytes, fragment, out))
    return TRUE;
  if (out->verdict == DECODE_IP_FRAGMENT)
    fragment->header_len
        = bytes->cursor.pos - payload_start - IPV6_FRAGMENT_HEADER_LEN;
  return FALSE;
}

gboolean
ip_decode (LinkNetwork network, DecodeBytes *bytes, guint8 *protocol,
           IpFragment *fragment, DecodedFrame *out)
{
  if (network == LINK_NETWORK_IP)
    {
      if (!decode_bytes_need (bytes, 1, &reason_cut, &reason_short, out))
        return FALSE;
      if (!link_guess_ip (bytes, &network))
        return decode_stop (out, DECODE_MALFORMED, &reason_version);
    }
  if (network == LINK_NETWORK_IPV4)
    return ip_decode_ipv4 (bytes, protocol, fragment, out);
  return ip_decode_ipv6 (bytes, protocol, fragment, out);
}

gboolean
ip_decode_reassembled (guint8 version, DecodeBytes *bytes, guint8 *protocol,
                       DecodedFrame *out)
{
  return ip_walk_extensions (version == 6, protocol, bytes, NULL, out);
}
