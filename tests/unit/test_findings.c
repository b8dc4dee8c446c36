/* The tracker and detectors, fed SIP messages through the analyzer's
 * message entry (as the Wireshark plugin will), or SIP over TCP through
 * its frame entry. Each test plays a dialogue frame by frame and asserts
 * the findings; each runs twice, the second time (under /threaded) with
 * tracking and detection on a thread of their own. */
#include "sipscan.h"

#include "decode/link.h"
#include "packet_builder.h"

#include <string.h>

#define T0 G_GINT64_CONSTANT (1767225600000000000) /* 2026-01-01 */
#define SEC(s) ((SipscanTime) ((s) * 1e9))

typedef struct {
  GPtrArray *stuck;       /* SipscanStuckInvite (strings dropped) */
  GPtrArray *unanswered;
  GPtrArray *attempts;    /* AttemptCopy */
  GPtrArray *sources;     /* SipscanSourceStats */
  SipscanAnalyzer *analyzer;
  gboolean threaded;      /* findings arrive by sipscan_analyzer_finish */
  guint64 frame;
} Fixture;

typedef struct {
  SipscanAuthAttempt a;
  char username[64];
  char method[16];
} AttemptCopy;

static void
on_stuck (const SipscanStuckInvite *f, gpointer data)
{
  Fixture *fx = data;
  g_ptr_array_add (fx->stuck, g_memdup2 (f, sizeof *f));
}

static void
on_unanswered (const SipscanUnansweredInvite *f, gpointer data)
{
  Fixture *fx = data;
  g_ptr_array_add (fx->unanswered, g_memdup2 (f, sizeof *f));
}

static void
on_attempt (const SipscanAuthAttempt *f, gpointer data)
{
  Fixture *fx = data;
  AttemptCopy *copy = g_new0 (AttemptCopy, 1);
  copy->a = *f;
  g_strlcpy (copy->username, f->username ? f->username : "",
             sizeof copy->username);
  g_strlcpy (copy->method, f->method ? f->method : "", sizeof copy->method);
  g_ptr_array_add (fx->attempts, copy);
}

static void
on_source (const SipscanSourceStats *s, gpointer data)
{
  Fixture *fx = data;
  g_ptr_array_add (fx->sources, g_memdup2 (s, sizeof *s));
}

static const SipscanSink sink = {
  .stuck_invite = on_stuck,
  .unanswered_invite = on_unanswered,
  .auth_attempt = on_attempt,
  .source_stats = on_source,
};

static void
fixture_set_up_with (Fixture *fx, const SipscanOptions *options)
{
  fx->stuck = g_ptr_array_new_with_free_func (g_free);
  fx->unanswered = g_ptr_array_new_with_free_func (g_free);
  fx->attempts = g_ptr_array_new_with_free_func (g_free);
  fx->sources = g_ptr_array_new_with_free_func (g_free);
  fx->analyzer = sipscan_analyzer_new (options, &sink, fx);
  fx->threaded = options != NULL && options->analysis_thread;
  fx->frame = 0;
}

static void
fixture_set_up (Fixture *fx, gconstpointer unused)
{
  fixture_set_up_with (fx, NULL);
}

/* The same, with tracking and detection on a thread of their own: every
 * test must find the same after sipscan_analyzer_finish. */
static void
fixture_set_up_threaded (Fixture *fx, gconstpointer unused)
{
  SipscanOptions options;
  sipscan_options_init (&options);
  options.analysis_thread = TRUE;
  fixture_set_up_with (fx, &options);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer unused)
{
  sipscan_analyzer_free (fx->analyzer);
  g_ptr_array_free (fx->stuck, TRUE);
  g_ptr_array_free (fx->unanswered, TRUE);
  g_ptr_array_free (fx->attempts, TRUE);
  g_ptr_array_free (fx->sources, TRUE);
}

static SipscanEndpoint
endpoint (guint8 last, guint16 port)
{
  SipscanEndpoint e = { .family = 4, .port = port };
  e.addr[0] = 192;
  e.addr[2] = 2;
  e.addr[3] = last;
  return e;
}

/* text with its \n line ends turned into CRLF. */
static GString *
crlf (const char *text)
{
  GString *msg = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    {
      if (*p == '\n')
        g_string_append_c (msg, '\r');
      g_string_append_c (msg, *p);
    }
  return msg;
}

/* Sends text (with \n line ends turned into CRLF) from host a to b at
 * capture time t seconds; returns its frame number. */
static guint64
send (Fixture *fx, double t, guint8 a, guint8 b, const char *text)
{
  GString *msg = crlf (text);
  SipscanEndpoint src = endpoint (a, 5060), dst = endpoint (b, 5060);
  fx->frame++;
  sipscan_analyzer_add_sip_message (fx->analyzer, fx->frame, T0 + SEC (t),
                                    &src, &dst, SIPSCAN_TRANSPORT_UDP,
                                    (const guint8 *) msg->str, msg->len);
  g_string_free (msg, TRUE);
  return fx->frame;
}

/* A request from 192.0.2.a; extra headers end with \n. */
static char *
request (const char *method, const char *branch, const char *call_id,
         guint cseq, const char *user, const char *extra)
{
  return g_strdup_printf (
      "%s sip:%s@example.com SIP/2.0\n"
      "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK%s\n"
      "Max-Forwards: 70\n"
      "From: <sip:%s@example.com>;tag=f%s\n"
      "To: <sip:%s@example.com>\n"
      "Call-ID: %s\n"
      "CSeq: %u %s\n"
      "%s"
      "Content-Length: 0\n\n",
      method, user, branch, user, call_id, user, call_id, cseq, method,
      extra ? extra : "");
}

static char *
response (guint status, const char *method, const char *branch,
          const char *call_id, guint cseq, const char *user,
          const char *extra)
{
  return g_strdup_printf (
      "SIP/2.0 %u Whatever\n"
      "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK%s\n"
      "From: <sip:%s@example.com>;tag=f%s\n"
      "To: <sip:%s@example.com>;tag=t1\n"
      "Call-ID: %s\n"
      "CSeq: %u %s\n"
      "%s"
      "Content-Length: 0\n\n",
      status, branch, user, call_id, user, call_id, cseq, method,
      extra ? extra : "");
}

static guint64
req (Fixture *fx, double t, const char *method, const char *branch,
     const char *call_id, guint cseq, const char *user, const char *extra)
{
  char *text = request (method, branch, call_id, cseq, user, extra);
  guint64 frame = send (fx, t, 10, 1, text);
  g_free (text);
  return frame;
}

static guint64
rsp (Fixture *fx, double t, guint status, const char *method,
     const char *branch, const char *call_id, guint cseq, const char *user,
     const char *extra)
{
  char *text = response (status, method, branch, call_id, cseq, user, extra);
  guint64 frame = send (fx, t, 1, 10, text);
  g_free (text);
  return frame;
}

static const SipscanStuckInvite *
only_stuck (Fixture *fx)
{
  g_assert_cmpuint (fx->stuck->len, ==, 1);
  return fx->stuck->pdata[0];
}

