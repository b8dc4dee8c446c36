#include "track/tracker.h"

#include "track/call_table.h"
#include "util/decimal.h"
#include "util/unaligned.h"

#include <string.h>

enum {
  QUEUE_INVITE_OPEN,  /* INVITE without a final response: Timer C scale */
  QUEUE_OPEN,         /* other requests without a final: Timer F (64·T1) */
  QUEUE_COMPLETED,    /* final seen: kept to absorb retransmissions */
  N_QUEUES
};

/* Does branch start with the RFC 3261 magic cookie "z9hG4bK", in any
 * case? Its bytes 0-3 and 3-6 are compared as two words. */
static inline gboolean
branch_is_rfc3261 (SipSpan branch)
{
  /* the cookie in lower case, and the bit that lower-cases its letters */
  static const char cookie[7] = { 'z', '9', 'h', 'g', '4', 'b', 'k' };
  static const char lower[7] = { 0x20, 0, 0x20, 0x20, 0, 0x20, 0x20 };
  if (branch.len < sizeof cookie)
    return FALSE;
  guint32 head = unaligned_load32 (branch.ptr);
  guint32 tail = unaligned_load32 (branch.ptr + 3);
  return (head | unaligned_load32 (lower)) == unaligned_load32 (cookie)
         && (tail | unaligned_load32 (lower + 3))
                == unaligned_load32 (cookie + 3);
}

/* Room for a number in decimal and its separator. */
#define KEY_NUMBER_MAX 21

/* Bytes in a known method's name, padded. */
#define METHOD_NAME_BLOCK 16

/* What builds transaction keys: the known methods' names, and a cache of
 * the last port's text. A tracker has one, and whoever builds keys ahead
 * of it (tracker_key_build) another. */
struct _TrackerKeyBuilder {
  /* sip_method_name, NUL-padded, and its length, for the known methods:
   * copied into keys as whole blocks */
  char method_names[SIP_METHOD_REFER + 1][METHOD_NAME_BLOCK];
  gsize method_name_lens[SIP_METHOD_REFER + 1];
  /* The last Via port put in a key, in decimal with its separator: most
   * messages share a port. G_MAXUINT32 before the first. */
  guint32 port;
  char port_text[KEY_NUMBER_MAX];
  gsize port_text_len;
};

struct _Tracker {
  StateTable *transactions;
  CallTable *calls;
  SipscanCounters *counters;
  TrackerEvents events;
  gpointer data;
  TrackerKeyBuffer scratch;  /* keys the tracker builds itself, one at a
                                time (used stays 0) */
  TrackerKeyBuilder builder;
};

/* The transaction, its strings and its key are one block, the table's
 * (state_table_alloc_entry): most fit in one of these. */
#define TRANSACTION_BLOCK_SIZE 480

static void
tracker_on_transaction_end (gpointer entry, StateEnd why, SipscanTime now,
                            gpointer data)
{
  Tracker *tracker = data;
  Transaction *tx = entry;
  TransactionEnd end = TRANSACTION_END_EXPIRED;
  if (why == STATE_END_EVICTED)
    {
      tracker->counters->transactions_evicted++;
      end = TRANSACTION_END_EVICTED;
    }
  else if (why == STATE_END_CAPTURE_END)
    end = TRANSACTION_END_CAPTURE_END;
  else if (!tx->final.frame)
    tracker->counters->transactions_expired++;
  tracker->events.transaction_end (tx, end, now, tracker->data);
}

static void
tracker_key_builder_init (TrackerKeyBuilder *builder)
{
  memset (builder, 0, sizeof *builder);
  builder->port = G_MAXUINT32;
  for (guint m = 0; m < G_N_ELEMENTS (builder->method_names); m++)
    {
      const char *name = sip_method_name ((SipMethod) m);
      builder->method_name_lens[m] = strlen (name);
      g_assert (builder->method_name_lens[m] < METHOD_NAME_BLOCK);
      memcpy (builder->method_names[m], name, builder->method_name_lens[m]);
    }
}

TrackerKeyBuilder *
tracker_key_builder_new (void)
{
  TrackerKeyBuilder *builder = g_new (TrackerKeyBuilder, 1);
  tracker_key_builder_init (builder);
  return builder;
}

void
tracker_key_builder_free (TrackerKeyBuilder *builder)
{
  g_free (builder);
}

