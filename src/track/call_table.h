/* Calls (one per Call-ID) and the dialogs in them (RFC 3261 §12: Call-ID,
 * local and remote tags; a dialog is confirmed by a 2xx to INVITE that
 * carries a To tag), with a cap. The tracker hands it only the messages
 * that can start something: a request opening a transaction, a 2xx to
 * INVITE, a message matching no transaction; a call is forgotten when
 * state_timeout passes without one. */
#pragma once

#include "sip/sip_message.h"
#include "sipscan.h"
#include "util/byte_key.h"

typedef struct _CallTable CallTable;

CallTable *call_table_new (const SipscanOptions *options,
                           SipscanCounters *counters);
void call_table_free (CallTable *calls);
/* The key of msg's call (its bytes are the message's), on any thread. */
ByteKey call_table_make_key (const SipMessage *msg);
/* Starts fetching where a lookup of key begins (state_table_prefetch_key):
 * take the key early, add the message later. */
void call_table_prefetch (const CallTable *calls, const ByteKey *key);
/* call_table_make_key's, its lookup started (call_table_prefetch). */
ByteKey call_table_key (const CallTable *calls, const SipMessage *msg);
/* key: call_table_key's for msg. */
void call_table_add_message (CallTable *calls, const SipMessage *msg,
                             const ByteKey *key, SipscanTime now);
void call_table_expire (CallTable *calls, SipscanTime now);
void call_table_finish (CallTable *calls, SipscanTime end);
