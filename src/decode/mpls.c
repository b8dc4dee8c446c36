/* MPLS label stacks (RFC 3032 §2.1): 4-byte entries (label 20 bits,
 * traffic class 3, bottom of stack 1, TTL 8) down to the one with the
 * bottom-of-stack bit. Nothing says what lies under the stack; as
 * tcpdump and Wireshark do, a first nibble of 4 or 6 is taken for IPv4
 * or IPv6. Anything else (a pseudowire control word, RFC 4385, and the
 * Ethernet frame after it) is not decoded. The bytes bound the stack. */
#include "decode/mpls.h"

#define MPLS_ENTRY_LEN 4
#define MPLS_BOTTOM_OF_STACK 0x00000100

static REASON_DEFINE (reason_cut, "mpls", "label stack cut by the snaplen");
static REASON_DEFINE (reason_short, "mpls",
                      "label stack without bottom of stack");
static REASON_DEFINE (reason_empty, "mpls", "nothing under the label stack");
static REASON_DEFINE (reason_not_ip, "mpls",
                      "mpls payload neither ipv4 nor ipv6");

gboolean
mpls_decode (DecodeBytes *bytes, LinkNetwork *network, DecodedFrame *out)
{
  guint32 entry = 0;
  do
    {
      if (!decode_bytes_need (bytes, MPLS_ENTRY_LEN, &reason_cut,
                              &reason_short, out))
        return FALSE;
      cursor_read_u32 (&bytes->cursor, &entry);
    }
  while (!(entry & MPLS_BOTTOM_OF_STACK));
  if (!decode_bytes_need (bytes, 1, &reason_cut, &reason_empty, out))
    return FALSE;
  if (!link_guess_ip (bytes, network))
    return decode_stop (out, DECODE_UNSUPPORTED, &reason_not_ip);
  return TRUE;
}
