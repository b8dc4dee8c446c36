/* A batch is a byte buffer of records, each starting on a RECORD_ALIGN
 * boundary:
 *   a time step  RecordHead
 *   a message    RecordHead, payload, MessageMeta, SipMessage
 * and an array of the messages' headers, in the same order.
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
#define RECORD_ALIGN 16

typedef enum {
  RECORD_ADVANCE,
  RECORD_MESSAGE,
} RecordKind;

typedef struct {
  RecordKind kind;
  guint n_headers;    /* RECORD_MESSAGE */
  gsize size;         /* the whole record's, aligned */
  gsize payload_len;  /* RECORD_MESSAGE */
  SipscanTime time;   /* RECORD_ADVANCE */
} RecordHead;

typedef struct {
  guint8 *data;       /* NULL until first filled */
  gsize capacity;
  gsize used;
  SipHeader *headers;
  gsize n_headers, headers_capacity;
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
  gsize staged_len;      /* of the payload last staged */
};

static gsize
align_up (gsize n)
{
  return (n + RECORD_ALIGN - 1) & ~(gsize) (RECORD_ALIGN - 1);
}

/* Where each part of a message record starts, from the record's start. */
typedef struct {
  gsize payload, meta, msg, end;
} MessageLayout;

static MessageLayout
message_layout (gsize payload_len)
{
  MessageLayout at;
  at.payload = align_up (sizeof (RecordHead));
  at.meta = at.payload + align_up (payload_len);
  at.msg = at.meta + align_up (sizeof (MessageMeta));
  at.end = at.msg + align_up (sizeof (SipMessage));
  return at;
}

static void
batch_analyse (MessageAnalysis *analysis, const Batch *batch)
{
  const SipHeader *headers = batch->headers;
  for (gsize at = 0; at < batch->used;)
    {
      const guint8 *record = batch->data + at;
      RecordHead head;
      memcpy (&head, record, sizeof head);
      if (head.kind == RECORD_ADVANCE)
        message_analysis_advance (analysis, head.time);
      else
        {
          MessageLayout layout = message_layout (head.payload_len);
          const MessageMeta *meta
              = (const MessageMeta *) (const void *) (record + layout.meta);
          SipMessage *msg = (SipMessage *) (void *) (record + layout.msg);
          msg->headers = headers;
          headers += head.n_headers;
          message_analysis_add (analysis, msg, meta);
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

/* A batch with room for need more bytes. */
static Batch *
filling_batch (AnalysisThread *thread, gsize need)
{
  Batch *batch = thread->filling;
  if (batch != NULL && batch->capacity - batch->used >= need)
    return batch;
  hand_over_filling (thread);
  if (thread->filling == NULL)
    thread->filling = take_batch (thread);
  batch = thread->filling;
  if (batch->capacity < need)  /* a message larger than any batch so far */
    {
      g_free (batch->data);
      batch->capacity = need;
      batch->data = g_malloc (need);
    }
  return batch;
}

static void
batch_add_headers (Batch *batch, const SipHeader *headers, gsize n)
{
  if (batch->headers_capacity - batch->n_headers < n)
    {
      batch->headers_capacity = MAX (2 * batch->headers_capacity,
                                     batch->n_headers + n);
      batch->headers = g_renew (SipHeader, batch->headers,
                                batch->headers_capacity);
    }
  if (n > 0)
    memcpy (batch->headers + batch->n_headers, headers, n * sizeof *headers);
  batch->n_headers += n;
}

guint8 *
analysis_thread_stage (AnalysisThread *thread, gsize len)
{
  MessageLayout layout = message_layout (len);
  Batch *batch = filling_batch (thread, layout.end);
  thread->staged_len = len;
  return batch->data + batch->used + layout.payload;
}

void
analysis_thread_add (AnalysisThread *thread, const SipMessage *msg,
                     const MessageMeta *meta)
{
  Batch *batch = thread->filling;
  g_assert (batch != NULL);
  guint8 *record = batch->data + batch->used;
  MessageLayout layout = message_layout (thread->staged_len);
  RecordHead head = {
    .kind = RECORD_MESSAGE,
    .n_headers = msg->n_headers,
    .size = layout.end,
    .payload_len = thread->staged_len,
  };
  memcpy (record, &head, sizeof head);
  memcpy (record + layout.meta, meta, sizeof *meta);
  memcpy (record + layout.msg, msg, sizeof *msg);
  batch_add_headers (batch, msg->headers, msg->n_headers);
  batch->used += layout.end;
}

void
analysis_thread_advance (AnalysisThread *thread, SipscanTime now)
{
  gsize size = align_up (sizeof (RecordHead));
  Batch *batch = filling_batch (thread, size);
  RecordHead head = { .kind = RECORD_ADVANCE, .size = size, .time = now };
  memcpy (batch->data + batch->used, &head, sizeof head);
  batch->used += size;
}

void
analysis_thread_join (AnalysisThread *thread)
{
  if (thread->thread == NULL)
    return;
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
    }
  g_mutex_clear (&thread->lock);
  g_cond_clear (&thread->moved);
  g_free (thread);
}