static void
test_stuck_ended_by_late_final (Fixture *fx, gconstpointer unused)
{
  guint64 invite = req (fx, 0, "INVITE", "a", "c1", 1, "bob", NULL);
  guint64 trying = rsp (fx, 0.01, 100, "INVITE", "a", "c1", 1, "bob", NULL);
  guint64 timeout = rsp (fx, 40.01, 408, "INVITE", "a", "c1", 1, "bob", NULL);
  sipscan_analyzer_finish (fx->analyzer);
  const SipscanStuckInvite *f = only_stuck (fx);
  g_assert_cmpuint (f->invite_frame, ==, invite);
  g_assert_cmpuint (f->trying_frame, ==, trying);
  g_assert_cmpuint (f->end_frame, ==, timeout);
  g_assert_cmpuint (f->end_status, ==, 408);
  g_assert_cmpint (f->ended_by, ==, SIPSCAN_STALL_FINAL);
  g_assert_cmpint (f->stall, ==, SEC (40));
}

static void
test_stuck_ended_by_late_ringing (Fixture *fx, gconstpointer unused)
{
  req (fx, 0, "INVITE", "a", "c1", 1, "bob", NULL);
  rsp (fx, 0.01, 100, "INVITE", "a", "c1", 1, "bob", NULL);
  guint64 ringing = rsp (fx, 35, 180, "INVITE", "a", "c1", 1, "bob", NULL);
  rsp (fx, 36, 200, "INVITE", "a", "c1", 1, "bob", NULL);
  sipscan_analyzer_finish (fx->analyzer);
  const SipscanStuckInvite *f = only_stuck (fx);
  g_assert_cmpint (f->ended_by, ==, SIPSCAN_STALL_PROVISIONAL);
  g_assert_cmpuint (f->end_frame, ==, ringing);
  g_assert_cmpuint (f->end_status, ==, 180);
}

static void
test_stuck_ended_by_cancel (Fixture *fx, gconstpointer unused)
{
  req (fx, 0, "INVITE", "a", "c1", 1, "bob", NULL);
  rsp (fx, 0.01, 100, "INVITE", "a", "c1", 1, "bob", NULL);
  guint64 cancel = req (fx, 45, "CANCEL", "a", "c1", 1, "bob", NULL);
  rsp (fx, 45.01, 200, "CANCEL", "a", "c1", 1, "bob", NULL);
  rsp (fx, 45.02, 487, "INVITE", "a", "c1", 1, "bob", NULL);
  sipscan_analyzer_finish (fx->analyzer);
  const SipscanStuckInvite *f = only_stuck (fx);
  g_assert_cmpint (f->ended_by, ==, SIPSCAN_STALL_CANCEL);
  g_assert_cmpuint (f->end_frame, ==, cancel);
  g_assert_cmpuint (f->end_status, ==, 0);
}

static void
test_stuck_open_at_capture_end (Fixture *fx, gconstpointer unused)
{
  req (fx, 0, "INVITE", "a", "c1", 1, "bob", NULL);
  rsp (fx, 0.01, 100, "INVITE", "a", "c1", 1, "bob", NULL);
  req (fx, 50.01, "OPTIONS", "o", "c2", 1, "ping", NULL);
  sipscan_analyzer_finish (fx->analyzer);
  const SipscanStuckInvite *f = only_stuck (fx);
  g_assert_cmpint (f->ended_by, ==, SIPSCAN_STALL_CAPTURE_END);
  g_assert_cmpuint (f->end_frame, ==, 0);
  g_assert_cmpint (f->stall, ==, SEC (50));
}

static void
test_stall_below_timeout_is_not_reported (Fixture *fx, gconstpointer unused)
{
  req (fx, 0, "INVITE", "a", "c1", 1, "bob", NULL);
  rsp (fx, 0.01, 100, "INVITE", "a", "c1", 1, "bob", NULL);
  rsp (fx, 32.01, 183, "INVITE", "a", "c1", 1, "bob", NULL);
  sipscan_analyzer_finish (fx->analyzer);
  g_assert_cmpuint (fx->stuck->len, ==, 0);
}

static void
test_stuck_expires_after_state_timeout (Fixture *fx, gconstpointer unused)
{
  req (fx, 0, "INVITE", "a", "c1", 1, "bob", NULL);
  rsp (fx, 0.01, 100, "INVITE", "a", "c1", 1, "bob", NULL);
  req (fx, 400, "OPTIONS", "o", "c2", 1, "ping", NULL);
  if (!fx->threaded)
    g_assert_cmpuint (fx->stuck->len, ==, 1);  /* decided before the end */
  sipscan_analyzer_finish (fx->analyzer);
  const SipscanStuckInvite *f = only_stuck (fx);
  g_assert_cmpint (f->ended_by, ==, SIPSCAN_STALL_EXPIRED);
  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx->analyzer);
  g_assert_cmpuint (c->transactions_expired, ==, 1);
}

static void
test_unanswered_invite_counts_retransmissions (Fixture *fx,
                                               gconstpointer unused)
{
  guint64 invite = req (fx, 0, "INVITE", "a", "c1", 1, "bob", NULL);
  req (fx, 0.5, "INVITE", "a", "c1", 1, "bob", NULL);
  req (fx, 1.5, "INVITE", "a", "c1", 1, "bob", NULL);
  sipscan_analyzer_finish (fx->analyzer);
  g_assert_cmpuint (fx->unanswered->len, ==, 1);
  const SipscanUnansweredInvite *f = fx->unanswered->pdata[0];
  g_assert_cmpuint (f->invite_frame, ==, invite);
  g_assert_cmpuint (f->retransmissions, ==, 2);
  g_assert_cmpint (f->ended_by, ==, SIPSCAN_STALL_CAPTURE_END);
  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx->analyzer);
  g_assert_cmpuint (c->sip_retransmissions, ==, 2);
  g_assert_cmpuint (c->transactions, ==, 1);
}

static void
test_each_proxy_hop_is_its_own_transaction (Fixture *fx,
                                            gconstpointer unused)
{
  req (fx, 0, "INVITE", "hop1", "c1", 1, "bob", NULL);
  rsp (fx, 0.01, 100, "INVITE", "hop1", "c1", 1, "bob", NULL);
  req (fx, 0.02, "INVITE", "hop2", "c1", 1, "bob", NULL);
  rsp (fx, 0.03, 100, "INVITE", "hop2", "c1", 1, "bob", NULL);
  rsp (fx, 60, 480, "INVITE", "hop2", "c1", 1, "bob", NULL);
  rsp (fx, 60.01, 480, "INVITE", "hop1", "c1", 1, "bob", NULL);
  sipscan_analyzer_finish (fx->analyzer);
  g_assert_cmpuint (fx->stuck->len, ==, 2);
  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx->analyzer);
  g_assert_cmpuint (c->invite_transactions, ==, 2);
  g_assert_cmpuint (c->calls, ==, 1);
}

static void
test_response_retransmission_is_counted_once (Fixture *fx,
                                              gconstpointer unused)
{
  req (fx, 0, "OPTIONS", "a", "c1", 1, "bob", NULL);
  rsp (fx, 0.01, 200, "OPTIONS", "a", "c1", 1, "bob", NULL);
  rsp (fx, 0.51, 200, "OPTIONS", "a", "c1", 1, "bob", NULL);
  rsp (fx, 0.52, 200, "OPTIONS", "zz", "c1", 1, "bob", NULL);
  sipscan_analyzer_finish (fx->analyzer);
  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx->analyzer);
  g_assert_cmpuint (c->sip_retransmissions, ==, 1);
  g_assert_cmpuint (c->sip_orphan_responses, ==, 1);
  g_assert_cmpuint (c->sip_messages, ==, 4);
}

