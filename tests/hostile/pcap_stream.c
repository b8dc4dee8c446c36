#include "pcap_stream.h"

#include "pcap_writer.h"

void
pcap_stream_open (PcapStream *stream, const char *path, guint32 linktype)
{
  stream->out = g_strcmp0 (path, "-") == 0 ? stdout : fopen (path, "wb");
  if (stream->out == NULL)
    g_error ("cannot write %s", path);
  setvbuf (stream->out, NULL, _IOFBF, 1 << 20);
  stream->buf = g_byte_array_new ();
  stream->records = 0;
  pcap_write_header (stream->buf, linktype, 262144);
  fwrite (stream->buf->data, 1, stream->buf->len, stream->out);
}

void
pcap_stream_write_cut (PcapStream *stream, gint64 time_us,
                       GByteArray *frame, guint32 caplen)
{
  g_byte_array_set_size (stream->buf, 0);
  pcap_write_record (stream->buf, time_us * 1000, frame->data,
                     MIN (caplen, frame->len), frame->len);
  if (fwrite (stream->buf->data, 1, stream->buf->len, stream->out)
      != stream->buf->len)
    g_error ("write failed");
  stream->records++;
  g_byte_array_unref (frame);
}

void
pcap_stream_write (PcapStream *stream, gint64 time_us, GByteArray *frame)
{
  pcap_stream_write_cut (stream, time_us, frame, frame->len);
}

void
pcap_stream_write_all (PcapStream *stream, gint64 time_us, GPtrArray *frames)
{
  for (guint i = 0; i < frames->len; i++)
    pcap_stream_write (stream, time_us, frames->pdata[i]);
  g_ptr_array_free (frames, TRUE);
}

void
pcap_stream_close (PcapStream *stream)
{
  if (fflush (stream->out) != 0
      || (stream->out != stdout && fclose (stream->out) != 0))
    g_error ("write failed");
  g_byte_array_unref (stream->buf);
  fprintf (stderr, "records %" G_GUINT64_FORMAT "\n", stream->records);
}
