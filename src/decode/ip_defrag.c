/* IP reassembly: IPv4 (RFC 791 §3.2: a datagram is named by source,
 * destination, protocol and identification) and IPv6 (RFC 8200 §4.5:
 * source, destination and identification; the next header of the
 * fragment at offset 0 is the one that counts). Fragments are copied
 * into one buffer per datagram as they come; the datagram is whole when
 * its last fragment is in and the bytes held run from 0 to its end.
 *
 * Policy:
 * - Fragments may come in any order, and more than once.
 * - A fragment overlapping bytes already held is accepted when its bytes
 *   agree with them (a retransmission, or a duplicate in the capture).
 *   When they differ, the whole datagram is discarded and counted
 *   (ip_fragments_overlapping): receivers disagree on which copy wins
 *   (the overlap evasions of Novak's "Target-Based Fragmentation
 *   Reassembly"), RFC 5722 makes IPv6 receivers discard such a datagram
 *   and Linux (since 4.19) discards IPv4 ones as well, so the SIP server
 *   saw no message and neither does the analysis. Linux differs in two
 *   corners: it drops a fragment lying wholly inside data it holds
 *   without comparing (the first copy wins), and it discards the
 *   datagram on a partial overlap even when the bytes agree.
 * - The datagram is discarded and counted (ip_fragments_invalid), with
 *   the frame's reason, for an empty fragment, a fragment reaching past
 *   65535 bytes (the largest IPv4 total length, IPv6 payload length), a
 *   fragment other than the last whose length is not a multiple of 8
 *   (RFC 8200; Linux trims IPv4 ones instead), a last fragment that ends
 *   elsewhere than an earlier last one, or data past the end a last
 *   fragment set. Linux discards the datagram for these too.
 * - A datagram still incomplete fragment_timeout after its first fragment
 *   (like Linux's ipfrag_time; RFC 8200 says 60 s) or at the end of the
 *   capture is counted incomplete. Past max_fragment_datagrams, or when a
 *   fragment would take the buffers past max_fragment_bytes (a buffer
 *   runs to its datagram's furthest fragment, gaps included), the oldest
 *   datagram goes first and is counted evicted.
 * - A fragment cut by the snaplen cannot be used: its frame is truncated,
 *   and its datagram waits for a copy captured whole.
 * Fragments arriving after their datagram was discarded start a new one,
 * as they do in a receiver. */
#include "decode/ip_defrag.h"

#include "util/endpoint_key.h"
#include "util/state_table.h"

#include <string.h>

/* The largest IPv4 total length and IPv6 payload length. */
#define IP_DATAGRAM_MAX_LEN 65535

static REASON_DEFINE (reason_cut, "ip", "fragment cut by the snaplen");
static REASON_DEFINE (reason_overlap, "ip",
                      "fragment overlaps held bytes with different ones");
static REASON_DEFINE (reason_empty, "ip", "empty fragment");
static REASON_DEFINE (reason_too_long, "ip",
                      "fragment reaches past 65535 bytes");
static REASON_DEFINE (reason_misaligned, "ip",
                      "fragment before the last not a multiple of 8 bytes");
static REASON_DEFINE (reason_second_end, "ip",
                      "last fragments disagree on the datagram end");
static REASON_DEFINE (reason_past_end, "ip",
                      "fragment data past the datagram end");

/* Bytes [start, end) of a datagram that fragments filled. */
typedef struct {
  gsize start, end;
} IpRun;

/* RFC 791 and RFC 8200: fragments of one datagram share these. */
typedef struct {
  EndpointKey src, dst;
  guint32 id;
  guint8 version;
  guint8 protocol;    /* IPv4's; 0 for IPv6 */
  guint8 zero[2];     /* no padding: keys compare as bytes */
} IpDatagramKey;

G_STATIC_ASSERT (sizeof (IpDatagramKey) == 48);

typedef struct {
  StateEntry entry;
  IpDatagramKey key;
  GByteArray *data;   /* to the furthest fragment's end; runs say what
                         was received */
  GArray *runs;       /* IpRun: sorted, neither overlapping nor touching */
  gsize end;          /* the datagram's length, once has_end */
  gboolean has_end;
  guint8 protocol;
} IpDatagram;

struct _IpDefrag {
  StateTable *datagrams;
  SipscanCounters *counters;
  gsize max_bytes;
  gsize bytes;        /* in the buffers of all datagrams */
  SipscanTime now;
  GByteArray *whole;  /* the datagram reassembled last */
};

static void
ip_datagram_free (gpointer entry)
{
  IpDatagram *datagram = entry;
  if (datagram->data)
    g_byte_array_unref (datagram->data);
  g_array_unref (datagram->runs);
  g_free (datagram);
}