#define CHALLENGE(nonce, extra)                                              \
  "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"" nonce          \
  "\", qop=\"auth\", algorithm=MD5" extra "\n"
#define CREDENTIALS(user, nonce)                                             \
  "Authorization: Digest username=\"" user "\", realm=\"example.com\", "    \
  "nonce=\"" nonce "\", uri=\"sip:example.com\", "                          \
  "response=\"0123456789abcdef0123456789abcdef\", qop=auth, nc=00000001, " \
  "cnonce=\"c0ffee\"\n"

static const AttemptCopy *
attempt (Fixture *fx, guint i)
{
  g_assert_cmpuint (fx->attempts->len, >, i);
  return fx->attempts->pdata[i];
}

static void
test_auth_accepted_after_challenge (Fixture *fx, gconstpointer unused)
{
  req (fx, 0, "REGISTER", "r1", "c1", 1, "alice", NULL);
  guint64 ch = rsp (fx, 0.01, 401, "REGISTER", "r1", "c1", 1, "alice",
                    CHALLENGE ("n1", ""));
  guint64 retry = req (fx, 0.02, "REGISTER", "r2", "c1", 2, "alice",
                       CREDENTIALS ("alice", "n1"));
  guint64 ok = rsp (fx, 0.03, 200, "REGISTER", "r2", "c1", 2, "alice", NULL);
  sipscan_analyzer_finish (fx->analyzer);
  g_assert_cmpuint (fx->attempts->len, ==, 1);
  const AttemptCopy *a = attempt (fx, 0);
  g_assert_cmpint (a->a.outcome, ==, SIPSCAN_AUTH_ACCEPTED);
  g_assert_cmpuint (a->a.challenge_frame, ==, ch);
  g_assert_cmpuint (a->a.challenge_status, ==, 401);
  g_assert_cmpuint (a->a.retry_frame, ==, retry);
  g_assert_cmpuint (a->a.result_frame, ==, ok);
  g_assert_cmpstr (a->username, ==, "alice");
  g_assert_cmpstr (a->method, ==, "REGISTER");
}

static void
test_auth_wrong_then_forbidden_no_abandoned (Fixture *fx,
                                             gconstpointer unused)
{
  req (fx, 0, "REGISTER", "r1", "c1", 1, "bob", NULL);
  guint64 ch1 = rsp (fx, 0.01, 401, "REGISTER", "r1", "c1", 1, "bob",
                     CHALLENGE ("n2", ""));
  req (fx, 0.02, "REGISTER", "r2", "c1", 2, "bob", CREDENTIALS ("bob", "n2"));
  guint64 ch2 = rsp (fx, 0.03, 401, "REGISTER", "r2", "c1", 2, "bob",
                     CHALLENGE ("n3", ""));
  req (fx, 0.04, "REGISTER", "r3", "c1", 3, "bob", CREDENTIALS ("bob", "n3"));
  guint64 forbidden
      = rsp (fx, 0.05, 403, "REGISTER", "r3", "c1", 3, "bob", NULL);
  /* The last 401 is answered by nobody but it is the result of an
   * attempt: no abandoned record for it. A stale 401 likewise. */
  req (fx, 1, "REGISTER", "r4", "c1", 4, "bob", CREDENTIALS ("bob", "n3"));
  rsp (fx, 1.01, 401, "REGISTER", "r4", "c1", 4, "bob", CHALLENGE ("n4", ""));
  sipscan_analyzer_finish (fx->analyzer);
  g_assert_cmpuint (fx->attempts->len, ==, 3);
  g_assert_cmpint (attempt (fx, 0)->a.outcome, ==,
                   SIPSCAN_AUTH_WRONG_CREDENTIALS);
  g_assert_cmpuint (attempt (fx, 0)->a.challenge_frame, ==, ch1);
  g_assert_cmpuint (attempt (fx, 0)->a.result_frame, ==, ch2);
  g_assert_cmpint (attempt (fx, 1)->a.outcome, ==, SIPSCAN_AUTH_FORBIDDEN);
  g_assert_cmpuint (attempt (fx, 1)->a.challenge_frame, ==, ch2);
  g_assert_cmpuint (attempt (fx, 1)->a.result_frame, ==, forbidden);
  g_assert_cmpint (attempt (fx, 2)->a.outcome, ==,
                   SIPSCAN_AUTH_WRONG_CREDENTIALS);
}

static void
test_auth_stale_nonce_is_not_a_failure (Fixture *fx, gconstpointer unused)
{
  req (fx, 0, "REGISTER", "r1", "c1", 1, "carol",
       CREDENTIALS ("carol", "old"));
  guint64 stale = rsp (fx, 0.01, 401, "REGISTER", "r1", "c1", 1, "carol",
                       CHALLENGE ("n4", ", stale=TRUE"));
  req (fx, 0.02, "REGISTER", "r2", "c1", 2, "carol",
       CREDENTIALS ("carol", "n4"));
  rsp (fx, 0.03, 200, "REGISTER", "r2", "c1", 2, "carol", NULL);
  sipscan_analyzer_finish (fx->analyzer);
  g_assert_cmpuint (fx->attempts->len, ==, 2);
  g_assert_cmpint (attempt (fx, 0)->a.outcome, ==, SIPSCAN_AUTH_STALE_NONCE);
  g_assert_cmpuint (attempt (fx, 0)->a.challenge_frame, ==, 0);
  g_assert_cmpint (attempt (fx, 1)->a.outcome, ==, SIPSCAN_AUTH_ACCEPTED);
  g_assert_cmpuint (attempt (fx, 1)->a.challenge_frame, ==, stale);
  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx->analyzer);
  g_assert_cmpuint (c->auth_outcomes[SIPSCAN_AUTH_STALE_NONCE], ==, 1);
}

static void
test_auth_unanswered_challenge_is_abandoned (Fixture *fx,
                                             gconstpointer unused)
{
  req (fx, 0, "REGISTER", "r1", "c1", 1, "erin", NULL);
  guint64 ch = rsp (fx, 0.01, 401, "REGISTER", "r1", "c1", 1, "erin",
                    CHALLENGE ("n6", ""));
  sipscan_analyzer_finish (fx->analyzer);
  g_assert_cmpuint (fx->attempts->len, ==, 1);
  const AttemptCopy *a = attempt (fx, 0);
  g_assert_cmpint (a->a.outcome, ==, SIPSCAN_AUTH_ABANDONED);
  g_assert_cmpuint (a->a.challenge_frame, ==, ch);
  g_assert_cmpuint (a->a.retry_frame, ==, 0);
  g_assert_cmpstr (a->username, ==, "");
}

static void
test_auth_credentials_without_response (Fixture *fx, gconstpointer unused)
{
  req (fx, 0, "REGISTER", "r1", "c1", 1, "frank", NULL);
  rsp (fx, 0.01, 401, "REGISTER", "r1", "c1", 1, "frank",
       CHALLENGE ("n7", ""));
  guint64 retry = req (fx, 0.02, "REGISTER", "r2", "c1", 2, "frank",
                       CREDENTIALS ("frank", "n7"));
  req (fx, 0.52, "REGISTER", "r2", "c1", 2, "frank",
       CREDENTIALS ("frank", "n7"));
  sipscan_analyzer_finish (fx->analyzer);
  g_assert_cmpuint (fx->attempts->len, ==, 1);
  g_assert_cmpint (attempt (fx, 0)->a.outcome, ==, SIPSCAN_AUTH_NO_RESPONSE);
  g_assert_cmpuint (attempt (fx, 0)->a.retry_frame, ==, retry);
}

