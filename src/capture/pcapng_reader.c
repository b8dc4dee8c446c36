#include "capture/pcapng_reader.h"

#include "capture/file_window.h"
#include "util/frame_time.h"

#include <string.h>

/* A block larger than this is damage, not a packet (libpcap's bound). */
#define MAX_BLOCK_LEN (16u * 1024 * 1024)

enum {
  BLOCK_INTERFACE = 1,
  BLOCK_PACKET = 2,           /* obsolete */
  BLOCK_SIMPLE_PACKET = 3,
  BLOCK_ENHANCED_PACKET = 6,
  OPTION_END = 0,
  OPTION_IF_TSRESOL = 9,
  OPTION_IF_TSOFFSET = 14,
};

typedef struct {
  int linktype;
  guint32 snaplen;
  gboolean binary;            /* if_tsresol: units of 2^-exponent s ... */
  guint exponent;             /* ... or of 10^-exponent s */
  gint64 offset;              /* if_tsoffset, seconds */
} PcapngInterface;

struct _PcapngReader {
  FileWindow *window;
  gboolean big_endian;        /* the section's byte order */
  GArray *interfaces;         /* PcapngInterface, of this section */
  SipscanTime last_time;      /* for Simple Packet Blocks, which have none */
  char error[128];
};

PcapngReader *
pcapng_reader_new (FileWindow *window)
{
  PcapngReader *reader = g_new0 (PcapngReader, 1);
  reader->window = window;
  reader->interfaces = g_array_new (FALSE, FALSE, sizeof (PcapngInterface));
  return reader;
}

void
pcapng_reader_free (PcapngReader *reader)
{
  if (!reader)
    return;
  file_window_free (reader->window);
  g_array_unref (reader->interfaces);
  g_free (reader);
}

const char *
pcapng_reader_error (const PcapngReader *reader)
{
  return reader->error;
}

static int
pcapng_fail (PcapngReader *reader, const char *what)
{
  g_strlcpy (reader->error, file_window_reason (reader->window, what),
             sizeof reader->error);
  return -1;
}

/* An unsigned integer of size bytes at p, in the section's byte order. */
static guint64
pcapng_uint (const PcapngReader *reader, const guint8 *p, gsize size)
{
  guint64 v = 0;
  for (gsize i = 0; i < size; i++)
    v = v << 8 | p[reader->big_endian ? i : size - 1 - i];
  return v;
}

static guint16
pcapng_u16 (const PcapngReader *reader, const guint8 *p)
{
  return (guint16) pcapng_uint (reader, p, 2);
}

static guint32
pcapng_u32 (const PcapngReader *reader, const guint8 *p)
{
  return (guint32) pcapng_uint (reader, p, 4);
}

/* The byte-order magic of a Section Header Block, after its type and
 * length. Interfaces belong to their section. */
static int
pcapng_take_byte_order (PcapngReader *reader, const guint8 magic[4])
{
  static const guint8 big[4] = { 0x1a, 0x2b, 0x3c, 0x4d };
  static const guint8 little[4] = { 0x4d, 0x3c, 0x2b, 0x1a };
  if (memcmp (magic, big, sizeof big) == 0)
    reader->big_endian = TRUE;
  else if (memcmp (magic, little, sizeof little) == 0)
    reader->big_endian = FALSE;
  else
    return pcapng_fail (reader, "bad pcapng byte-order magic");
  g_array_set_size (reader->interfaces, 0);
  return 1;
}

/* The option list of an Interface Description Block. */
static void
pcapng_read_interface_options (const PcapngReader *reader, const guint8 *p,
                               gsize len, PcapngInterface *interface)
{
  while (len >= 4)
    {
      guint16 code = pcapng_u16 (reader, p);
      guint16 value_len = pcapng_u16 (reader, p + 2);
      gsize padded = 4 + ((value_len + 3u) & ~3u);
      if (code == OPTION_END || padded > len)
        return;
      if (code == OPTION_IF_TSRESOL && value_len == 1)
        {
          interface->binary = (p[4] & 0x80) != 0;
          interface->exponent = p[4] & 0x7f;
        }
      else if (code == OPTION_IF_TSOFFSET && value_len == 8)
        interface->offset = (gint64) pcapng_uint (reader, p + 4, 8);
      p += padded;
      len -= padded;
    }
}

static int
pcapng_add_interface (PcapngReader *reader, const guint8 *body, gsize len)
{
  if (len < 8)
    return pcapng_fail (reader, "pcapng interface block too short");
  PcapngInterface interface = {
    .linktype = pcapng_u16 (reader, body),
    .snaplen = pcapng_u32 (reader, body + 4),
    .exponent = 6,
  };
  pcapng_read_interface_options (reader, body + 8, len - 8, &interface);
  g_array_append_val (reader->interfaces, interface);
  return 0;
}

static guint64
pow10_u64 (guint exponent)
{
  guint64 v = 1;
  while (exponent-- > 0)
    v *= 10;
  return v;
}

/* A timestamp in the interface's units as a SipscanTime; FALSE when
 * its resolution and offset put it out of range. */
