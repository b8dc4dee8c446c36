#include "track/tracker.h"

#include <string.h>

/* ---- A tracker and what it tells ---------------------------------------- */

typedef struct {
  SipscanCounters counters;
  Tracker *tracker;
  guint requests;
  guint responses;         /* to a transaction */
  guint orphan_responses;  /* to none */
} Run;

static void
run_on_request (Transaction *tx, const SipMessage *msg,
                const MessageMeta *meta, gpointer data)
{
  ((Run *) data)->requests++;
}

static void
run_on_response (Transaction *tx, const SipMessage *msg,
                 const MessageMeta *meta, gpointer data)
{
  Run *run = data;
  if (tx)
    run->responses++;
  else
    run->orphan_responses++;
}

static void
run_on_cancel (Transaction *invite_tx, const MessageMeta *meta,
               gpointer data)
{
}

static void
run_on_transaction_end (Transaction *tx, TransactionEnd why, SipscanTime now,
                        gpointer data)
{
}

static Run *
run_new (void)
{
  static const TrackerEvents events = {
    .request = run_on_request,
    .response = run_on_response,
    .cancel = run_on_cancel,
    .transaction_end = run_on_transaction_end,
  };
  Run *run = g_new0 (Run, 1);
  SipscanOptions options;
  sipscan_options_init (&options);
  run->tracker = tracker_new (&options, &run->counters, &events, run);
  return run;
}

static void
run_free (Run *run)
{
  tracker_finish (run->tracker, 0);
  tracker_free (run->tracker);
  g_free (run);
}

/* ---- Messages, as the parser would give them ---------------------------- */

static SipSpan
span (const char *text)
{
  return (SipSpan){ text, strlen (text) };
}

/* A request from host:port with a top Via branch of branch_len bytes,
 * which may hold NUL bytes. */
static SipMessage
request (SipMethod method, const char *name, const char *branch,
         gsize branch_len, const char *call_id, guint16 port)
{
  SipMessage msg = { 0 };
  msg.is_request = TRUE;
  msg.method = method;
  msg.method_name = span (name);
  msg.call_id = span (call_id);
  msg.from.tag = span ("from-tag");
  msg.cseq = 1;
  msg.cseq_method = method;
  msg.cseq_method_name = span (name);
  msg.top_via.host = span ("192.0.2.1");
  msg.top_via.port = port;
  msg.top_via.branch = (SipSpan){ branch, branch_len };
  return msg;
}

/* The response with a status to a request. */
static SipMessage
response_to (const SipMessage *req, guint status)
{
  SipMessage msg = *req;
  msg.is_request = FALSE;
  msg.method = SIP_METHOD_OTHER;
  msg.method_name = SIP_SPAN_NONE;
  msg.status_code = status;
  return msg;
}

static void
add (Run *run, const SipMessage *msg, guint64 frame)
{
  MessageMeta meta = { .frame = frame,
                       .time = (SipscanTime) frame * 1000 };
  tracker_add_message (run->tracker, msg, &meta);
}

#define BRANCH(text) text, sizeof text - 1

/* Adds a, then b twice: b's second time is a retransmission, and its
 * first is one too when a and b have the same key. */
static void
assert_same_key (const SipMessage *a, const SipMessage *b, gboolean same)
{
  Run *run = run_new ();
  add (run, a, 1);
  add (run, b, 2);
  add (run, b, 3);
  g_assert_cmpuint (run->counters.transactions, ==, same ? 1 : 2);
  g_assert_cmpuint (run->counters.sip_retransmissions, ==, same ? 2 : 1);
  run_free (run);
}

/* ---- Transaction keys (RFC 3261 §17.1.3, §17.2.3) ----------------------- */

static void
test_response_matches_branch_sent_by_and_method (void)
{
  Run *run = run_new ();
  SipMessage invite = request (SIP_METHOD_INVITE, "INVITE",
                               BRANCH ("z9hG4bK-1"), "call-1", 5060);
  add (run, &invite, 1);
  SipMessage ringing = response_to (&invite, 180);
  add (run, &ringing, 2);
  SipMessage other_port = response_to (&invite, 200);
  other_port.top_via.port = 5061;
  add (run, &other_port, 3);
  SipMessage other_method = response_to (&invite, 200);
  other_method.cseq_method = SIP_METHOD_BYE;
  other_method.cseq_method_name = span ("BYE");
  add (run, &other_method, 4);
  g_assert_cmpuint (run->requests, ==, 1);
  g_assert_cmpuint (run->responses, ==, 1);
  g_assert_cmpuint (run->orphan_responses, ==, 2);
  run_free (run);
}

/* Fields deep in a key tell transactions apart: an unknown method's
 * name; without the magic cookie, the Call-ID (with From tag and CSeq). */