static void
ip_defrag_on_end (gpointer entry, StateEnd why, SipscanTime now,
                  gpointer data)
{
  IpDefrag *defrag = data;
  IpDatagram *datagram = entry;
  defrag->bytes -= datagram->data->len;
  if (why == STATE_END_EVICTED)
    defrag->counters->ip_datagrams_evicted++;
  else
    defrag->counters->ip_datagrams_incomplete++;
}

IpDefrag *
ip_defrag_new (const SipscanOptions *options, SipscanCounters *counters)
{
  IpDefrag *defrag = g_new0 (IpDefrag, 1);
  SipscanTime timeout
      = SIPSCAN_TIME_FROM_SECONDS (options->fragment_timeout);
  defrag->datagrams
      = state_table_new (options->max_fragment_datagrams, &timeout, 1,
                         ip_defrag_on_end, ip_datagram_free, defrag);
  defrag->counters = counters;
  defrag->max_bytes = options->max_fragment_bytes;
  defrag->now = G_MININT64;
  return defrag;
}

void
ip_defrag_free (IpDefrag *defrag)
{
  if (!defrag)
    return;
  state_table_free (defrag->datagrams);
  if (defrag->whole)
    g_byte_array_unref (defrag->whole);
  g_free (defrag);
}

void
ip_defrag_advance (IpDefrag *defrag, SipscanTime time)
{
  if (time <= defrag->now)
    return;
  defrag->now = time;
  state_table_expire (defrag->datagrams, time);
}

void
ip_defrag_finish (IpDefrag *defrag)
{
  state_table_drain (defrag->datagrams, STATE_END_CAPTURE_END, defrag->now);
}

static IpDatagramKey
ip_defrag_key (const IpFragment *fragment, const DecodedFrame *out)
{
  IpDatagramKey key;
  memset (&key, 0, sizeof key);
  key.src = endpoint_key (&out->src, FALSE);
  key.dst = endpoint_key (&out->dst, FALSE);
  key.id = fragment->id;
  key.version = fragment->version;
  if (fragment->version == 4)
    key.protocol = fragment->protocol;
  return key;
}

static IpDatagram *
ip_defrag_lookup (IpDefrag *defrag, const IpDatagramKey *key)
{
  return state_table_lookup_bytes (defrag->datagrams, key, sizeof *key);
}

static gsize
ip_datagram_held_end (const IpDatagram *datagram)
{
  return g_array_index (datagram->runs, IpRun, datagram->runs->len - 1).end;
}

/* Why a fragment of len bytes cannot go into datagram (NULL when none is
 * held yet), or NULL. */
static const Reason *
ip_fragment_check (const IpFragment *fragment, gsize len,
                   const IpDatagram *datagram)
{
  gsize end = fragment->offset + len;
  if (len == 0)
    return &reason_empty;
  if (fragment->header_len + end > IP_DATAGRAM_MAX_LEN)
    return &reason_too_long;
  if (fragment->more && len % 8 != 0)
    return &reason_misaligned;
  if (!datagram)
    return NULL;
  if (!fragment->more && datagram->has_end && end != datagram->end)
    return &reason_second_end;
  if (!fragment->more && ip_datagram_held_end (datagram) > end)
    return &reason_past_end;
  if (fragment->more && datagram->has_end && end > datagram->end)
    return &reason_past_end;
  return NULL;
}