static gboolean
pcapng_time (const PcapngInterface *interface, guint64 ts, SipscanTime *time)
{
  guint e = interface->exponent;
  guint64 seconds, nanoseconds;
  if (!interface->binary && e > 19)  /* below 10^-19 s: any ts is 0 s */
    seconds = nanoseconds = 0;
  else if (!interface->binary)
    {
      guint64 unit = pow10_u64 (e);
      seconds = ts / unit;
      guint64 fraction = ts % unit;
      nanoseconds = e <= 9 ? fraction * pow10_u64 (9 - e)
                           : fraction / pow10_u64 (e - 9);
    }
  else if (e < 64)
    {
      seconds = ts >> e;
      guint64 fraction = ts & ((G_GUINT64_CONSTANT (1) << e) - 1);
      if (e > 32)
        {
          fraction >>= e - 32;
          e = 32;
        }
      nanoseconds = (fraction * 1000000000u) >> e;
    }
  else
    seconds = nanoseconds = 0;
  if (seconds > (guint64) FRAME_TIME_MAX_SECONDS
      || interface->offset > FRAME_TIME_MAX_SECONDS
      || interface->offset < -FRAME_TIME_MAX_SECONDS)
    return FALSE;
  return frame_time_make ((gint64) seconds + interface->offset,
                          (guint32) nanoseconds, time);
}

static const PcapngInterface *
pcapng_interface (const PcapngReader *reader, guint32 id)
{
  return id < reader->interfaces->len
             ? &g_array_index (reader->interfaces, PcapngInterface, id)
             : NULL;
}

/* The frame of a packet block: its interface, timestamp and lengths. */
static int
pcapng_frame (PcapngReader *reader, guint32 id, SipscanTime *time,
              const guint8 *data, guint32 caplen, guint32 wirelen,
              gsize room, SipscanFrame *frame)
{
  if (caplen > room)
    return pcapng_fail (reader, "pcapng packet data past its block");
  const PcapngInterface *interface = pcapng_interface (reader, id);
  *frame = (SipscanFrame){ .time = reader->last_time };
  if (time != NULL && interface
      && !pcapng_time (interface, (guint64) *time, &frame->time))
    return pcapng_fail (reader, FRAME_TIME_OUT_OF_RANGE);
  frame->linktype = interface ? interface->linktype : -1;
  frame->data = data;
  frame->caplen = caplen;
  frame->wirelen = MAX (wirelen, caplen);
  reader->last_time = frame->time;
  return 1;
}

/* A block's body b of len bytes, between its length and trailer. */
static int
pcapng_take_block (PcapngReader *reader, guint32 type, const guint8 *b,
                   gsize len, SipscanFrame *frame)
{
  SipscanTime ts;
  switch (type)
    {
    case BLOCK_INTERFACE:
      return pcapng_add_interface (reader, b, len);
    case BLOCK_ENHANCED_PACKET:
    case BLOCK_PACKET:  /* its interface id is 16 bits, then drops */
      if (len < 20)
        return pcapng_fail (reader, "pcapng packet block too short");
      ts = (SipscanTime) ((guint64) pcapng_u32 (reader, b + 4) << 32
                          | pcapng_u32 (reader, b + 8));
      return pcapng_frame (reader,
                           type == BLOCK_PACKET ? pcapng_u16 (reader, b)
                                                : pcapng_u32 (reader, b),
                           &ts, b + 20, pcapng_u32 (reader, b + 12),
                           pcapng_u32 (reader, b + 16), len - 20, frame);
    case BLOCK_SIMPLE_PACKET:
      {
        if (len < 4)
          return pcapng_fail (reader, "pcapng packet block too short");
        guint32 wirelen = pcapng_u32 (reader, b);
        const PcapngInterface *first = pcapng_interface (reader, 0);
        guint32 caplen = (guint32) MIN ((gsize) wirelen, len - 4);
        if (first && first->snaplen > 0)
          caplen = MIN (caplen, first->snaplen);
        return pcapng_frame (reader, 0, NULL, b + 4, caplen, wirelen,
                             len - 4, frame);
      }
    default:
      return 0;
    }
}

int
pcapng_reader_next (PcapngReader *reader, SipscanFrame *frame)
{
  FileWindow *window = reader->window;
  for (;;)
    {
      gsize got = file_window_need (window, 12);
      if (got == 0 && !file_window_error (window))
        return 0;
      if (got < 12)
        return pcapng_fail (reader, "truncated pcapng block header");
      const guint8 *b = file_window_data (window);
      guint32 type = pcapng_u32 (reader, b);
      gboolean section = type == PCAPNG_MAGIC;  /* the same either way */
      if (section && pcapng_take_byte_order (reader, b + 8) < 0)
        return -1;
      guint32 total = pcapng_u32 (reader, b + 4);
      if (total < (section ? 16u : 12u) || total % 4 != 0
          || total > MAX_BLOCK_LEN)
        return pcapng_fail (reader, "bad pcapng block length");
      if (file_window_need (window, total) < total)
        return pcapng_fail (reader, "truncated pcapng block");
      b = file_window_data (window);
      file_window_consume (window, total);
      if (pcapng_u32 (reader, b + total - 4) != total)
        return pcapng_fail (reader, "pcapng block lengths disagree");
      if (section)
        {
          if (total < 18 || pcapng_u16 (reader, b + 12) != 1)
            return pcapng_fail (reader, "unsupported pcapng version");
          continue;
        }
      int taken = pcapng_take_block (reader, type, b + 8, total - 12, frame);
      if (taken != 0)
        return taken;
    }
}