/* Freed before the capture ends, the analyzer still holds the retry's
 * attempt, waiting for its answer: LeakSanitizer (scripts/test.sh's
 * second build) checks that it goes with the analyzer. */
static void
test_auth_open_attempt_freed_without_finish (Fixture *fx,
                                             gconstpointer unused)
{
  req (fx, 0, "REGISTER", "r1", "c1", 1, "frank", NULL);
  rsp (fx, 0.01, 401, "REGISTER", "r1", "c1", 1, "frank",
       CHALLENGE ("n7", ""));
  req (fx, 0.02, "REGISTER", "r2", "c1", 2, "frank",
       CREDENTIALS ("frank", "n7"));
  g_assert_cmpuint (fx->attempts->len, ==, 0);
}

static void
test_auth_new_call_id_pairs_by_source_and_nonce (Fixture *fx,
                                                 gconstpointer unused)
{
  req (fx, 0, "REGISTER", "r1", "X", 1, "heidi", NULL);
  guint64 ch = rsp (fx, 0.01, 401, "REGISTER", "r1", "X", 1, "heidi",
                    CHALLENGE ("n9", ""));
  req (fx, 0.02, "REGISTER", "r2", "Y", 1, "heidi",
       CREDENTIALS ("heidi", "n9"));
  rsp (fx, 0.03, 200, "REGISTER", "r2", "Y", 1, "heidi", NULL);
  sipscan_analyzer_finish (fx->analyzer);
  g_assert_cmpuint (fx->attempts->len, ==, 1);
  g_assert_cmpuint (attempt (fx, 0)->a.challenge_frame, ==, ch);
  g_assert_cmpint (attempt (fx, 0)->a.outcome, ==, SIPSCAN_AUTH_ACCEPTED);
}

static void
test_auth_reused_cseq_pairs_each_retry_with_previous_challenge (
    Fixture *fx, gconstpointer unused)
{
  /* svcrack: one Call-ID and CSeq for every guess, a new branch each time,
   * and a server that repeats its nonce within a second. */
  req (fx, 0, "REGISTER", "b0", "c1", 1, "ivan", NULL);
  guint64 challenge = rsp (fx, 0.01, 401, "REGISTER", "b0", "c1", 1, "ivan",
                           CHALLENGE ("n7", ""));
  const char *const branches[] = { "b1", "b2", "b3" };
  guint64 results[G_N_ELEMENTS (branches)];
  for (guint i = 0; i < G_N_ELEMENTS (branches); i++)
    {
      req (fx, 0.1 * (i + 1), "REGISTER", branches[i], "c1", 2, "ivan",
           CREDENTIALS ("ivan", "n7"));
      results[i] = rsp (fx, 0.1 * (i + 1) + 0.01, i < 2 ? 401 : 200,
                        "REGISTER", branches[i], "c1", 2, "ivan",
                        i < 2 ? CHALLENGE ("n7", "") : NULL);
    }
  sipscan_analyzer_finish (fx->analyzer);
  g_assert_cmpuint (fx->attempts->len, ==, 3);
  g_assert_cmpuint (attempt (fx, 0)->a.challenge_frame, ==, challenge);
  g_assert_cmpuint (attempt (fx, 1)->a.challenge_frame, ==, results[0]);
  g_assert_cmpuint (attempt (fx, 2)->a.challenge_frame, ==, results[1]);
  g_assert_cmpint (attempt (fx, 2)->a.outcome, ==, SIPSCAN_AUTH_ACCEPTED);
}

static void
test_auth_second_of_two_challenges_pairs (Fixture *fx, gconstpointer unused)
{
  req (fx, 0, "REGISTER", "r1", "c1", 1, "grace", NULL);
  guint64 ch = rsp (
      fx, 0.01, 401, "REGISTER", "r1", "c1", 1, "grace",
      "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n8a\", "
      "algorithm=SHA-256, Digest realm=\"example.com\", nonce=\"n8b\", "
      "algorithm=MD5\n");
  req (fx, 0.02, "REGISTER", "r2", "c1", 2, "grace",
       CREDENTIALS ("grace", "n8b"));
  rsp (fx, 0.03, 200, "REGISTER", "r2", "c1", 2, "grace", NULL);
  sipscan_analyzer_finish (fx->analyzer);
  g_assert_cmpuint (fx->attempts->len, ==, 1);
  g_assert_cmpuint (attempt (fx, 0)->a.challenge_frame, ==, ch);
}

static void
test_auth_credentials_reused_in_bye (Fixture *fx, gconstpointer unused)
{
  req (fx, 0, "INVITE", "i1", "c1", 1, "dave", NULL);
  guint64 ch = rsp (fx, 0.01, 407, "INVITE", "i1", "c1", 1, "dave",
                    "Proxy-Authenticate: Digest realm=\"example.com\", "
                    "nonce=\"n5\"\n");
  req (fx, 0.03, "INVITE", "i2", "c1", 2, "dave",
       "Proxy-Authorization: Digest username=\"dave\", "
       "realm=\"example.com\", nonce=\"n5\", uri=\"sip:x\", response=\"1\"\n");
  rsp (fx, 0.04, 200, "INVITE", "i2", "c1", 2, "dave", NULL);
  req (fx, 9, "BYE", "b1", "c1", 3, "dave",
       "Proxy-Authorization: Digest username=\"dave\", "
       "realm=\"example.com\", nonce=\"n5\", uri=\"sip:x\", response=\"2\", "
       "nc=00000002\n");
  rsp (fx, 9.01, 200, "BYE", "b1", "c1", 3, "dave", NULL);
  sipscan_analyzer_finish (fx->analyzer);
  g_assert_cmpuint (fx->attempts->len, ==, 2);
  g_assert_cmpstr (attempt (fx, 1)->method, ==, "BYE");
  g_assert_cmpuint (attempt (fx, 1)->a.challenge_frame, ==, ch);
  g_assert_cmpuint (attempt (fx, 1)->a.challenge_status, ==, 407);
  g_assert_cmpint (attempt (fx, 1)->a.outcome, ==, SIPSCAN_AUTH_ACCEPTED);
}

static void
test_bruteforce_flagged_past_threshold (Fixture *fx, gconstpointer unused)
{
  guint64 eleventh = 0;
  for (guint i = 0; i < 12; i++)
    {
      char branch[16], nonce[16], call[16];
      g_snprintf (branch, sizeof branch, "b%u", i);
      g_snprintf (nonce, sizeof nonce, "n%u", i);
      g_snprintf (call, sizeof call, "call%u", i);
      char *challenge = g_strdup_printf (
          "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"%s\"\n",
          nonce);
      char *credentials = g_strdup_printf (
          "Authorization: Digest username=\"100\", realm=\"example.com\", "
          "nonce=\"%s\", uri=\"sip:x\", response=\"1\"\n", nonce);
      char retry_branch[16];
      g_snprintf (retry_branch, sizeof retry_branch, "r%u", i);
      req (fx, i, "REGISTER", branch, call, 1, "100",
           "User-Agent: friendly-scanner\n");
      rsp (fx, i + 0.01, 401, "REGISTER", branch, call, 1, "100", challenge);
      req (fx, i + 0.02, "REGISTER", retry_branch, call, 2, "100",
           credentials);
      guint64 result = rsp (fx, i + 0.03, 403, "REGISTER", retry_branch, call,
                            2, "100", NULL);
      if (i == 10)
        eleventh = result;
      g_free (challenge);
      g_free (credentials);
    }
  sipscan_analyzer_finish (fx->analyzer);
  g_assert_cmpuint (fx->sources->len, ==, 1);
  const SipscanSourceStats *s = fx->sources->pdata[0];
  g_assert_true (s->brute_force);
  g_assert_cmpuint (s->brute_force_frame, ==, eleventh);
  g_assert_cmpuint (s->failures, ==, 12);
  g_assert_cmpuint (s->usernames, ==, 1);
  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx->analyzer);
  g_assert_cmpuint (c->scanner_sources, ==, 1);
  g_assert_cmpuint (c->brute_force_sources, ==, 1);
}

