#include "pcap_writer.h"

#include "bytes.h"

void
pcap_write_header (GByteArray *out, guint32 linktype, guint32 snaplen)
{
  put_le32 (out, 0xa1b2c3d4);
  put_le16 (out, 2);
  put_le16 (out, 4);
  put_le32 (out, 0); /* thiszone */
  put_le32 (out, 0); /* sigfigs */
  put_le32 (out, snaplen);
  put_le32 (out, linktype);
}

void
pcap_write_record (GByteArray *out, gint64 time, const guint8 *data,
                   guint32 caplen, guint32 wirelen)
{
  g_assert (time >= 0 && time % 1000 == 0);
  put_le32 (out, (guint32) (time / 1000000000));
  put_le32 (out, (guint32) (time % 1000000000 / 1000));
  put_le32 (out, caplen);
  put_le32 (out, wirelen);
  put_bytes (out, data, caplen);
}
