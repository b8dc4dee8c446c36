/* VXLAN (RFC 7348 §5): flags (1, the I flag set for a valid VNI),
 * reserved (3), VNI (3), reserved (1), then an Ethernet frame. UDP
 * datagrams to port 4789 are VXLAN, whatever their source port. */
#include "decode/vxlan.h"

#define VXLAN_HEADER_LEN 8
#define VXLAN_FLAG_VNI 0x08

static REASON_DEFINE (reason_cut, "vxlan", "header cut by the snaplen");
static REASON_DEFINE (reason_short, "vxlan",
                      "vxlan header beyond udp payload");
static REASON_DEFINE (reason_no_vni, "vxlan", "vxlan I flag not set");

gboolean
vxlan_decode (DecodeBytes *bytes, LinkNetwork *network, DecodedFrame *out)
{
  Cursor header;
  guint8 flags = 0;
  if (!decode_bytes_need (bytes, VXLAN_HEADER_LEN, &reason_cut,
                          &reason_short, out))
    return FALSE;
  cursor_take (&bytes->cursor, VXLAN_HEADER_LEN, &header);
  cursor_read_u8 (&header, &flags);
  if (!(flags & VXLAN_FLAG_VNI))
    return decode_stop (out, DECODE_MALFORMED, &reason_no_vni);
  *network = LINK_NETWORK_ETHERNET;
  return TRUE;
}
