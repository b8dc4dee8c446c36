#include "capture/pcap_reader.h"

#include <string.h>

/* libpcap's bound on a record's captured length: a larger one is damage. */
#define MAX_CAPLEN 262144u
#define FILE_HEADER_LEN 24
#define RECORD_HEADER_LEN 16
#define MODIFIED_RECORD_HEADER_LEN 24  /* + ifindex, protocol, type, pad */
#define LINKTYPE_MASK 0x03ffffffu      /* the rest are FCS flags */

enum {
  MAGIC_MICRO = 0xa1b2c3d4u,
  MAGIC_NANO = 0xa1b23c4du,
  MAGIC_MODIFIED = 0xa1b2cd34u,
};

struct _PcapReader {
  FileWindow *window;
  gboolean started;       /* file header read */
  gboolean swapped;       /* written in the other byte order */
  guint32 ns_per_tick;    /* of the subsecond field */
  gsize record_header_len;
  int linktype;
  char error[96];
};

static guint32
read_u32 (const guint8 *p, gboolean swapped)
{
  guint32 v;
  memcpy (&v, p, sizeof v);
  return swapped ? GUINT32_SWAP_LE_BE (v) : v;
}

static guint16
read_u16 (const guint8 *p, gboolean swapped)
{
  guint16 v;
  memcpy (&v, p, sizeof v);
  return swapped ? GUINT16_SWAP_LE_BE (v) : v;
}

/* The magic's format in this machine's order, 0 when it is none. */
static guint32
pcap_magic (const guint8 p[4], gboolean *swapped)
{
  static const guint32 magics[]
      = { MAGIC_MICRO, MAGIC_NANO, MAGIC_MODIFIED };
  for (gsize i = 0; i < G_N_ELEMENTS (magics); i++)
    for (int swap = 0; swap <= 1; swap++)
      if (read_u32 (p, swap) == magics[i])
        {
          *swapped = swap;
          return magics[i];
        }
  return 0;
}

gboolean
pcap_reader_recognises (const guint8 magic[4])
{
  gboolean swapped;
  return pcap_magic (magic, &swapped) != 0;
}

PcapReader *
pcap_reader_new (FileWindow *window)
{
  PcapReader *reader = g_new0 (PcapReader, 1);
  reader->window = window;
  return reader;
}

void
pcap_reader_free (PcapReader *reader)
{
  if (!reader)
    return;
  file_window_free (reader->window);
  g_free (reader);
}

const char *
pcap_reader_error (const PcapReader *reader)
{
  return reader->error;
}

static int
pcap_fail (PcapReader *reader, const char *what)
{
  g_strlcpy (reader->error, file_window_reason (reader->window, what),
             sizeof reader->error);
  return -1;
}

static int
pcap_read_file_header (PcapReader *reader)
{
  if (file_window_need (reader->window, FILE_HEADER_LEN) < FILE_HEADER_LEN)
    return pcap_fail (reader, "truncated pcap file header");
  const guint8 *h = file_window_data (reader->window);
  guint32 magic = pcap_magic (h, &reader->swapped);
  guint16 major = read_u16 (h + 4, reader->swapped);
  if (magic == 0)
    return pcap_fail (reader, "not a pcap file");
  if (major != 2)
    return pcap_fail (reader, "unsupported pcap version");
  reader->ns_per_tick = magic == MAGIC_NANO ? 1 : 1000;
  reader->record_header_len = magic == MAGIC_MODIFIED
                                  ? MODIFIED_RECORD_HEADER_LEN
                                  : RECORD_HEADER_LEN;
  reader->linktype = (int) (read_u32 (h + 20, reader->swapped)
                            & LINKTYPE_MASK);
  file_window_consume (reader->window, FILE_HEADER_LEN);
  reader->started = TRUE;
  return 1;
}

/* Hands out the record at the window's start, all of it at hand. */
G_ALWAYS_INLINE static inline void
pcap_take_record (PcapReader *reader, const guint8 *h, guint32 caplen,
                  SipscanFrame *frame)
{
  gsize head_len = reader->record_header_len;
  guint32 wirelen = read_u32 (h + 12, reader->swapped);
  /* Unsigned seconds, as Wireshark reads them: up to 2106, well inside
   * frame_time.h's range, so no check is needed. */
  SipscanTime time
      = (SipscanTime) read_u32 (h, reader->swapped) * SIPSCAN_TIME_PER_SECOND
        + (SipscanTime) read_u32 (h + 4, reader->swapped)
              * reader->ns_per_tick;
  *frame = (SipscanFrame){
    .time = time,
    .linktype = reader->linktype,
    .data = h + head_len,
    .caplen = caplen,
    .wirelen = MAX (wirelen, caplen),
  };
  file_window_consume (reader->window, head_len + caplen);
}

/* pcap_reader_next for what is not a record already in the window: the
 * file header, a record still to read, the end, damage. */
G_NO_INLINE static int
pcap_reader_next_slowly (PcapReader *reader, SipscanFrame *frame)
{
  if (!reader->started && pcap_read_file_header (reader) < 0)
    return -1;
  FileWindow *window = reader->window;
  gsize head_len = reader->record_header_len;
  gsize got = file_window_need (window, head_len);
  if (got < head_len)
    {
      if (got == 0 && !file_window_error (window))
        return 0;
      return pcap_fail (reader, "truncated pcap record header");
    }
  guint32 caplen = read_u32 (file_window_data (window) + 8, reader->swapped);
  if (caplen > MAX_CAPLEN)
    return pcap_fail (reader, "pcap record longer than 262144 bytes");
  if (file_window_need (window, head_len + caplen) < head_len + caplen)
    return pcap_fail (reader, "truncated pcap record");
  pcap_take_record (reader, file_window_data (window), caplen, frame);
  return 1;
}

int
pcap_reader_next (PcapReader *reader, SipscanFrame *frame)
{
  FileWindow *window = reader->window;
  gsize head_len = reader->record_header_len;
  if (G_UNLIKELY (!reader->started || !file_window_has (window, head_len)))
    return pcap_reader_next_slowly (reader, frame);
  const guint8 *h = file_window_data (window);
  guint32 caplen = read_u32 (h + 8, reader->swapped);
  if (G_UNLIKELY (caplen > MAX_CAPLEN
                  || !file_window_has (window, head_len + caplen)))
    return pcap_reader_next_slowly (reader, frame);
  pcap_take_record (reader, h, caplen, frame);
  return 1;
}
