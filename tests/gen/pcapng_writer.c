#include "pcapng_writer.h"

#include "bytes.h"

enum {
  BLOCK_SECTION_HEADER = 0x0a0d0d0a,
  BLOCK_INTERFACE = 0x00000001,
  BLOCK_ENHANCED_PACKET = 0x00000006,
  OPT_ENDOFOPT = 0,
  OPT_IF_TSRESOL = 9,
};

/* Starts a block; returns the offset of its length field. */
static gsize
block_begin (GByteArray *out, guint32 type)
{
  gsize start = out->len;
  put_le32 (out, type);
  put_le32 (out, 0);
  return start;
}

static void
block_end (GByteArray *out, gsize start)
{
  guint32 total = out->len - start + 4;
  set_le32 (out, start + 4, total);
  put_le32 (out, total);
}

void
pcapng_write_section_header (GByteArray *out)
{
  gsize start = block_begin (out, BLOCK_SECTION_HEADER);
  put_le32 (out, 0x1a2b3c4d);
  put_le16 (out, 1);
  put_le16 (out, 0);
  put_le32 (out, 0xffffffff); /* section length unknown */
  put_le32 (out, 0xffffffff);
  block_end (out, start);
}

void
pcapng_write_interface (GByteArray *out, guint16 linktype, guint32 snaplen)
{
  gsize start = block_begin (out, BLOCK_INTERFACE);
  put_le16 (out, linktype);
  put_le16 (out, 0);
  put_le32 (out, snaplen);
  put_le16 (out, OPT_IF_TSRESOL);
  put_le16 (out, 1);
  put_u8 (out, 9);
  put_zeros (out, 3);
  put_le16 (out, OPT_ENDOFOPT);
  put_le16 (out, 0);
  block_end (out, start);
}

void
pcapng_write_packet (GByteArray *out, guint32 interface_id, gint64 time,
                     const guint8 *data, guint32 caplen, guint32 wirelen)
{
  gsize start = block_begin (out, BLOCK_ENHANCED_PACKET);
  guint64 ts = (guint64) time;

  g_assert (time >= 0);
  put_le32 (out, interface_id);
  put_le32 (out, (guint32) (ts >> 32));
  put_le32 (out, (guint32) (ts & 0xffffffff));
  put_le32 (out, caplen);
  put_le32 (out, wirelen);
  put_bytes (out, data, caplen);
  put_zeros (out, (4 - caplen % 4) % 4);
  block_end (out, start);
}

void
pcapng_write_block (GByteArray *out, guint32 type, const guint8 *body,
                    gsize len)
{
  gsize start = block_begin (out, type);
  put_bytes (out, body, len);
  put_zeros (out, (4 - len % 4) % 4);
  block_end (out, start);
}
