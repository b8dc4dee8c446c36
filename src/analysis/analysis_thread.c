/* A batch is a byte buffer of records, each starting on a RECORD_ALIGN
 * boundary:
 *   a time step            RecordHead
 *   a message              RecordHead, MessageMeta, TrackerKey,
 *                          SipMessage, payload
 * and, in the same order, an array of the messages' headers, a buffer of
 * the bytes of their transaction keys and an array of their Digest
 * nonces. Keys and nonces are read here, on the caller's thread, which
 * has time to spare: the thread only looks them up.
 * A time step is held back until the next message, whose record then
 * carries it too (RECORD_ADVANCE | RECORD_MESSAGE), or until the next
 * time step or the end, which write it as a record of its own: most
 * frames take one step and carry one message, and cost one record. The
 * message is parsed straight into its record (analysis_thread_stage).
 *
 * BATCH_COUNT batches form a ring, filled by the caller and analysed by
 * the thread in the same order: batch k is batches[k % BATCH_COUNT]. Two
 * counters hand them over, `filled` (batches the caller has handed over)
 * and `analysed` (batches the thread is done with): a release store of
 * one after a batch's bytes are written, an acquire load before they are
 * read. The mutex and condition only put a side to sleep while it waits
 * for the other. */
#include "analysis/analysis_thread.h"

#include <stdatomic.h>
#include <string.h>

#define BATCH_BYTES (256 * 1024)
#define BATCH_COUNT 4
#define BATCH_MIN_HEADERS 64
#define RECORD_ALIGN 16

/* What a record holds: a time step, a message, or a step then a message. */
enum {
  RECORD_ADVANCE = 1 << 0,
  RECORD_MESSAGE = 1 << 1,
};

typedef struct {
  guint kind;         /* RECORD_* */
  guint n_headers;    /* RECORD_MESSAGE */
  guint n_nonces;     /* RECORD_MESSAGE */
  gsize size;         /* the whole record's, aligned */
  SipscanTime time;   /* RECORD_ADVANCE */
} RecordHead;

#define ALIGN_UP(n) (((n) + RECORD_ALIGN - 1) & ~(gsize) (RECORD_ALIGN - 1))
/* Where the parts of a message record start, from the record's start. */
#define META_AT ALIGN_UP (sizeof (RecordHead))
#define KEY_AT (META_AT + ALIGN_UP (sizeof (MessageMeta)))
#define MSG_AT (KEY_AT + ALIGN_UP (sizeof (TrackerKey)))
#define PAYLOAD_AT (MSG_AT + ALIGN_UP (sizeof (SipMessage)))

typedef struct {
  guint8 *data;       /* NULL until first filled */
  gsize capacity;
  gsize used;
  SipHeader *headers;
  gsize n_headers, headers_capacity;
  TrackerKeyBuffer keys;
  DigestNonceList nonces;
} Batch;

struct _AnalysisThread {
  MessageAnalysis *analysis;
  GThread *thread;
  Batch batches[BATCH_COUNT];
  _Atomic guint64 filled;
  _Atomic guint64 analysed;
  atomic_bool ended;     /* no batch follows the last filled */
  atomic_bool dropping;  /* analyse nothing more */
  GMutex lock;
  GCond moved;           /* a counter or flag changed */
  Batch *filling;        /* batch number `filled`, once the caller has it */
  TrackerKeyBuilder *key_builder;  /* the caller's */
  gsize staged_size;     /* of the message record last staged */
  gboolean advance_pending; /* a time step not yet in a record */
  SipscanTime advance_to;
};

/* How many messages ahead of the one analysed the lookups of a message
 * are started (message_analysis_prefetch): the table slots its key hashes
 * to are mostly not in the cache, and a few messages' work is time enough
 * for them to come in. (Measured: 8 beats 4 and 16; fetching the entries
 * a slot points to as well, a stage later, did not pay.) */
#define PREFETCH_AHEAD 8

/* Starts the lookups of the first message at or after *ahead, if any, and
 * moves *ahead past its record. */
static inline void
batch_prefetch_next (MessageAnalysis *analysis, const Batch *batch,
                     gsize *ahead)
{
  while (*ahead < batch->used)
    {
      const guint8 *record = batch->data + *ahead;
      RecordHead head;
      memcpy (&head, record, sizeof head);
      *ahead += head.size;
      if (head.kind & RECORD_MESSAGE)
        {
          message_analysis_prefetch (
              analysis, (const TrackerKey *) (const void *) (record + KEY_AT));
          return;
        }
    }
}

