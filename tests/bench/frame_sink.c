#include "frame_sink.h"

#include "packet_builder.h"
#include "pcap_writer.h"

enum {
  LINKTYPE_ETHERNET = 1,
  SNAPLEN = 65535,
  MTU = 1500,
  IPV4_HEADER = 20,
  TCP_MSS = MTU - IPV4_HEADER - 20,
  FLUSH_AT = 4 << 20,
};

void
frame_sink_init (FrameSink *sink, FILE *file)
{
  *sink = (FrameSink){ .file = file, .next_ip_id = 0x2a00 };
  sink->buffer = g_byte_array_sized_new (FLUSH_AT + 2 * MTU);
  pcap_write_header (sink->buffer, LINKTYPE_ETHERNET, SNAPLEN);
}

static void
flush (FrameSink *sink)
{
  if (sink->buffer->len
      && fwrite (sink->buffer->data, 1, sink->buffer->len, sink->file)
             != sink->buffer->len)
    sink->write_failed = TRUE;
  sink->counts.bytes += sink->buffer->len;
  g_byte_array_set_size (sink->buffer, 0);
}

gboolean
frame_sink_finish (FrameSink *sink)
{
  flush (sink);
  g_byte_array_unref (sink->buffer);
  sink->buffer = NULL;
  return !sink->write_failed;
}

static PktAddr
address (guint32 ip)
{
  PktAddr addr = { .family = 4 };
  for (guint i = 0; i < 4; i++)
    addr.bytes[i] = (guint8) (ip >> (24 - 8 * i));
  return addr;
}

/* A locally administered MAC address made of the IPv4 address. */
static void
mac_of (guint32 ip, guint8 mac[6])
{
  mac[0] = 0x02;
  mac[1] = 0x00;
  for (guint i = 0; i < 4; i++)
    mac[2 + i] = (guint8) (ip >> (24 - 8 * i));
}

/* One IPv4 packet (or fragment) in an Ethernet frame. */
static guint64
write_frame (FrameSink *sink, guint64 time, guint32 src, guint32 dst,
             const GByteArray *ip_packet)
{
  guint8 src_mac[6], dst_mac[6];
  mac_of (src, src_mac);
  mac_of (dst, dst_mac);
  g_autoptr (GByteArray) frame
      = pkt_ethernet (dst_mac, src_mac, NULL, 0, PKT_ETHERTYPE_IPV4,
                      ip_packet->data, ip_packet->len);

  time = MAX (time, sink->last_time + 1);
  sink->last_time = time;
  pcap_write_record (sink->buffer, (gint64) time * 1000, frame->data,
                     frame->len, frame->len);
  sink->counts.frames++;
  if (sink->buffer->len >= FLUSH_AT)
    flush (sink);
  return time;
}

static PktIpv4
ipv4_header (FrameSink *sink, guint32 src, guint32 dst, guint8 protocol)
{
  return (PktIpv4){
    .src = address (src), .dst = address (dst), .protocol = protocol,
    .id = sink->next_ip_id++, .dont_fragment = TRUE,
  };
}

guint64
frame_sink_udp (FrameSink *sink, guint64 time, Endpoint src, Endpoint dst,
                const guint8 *payload, gsize len)
{
  PktIpv4 ip = ipv4_header (sink, src.ip, dst.ip, PKT_PROTO_UDP);
  g_autoptr (GByteArray) udp = pkt_udp (&ip.src, &ip.dst, src.port,
                                        dst.port, payload, len);

  if (IPV4_HEADER + udp->len <= MTU)
    {
      g_autoptr (GByteArray) packet = pkt_ipv4 (&ip, udp->data, udp->len);
      sink->counts.frames_sip++;
      return write_frame (sink, time, src.ip, dst.ip, packet);
    }
  g_autoptr (GPtrArray) fragments = pkt_ipv4_fragments (
      &ip, udp->data, udp->len, (MTU - IPV4_HEADER) / 8 * 8);
  g_ptr_array_set_free_func (fragments, (GDestroyNotify) g_byte_array_unref);
  for (guint i = 0; i < fragments->len; i++)
    time = write_frame (sink, time, src.ip, dst.ip, fragments->pdata[i]);
  sink->counts.frames_ip_fragment += fragments->len - 1;
  sink->counts.frames_sip++;
  sink->counts.ip_datagrams_reassembled++;
  return time;
}

static guint64
write_segment (FrameSink *sink, guint64 time, TcpLink *link,
               gboolean from_client, guint8 flags, const guint8 *data,
               gsize len)
{
  const Endpoint *src = from_client ? &link->client : &link->server;
  const Endpoint *dst = from_client ? &link->server : &link->client;
  guint32 *seq = from_client ? &link->client_seq : &link->server_seq;
  guint32 ack = from_client ? link->server_seq : link->client_seq;
  PktIpv4 ip = ipv4_header (sink, src->ip, dst->ip, PKT_PROTO_TCP);

  if (!(flags & PKT_TCP_ACK))
    ack = 0;
  g_autoptr (GByteArray) tcp = pkt_tcp (&ip.src, &ip.dst, src->port,
                                        dst->port, *seq, ack, flags, data,
                                        len);
  g_autoptr (GByteArray) packet = pkt_ipv4 (&ip, tcp->data, tcp->len);
  *seq += (guint32) len + (flags & PKT_TCP_SYN ? 1 : 0);
  return write_frame (sink, time, src->ip, dst->ip, packet);
}

static guint64
open_link (FrameSink *sink, guint64 time, TcpLink *link)
{
  time = write_segment (sink, time, link, TRUE, PKT_TCP_SYN, NULL, 0);
  time = write_segment (sink, time, link, FALSE, PKT_TCP_SYN | PKT_TCP_ACK,
                        NULL, 0);
  time = write_segment (sink, time, link, TRUE, PKT_TCP_ACK, NULL, 0);
  sink->counts.frames_tcp += 3;
  sink->counts.tcp_streams += 2;
  link->open = TRUE;
  return time;
}

guint64
frame_sink_tcp (FrameSink *sink, guint64 time, TcpLink *link,
                gboolean from_client, const guint8 *data, const gsize *ends,
                guint n)
{
  gsize len = ends[n - 1];
  guint next_end = 0;

  if (!link->open)
    time = open_link (sink, time, link);
  for (gsize at = 0; at < len; at += TCP_MSS)
    {
      gsize segment = MIN ((gsize) TCP_MSS, len - at);
      gboolean completes = FALSE;
      while (next_end < n && ends[next_end] <= at + segment)
        {
          completes = TRUE;
          next_end++;
        }
      if (completes)
        sink->counts.frames_sip++;
      else
        sink->counts.frames_tcp++;
      time = write_segment (sink, time, link, from_client,
                            PKT_TCP_PSH | PKT_TCP_ACK, data + at, segment);
    }
  return time;
}