static void
test_transaction_cap_evicts_and_counts (void)
{
  Fixture fx;
  SipscanOptions options;
  sipscan_options_init (&options);
  options.max_transactions = 2;
  fixture_set_up_with (&fx, &options);
  req (&fx, 0, "INVITE", "a", "c1", 1, "bob", NULL);
  rsp (&fx, 0.01, 100, "INVITE", "a", "c1", 1, "bob", NULL);
  req (&fx, 1, "OPTIONS", "b", "c2", 1, "bob", NULL);
  req (&fx, 2, "OPTIONS", "c", "c3", 1, "bob", NULL);
  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx.analyzer);
  g_assert_cmpuint (c->transactions_evicted, ==, 1);
  sipscan_analyzer_finish (fx.analyzer);
  g_assert_cmpuint (fx.stuck->len, ==, 0); /* stall 2 s, not stuck */
  fixture_tear_down (&fx, NULL);
}

/* ---- SIP over TCP, through the frame entry ----------------------------- */

#define CLIENT_ISN 999
#define SERVER_ISN 4999
#define TCP_SYN PACKET_TCP_SYN
#define TCP_ACK PACKET_TCP_ACK
#define TCP_FIN PACKET_TCP_FIN

/* packet, a transport's header and payload, in IPv4 from 192.0.2.a to
 * 192.0.2.b and Ethernet at t seconds; returns its frame number. */
static guint64
ip_send (Fixture *fx, double t, guint8 a, guint8 b, guint8 protocol,
         GByteArray *packet)
{
  g_autofree char *src = g_strdup_printf ("192.0.2.%u", a);
  g_autofree char *dst = g_strdup_printf ("192.0.2.%u", b);
  packet_wrap_ipv4 (packet, &(PacketIpv4) { .src = src, .dst = dst,
                                            .protocol = protocol });
  packet_wrap_ethernet (packet, PACKET_ETHERTYPE_IPV4);
  SipscanFrame frame = {
    .number = ++fx->frame,
    .time = T0 + SEC (t),
    .linktype = LINKTYPE_ETHERNET,
    .data = packet->data,
    .caplen = packet->len,
    .wirelen = packet->len,
  };
  sipscan_analyzer_add_frame (fx->analyzer, &frame);
  return fx->frame;
}

/* A TCP segment in Ethernet and IPv4 from 192.0.2.a to 192.0.2.b (host
 * 10 on port 40000, others on 5060) at t seconds; returns its frame
 * number. */
static guint64
tcp_send (Fixture *fx, double t, guint8 a, guint8 b, guint32 seq,
          guint32 ack, guint8 flags, const char *data, gsize len)
{
  g_autoptr (GByteArray) packet = packet_new (data, len);
  packet_wrap_tcp_segment (packet, &(PacketTcp) {
    .src_port = a == 10 ? 40000 : 5060, .dst_port = b == 10 ? 40000 : 5060,
    .seq = seq, .ack = ack, .flags = flags,
  });
  return ip_send (fx, t, a, b, 6, packet);
}

/* 192.0.2.10:40000 connects to 192.0.2.1:5060 at t seconds. */
static void
tcp_handshake (Fixture *fx, double t)
{
  tcp_send (fx, t, 10, 1, CLIENT_ISN, 0, TCP_SYN, NULL, 0);
  tcp_send (fx, t + 0.001, 1, 10, SERVER_ISN, CLIENT_ISN + 1,
            TCP_SYN | TCP_ACK, NULL, 0);
  tcp_send (fx, t + 0.002, 10, 1, CLIENT_ISN + 1, SERVER_ISN + 1, TCP_ACK,
            NULL, 0);
}

static void
assert_frames_add_up (const SipscanCounters *c)
{
  g_assert_cmpuint (c->frames_sip + c->frames_not_sip + c->frames_malformed
                        + c->frames_truncated + c->frames_unsupported
                        + c->frames_ip_fragment + c->frames_tcp
                        + c->frames_sctp,
                    ==, c->frames);
}

static void
test_tcp_invite_out_of_order_belongs_to_the_completing_frame (
    Fixture *fx, gconstpointer unused)
{
  g_autofree char *text
      = request ("INVITE", "a", "c1", 1, "bob", "Contact: <sip:alice@x>\n");
  g_autoptr (GString) invite = crlf (text);
  guint32 seq = CLIENT_ISN + 1, ack = SERVER_ISN + 1;
  gsize third = invite->len / 3;
  tcp_handshake (fx, 0);
  tcp_send (fx, 1.3, 10, 1, seq + 2 * third, ack, TCP_ACK,
            invite->str + 2 * third, invite->len - 2 * third);
  tcp_send (fx, 1.1, 10, 1, seq, ack, TCP_ACK, invite->str, third);
  guint64 completing = tcp_send (fx, 1.2, 10, 1, seq + third, ack, TCP_ACK,
                                 invite->str + third, third);
  sipscan_analyzer_finish (fx->analyzer);

  g_assert_cmpuint (fx->unanswered->len, ==, 1);
  const SipscanUnansweredInvite *f = fx->unanswered->pdata[0];
  g_assert_cmpuint (f->invite_frame, ==, completing);
  g_assert_cmpint (f->invite_time, ==, T0 + SEC (1.2));
  g_assert_cmpint (f->transport, ==, SIPSCAN_TRANSPORT_TCP);
  char buf[SIPSCAN_ENDPOINT_STRLEN];
  g_assert_cmpstr (sipscan_endpoint_format (&f->src, buf), ==,
                   "192.0.2.10:40000");
  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx->analyzer);
  g_assert_cmpuint (c->sip_messages, ==, 1);
  g_assert_cmpuint (c->frames_sip, ==, 1);
  g_assert_cmpuint (c->frames_tcp, ==, 5);
  g_assert_cmpuint (c->tcp_streams, ==, 2);
  assert_frames_add_up (c);
}

/* Call c1's INVITE and its 100 Trying, as sent on a stream. */
static void
invite_and_trying_on_a_stream (GString **invite, GString **trying)
{
  g_autofree char *invite_text = request ("INVITE", "a", "c1", 1, "bob",
                                          NULL);
  g_autofree char *trying_text = response (100, "INVITE", "a", "c1", 1,
                                           "bob", NULL);
  *invite = crlf (invite_text);
  *trying = crlf (trying_text);
}

