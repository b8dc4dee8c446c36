/* IP reassembly: collects the fragments of one IPv4 or IPv6 datagram and
 * hands back the whole datagram. The policy is described in ip_defrag.c. */
#pragma once

#include "decode/ip.h"

typedef struct _IpDefrag IpDefrag;

/* Limits from options (max_fragment_datagrams, max_fragment_bytes,
 * fragment_timeout); outcomes are counted in counters (ip_*). */
IpDefrag *ip_defrag_new (const SipscanOptions *options,
                         SipscanCounters *counters);
void ip_defrag_free (IpDefrag *defrag);

/* Capture time moved on to time (never back): datagrams whose first
 * fragment came more than the timeout ago end incomplete. */
void ip_defrag_advance (IpDefrag *defrag, SipscanTime time);

/* Adds a fragment whose data are bytes; its version, id, (IPv4) protocol
 * and out's src and dst name its datagram. TRUE when it completes the
 * datagram: bytes then cover what followed the IPv4 header or the IPv6
 * fragment header, in a buffer of defrag's valid until the next call,
 * and *protocol is what that header named (for IPv6, the fragment at
 * offset 0's). Otherwise FALSE with out's verdict: DECODE_IP_FRAGMENT
 * when the fragment is held, DECODE_MALFORMED when it discarded its
 * datagram, DECODE_TRUNCATED when the snaplen cut its data. */
gboolean ip_defrag_add (IpDefrag *defrag, const IpFragment *fragment,
                        DecodeBytes *bytes, guint8 *protocol,
                        DecodedFrame *out);

/* The capture ended: every datagram still incomplete is counted. */
void ip_defrag_finish (IpDefrag *defrag);
