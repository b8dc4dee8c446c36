/* SCTP (RFC 9260) as a carrier of SIP (RFC 4168: one SIP message per
 * user message, on any stream).
 *
 * The common header (§3.1) gives the ports; the verification tag is not
 * checked and neither is the CRC32c checksum (see udp.c: offloaded
 * checksums are unfinished in captures taken on the sender). Chunks
 * (§3.2) follow, each type, flags, a length counting its 4-byte header
 * and the value but not the padding to a multiple of 4 (the last chunk's
 * padding may be missing). A length below 4 or past the packet makes the
 * packet malformed; the chunks after it are not read.
 *
 * DATA chunks (type 0, §3.3.1) carry user data whatever their payload
 * protocol identifier says: RFC 4168 registers none for SIP and
 * implementations send 0, so, as with ports, the bytes decide whether a
 * message is SIP. A chunk with both B (beginning) and E (end) flags holds
 * a whole message. Fragments of one message (§6.9) have consecutive TSNs
 * and the same stream identifier and, when ordered, the same stream
 * sequence number; they are joined here in TSN order:
 *   - a message is keyed by source, destination, stream, the U flag and,
 *     when ordered, the stream sequence number, in a StateTable of at
 *     most max_fragment_datagrams messages, each dropped
 *     fragment_timeout after its first fragment;
 *   - a fragment whose TSN was taken already is a retransmission and
 *     ignored; one that does not follow on (a fragment missing, or
 *     arriving out of order), a middle or last fragment with no message
 *     begun, a message longer than sip_max_stream_message, and a
 *     fragment that would take the bytes held by all messages past
 *     max_fragment_bytes drop the message: its fragments count in
 *     sctp_fragments_dropped, as do those of messages left at timeout,
 *     evicted from a full table or left at the end of the capture.
 * I-DATA chunks (type 64, RFC 8260) are counted in sctp_unsupported_chunks
 * and not decoded. Other chunks (INIT, SACK, HEARTBEAT, ...) carry no
 * user data. */
#include "decode/sctp.h"

#include "util/endpoint_key.h"
#include "util/state_table.h"

#include <string.h>

#define SCTP_COMMON_HEADER_LEN 12
#define SCTP_CHUNK_HEADER_LEN 4
#define SCTP_DATA_HEADER_LEN 16
#define SCTP_CHUNK_TYPE_DATA 0
#define SCTP_CHUNK_TYPE_I_DATA 64
#define SCTP_DATA_UNORDERED 0x04
#define SCTP_DATA_BEGINNING 0x02
#define SCTP_DATA_END 0x01

static REASON_DEFINE (reason_header_cut, "sctp", "header cut by the snaplen");
static REASON_DEFINE (reason_header_beyond, "sctp",
                      "sctp header beyond ip payload");
static REASON_DEFINE (reason_payload_cut, "sctp",
                      "chunks cut by the snaplen");
static REASON_DEFINE (reason_chunk_short, "sctp", "chunk length below 4");
static REASON_DEFINE (reason_chunk_beyond, "sctp",
                      "chunk length beyond the packet");
static REASON_DEFINE (reason_data_short, "sctp",
                      "data chunk without user data");
static REASON_DEFINE (reason_i_data, "sctp", "I-DATA not decoded");

gboolean
sctp_decode (DecodeBytes *bytes, DecodedFrame *out)
{
  Cursor header;
  out->transport = SIPSCAN_TRANSPORT_SCTP;
  if (!decode_bytes_need (bytes, SCTP_COMMON_HEADER_LEN, &reason_header_cut,
                          &reason_header_beyond, out))
    return FALSE;
  cursor_take (&bytes->cursor, SCTP_COMMON_HEADER_LEN, &header);
  cursor_read_u16 (&header, &out->src.port);
  cursor_read_u16 (&header, &out->dst.port);
  /* verification tag, checksum */
  if (bytes->lost > 0)
    return decode_stop (out, DECODE_TRUNCATED, &reason_payload_cut);
  out->verdict = DECODE_SCTP;
  out->reason = NULL;
  out->payload = cursor_peek_ptr (&bytes->cursor);
  out->payload_len = cursor_remaining (&bytes->cursor);
  return TRUE;
}