static void
test_tcp_stuck_invite_is_found (Fixture *fx, gconstpointer unused)
{
  g_autoptr (GString) invite = NULL, trying = NULL;
  invite_and_trying_on_a_stream (&invite, &trying);
  guint32 seq = CLIENT_ISN + 1, ack = SERVER_ISN + 1;
  tcp_handshake (fx, 0);
  guint64 invite_frame = tcp_send (fx, 0.1, 10, 1, seq, ack, TCP_ACK,
                                   invite->str, invite->len);
  seq += invite->len;
  guint64 trying_frame = tcp_send (fx, 0.2, 1, 10, ack, seq, TCP_ACK,
                                   trying->str, trying->len);
  ack += trying->len;
  tcp_send (fx, 0.25, 10, 1, seq, ack, TCP_ACK, NULL, 0);
  tcp_send (fx, 50, 10, 1, seq, ack, TCP_ACK, "\r\n\r\n", 4);
  sipscan_analyzer_finish (fx->analyzer);

  const SipscanStuckInvite *f = only_stuck (fx);
  g_assert_cmpuint (f->invite_frame, ==, invite_frame);
  g_assert_cmpuint (f->trying_frame, ==, trying_frame);
  g_assert_cmpint (f->transport, ==, SIPSCAN_TRANSPORT_TCP);
  g_assert_cmpint (f->ended_by, ==, SIPSCAN_STALL_CAPTURE_END);
  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx->analyzer);
  g_assert_cmpuint (c->sip_keepalives, ==, 1);
  g_assert_cmpuint (c->frames_sip, ==, 2);
  g_assert_cmpuint (c->frames_tcp, ==, 5);
  assert_frames_add_up (c);
}

/* Past sip_max_buffer held by the streams' readers, the stream whose
 * unfinished message grew gives it up; a whole message after it is
 * still read. */
static void
test_tcp_message_over_the_readers_cap_is_dropped (void)
{
  SipscanOptions options;
  sipscan_options_init (&options);
  options.sip_max_buffer = 100;
  Fixture fx;
  fixture_set_up_with (&fx, &options);
  g_autoptr (GString) invite = NULL, trying = NULL;
  invite_and_trying_on_a_stream (&invite, &trying);
  guint32 seq = CLIENT_ISN + 1, ack = SERVER_ISN + 1;
  g_assert_cmpuint (invite->len, >, 120);
  tcp_handshake (&fx, 0);
  tcp_send (&fx, 0.1, 10, 1, seq, ack, TCP_ACK, invite->str, 120);
  tcp_send (&fx, 0.2, 10, 1, seq + 120, ack, TCP_ACK, invite->str + 120,
            invite->len - 120);
  tcp_send (&fx, 0.3, 1, 10, ack, seq + invite->len, TCP_ACK, trying->str,
            trying->len);
  sipscan_analyzer_finish (fx.analyzer);
  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx.analyzer);
  g_assert_cmpuint (c->sip_stream_dropped_at_cap, ==, 1);
  g_assert_cmpuint (c->sip_requests, ==, 0);
  g_assert_cmpuint (c->sip_responses, ==, 1);
  g_assert_cmpuint (c->sip_stream_bytes_skipped, ==, invite->len);
  assert_frames_add_up (c);
  fixture_tear_down (&fx, NULL);
}

/* Each frame in one counter: two messages in one segment, a message
 * across two, a malformed one, a bare ACK, a FIN. */
static void
test_tcp_frames_add_up (Fixture *fx, gconstpointer unused)
{
  g_autofree char *a = request ("OPTIONS", "a", "c1", 1, "bob", NULL);
  g_autofree char *b = request ("OPTIONS", "b", "c2", 1, "bob", NULL);
  g_autofree char *bad = g_strdup_printf ("INVITE  sip:x SIP/2.0\n%s",
                                          strchr (a, '\n') + 1);
  g_autoptr (GString) two = crlf (a);
  g_autoptr (GString) one = crlf (b);
  g_autoptr (GString) malformed = crlf (bad);
  g_string_append (two, one->str);
  guint32 seq = CLIENT_ISN + 1, ack = SERVER_ISN + 1;
  tcp_handshake (fx, 0);
  tcp_send (fx, 1, 10, 1, seq, ack, TCP_ACK, two->str, two->len);
  seq += two->len;
  tcp_send (fx, 2, 10, 1, seq, ack, TCP_ACK, one->str, 10);
  tcp_send (fx, 2.1, 10, 1, seq + 10, ack, TCP_ACK, one->str + 10,
            one->len - 10);
  seq += one->len;
  tcp_send (fx, 3, 10, 1, seq, ack, TCP_ACK, malformed->str,
            malformed->len);
  seq += malformed->len;
  tcp_send (fx, 3.1, 1, 10, ack, seq, TCP_ACK, NULL, 0);
  tcp_send (fx, 4, 10, 1, seq, ack, TCP_ACK | TCP_FIN, NULL, 0);
  sipscan_analyzer_finish (fx->analyzer);

  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx->analyzer);
  g_assert_cmpuint (c->frames, ==, 9);
  g_assert_cmpuint (c->frames_sip, ==, 2);
  g_assert_cmpuint (c->frames_malformed, ==, 1);
  g_assert_cmpuint (c->frames_tcp, ==, 6);
  assert_frames_add_up (c);
  g_assert_cmpuint (c->sip_messages, ==, 3);
  g_assert_cmpuint (c->sip_malformed, ==, 1);
  g_assert_cmpuint (c->sip_stream_messages, ==, 4);
  g_assert_cmpuint (c->sip_stream_incomplete, ==, 0);
  g_assert_cmpuint (c->tcp_not_sip_streams, ==, 0);
}

/* ---- SIP over WebSocket and TLS on TCP, SIP over SCTP ------------------ */

#define WS_UPGRADE(protocol)                                             \
  "GET / HTTP/1.1\r\nHost: 192.0.2.1\r\nUpgrade: websocket\r\n"          \
  "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" \
  "Sec-WebSocket-Protocol: " protocol "\r\nSec-WebSocket-Version: 13\r\n\r\n"
#define WS_SWITCH(protocol)                                              \
  "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"           \
  "Connection: Upgrade\r\n"                                              \
  "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"               \
  "Sec-WebSocket-Protocol: " protocol "\r\n\r\n"

static const guint8 ws_key[4] = { 0xa1, 0xb2, 0xc3, 0xd4 };

typedef struct {
  Fixture *fx;
  guint32 seq[2];         /* next byte from the client, from the server */
} TcpConnection;

static TcpConnection
tcp_connect (Fixture *fx, double t)
{
  tcp_handshake (fx, t);
  return (TcpConnection){ fx, { CLIENT_ISN + 1, SERVER_ISN + 1 } };
}

/* Sends bytes from the client (192.0.2.10) or the server (192.0.2.1). */
static guint64
tcp_say (TcpConnection *c, double t, gboolean client, const void *data,
         gsize len)
{
  guint32 *mine = &c->seq[client ? 0 : 1];
  guint64 frame = tcp_send (c->fx, t, client ? 10 : 1, client ? 1 : 10,
                            *mine, c->seq[client ? 1 : 0], TCP_ACK, data,
                            len);
  *mine += (guint32) len;
  return frame;
}

static guint64
tcp_say_text (TcpConnection *c, double t, gboolean client, const char *text)
{
  return tcp_say (c, t, client, text, strlen (text));
}

/* One SIP message in one WebSocket frame, masked when from the client. */
static guint64
ws_say (TcpConnection *c, double t, gboolean client, const char *text)
{
  g_autoptr (GString) msg = crlf (text);
  g_autoptr (GByteArray) frame = g_byte_array_new ();
  packet_append_ws_frame (frame, &(PacketWsFrame) {
    .opcode = PACKET_WS_TEXT, .key = client ? ws_key : NULL,
  }, msg->str, msg->len);
  return tcp_say (c, t, client, frame->data, frame->len);
}