static void
batch_analyse (MessageAnalysis *analysis, const Batch *batch)
{
  const SipHeader *headers = batch->headers;
  const char *keys = batch->keys.data;
  gsize nonces_at = 0;
  gsize ahead = 0;
  for (guint i = 0; i < PREFETCH_AHEAD; i++)
    batch_prefetch_next (analysis, batch, &ahead);
  for (gsize at = 0; at < batch->used;)
    {
      const guint8 *record = batch->data + at;
      RecordHead head;
      memcpy (&head, record, sizeof head);
      if (head.kind & RECORD_ADVANCE)
        message_analysis_advance (analysis, head.time);
      if (head.kind & RECORD_MESSAGE)
        {
          const MessageMeta *meta
              = (const MessageMeta *) (const void *) (record + META_AT);
          TrackerKey *key = (TrackerKey *) (void *) (record + KEY_AT);
          SipMessage *msg = (SipMessage *) (void *) (record + MSG_AT);
          msg->headers = headers;
          headers += head.n_headers;
          /* the buffer may have moved since the key was built */
          key->transaction.ptr = keys;
          keys += key->transaction.len + 1;
          DigestNonces nonces = { NULL, head.n_nonces };
          if (nonces.n)
            nonces.at = batch->nonces.at + nonces_at;
          nonces_at += nonces.n;
          batch_prefetch_next (analysis, batch, &ahead);
          message_analysis_add_keyed (analysis, msg, meta, key, nonces);
        }
      at += head.size;
    }
}

/* Sleeps until ready (thread) holds. */
static void
wait_until (AnalysisThread *thread, gboolean (*ready) (AnalysisThread *))
{
  if (ready (thread))
    return;
  g_mutex_lock (&thread->lock);
  while (!ready (thread))
    g_cond_wait (&thread->moved, &thread->lock);
  g_mutex_unlock (&thread->lock);
}

/* Wakes the other side after a counter or flag changed. */
static void
announce (AnalysisThread *thread)
{
  g_mutex_lock (&thread->lock);
  g_cond_broadcast (&thread->moved);
  g_mutex_unlock (&thread->lock);
}

static gboolean
batch_to_analyse (AnalysisThread *thread)
{
  return atomic_load_explicit (&thread->filled, memory_order_acquire)
             > atomic_load_explicit (&thread->analysed, memory_order_relaxed)
         || atomic_load (&thread->ended);
}

static gpointer
analysis_thread_run (gpointer data)
{
  AnalysisThread *thread = data;
  for (guint64 next = 0;; next++)
    {
      wait_until (thread, batch_to_analyse);
      if (atomic_load_explicit (&thread->filled, memory_order_acquire)
          == next)
        return NULL;  /* ended, and everything is analysed */
      Batch *batch = &thread->batches[next % BATCH_COUNT];
      if (!atomic_load (&thread->dropping))
        batch_analyse (thread->analysis, batch);
      batch->used = 0;
      batch->n_headers = 0;
      batch->keys.used = 0;
      batch->nonces.n = 0;
      atomic_store_explicit (&thread->analysed, next + 1,
                             memory_order_release);
      announce (thread);
    }
}

AnalysisThread *
analysis_thread_new (MessageAnalysis *analysis)
{
  AnalysisThread *thread = g_new0 (AnalysisThread, 1);
  thread->analysis = analysis;
  atomic_init (&thread->filled, 0);
  atomic_init (&thread->analysed, 0);
  atomic_init (&thread->ended, FALSE);
  atomic_init (&thread->dropping, FALSE);
  g_mutex_init (&thread->lock);
  g_cond_init (&thread->moved);
  thread->key_builder = tracker_key_builder_new ();
  thread->thread = g_thread_new ("sipscan-analysis", analysis_thread_run,
                                 thread);
  return thread;
}

static gboolean
batch_to_fill (AnalysisThread *thread)
{
  return atomic_load_explicit (&thread->filled, memory_order_relaxed)
             - atomic_load_explicit (&thread->analysed, memory_order_acquire)
         < BATCH_COUNT;
}

/* Batch number `filled`, once the thread is done with what it held. */
static Batch *
take_batch (AnalysisThread *thread)
{
  wait_until (thread, batch_to_fill);
  guint64 next = atomic_load_explicit (&thread->filled, memory_order_relaxed);
  Batch *batch = &thread->batches[next % BATCH_COUNT];
  if (batch->data == NULL)
    {
      batch->capacity = BATCH_BYTES;
      batch->data = g_malloc (batch->capacity);
      /* never NULL: messages' headers point into it even when empty */
      batch->headers_capacity = BATCH_MIN_HEADERS;
      batch->headers = g_new (SipHeader, batch->headers_capacity);
    }
  return batch;
}

static void
hand_over_filling (AnalysisThread *thread)
{
  if (thread->filling == NULL || thread->filling->used == 0)
    return;
  thread->filling = NULL;
  atomic_fetch_add_explicit (&thread->filled, 1, memory_order_release);
  announce (thread);
}

/* The next batch to fill, with room for need bytes. Out of line, as the
 * other slow paths here: the fast ones then need no registers saved. */
G_NO_INLINE static Batch *
next_filling_batch (AnalysisThread *thread, gsize need)
{
  hand_over_filling (thread);
  if (thread->filling == NULL)
    thread->filling = take_batch (thread);
  Batch *batch = thread->filling;
  if (batch->capacity < need)  /* a message larger than any batch so far */
    {
      g_free (batch->data);
      batch->capacity = need;
      batch->data = g_malloc (need);
    }
  return batch;
}