Tracker *
tracker_new (const SipscanOptions *options, SipscanCounters *counters,
             const TrackerEvents *events, gpointer data)
{
  Tracker *tracker = g_new0 (Tracker, 1);
  SipscanTime timeouts[N_QUEUES];
  timeouts[QUEUE_INVITE_OPEN]
      = SIPSCAN_TIME_FROM_SECONDS (options->state_timeout);
  timeouts[QUEUE_OPEN] = SIPSCAN_TIME_FROM_SECONDS (options->linger);
  timeouts[QUEUE_COMPLETED] = SIPSCAN_TIME_FROM_SECONDS (options->linger);
  tracker->transactions
      = state_table_new (options->max_transactions, timeouts, N_QUEUES,
                         tracker_on_transaction_end, NULL, tracker);
  state_table_reuse_entries (tracker->transactions, TRANSACTION_BLOCK_SIZE);
  tracker->calls = call_table_new (options, counters);
  tracker->counters = counters;
  tracker->events = *events;
  tracker->data = data;
  tracker_key_builder_init (&tracker->builder);
  return tracker;
}

void
tracker_free (Tracker *tracker)
{
  if (!tracker)
    return;
  state_table_free (tracker->transactions);
  call_table_free (tracker->calls);
  g_free (tracker->scratch.data);
  g_free (tracker);
}

/* Key fields are a few tens of bytes: copied inline, for which a call to
 * memcpy costs more than the copy. No access leaves the len bytes (none
 * at all for 0, where the span may have no pointer): a last block is
 * copied as one that overlaps the block before it. */
static inline void
key_copy_bytes (char *to, const char *from, gsize len)
{
  if (len > 64)
    memcpy (to, from, len);
  else if (len >= 16)
    {
      for (gsize i = 0; i + 16 < len; i += 16)
        memcpy (to + i, from + i, 16);
      memcpy (to + len - 16, from + len - 16, 16);
    }
  else if (len >= 8)
    {
      memcpy (to, from, 8);
      memcpy (to + len - 8, from + len - 8, 8);
    }
  else if (len >= 4)
    {
      memcpy (to, from, 4);
      memcpy (to + len - 4, from + len - 4, 4);
    }
  else if (len > 0)
    {
      to[0] = from[0];
      to[len / 2] = from[len / 2];
      to[len - 1] = from[len - 1];
    }
}

static inline char *
key_put_span (char *p, SipSpan span)
{
  key_copy_bytes (p, span.ptr, span.len);
  p += span.len;
  *p++ = '\x1f';
  return p;
}

/* value in decimal and the separator: its digits are written from the
 * last, two at a time, into digits[] and copied as a fixed 10 bytes
 * (the most a guint32 has; the key has room for KEY_NUMBER_MAX). */
static inline char *
key_put_uint (char *p, guint32 value)
{
  char digits[20] = { 0 };
  char *d = digits + 10;
  for (; value >= 100; value /= 100)
    {
      d -= 2;
      decimal_put_pair (d, value % 100);
    }
  if (value >= 10)
    {
      d -= 2;
      decimal_put_pair (d, value);
    }
  else
    *--d = (char) ('0' + value);
  gsize n = (gsize) (digits + 10 - d);
  memcpy (p, d, 10);
  p[n] = '\x1f';
  return p + n + 1;
}

/* Bytes of a port's text copied as a block: "65535" and its separator
 * fit. */
#define PORT_TEXT_BLOCK 8

/* A port in decimal and the separator into text (PORT_TEXT_BLOCK bytes
 * and more), its length returned: all five digits are put together,
 * leading zeros included, and moved down over the zeros. */
static inline gsize
port_text (char *text, guint16 port)
{
  guint hundreds = port / 100u;             /* up to 655 */
  guint ten_thousands = hundreds / 100u;    /* up to 6 */
  char digits[16] = { 0 };
  digits[0] = (char) ('0' + ten_thousands);
  decimal_put_pair (digits + 1, hundreds - 100u * ten_thousands);
  decimal_put_pair (digits + 3, port - 100u * hundreds);
  digits[5] = '\x1f';
  gsize zeros = port >= 10000 ? 0 : port >= 1000 ? 1 : port >= 100 ? 2
                : port >= 10 ? 3 : 4;
  memcpy (text, digits + zeros, PORT_TEXT_BLOCK);
  return 6 - zeros;
}

static inline char *
key_put_port (TrackerKeyBuilder *builder, char *p, guint16 port)
{
  if (port != builder->port)
    {
      builder->port = port;
      builder->port_text_len = port_text (builder->port_text, port);
    }
  memcpy (p, builder->port_text, PORT_TEXT_BLOCK);
  return p + builder->port_text_len;
}