static void
test_websocket_digest_exchange_is_an_auth_attempt (Fixture *fx,
                                                   gconstpointer unused)
{
  TcpConnection conn = tcp_connect (fx, 0);
  tcp_say_text (&conn, 0.01, TRUE, WS_UPGRADE ("sip"));
  tcp_say_text (&conn, 0.02, FALSE, WS_SWITCH ("sip"));
  g_autofree char *reg = request ("REGISTER", "r1", "c1", 1, "alice", NULL);
  g_autofree char *challenge = response (401, "REGISTER", "r1", "c1", 1,
                                         "alice", CHALLENGE ("n1", ""));
  g_autofree char *retry = request ("REGISTER", "r2", "c1", 2, "alice",
                                    CREDENTIALS ("alice", "n1"));
  g_autofree char *ok = response (200, "REGISTER", "r2", "c1", 2, "alice",
                                  NULL);
  ws_say (&conn, 0.1, TRUE, reg);
  guint64 ch = ws_say (&conn, 0.2, FALSE, challenge);
  guint64 retry_frame = ws_say (&conn, 0.3, TRUE, retry);
  guint64 ok_frame = ws_say (&conn, 0.4, FALSE, ok);
  sipscan_analyzer_finish (fx->analyzer);

  g_assert_cmpuint (fx->attempts->len, ==, 1);
  const AttemptCopy *a = attempt (fx, 0);
  g_assert_cmpint (a->a.outcome, ==, SIPSCAN_AUTH_ACCEPTED);
  g_assert_cmpint (a->a.transport, ==, SIPSCAN_TRANSPORT_WS);
  g_assert_cmpuint (a->a.challenge_frame, ==, ch);
  g_assert_cmpuint (a->a.retry_frame, ==, retry_frame);
  g_assert_cmpuint (a->a.result_frame, ==, ok_frame);
  g_assert_cmpstr (a->username, ==, "alice");
  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx->analyzer);
  g_assert_cmpuint (c->websocket_streams, ==, 2);
  g_assert_cmpuint (c->websocket_messages, ==, 4);
  g_assert_cmpuint (c->sip_messages, ==, 4);
  g_assert_cmpuint (c->frames_sip, ==, 4);
  g_assert_cmpuint (c->frames_tcp, ==, 5);
  g_assert_cmpuint (c->tcp_not_sip_streams, ==, 0);
  assert_frames_add_up (c);
}

static void
test_websocket_other_subprotocol_is_not_sip (Fixture *fx,
                                             gconstpointer unused)
{
  TcpConnection conn = tcp_connect (fx, 0);
  tcp_say_text (&conn, 0.01, TRUE, WS_UPGRADE ("chat"));
  tcp_say_text (&conn, 0.02, FALSE, WS_SWITCH ("chat"));
  g_autofree char *options = request ("OPTIONS", "o1", "c1", 1, "bob", NULL);
  ws_say (&conn, 0.1, TRUE, options);
  ws_say (&conn, 0.2, FALSE, options);
  sipscan_analyzer_finish (fx->analyzer);

  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx->analyzer);
  g_assert_cmpuint (c->sip_messages, ==, 0);
  g_assert_cmpuint (c->websocket_streams, ==, 0);
  g_assert_cmpuint (c->websocket_frames, ==, 0);
  g_assert_cmpuint (c->tcp_not_sip_streams, ==, 2);
  g_assert_cmpuint (c->frames_tcp, ==, 7);
  assert_frames_add_up (c);
}

static void
test_websocket_refused_upgrade_is_not_sip (Fixture *fx, gconstpointer unused)
{
  static const char refusal[] = "HTTP/1.1 403 Forbidden\r\n\r\n";
  TcpConnection conn = tcp_connect (fx, 0);
  tcp_say_text (&conn, 0.01, TRUE, WS_UPGRADE ("sip"));
  tcp_say_text (&conn, 0.02, FALSE, refusal);
  g_autofree char *options = request ("OPTIONS", "o1", "c1", 1, "bob", NULL);
  ws_say (&conn, 0.1, TRUE, options);
  sipscan_analyzer_finish (fx->analyzer);

  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx->analyzer);
  g_assert_cmpuint (c->sip_messages, ==, 0);
  g_assert_cmpuint (c->tcp_not_sip_streams, ==, 2);
  assert_frames_add_up (c);
}

/* A SIP message inside the record is not read: the bytes are dropped. */
static void
test_tls_stream_is_counted_and_not_read (Fixture *fx, gconstpointer unused)
{
  g_autofree char *invite = request ("INVITE", "i1", "c1", 1, "bob", NULL);
  g_autoptr (GString) record = g_string_new (NULL);
  g_string_append_len (record, "\x17\x03\x03\x01\x00", 5);
  g_string_append (record, invite);
  TcpConnection conn = tcp_connect (fx, 0);
  tcp_say (&conn, 0.1, TRUE, record->str, 2);
  tcp_say (&conn, 0.2, TRUE, record->str + 2, record->len - 2);
  tcp_say (&conn, 0.3, FALSE, "\x16\x03\x01\x00\x05hello", 10);
  sipscan_analyzer_finish (fx->analyzer);

  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx->analyzer);
  g_assert_cmpuint (c->tls_streams, ==, 2);
  g_assert_cmpuint (c->sip_messages, ==, 0);
  g_assert_cmpuint (c->tcp_not_sip_streams, ==, 0);
  g_assert_cmpuint (c->sip_stream_bytes_skipped, ==, 0);
  g_assert_cmpuint (c->sip_stream_resyncs, ==, 0);
  g_assert_cmpuint (c->frames_tcp, ==, 6);
  assert_frames_add_up (c);
}

/* An SCTP packet from 192.0.2.a to 192.0.2.b, port 5060, holding the
 * chunks appended to chunks (emptied); returns its frame number. */
static guint64
sctp_send (Fixture *fx, double t, guint8 a, guint8 b, GByteArray *chunks)
{
  g_autoptr (GByteArray) packet = packet_new (chunks->data, chunks->len);
  g_byte_array_set_size (chunks, 0);
  packet_wrap_sctp (packet, 5060, 5060);
  return ip_send (fx, t, a, b, 132, packet);
}