/* A batch with room for need more bytes. */
static Batch *
filling_batch (AnalysisThread *thread, gsize need)
{
  Batch *batch = thread->filling;
  if (G_LIKELY (batch != NULL && batch->capacity - batch->used >= need))
    return batch;
  return next_filling_batch (thread, need);
}

/* Out of line: most messages carry no header to copy. */
G_NO_INLINE static void
batch_add_headers (Batch *batch, const SipHeader *headers, gsize n)
{
  if (batch->headers_capacity - batch->n_headers < n)
    {
      batch->headers_capacity = MAX (2 * batch->headers_capacity,
                                     batch->n_headers + n);
      batch->headers = g_renew (SipHeader, batch->headers,
                                batch->headers_capacity);
    }
  memcpy (batch->headers + batch->n_headers, headers, n * sizeof *headers);
  batch->n_headers += n;
}

/* Stages a message record of size bytes at the end of batch, which has
 * room for it. */
static guint8 *
stage_record (AnalysisThread *thread, Batch *batch, gsize size,
              SipMessage **msg)
{
  guint8 *record = batch->data + batch->used;
  thread->staged_size = size;
  *msg = (SipMessage *) (void *) (record + MSG_AT);
  return record + PAYLOAD_AT;
}

G_NO_INLINE static guint8 *
stage_record_in_next_batch (AnalysisThread *thread, gsize size,
                            SipMessage **msg)
{
  return stage_record (thread, next_filling_batch (thread, size), size, msg);
}

guint8 *
analysis_thread_stage (AnalysisThread *thread, gsize len, SipMessage **msg)
{
  gsize size = PAYLOAD_AT + ALIGN_UP (len);
  Batch *batch = thread->filling;
  if (G_UNLIKELY (batch == NULL || batch->capacity - batch->used < size))
    return stage_record_in_next_batch (thread, size, msg);
  return stage_record (thread, batch, size, msg);
}

/* The record of the pending time step, if any, takes this kind too. */
static guint
take_pending_advance (AnalysisThread *thread, guint kind)
{
  if (!thread->advance_pending)
    return kind;
  thread->advance_pending = FALSE;
  return kind | RECORD_ADVANCE;
}

void
analysis_thread_add (AnalysisThread *thread, const MessageMeta *meta)
{
  Batch *batch = thread->filling;
  g_assert (batch != NULL);
  guint8 *record = batch->data + batch->used;
  const SipMessage *msg = (const SipMessage *) (void *) (record + MSG_AT);
  RecordHead *head = (RecordHead *) (void *) record;
  head->kind = take_pending_advance (thread, RECORD_MESSAGE);
  head->n_headers = msg->n_headers;
  head->size = thread->staged_size;
  head->time = thread->advance_to;
  memcpy (record + META_AT, meta, sizeof *meta);
  tracker_key_build (thread->key_builder, msg, &batch->keys,
                     (TrackerKey *) (void *) (record + KEY_AT));
  head->n_nonces = digest_auth_read_nonces (msg, &batch->nonces);
  if (msg->n_headers > 0)
    batch_add_headers (batch, msg->headers, msg->n_headers);
  batch->used += thread->staged_size;
}

/* Writes the pending time step as a record of its own. */
G_NO_INLINE static void
write_pending_advance (AnalysisThread *thread)
{
  gsize size = ALIGN_UP (sizeof (RecordHead));
  Batch *batch = filling_batch (thread, size);
  RecordHead head = {
    .kind = take_pending_advance (thread, 0),
    .size = size,
    .time = thread->advance_to,
  };
  memcpy (batch->data + batch->used, &head, sizeof head);
  batch->used += size;
}

void
analysis_thread_advance (AnalysisThread *thread, SipscanTime now)
{
  if (G_UNLIKELY (thread->advance_pending))  /* the step had no message */
    write_pending_advance (thread);
  thread->advance_pending = TRUE;
  thread->advance_to = now;
}

void
analysis_thread_join (AnalysisThread *thread)
{
  if (thread->thread == NULL)
    return;
  if (thread->advance_pending)
    write_pending_advance (thread);
  hand_over_filling (thread);
  atomic_store (&thread->ended, TRUE);
  announce (thread);
  g_thread_join (thread->thread);
  thread->thread = NULL;
}

void
analysis_thread_free (AnalysisThread *thread)
{
  if (thread == NULL)
    return;
  atomic_store (&thread->dropping, TRUE);
  analysis_thread_join (thread);
  for (guint i = 0; i < BATCH_COUNT; i++)
    {
      g_free (thread->batches[i].data);
      g_free (thread->batches[i].headers);
      g_free (thread->batches[i].keys.data);
      digest_nonce_list_clear (&thread->batches[i].nonces);
    }
  tracker_key_builder_free (thread->key_builder);
  g_mutex_clear (&thread->lock);
  g_cond_clear (&thread->moved);
  g_free (thread);
}