/* The key of the transaction a message belongs to, for a given method
 * (ACK and CANCEL look up their INVITE), with its hash, built at
 * buffer->data + buffer->used (grown for it).
 * The key ends at its first NUL byte, if a field holds one (as a C string
 * would). RFC 3261 and RFC 2543 keys both start with the branch, and
 * never match each other: an RFC 3261 key starts with the magic cookie,
 * and an RFC 2543 key's first seven bytes (with the 0x1f after a shorter
 * branch) never spell it. Inline: it is most of the work of its
 * callers. */
G_ALWAYS_INLINE static inline void
key_build (TrackerKeyBuilder *builder, const SipMessage *msg,
           SipMethod method, SipSpan method_name, TrackerKeyBuffer *buffer,
           ByteKey *key)
{
  const SipVia *via = &msg->top_via;
  gboolean rfc3261 = branch_is_rfc3261 (via->branch);
  const char *name = NULL;
  gboolean name_padded = FALSE;
  gsize name_len = method_name.len;
  if (method != SIP_METHOD_OTHER)
    {
      if ((guint) method < G_N_ELEMENTS (builder->method_names))
        {
          name = builder->method_names[method];
          name_padded = TRUE;
          name_len = builder->method_name_lens[method];
        }
      else
        {
          name = sip_method_name (method);
          name_len = strlen (name);
        }
    }
  gsize max = via->branch.len + 1 + via->host.len + 1 + KEY_NUMBER_MAX
              + MAX (name_len, METHOD_NAME_BLOCK) + 2;
  if (!rfc3261)
    max += msg->call_id.len + 1 + msg->from.tag.len + 1 + KEY_NUMBER_MAX;
  if (max > buffer->capacity - buffer->used)
    {
      buffer->capacity = MAX (buffer->used + max, 2 * buffer->capacity);
      buffer->data = g_realloc (buffer->data, buffer->capacity);
    }
  char *start = buffer->data + buffer->used;
  char *p = key_put_span (start, via->branch);
  if (!rfc3261)
    {
      p = key_put_span (p, msg->call_id);
      p = key_put_span (p, msg->from.tag);
      p = key_put_uint (p, msg->cseq);
    }
  p = key_put_span (p, via->host);
  p = key_put_port (builder, p, via->port);
  if (name_padded)
    {
      memcpy (p, name, METHOD_NAME_BLOCK);
      p += name_len;
    }
  else if (name)
    {
      memcpy (p, name, name_len);
      p += name_len;
    }
  else
    p = key_put_span (p, method_name);
  *p = '\0';
  /* host, port and method never hold a NUL: an RFC 3261 key holds one
     only in its branch */
  *key = rfc3261 && via->branch_plain
             ? byte_key_make (start, (gsize) (p - start))
             : byte_key_make_to_nul (start, (gsize) (p - start));
}

/* The key of the transaction msg is first looked up by: an ACK's is its
 * INVITE's, a response's its CSeq method's. Inline, as key_build. */
G_ALWAYS_INLINE static inline void
key_build_first (TrackerKeyBuilder *builder, const SipMessage *msg,
                 TrackerKeyBuffer *buffer, ByteKey *key)
{
  SipMethod method = msg->method;
  SipSpan name = msg->method_name;
  if (!msg->is_request)
    {
      method = msg->cseq_method;
      name = msg->cseq_method_name;
    }
  else if (method == SIP_METHOD_ACK)
    {
      method = SIP_METHOD_INVITE;
      name = SIP_SPAN_NONE;
    }
  key_build (builder, msg, method, name, buffer, key);
}

/* A 2xx to INVITE, which the call table sees even when it matches a
 * transaction. */
static inline gboolean
tracker_response_confirms_dialog (const SipMessage *msg)
{
  return msg->cseq_method == SIP_METHOD_INVITE && msg->status_code >= 200
         && msg->status_code < 300;
}

/* A request but ACK most likely opens a transaction, and a 2xx to INVITE
 * confirms a dialog: either reaches the call table. */
static inline gboolean
tracker_message_reaches_calls (const SipMessage *msg)
{
  return msg->is_request ? msg->method != SIP_METHOD_ACK
                         : tracker_response_confirms_dialog (msg);
}

void
tracker_key_build (TrackerKeyBuilder *builder, const SipMessage *msg,
                   TrackerKeyBuffer *buffer, TrackerKey *key)
{
  key_build_first (builder, msg, buffer, &key->transaction);
  /* the next key may take what follows the first NUL: no lookup reads it */
  buffer->used += key->transaction.len + 1;
  key->call = tracker_message_reaches_calls (msg) ? call_table_make_key (msg)
                                                  : (ByteKey){ NULL, 0, 0 };
}