/* TRUE when data, at offset, equal the bytes held wherever they meet. */
static gboolean
ip_datagram_agrees (const IpDatagram *datagram, gsize offset,
                    const guint8 *data, gsize len)
{
  for (guint i = 0; i < datagram->runs->len; i++)
    {
      const IpRun *run = &g_array_index (datagram->runs, IpRun, i);
      gsize from = MAX (run->start, offset);
      gsize to = MIN (run->end, offset + len);
      if (from < to
          && memcmp (datagram->data->data + from, data + (from - offset),
                     to - from) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
ip_datagram_hold (IpDatagram *datagram, const IpFragment *fragment,
                  const guint8 *data, gsize len)
{
  IpRun run = { fragment->offset, fragment->offset + len };
  GArray *runs = datagram->runs;
  guint first = 0, after;

  if (datagram->data->len < run.end)
    g_byte_array_set_size (datagram->data, (guint) run.end);
  memcpy (datagram->data->data + run.start, data, len);
  while (first < runs->len && g_array_index (runs, IpRun, first).end
                                  < run.start)
    first++;
  for (after = first;
       after < runs->len && g_array_index (runs, IpRun, after).start
                                <= run.end;
       after++)
    {
      run.start = MIN (run.start, g_array_index (runs, IpRun, after).start);
      run.end = MAX (run.end, g_array_index (runs, IpRun, after).end);
    }
  g_array_remove_range (runs, first, after - first);
  g_array_insert_val (runs, first, run);

  if (!fragment->more)
    {
      datagram->has_end = TRUE;
      datagram->end = fragment->offset + len;
    }
  if (fragment->offset == 0)
    datagram->protocol = fragment->protocol;
}

static gboolean
ip_datagram_is_whole (const IpDatagram *datagram)
{
  const IpRun *run = &g_array_index (datagram->runs, IpRun, 0);
  return datagram->has_end && datagram->runs->len == 1 && run->start == 0
         && run->end == datagram->end;
}

/* How much a fragment ending at end would add to the buffers. */
static gsize
ip_datagram_growth (const IpDatagram *datagram, gsize end)
{
  gsize len = datagram ? datagram->data->len : 0;
  return end > len ? end - len : 0;
}

/* The datagram named key to hold a fragment ending at end: the oldest
 * datagrams go, the fragment's own included, until the fragment fits
 * under the byte cap. NULL when it alone would pass the cap. */
static IpDatagram *
ip_defrag_make_room (IpDefrag *defrag, const IpDatagramKey *key, gsize end)
{
  IpDatagram *datagram = ip_defrag_lookup (defrag, key);
  while (defrag->bytes + ip_datagram_growth (datagram, end) > defrag->max_bytes
         && state_table_evict (defrag->datagrams, defrag->now))
    datagram = ip_defrag_lookup (defrag, key);
  if (defrag->bytes + ip_datagram_growth (datagram, end) > defrag->max_bytes)
    return NULL;
  if (!datagram)
    {
      datagram = g_new0 (IpDatagram, 1);
      datagram->key = *key;
      datagram->data = g_byte_array_new ();
      datagram->runs = g_array_new (FALSE, FALSE, sizeof (IpRun));
      state_table_insert_bytes (defrag->datagrams, &datagram->key,
                                sizeof datagram->key, datagram, 0,
                                defrag->now);
    }
  return datagram;
}

/* The fragment cannot be used: its datagram, if one is held, goes. */
static gboolean
ip_defrag_discard (IpDefrag *defrag, IpDatagram *datagram,
                   const Reason *reason, guint64 *counter, DecodedFrame *out)
{
  (*counter)++;
  if (datagram)
    {
      defrag->bytes -= datagram->data->len;
      state_table_remove (defrag->datagrams, datagram);
    }
  return decode_stop (out, DECODE_MALFORMED, reason);
}

/* The datagram is whole: its buffer becomes defrag's, bytes cover it. */
static void
ip_defrag_take_whole (IpDefrag *defrag, IpDatagram *datagram,
                      DecodeBytes *bytes)
{
  defrag->bytes -= datagram->data->len;
  if (defrag->whole)
    g_byte_array_unref (defrag->whole);
  defrag->whole = g_steal_pointer (&datagram->data);
  state_table_remove (defrag->datagrams, datagram);
  defrag->counters->ip_datagrams_reassembled++;
  bytes->cursor = cursor_make (defrag->whole->data, defrag->whole->len);
  bytes->lost = 0;
}

gboolean
ip_defrag_add (IpDefrag *defrag, const IpFragment *fragment,
               DecodeBytes *bytes, guint8 *protocol, DecodedFrame *out)
{
  if (bytes->lost > 0)
    return decode_stop (out, DECODE_TRUNCATED, &reason_cut);
  const guint8 *data = cursor_peek_ptr (&bytes->cursor);
  gsize len = cursor_remaining (&bytes->cursor);
  IpDatagramKey key = ip_defrag_key (fragment, out);
  IpDatagram *datagram = ip_defrag_lookup (defrag, &key);

  const Reason *invalid = ip_fragment_check (fragment, len, datagram);
  if (invalid)
    return ip_defrag_discard (defrag, datagram, invalid,
                              &defrag->counters->ip_fragments_invalid, out);
  if (datagram && !ip_datagram_agrees (datagram, fragment->offset, data, len))
    return ip_defrag_discard (defrag, datagram, &reason_overlap,
                              &defrag->counters->ip_fragments_overlapping,
                              out);
  datagram = ip_defrag_make_room (defrag, &key, fragment->offset + len);
  if (!datagram)
    {
      defrag->counters->ip_datagrams_evicted++;
      return decode_stop (out, DECODE_IP_FRAGMENT, NULL);
    }
  gsize before = datagram->data->len;
  ip_datagram_hold (datagram, fragment, data, len);
  defrag->bytes += datagram->data->len - before;
  if (!ip_datagram_is_whole (datagram))
    return decode_stop (out, DECODE_IP_FRAGMENT, NULL);
  *protocol = datagram->protocol;
  ip_defrag_take_whole (defrag, datagram, bytes);
  return TRUE;
}
