#include "track/call_table.h"

#include "util/state_table.h"

#include <string.h>

/* Forked INVITEs can confirm several dialogs in one call; tags beyond
 * these are still counted, just not told apart. */
#define CALL_MAX_DIALOG_TAGS 4

typedef struct {
  StateEntry entry;
  char *dialog_tags[CALL_MAX_DIALOG_TAGS];  /* From tag + To tag */
  guint n_dialog_tags;
} Call;

struct _CallTable {
  StateTable *table;
  SipscanCounters *counters;
  GString *key;  /* scratch */
};

static void
call_free (gpointer data)
{
  Call *call = data;
  for (guint i = 0; i < call->n_dialog_tags; i++)
    g_free (call->dialog_tags[i]);
  g_free (call);
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
                                  call_free, calls);
  calls->counters = counters;
  calls->key = g_string_sized_new (128);
  return calls;
}

void
call_table_free (CallTable *calls)
{
  if (!calls)
    return;
  state_table_free (calls->table);
  g_string_free (calls->key, TRUE);
  g_free (calls);
}

static void
call_note_dialog (CallTable *calls, Call *call, const SipMessage *msg)
{
  char *tags = g_strdup_printf ("%.*s\x1f%.*s", (int) msg->from.tag.len,
                                msg->from.tag.ptr, (int) msg->to.tag.len,
                                msg->to.tag.ptr);
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

void
call_table_add_message (CallTable *calls, const SipMessage *msg,
                        SipscanTime now)
{
  g_string_truncate (calls->key, 0);
  g_string_append_len (calls->key, msg->call_id.ptr,
                       (gssize) msg->call_id.len);
  Call *call = state_table_lookup (calls->table, calls->key->str);
  if (call)
    state_table_touch (calls->table, call, 0, now);
  else
    {
      call = g_new0 (Call, 1);
      state_table_insert (calls->table, g_strdup (calls->key->str), call, 0,
                          now);
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