void
tracker_prefetch (const Tracker *tracker, const TrackerKey *key)
{
  state_table_prefetch_key (tracker->transactions, &key->transaction);
  if (key->call.ptr != NULL)
    call_table_prefetch (tracker->calls, &key->call);
}

/* The transaction of msg for method, its key built in the tracker's
 * scratch buffer, in *key. */
static Transaction *
tracker_lookup (Tracker *tracker, const SipMessage *msg, SipMethod method,
                SipSpan method_name, ByteKey *key)
{
  key_build (&tracker->builder, msg, method, method_name, &tracker->scratch,
             key);
  return state_table_lookup_key (tracker->transactions, key);
}

static void
message_ref_set (MessageRef *ref, const MessageMeta *meta, guint status)
{
  ref->frame = meta->frame;
  ref->time = meta->time;
  ref->status = status;
}

/* A copy of span at *next (NULL when absent), *next moved past it. */
static char *
string_copy (char **next, SipSpan span)
{
  if (!sip_span_present (span))
    return NULL;
  char *copy = *next;
  memcpy (copy, span.ptr, span.len);
  copy[span.len] = '\0';
  *next += span.len + 1;
  return copy;
}

/* A new transaction with its strings and key (*key, which the transaction
 * then holds) in one block. A known method's name is sip_method_name's
 * (the only text sip_method_from_span knows it by): only another's is
 * copied. */
G_ALWAYS_INLINE static inline Transaction *
transaction_new (Tracker *tracker, const SipMessage *msg,
                 const MessageMeta *meta, ByteKey *key)
{
  gboolean known_method = msg->method != SIP_METHOD_OTHER;
  const SipSpan strings[] = {
    known_method ? SIP_SPAN_NONE : msg->method_name, msg->call_id,
    msg->from.user, msg->user_agent
  };
  gsize size = sizeof (Transaction) + key->len + 1;
  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    size += sip_span_present (strings[i]) ? strings[i].len + 1 : 0;
  Transaction *tx = state_table_alloc_entry (tracker->transactions, size);
  char *next = (char *) (tx + 1);
  key->ptr = string_copy (&next, (SipSpan){ key->ptr, key->len });
  tx->method = msg->method;
  tx->method_name = known_method ? sip_method_name (msg->method)
                                 : string_copy (&next, strings[0]);
  tx->call_id = string_copy (&next, strings[1]);
  tx->from_user = string_copy (&next, strings[2]);
  tx->user_agent = string_copy (&next, strings[3]);
  tx->src = meta->src;
  tx->dst = meta->dst;
  tx->transport = meta->transport;
  message_ref_set (&tx->request, meta, 0);
  return tx;
}

/* The key of a message's call, taken once (key->call.ptr is NULL until
 * then): early, when the message will most likely reach the call table
 * (its slot then comes in while the transaction is looked up), else only
 * if it does. */
static void
call_key_take (Tracker *tracker, const SipMessage *msg, TrackerKey *key)
{
  if (key->call.ptr == NULL)
    key->call = call_table_key (tracker->calls, msg);
}

static void
tracker_add_to_call (Tracker *tracker, const SipMessage *msg,
                     const MessageMeta *meta, TrackerKey *key)
{
  call_key_take (tracker, msg, key);
  call_table_add_message (tracker->calls, msg, &key->call, meta->time);
}

static void
tracker_add_cancel (Tracker *tracker, const SipMessage *msg,
                    const MessageMeta *meta)
{
  ByteKey key;
  Transaction *invite = tracker_lookup (tracker, msg, SIP_METHOD_INVITE,
                                        SIP_SPAN_NONE, &key);
  if (!invite || invite->cancel.frame)
    return;
  message_ref_set (&invite->cancel, meta, 0);
  state_table_touch (tracker->transactions, invite, invite->entry.queue,
                     meta->time);
  tracker->events.cancel (invite, meta, tracker->data);
}