static void
test_key_fields_tell_transactions_apart (void)
{
  SipMessage foo = request (SIP_METHOD_OTHER, "FOO", BRANCH ("z9hG4bK-2"),
                            "call-2", 5060);
  SipMessage bar = foo;
  bar.method_name = span ("BAR");
  assert_same_key (&foo, &bar, FALSE);
  SipMessage rfc2543 = request (SIP_METHOD_OPTIONS, "OPTIONS",
                                BRANCH ("old-branch"), "call-a", 5060);
  SipMessage other_call = rfc2543;
  other_call.call_id = span ("call-b");
  assert_same_key (&rfc2543, &other_call, FALSE);
}

/* A known limitation kept as it is: a key ends at its first NUL byte, as
 * a C string would, so what follows one in the branch, and the rest of
 * the key, count for nothing. */
static void
test_key_ends_at_a_nul_byte_in_the_branch (void)
{
  SipMessage first = request (SIP_METHOD_INVITE, "INVITE",
                              BRANCH ("z9hG4bK-3\0-a"), "call-3", 5060);
  SipMessage second = first;
  second.top_via.branch = (SipSpan){ BRANCH ("z9hG4bK-3\0-b-longer") };
  second.top_via.port = 5061;
  assert_same_key (&first, &second, TRUE);
}

/* A key whose branch is plain (branch_plain) is hashed without looking
 * for a NUL byte: its length and hash are those of the key read to its
 * first NUL, for requests and responses of known and other methods. */
static void
test_key_of_a_plain_branch_is_the_key_to_its_first_nul (void)
{
  SipMessage invite = request (SIP_METHOD_INVITE, "INVITE",
                               BRANCH ("z9hG4bK-4-plain"), "call-4", 5060);
  SipMessage foo = request (SIP_METHOD_OTHER, "FOO",
                            BRANCH ("z9hG4bK-5-a-longer-plain-branch"),
                            "call-5", 65535);
  SipMessage ack = request (SIP_METHOD_ACK, "ACK", BRANCH ("z9hG4bK-6"),
                            "call-6", 7);
  const SipMessage messages[] = {
    invite, response_to (&invite, 180), foo, response_to (&foo, 200), ack,
  };
  TrackerKeyBuilder *builder = tracker_key_builder_new ();
  TrackerKeyBuffer buffer = { NULL, 0, 0 };
  for (gsize i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      SipMessage msg = messages[i];
      msg.top_via.branch_plain = TRUE;
      TrackerKey key;
      tracker_key_build (builder, &msg, &buffer, &key);
      gsize len = key.transaction.len;
      guint hash = str_hash_len_to_nul (key.transaction.ptr, &len);
      g_assert_cmpuint (len, ==, key.transaction.len);
      g_assert_cmpuint (hash, ==, key.transaction.hash);
    }
  g_free (buffer.data);
  tracker_key_builder_free (builder);
}

/* An RFC 3261 key is branch, sent-by host and port (in decimal) and
 * method, each but the last followed by 0x1f: every port, against
 * printf, in the order that changes the port at every key. */
static void
test_key_spells_every_port_in_decimal (void)
{
  SipMessage invite = request (SIP_METHOD_INVITE, "INVITE",
                               BRANCH ("z9hG4bK-7"), "call-7", 0);
  TrackerKeyBuilder *builder = tracker_key_builder_new ();
  TrackerKeyBuffer buffer = { NULL, 0, 0 };
  for (guint port = 0; port <= G_MAXUINT16; port++)
    {
      invite.top_via.port = (guint16) port;
      TrackerKey key;
      buffer.used = 0;
      tracker_key_build (builder, &invite, &buffer, &key);
      char *expected
          = g_strdup_printf ("z9hG4bK-7\x1f" "192.0.2.1\x1f%u\x1fINVITE", port);
      g_assert_cmpmem (key.transaction.ptr, key.transaction.len, expected,
                       strlen (expected));
      g_free (expected);
    }
  g_free (buffer.data);
  tracker_key_builder_free (builder);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tracker/key/response_matches_branch_sent_by_method",
                   test_response_matches_branch_sent_by_and_method);
  g_test_add_func ("/tracker/key/fields_tell_transactions_apart",
                   test_key_fields_tell_transactions_apart);
  g_test_add_func ("/tracker/key/ends_at_a_nul_byte_in_the_branch",
                   test_key_ends_at_a_nul_byte_in_the_branch);
  g_test_add_func ("/tracker/key/plain_branch_is_the_key_to_its_first_nul",
                   test_key_of_a_plain_branch_is_the_key_to_its_first_nul);
  g_test_add_func ("/tracker/key/spells_every_port_in_decimal",
                   test_key_spells_every_port_in_decimal);
  return g_test_run ();
}
