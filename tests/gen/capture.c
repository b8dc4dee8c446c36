#include "capture.h"

#include "pcap_writer.h"
#include "pcapng_writer.h"

#define CAPTURE_SNAPLEN 262144

struct _Capture {
  char *file_name;
  CaptureFormat format;
  guint32 linktype;
  GPtrArray *packets;
  gboolean numbered;
};

static void
capture_packet_free (gpointer data)
{
  CapturePacket *packet = data;
  g_bytes_unref (packet->data);
  g_free (packet);
}

Capture *
capture_new (const char *file_name, CaptureFormat format, guint32 linktype)
{
  Capture *capture = g_new0 (Capture, 1);
  capture->file_name = g_strdup (file_name);
  capture->format = format;
  capture->linktype = linktype;
  capture->packets = g_ptr_array_new_with_free_func (capture_packet_free);
  return capture;
}

void
capture_free (Capture *capture)
{
  if (capture == NULL)
    return;
  g_ptr_array_unref (capture->packets);
  g_free (capture->file_name);
  g_free (capture);
}

const char *
capture_peek_name (const Capture *capture)
{
  return capture->file_name;
}

guint32
capture_get_linktype (const Capture *capture)
{
  return capture->linktype;
}

GPtrArray *
capture_peek_packets (const Capture *capture)
{
  return capture->packets;
}

CapturePacket *
capture_add (Capture *capture, gint64 time, const guint8 *data, gsize caplen,
             gsize wirelen, FrameKind kind)
{
  CapturePacket *packet = g_new0 (CapturePacket, 1);

  g_assert (caplen <= wirelen && wirelen <= G_MAXUINT32);
  g_assert (capture->format != CAPTURE_PCAP || time % 1000 == 0);
  packet->time = time;
  packet->data = g_bytes_new (data, caplen);
  packet->wirelen = wirelen;
  packet->kind = kind;
  packet->sip_messages = kind == FRAME_SIP ? 1 : 0;
  packet->seq = capture->packets->len;
  g_ptr_array_add (capture->packets, packet);
  capture->numbered = FALSE;
  return packet;
}

static gint
compare_packet_time (gconstpointer a, gconstpointer b)
{
  const CapturePacket *pa = *(CapturePacket *const *) a;
  const CapturePacket *pb = *(CapturePacket *const *) b;
  if (pa->time != pb->time)
    return pa->time < pb->time ? -1 : 1;
  return pa->seq < pb->seq ? -1 : pa->seq > pb->seq;
}

void
capture_number_frames (Capture **captures, guint n_captures)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new ();

  for (guint i = 0; i < n_captures; i++)
    {
      GPtrArray *packets = captures[i]->packets;
      g_ptr_array_sort (packets, compare_packet_time);
      for (guint j = 0; j < packets->len; j++)
        g_ptr_array_add (all, packets->pdata[j]);
      captures[i]->numbered = TRUE;
    }
  g_ptr_array_sort (all, compare_packet_time);
  for (guint i = 0; i < all->len; i++)
    {
      CapturePacket *packet = all->pdata[i];
      if (i > 0 && ((CapturePacket *) all->pdata[i - 1])->time == packet->time)
        g_error ("two frames at time %" G_GINT64_FORMAT " in %s",
                 packet->time, captures[0]->file_name);
      packet->number = i + 1;
    }
}

gboolean
capture_save (Capture *capture, const char *dir, GError **error)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  g_autofree char *path = g_build_filename (dir, capture->file_name, NULL);

  g_assert (capture->numbered);
  if (capture->format == CAPTURE_PCAP)
    pcap_write_header (out, capture->linktype, CAPTURE_SNAPLEN);
  else
    {
      pcapng_write_section_header (out);
      pcapng_write_interface (out, capture->linktype, CAPTURE_SNAPLEN);
    }
  for (guint i = 0; i < capture->packets->len; i++)
    {
      CapturePacket *packet = capture->packets->pdata[i];
      gsize caplen;
      const guint8 *data = g_bytes_get_data (packet->data, &caplen);
      if (capture->format == CAPTURE_PCAP)
        pcap_write_record (out, packet->time, data, caplen, packet->wirelen);
      else
        pcapng_write_packet (out, 0, packet->time, data, caplen,
                             packet->wirelen);
    }
  return g_file_set_contents (path, (const char *) out->data, out->len,
                              error);
}
