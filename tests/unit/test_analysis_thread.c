/* Tracking and detection on a thread of their own (options.analysis_thread)
 * report exactly what they report on the caller's thread: the same JSON
 * Lines, byte for byte, over a long generated exchange that fills many
 * batches, with messages larger than a batch, time steps that expire
 * state, and time steps without a message (not SIP), one last. */
#include "report/report.h"
#include "sipscan.h"

#include <stdio.h>
#include <string.h>

#define T0 G_GINT64_CONSTANT (1767225600000000000) /* 2026-01-01 */
#define MESSAGES 20000
#define LARGE_BODY (300 * 1024)  /* more than a batch holds */

typedef struct {
  SipscanAnalyzer *analyzer;
  guint64 frame;
  SipscanTime time;
} Feed;

static void
send (Feed *feed, guint8 from, guint8 to, GString *text)
{
  SipscanEndpoint src = { .family = 4, .port = 5060 };
  SipscanEndpoint dst = src;
  src.addr[0] = dst.addr[0] = 10;
  src.addr[3] = from;
  dst.addr[3] = to;
  feed->frame++;
  sipscan_analyzer_add_sip_message (feed->analyzer, feed->frame, feed->time,
                                    &src, &dst, SIPSCAN_TRANSPORT_UDP,
                                    (const guint8 *) text->str, text->len);
}

/* A step in time with a frame that holds no SIP message. */
static void
send_not_sip (Feed *feed)
{
  GString *text = g_string_new ("not sip");
  feed->time += G_GINT64_CONSTANT (1000000);  /* 1 ms */
  send (feed, 1, 2, text);
  g_string_free (text, TRUE);
}

/* A message from client to the server (or back, for a response). */
static void
send_sip (Feed *feed, guint8 client, const char *start_line, guint call,
          guint cseq, const char *method, const char *extra, gsize body)
{
  GString *text = g_string_new (start_line);
  g_string_append_printf (
      text,
      "\r\nVia: SIP/2.0/UDP 10.0.0.%u:5060;branch=z9hG4bK%u-%u\r\n"
      "From: <sip:u%u@example.com>;tag=f%u\r\n"
      "To: <sip:u%u@example.com>\r\n"
      "Call-ID: call-%u\r\n"
      "CSeq: %u %s\r\n%s"
      "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
      client, call, cseq, client, call, client, call, cseq, method,
      extra ? extra : "", body);
  for (gsize i = 0; i < body; i++)
    g_string_append_c (text, "0123456789abcdef"[i % 16]);
  gboolean response = g_str_has_prefix (start_line, "SIP/2.0");
  send (feed, response ? 1 : client, response ? client : 1, text);
  g_string_free (text, TRUE);
}

/* A REGISTER challenged, then answered with credentials that the server
 * accepts, rejects or calls stale. */
static void
register_with_auth (Feed *feed, GRand *rand, guint8 client, guint call)
{
  char *challenge = g_strdup_printf (
      "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n%u\", "
      "algorithm=MD5, qop=\"auth\"\r\n", call);
  char *credentials = g_strdup_printf (
      "Authorization: Digest username=\"u%u\", realm=\"example.com\", "
      "nonce=\"n%u\", uri=\"sip:example.com\", response=\"%032x\", "
      "algorithm=MD5, cnonce=\"c\", qop=auth, nc=00000001\r\n",
      client, call, call);
  static const guint verdicts[] = { 200, 200, 401, 403 };
  guint verdict = verdicts[g_rand_int_range (rand, 0, 4)];
  send_sip (feed, client, "REGISTER sip:example.com SIP/2.0", call, 1,
            "REGISTER", NULL, 0);
  send_sip (feed, client, "SIP/2.0 401 Unauthorized", call, 1, "REGISTER",
            challenge, 0);
  send_sip (feed, client, "REGISTER sip:example.com SIP/2.0", call, 2,
            "REGISTER", credentials, 0);
  char *status = g_strdup_printf ("SIP/2.0 %u Whatever", verdict);
  send_sip (feed, client, status, call, 2, "REGISTER",
            verdict == 401 ? challenge : NULL, 0);
  g_free (status);
  g_free (challenge);
  g_free (credentials);
}

/* An INVITE that gets 100 Trying and then, most often (always with a
 * large body), nothing. */