/* ---- Reassembly of fragmented user messages ----------------------------- */

/* A message's fragments share these (RFC 9260 §6.9); an unordered
 * message has no stream sequence number. */
typedef struct {
  EndpointKey src, dst;
  guint16 stream;
  guint16 ssn;
  guint8 unordered;
  guint8 zero[3];     /* no padding: keys compare as bytes */
} SctpMessageKey;

G_STATIC_ASSERT (sizeof (SctpMessageKey) == 48);

typedef struct {
  StateEntry entry;
  SctpMessageKey key;
  SctpReassembly *owner;
  GByteArray *data;
  guint32 next_tsn;
  guint fragments;
} SctpMessage;

struct _SctpReassembly {
  StateTable *messages;
  SipscanCounters *counters;
  gsize max_message;
  gsize max_bytes;
  gsize bytes;            /* held by all messages */
};

/* One DATA chunk. */
typedef struct {
  guint8 flags;
  guint32 tsn;
  guint16 stream;
  guint16 ssn;
  const guint8 *data;
  gsize len;
} SctpData;

static void
sctp_message_free (gpointer entry)
{
  SctpMessage *message = entry;
  message->owner->bytes -= message->data->len;
  g_byte_array_unref (message->data);
  g_free (message);
}

/* Any way but completion: its fragments are dropped. */
static void
sctp_reassembly_on_end (gpointer entry, StateEnd why, SipscanTime now,
                        gpointer data)
{
  SctpMessage *message = entry;
  message->owner->counters->sctp_fragments_dropped += message->fragments;
}

SctpReassembly *
sctp_reassembly_new (const SipscanOptions *options, SipscanCounters *counters)
{
  SctpReassembly *r = g_new0 (SctpReassembly, 1);
  const SipscanTime timeout
      = SIPSCAN_TIME_FROM_SECONDS (options->fragment_timeout);
  r->messages = state_table_new (options->max_fragment_datagrams, &timeout, 1,
                                 sctp_reassembly_on_end, sctp_message_free,
                                 r);
  r->counters = counters;
  r->max_message = options->sip_max_stream_message;
  r->max_bytes = options->max_fragment_bytes;
  return r;
}

void
sctp_reassembly_free (SctpReassembly *reassembly)
{
  if (reassembly == NULL)
    return;
  state_table_free (reassembly->messages);
  g_free (reassembly);
}

static SctpMessageKey
sctp_message_key (const DecodedFrame *packet, const SctpData *chunk)
{
  SctpMessageKey key;
  memset (&key, 0, sizeof key);
  key.src = endpoint_key (&packet->src, TRUE);
  key.dst = endpoint_key (&packet->dst, TRUE);
  key.stream = chunk->stream;
  key.unordered = (chunk->flags & SCTP_DATA_UNORDERED) != 0;
  if (!key.unordered)
    key.ssn = chunk->ssn;
  return key;
}

static void
sctp_message_drop (SctpReassembly *r, SctpMessage *message)
{
  r->counters->sctp_fragments_dropped += message->fragments;
  state_table_remove (r->messages, message);
}

/* Adds the fragment to its message; TRUE when the message completed, its
 * bytes then in *complete (the caller frees it). */