static void
test_sctp_stuck_invite_is_found (Fixture *fx, gconstpointer unused)
{
  g_autoptr (GString) invite = NULL, trying = NULL;
  invite_and_trying_on_a_stream (&invite, &trying);
  g_autoptr (GByteArray) chunks = g_byte_array_new ();
  static const guint8 sack[12] = { 0 };
  gsize half = invite->len / 2;
  packet_append_sctp_data (chunks, PACKET_SCTP_BEGINNING, 10, 0, 0,
                           invite->str, half);
  sctp_send (fx, 0.1, 10, 1, chunks);
  packet_append_sctp_data (chunks, PACKET_SCTP_END, 11, 0, 0,
                           invite->str + half, invite->len - half);
  guint64 invite_frame = sctp_send (fx, 0.11, 10, 1, chunks);
  packet_append_sctp_chunk (chunks, PACKET_SCTP_SACK, 0, sack, sizeof sack);
  packet_append_sctp_data (chunks, PACKET_SCTP_WHOLE, 50, 0, 0, trying->str,
                           trying->len);
  guint64 trying_frame = sctp_send (fx, 0.2, 1, 10, chunks);
  packet_append_sctp_chunk (chunks, PACKET_SCTP_HEARTBEAT, 0, "hb", 2);
  sctp_send (fx, 50, 10, 1, chunks);
  sipscan_analyzer_finish (fx->analyzer);

  const SipscanStuckInvite *f = only_stuck (fx);
  g_assert_cmpuint (f->invite_frame, ==, invite_frame);
  g_assert_cmpuint (f->trying_frame, ==, trying_frame);
  g_assert_cmpint (f->transport, ==, SIPSCAN_TRANSPORT_SCTP);
  g_assert_cmpint (f->ended_by, ==, SIPSCAN_STALL_CAPTURE_END);
  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx->analyzer);
  g_assert_cmpuint (c->frames_sip, ==, 2);
  g_assert_cmpuint (c->frames_sctp, ==, 2);
  g_assert_cmpuint (c->sctp_reassembled, ==, 1);
  g_assert_cmpuint (c->sctp_chunks, ==, 5);
  assert_frames_add_up (c);
}

static void
test_sctp_two_messages_count_the_frame_once (Fixture *fx,
                                             gconstpointer unused)
{
  g_autofree char *a = request ("OPTIONS", "a", "c1", 1, "bob", NULL);
  g_autofree char *b = request ("OPTIONS", "b", "c2", 1, "bob", NULL);
  g_autoptr (GByteArray) chunks = g_byte_array_new ();
  packet_append_sctp_data (chunks, PACKET_SCTP_WHOLE, 1, 0, 0, a, strlen (a));
  packet_append_sctp_data (chunks, PACKET_SCTP_WHOLE, 2, 1, 0, b, strlen (b));
  sctp_send (fx, 0.1, 10, 1, chunks);
  packet_append_sctp_data (chunks, PACKET_SCTP_WHOLE, 3, 0, 1, "hello", 5);
  sctp_send (fx, 0.2, 10, 1, chunks);
  packet_append_sctp_chunk (chunks, PACKET_SCTP_I_DATA, 3, a, strlen (a));
  sctp_send (fx, 0.3, 10, 1, chunks);
  packet_append_sctp_data (chunks, PACKET_SCTP_WHOLE, 4, 0, 2, a, strlen (a));
  packet_append_sctp_chunk (chunks, PACKET_SCTP_SACK, 0, NULL, 0);
  chunks->data[chunks->len - 1] = 2;   /* length below 4 */
  sctp_send (fx, 0.4, 10, 1, chunks);
  sipscan_analyzer_finish (fx->analyzer);

  const SipscanCounters *c = sipscan_analyzer_peek_counters (fx->analyzer);
  g_assert_cmpuint (c->frames, ==, 4);
  g_assert_cmpuint (c->frames_sip, ==, 2);
  g_assert_cmpuint (c->frames_not_sip, ==, 1);
  g_assert_cmpuint (c->frames_unsupported, ==, 1);
  g_assert_cmpuint (c->sip_messages, ==, 3);
  g_assert_cmpuint (c->sctp_unsupported_chunks, ==, 1);
  assert_frames_add_up (c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func)                                                    \
  do                                                                       \
    {                                                                      \
      g_test_add (path, Fixture, NULL, fixture_set_up, func,               \
                  fixture_tear_down);                                      \
      g_test_add ("/threaded" path, Fixture, NULL,                         \
                  fixture_set_up_threaded, func, fixture_tear_down);       \
    }                                                                      \
  while (0)
  ADD ("/findings/stuck/ended_by_late_final", test_stuck_ended_by_late_final);
  ADD ("/findings/stuck/ended_by_late_ringing",
       test_stuck_ended_by_late_ringing);
  ADD ("/findings/stuck/ended_by_cancel", test_stuck_ended_by_cancel);
  ADD ("/findings/stuck/open_at_capture_end", test_stuck_open_at_capture_end);
  ADD ("/findings/stuck/stall_below_timeout_is_not_reported",
       test_stall_below_timeout_is_not_reported);
  ADD ("/findings/stuck/expires_after_state_timeout",
       test_stuck_expires_after_state_timeout);
  ADD ("/findings/unanswered/counts_retransmissions",
       test_unanswered_invite_counts_retransmissions);
  ADD ("/findings/tracker/each_proxy_hop_is_its_own_transaction",
       test_each_proxy_hop_is_its_own_transaction);
  ADD ("/findings/tracker/response_retransmission_is_counted_once",
       test_response_retransmission_is_counted_once);
  ADD ("/findings/auth/accepted_after_challenge",
       test_auth_accepted_after_challenge);
  ADD ("/findings/auth/wrong_then_forbidden_no_abandoned",
       test_auth_wrong_then_forbidden_no_abandoned);
  ADD ("/findings/auth/stale_nonce_is_not_a_failure",
       test_auth_stale_nonce_is_not_a_failure);
  ADD ("/findings/auth/unanswered_challenge_is_abandoned",
       test_auth_unanswered_challenge_is_abandoned);
  ADD ("/findings/auth/credentials_without_response",
       test_auth_credentials_without_response);
  ADD ("/findings/auth/open_attempt_freed_without_finish",
       test_auth_open_attempt_freed_without_finish);
  ADD ("/findings/auth/new_call_id_pairs_by_source_and_nonce",
       test_auth_new_call_id_pairs_by_source_and_nonce);
  ADD ("/findings/auth/reused_cseq_pairs_each_retry_with_previous_challenge",
       test_auth_reused_cseq_pairs_each_retry_with_previous_challenge);
  ADD ("/findings/auth/second_of_two_challenges_pairs",
       test_auth_second_of_two_challenges_pairs);
  ADD ("/findings/auth/credentials_reused_in_bye",
       test_auth_credentials_reused_in_bye);
  ADD ("/findings/auth/bruteforce_flagged_past_threshold",
       test_bruteforce_flagged_past_threshold);
  ADD ("/findings/tcp/invite_out_of_order_belongs_to_the_completing_frame",
       test_tcp_invite_out_of_order_belongs_to_the_completing_frame);
  ADD ("/findings/tcp/stuck_invite_is_found", test_tcp_stuck_invite_is_found);
  ADD ("/findings/tcp/frames_add_up", test_tcp_frames_add_up);
  ADD ("/findings/websocket/digest_exchange_is_an_auth_attempt",
       test_websocket_digest_exchange_is_an_auth_attempt);
  ADD ("/findings/websocket/other_subprotocol_is_not_sip",
       test_websocket_other_subprotocol_is_not_sip);
  ADD ("/findings/websocket/refused_upgrade_is_not_sip",
       test_websocket_refused_upgrade_is_not_sip);
  ADD ("/findings/tls/stream_is_counted_and_not_read",
       test_tls_stream_is_counted_and_not_read);
  ADD ("/findings/sctp/stuck_invite_is_found",
       test_sctp_stuck_invite_is_found);
  ADD ("/findings/sctp/two_messages_count_the_frame_once",
       test_sctp_two_messages_count_the_frame_once);
  g_test_add_func ("/findings/tables/transaction_cap_evicts_and_counts",
                   test_transaction_cap_evicts_and_counts);
  g_test_add_func ("/findings/tcp/message_over_the_readers_cap_is_dropped",
                   test_tcp_message_over_the_readers_cap_is_dropped);
  return g_test_run ();
}
