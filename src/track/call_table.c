#include "track/call_table.h"

#include "util/state_table.h"

#include <string.h>

/* Forked INVITEs can confirm several dialogs in one call; tags beyond
 * these are still counted, just not told apart. */
#define CALL_MAX_DIALOG_TAGS 4

/* A call and its key (the Call-ID) are one block, the table's
 * (state_table_alloc_entry): most fit in one of these. */
#define CALL_BLOCK_SIZE 160

typedef struct {
  StateEntry entry;
  char *dialog_tags[CALL_MAX_DIALOG_TAGS];  /* From tag + To tag */
  guint n_dialog_tags;
  char key[];
} Call;

struct _CallTable {
  StateTable *table;
  SipscanCounters *counters;
};

static void
call_clear (gpointer data)
{
  Call *call = data;
  for (guint i = 0; i < call->n_dialog_tags; i++)
    g_free (call->dialog_tags[i]);
}

static void
call_on_end (gpointer entry, StateEnd why, SipscanTime now, gpointer data)
{
  CallTable *calls = data;
  if (why == STATE_END_EVICTED)
    calls->counters->calls_evicted++;
}

CallTable *
call_table_new (const SipscanOptions *options, SipscanCounters *counters)
{
  CallTable *calls = g_new0 (CallTable, 1);
  SipscanTime idle = SIPSCAN_TIME_FROM_SECONDS (options->state_timeout);
  calls->table = state_table_new (options->max_calls, &idle, 1, call_on_end,
                                  call_clear, calls);
  state_table_reuse_entries (calls->table, CALL_BLOCK_SIZE);
  calls->counters = counters;
  return calls;
}

void
call_table_free (CallTable *calls)
{
  if (!calls)
    return;
  state_table_free (calls->table);
  g_free (calls);
}

/* The span up to its first NUL byte, if it has one (as a C string). */
static SipSpan
span_to_nul (SipSpan span)
{
  const char *nul = span.len ? memchr (span.ptr, '\0', span.len) : NULL;
  if (nul)
    span.len = (gsize) (nul - span.ptr);
  return span;
}

/* From tag, 0x1f, To tag: a dialog of the call. */
static char *
dialog_tags_new (const SipMessage *msg)
{
  SipSpan from = span_to_nul (msg->from.tag), to = span_to_nul (msg->to.tag);
  char *tags = g_malloc (from.len + 1 + to.len + 1);
  if (from.len)
    memcpy (tags, from.ptr, from.len);
  tags[from.len] = '\x1f';
  if (to.len)
    memcpy (tags + from.len + 1, to.ptr, to.len);
  tags[from.len + 1 + to.len] = '\0';
  return tags;
}

static void
call_note_dialog (CallTable *calls, Call *call, const SipMessage *msg)
{
  char *tags = dialog_tags_new (msg);
  for (guint i = 0; i < call->n_dialog_tags; i++)
    if (strcmp (call->dialog_tags[i], tags) == 0)
      {
        g_free (tags);
        return;
      }
  calls->counters->dialogs++;
  if (call->n_dialog_tags < CALL_MAX_DIALOG_TAGS)
    call->dialog_tags[call->n_dialog_tags++] = tags;
  else
    g_free (tags);
}

/* A Call-ID with a NUL byte is keyed by what precedes it, as a C string
 * would be. */
ByteKey
call_table_make_key (const SipMessage *msg)
{
  SipSpan call_id = msg->call_id;
  return byte_key_make_to_nul (call_id.len ? call_id.ptr : "", call_id.len);
}

void
call_table_prefetch (const CallTable *calls, const ByteKey *key)
{
  state_table_prefetch_key (calls->table, key);
}

ByteKey
call_table_key (const CallTable *calls, const SipMessage *msg)
{
  ByteKey key = call_table_make_key (msg);
  state_table_prefetch_key (calls->table, &key);
  return key;
}

void
call_table_add_message (CallTable *calls, const SipMessage *msg,
                        const ByteKey *call_key, SipscanTime now)
{
  ByteKey key = *call_key;
  gsize len = key.len;
  Call *call = state_table_lookup_key (calls->table, &key);
  if (call)
    state_table_touch (calls->table, call, 0, now);
  else
    {
      call = state_table_alloc_entry (calls->table, sizeof (Call) + len + 1);
      if (len)
        memcpy (call->key, key.ptr, len);
      key.ptr = call->key;
      state_table_insert_key (calls->table, &key, call, 0, now);
      calls->counters->calls++;
    }
  if (!msg->is_request && msg->cseq_method == SIP_METHOD_INVITE
      && msg->status_code >= 200 && msg->status_code < 300
      && sip_span_present (msg->to.tag))
    call_note_dialog (calls, call, msg);
}

void
call_table_expire (CallTable *calls, SipscanTime now)
{
  state_table_expire (calls->table, now);
}

void
call_table_finish (CallTable *calls, SipscanTime end)
{
  state_table_drain (calls->table, STATE_END_CAPTURE_END, end);
}