static gboolean
sctp_reassembly_add_fragment (SctpReassembly *r, const DecodedFrame *packet,
                              const SctpData *chunk, SipscanTime time,
                              GByteArray **complete)
{
  SctpMessageKey key = sctp_message_key (packet, chunk);
  SctpMessage *message
      = state_table_lookup_bytes (r->messages, &key, sizeof key);
  r->counters->sctp_fragments++;
  if (message != NULL
      && (guint32) (message->next_tsn - chunk->tsn - 1) < 0x80000000u)
    return FALSE;   /* a retransmission of a fragment taken */
  if (message != NULL
      && (chunk->tsn != message->next_tsn
          || (chunk->flags & SCTP_DATA_BEGINNING)))
    {
      sctp_message_drop (r, message);
      message = NULL;
    }
  if (message == NULL && !(chunk->flags & SCTP_DATA_BEGINNING))
    {
      r->counters->sctp_fragments_dropped++;
      return FALSE;
    }
  if (message == NULL)
    {
      message = g_new0 (SctpMessage, 1);
      message->key = key;
      message->owner = r;
      message->data = g_byte_array_new ();
      state_table_insert_bytes (r->messages, &message->key,
                                sizeof message->key, message, 0, time);
    }
  message->fragments++;
  message->next_tsn = chunk->tsn + 1;
  if (message->data->len + chunk->len > r->max_message
      || r->bytes + chunk->len > r->max_bytes)
    {
      sctp_message_drop (r, message);
      return FALSE;
    }
  g_byte_array_append (message->data, chunk->data, (guint) chunk->len);
  r->bytes += chunk->len;
  if (!(chunk->flags & SCTP_DATA_END))
    return FALSE;
  r->counters->sctp_reassembled++;
  *complete = g_byte_array_ref (message->data);
  state_table_remove (r->messages, message);
  return TRUE;
}

static gboolean
sctp_read_data (Cursor *value, guint8 flags, SctpData *chunk)
{
  guint32 ppid = 0;
  chunk->flags = flags;
  if (!cursor_read_u32 (value, &chunk->tsn)
      || !cursor_read_u16 (value, &chunk->stream)
      || !cursor_read_u16 (value, &chunk->ssn)
      || !cursor_read_u32 (value, &ppid) || cursor_remaining (value) == 0)
    return FALSE;
  chunk->data = cursor_peek_ptr (value);
  chunk->len = cursor_remaining (value);
  return TRUE;
}

DecodeVerdict
sctp_reassembly_add_packet (SctpReassembly *r, const DecodedFrame *packet,
                            SipscanTime time, SctpMessageFunc func,
                            gpointer user_data, const Reason **reason)
{
  Cursor chunks = cursor_make (packet->payload, packet->payload_len);
  DecodeVerdict verdict = DECODE_PAYLOAD;
  *reason = NULL;
  while (cursor_remaining (&chunks) > 0)
    {
      guint8 type = 0, flags = 0;
      guint16 length = 0;
      Cursor value;
      r->counters->sctp_chunks++;
      if (!cursor_read_u8 (&chunks, &type) || !cursor_read_u8 (&chunks, &flags)
          || !cursor_read_u16 (&chunks, &length)
          || length < SCTP_CHUNK_HEADER_LEN)
        {
          *reason = &reason_chunk_short;
          return DECODE_MALFORMED;
        }
      if (!cursor_take (&chunks, length - SCTP_CHUNK_HEADER_LEN, &value))
        {
          *reason = &reason_chunk_beyond;
          return DECODE_MALFORMED;
        }
      cursor_skip (&chunks, MIN ((gsize) (-length & 3),
                                 cursor_remaining (&chunks)));
      if (type == SCTP_CHUNK_TYPE_I_DATA)
        {
          r->counters->sctp_unsupported_chunks++;
          verdict = DECODE_UNSUPPORTED;
          *reason = &reason_i_data;
          continue;
        }
      if (type != SCTP_CHUNK_TYPE_DATA)
        continue;
      SctpData chunk;
      if (!sctp_read_data (&value, flags, &chunk))
        {
          *reason = &reason_data_short;
          return DECODE_MALFORMED;
        }
      r->counters->sctp_data_chunks++;
      guint8 whole = SCTP_DATA_BEGINNING | SCTP_DATA_END;
      GByteArray *complete = NULL;
      if ((flags & whole) == whole)
        func (chunk.data, chunk.len, user_data);
      else if (sctp_reassembly_add_fragment (r, packet, &chunk, time,
                                             &complete))
        {
          func (complete->data, complete->len, user_data);
          g_byte_array_unref (complete);
        }
    }
  return verdict;
}

void
sctp_reassembly_expire (SctpReassembly *reassembly, SipscanTime now)
{
  state_table_expire (reassembly->messages, now);
}

void
sctp_reassembly_finish (SctpReassembly *reassembly, SipscanTime end)
{
  state_table_drain (reassembly->messages, STATE_END_CAPTURE_END, end);
}