static void
invite (Feed *feed, GRand *rand, guint8 client, guint call, gsize body)
{
  send_sip (feed, client, "INVITE sip:x@example.com SIP/2.0", call, 1,
            "INVITE", "Content-Type: application/sdp\r\n", body);
  send_sip (feed, client, "SIP/2.0 100 Trying", call, 1, "INVITE", NULL, 0);
  if (body < LARGE_BODY && g_rand_int_range (rand, 0, 3) == 0)
    send_sip (feed, client, "SIP/2.0 486 Busy Here", call, 1, "INVITE", NULL,
              0);
}

/* with_not_sip: with time steps that carry no SIP message, one last. */
static void
feed_exchange (SipscanAnalyzer *analyzer, gboolean with_not_sip)
{
  Feed feed = { analyzer, 0, T0 };
  GRand *rand = g_rand_new_with_seed (6);
  for (guint call = 0; feed.frame < MESSAGES; call++)
    {
      guint8 client = (guint8) (2 + call % 200);
      feed.time += G_GINT64_CONSTANT (20000000);  /* 20 ms */
      if (call % 1000 == 999)  /* long enough for state to time out */
        feed.time += G_GINT64_CONSTANT (400000000000);
      if (call % 2 == 0)
        register_with_auth (&feed, rand, client, call);
      else
        invite (&feed, rand, client, call,
                call % 500 == 1 ? LARGE_BODY : 200);
      if (with_not_sip && call % 7 == 0)
        send_not_sip (&feed);
    }
  if (with_not_sip)
    send_not_sip (&feed);
  g_rand_free (rand);
}

/* The JSON Lines report of feed_exchange. */
static char *
report_of_exchange (gboolean analysis_thread)
{
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream (&text, &len);
  g_assert_nonnull (out);
  Report *report = report_new_json (out);
  SipscanOptions options;
  sipscan_options_init (&options);
  options.analysis_thread = analysis_thread;
  SipscanAnalyzer *analyzer
      = sipscan_analyzer_new (&options, report_get_sink (report), report);
  feed_exchange (analyzer, TRUE);
  sipscan_analyzer_finish (analyzer);
  report_finish (report, analyzer);
  sipscan_analyzer_free (analyzer);
  report_free (report);
  g_assert_cmpint (fclose (out), ==, 0);
  return text;
}

static guint
count (const char *text, const char *needle)
{
  guint n = 0;
  for (const char *p = text; (p = strstr (p, needle)) != NULL; p++)
    n++;
  return n;
}

static void
test_thread_reports_what_the_caller_thread_reports (void)
{
  char *direct = report_of_exchange (FALSE);
  char *threaded = report_of_exchange (TRUE);
  /* the exchange exercises what the thread must carry over */
  g_assert_cmpuint (count (direct, "\"type\":\"auth_attempt\""), >, 1000);
  g_assert_cmpuint (count (direct, "\"type\":\"stuck_invite\""), >, 1000);
  g_assert_cmpuint (count (direct, "\"ended_by\":\"expired\""), >, 0);
  g_assert_cmpuint (count (direct, "\"call_id\":\"call-1\""), ==, 1);
  g_assert_cmpuint (count (direct, "\"call_id\":\"call-5501\""), ==, 1);
  g_assert_cmpuint (count (direct, "\"type\":\"auth_user\""), ==, 100);
  g_assert_true (strcmp (threaded, direct) == 0);  /* too long to print */
  free (direct);
  free (threaded);
}

/* Freeing without finishing drops what the thread has not analysed yet;
 * the sanitizers check that nothing leaks or is touched after free. */
static void
test_free_without_finish_stops_the_thread (void)
{
  SipscanOptions options;
  sipscan_options_init (&options);
  options.analysis_thread = TRUE;
  guint calls = 0;
  SipscanSink sink = { 0 };
  SipscanAnalyzer *analyzer = sipscan_analyzer_new (&options, &sink, &calls);
  feed_exchange (analyzer, FALSE);
  sipscan_analyzer_free (analyzer);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/analysis_thread/reports_what_the_caller_thread_reports",
                   test_thread_reports_what_the_caller_thread_reports);
  g_test_add_func ("/analysis_thread/free_without_finish_stops_the_thread",
                   test_free_without_finish_stops_the_thread);
  return g_test_run ();
}