G_ALWAYS_INLINE static inline void
tracker_add_request (Tracker *tracker, const SipMessage *msg,
                     const MessageMeta *meta, TrackerKey *key)
{
  if (msg->method == SIP_METHOD_ACK)
    {
      /* An ACK for a non-2xx belongs to the INVITE transaction (key is
       * its); an ACK for a 2xx is a transaction of its own that nothing
       * answers. */
      Transaction *invite
          = state_table_lookup_key (tracker->transactions, &key->transaction);
      if (invite)
        state_table_touch (tracker->transactions, invite,
                           invite->entry.queue, meta->time);
      else
        tracker_add_to_call (tracker, msg, meta, key);
      return;
    }
  Transaction *tx
      = state_table_lookup_key (tracker->transactions, &key->transaction);
  if (tx)
    {
      tx->retransmissions++;
      tracker->counters->sip_retransmissions++;
      state_table_touch (tracker->transactions, tx, tx->entry.queue,
                         meta->time);
      return;
    }
  tracker_add_to_call (tracker, msg, meta, key);
  ByteKey tx_key = key->transaction;
  tx = transaction_new (tracker, msg, meta, &tx_key);
  state_table_insert_key (tracker->transactions, &tx_key, tx,
                          msg->method == SIP_METHOD_INVITE ? QUEUE_INVITE_OPEN
                                                           : QUEUE_OPEN,
                          meta->time);
  tracker->counters->transactions++;
  if (msg->method == SIP_METHOD_INVITE)
    tracker->counters->invite_transactions++;
  tracker->events.request (tx, msg, meta, tracker->data);
  if (msg->method == SIP_METHOD_CANCEL)
    tracker_add_cancel (tracker, msg, meta);
}

/* Records the status; FALSE when the transaction already had it. */
static gboolean
transaction_note_status (Transaction *tx, guint status)
{
  for (guint i = 0; i < tx->n_seen_status; i++)
    if (tx->seen_status[i] == status)
      return FALSE;
  if (tx->n_seen_status < TRANSACTION_MAX_STATUSES)
    tx->seen_status[tx->n_seen_status++] = (guint16) status;
  return TRUE;
}

static void
transaction_note_response (Transaction *tx, const MessageMeta *meta,
                           guint status)
{
  if (!tx->first_response.frame)
    {
      message_ref_set (&tx->first_response, meta, status);
      if (status == 100)
        message_ref_set (&tx->trying, meta, status);
    }
  else if (tx->trying.frame && !tx->after_trying.frame && status > 100)
    message_ref_set (&tx->after_trying, meta, status);
  if (status >= 200 && !tx->final.frame)
    message_ref_set (&tx->final, meta, status);
}

G_ALWAYS_INLINE static inline void
tracker_add_response (Tracker *tracker, const SipMessage *msg,
                      const MessageMeta *meta, TrackerKey *key)
{
  Transaction *tx
      = state_table_lookup_key (tracker->transactions, &key->transaction);
  if (!tx || tracker_response_confirms_dialog (msg))
    tracker_add_to_call (tracker, msg, meta, key);
  if (!tx)
    {
      tracker->counters->sip_orphan_responses++;
      tracker->events.response (NULL, msg, meta, tracker->data);
      return;
    }
  if (!transaction_note_status (tx, msg->status_code))
    {
      tracker->counters->sip_retransmissions++;
      return;
    }
  transaction_note_response (tx, meta, msg->status_code);
  state_table_touch (tracker->transactions, tx,
                     tx->final.frame ? QUEUE_COMPLETED : tx->entry.queue,
                     meta->time);
  tracker->events.response (tx, msg, meta, tracker->data);
}

/* Inline in both callers, as it was in the one before keys could be built
 * ahead: the calls it would take cost the key-less path instructions. */
G_ALWAYS_INLINE static inline void
tracker_add_keyed (Tracker *tracker, const SipMessage *msg,
                   const MessageMeta *meta, TrackerKey *key)
{
  if (msg->is_request)
    tracker_add_request (tracker, msg, meta, key);
  else
    tracker_add_response (tracker, msg, meta, key);
}

void
tracker_add_message (Tracker *tracker, const SipMessage *msg,
                     const MessageMeta *meta)
{
  TrackerKey key = { .call = { NULL, 0, 0 } };
  if (tracker_message_reaches_calls (msg))
    call_key_take (tracker, msg, &key);
  key_build_first (&tracker->builder, msg, &tracker->scratch,
                   &key.transaction);
  tracker_add_keyed (tracker, msg, meta, &key);
}

void
tracker_add_keyed_message (Tracker *tracker, const SipMessage *msg,
                           const MessageMeta *meta, const TrackerKey *key)
{
  TrackerKey taken = *key;
  tracker_add_keyed (tracker, msg, meta, &taken);
}

void
tracker_expire (Tracker *tracker, SipscanTime now)
{
  state_table_expire (tracker->transactions, now);
  call_table_expire (tracker->calls, now);
}

void
tracker_finish (Tracker *tracker, SipscanTime end)
{
  state_table_drain (tracker->transactions, STATE_END_CAPTURE_END, end);
  call_table_finish (tracker->calls, end);
}
