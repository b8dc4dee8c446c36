/* The human report: findings grouped by kind, each kind with one line on
 * what it means and what to check, frame numbers (#N) and times relative
 * to the first frame so a reader can jump to them in Wireshark. Findings
 * are kept until the end to be grouped; they are small. */
#include "report/report_private.h"

#include <string.h>

#define TABLE_ROWS 20

typedef struct {
  Report base;
  SipscanOptions options;
  char **inputs;
  GPtrArray *stuck;       /* SipscanStuckInvite copies */
  GPtrArray *unanswered;  /* SipscanUnansweredInvite copies */
  GPtrArray *attempts[SIPSCAN_AUTH_OUTCOME_COUNT];
  GPtrArray *users;       /* GString lines */
  GPtrArray *sources;     /* GString lines */
  GPtrArray *brute_force; /* SipscanSourceStats copies */
  guint n_users, n_sources;
  SipscanTime origin;     /* first frame: Wireshark's time 0 */
} TextReport;

/* A copy of a finding in one allocation, its strings (made printable)
 * after it. */
static gpointer
copy_block (gpointer finding, gsize size, const char **strings[], guint n)
{
  char *printable[8];
  g_assert (n <= G_N_ELEMENTS (printable));
  gsize total = size;
  for (guint i = 0; i < n; i++)
    {
      printable[i] = report_printable (*strings[i]);
      total += printable[i] ? strlen (printable[i]) + 1 : 0;
    }
  char *block = g_malloc0 (total);
  char *next = block + size;
  for (guint i = 0; i < n; i++)
    if (printable[i])
      {
        gsize len = strlen (printable[i]) + 1;
        memcpy (next, printable[i], len);
        *strings[i] = next;
        next += len;
        g_free (printable[i]);
      }
  memcpy (block, finding, size);
  return block;
}

static void
text_on_stuck_invite (const SipscanStuckInvite *f, gpointer data)
{
  TextReport *report = data;
  SipscanStuckInvite copy = *f;
  const char **strings[] = { &copy.call_id, &copy.user_agent };
  g_ptr_array_add (report->stuck, copy_block (&copy, sizeof copy, strings,
                                              G_N_ELEMENTS (strings)));
}

static void
text_on_unanswered_invite (const SipscanUnansweredInvite *f, gpointer data)
{
  TextReport *report = data;
  SipscanUnansweredInvite copy = *f;
  const char **strings[] = { &copy.call_id, &copy.user_agent };
  g_ptr_array_add (report->unanswered,
                   copy_block (&copy, sizeof copy, strings,
                               G_N_ELEMENTS (strings)));
}

static void
text_on_auth_attempt (const SipscanAuthAttempt *f, gpointer data)
{
  TextReport *report = data;
  SipscanAuthAttempt copy = *f;
  const char **strings[] = { &copy.call_id, &copy.method, &copy.username,
                             &copy.realm, &copy.user_agent };
  g_ptr_array_add (report->attempts[f->outcome],
                   copy_block (&copy, sizeof copy, strings,
                               G_N_ELEMENTS (strings)));
}

static void
text_on_user_stats (const SipscanUserStats *s, gpointer data)
{
  TextReport *report = data;
  report->n_users++;
  if (report->users->len >= TABLE_ROWS)
    return;
  GString *line = g_string_new (NULL);
  char *raw = g_strdup_printf ("%s@%s", s->username, s->realm);
  char *who = report_printable (raw);
  g_free (raw);
  g_string_printf (line, "  %-32s %8" G_GUINT64_FORMAT " %8" G_GUINT64_FORMAT
                   " %8" G_GUINT64_FORMAT " %8" G_GUINT64_FORMAT " %7u",
                   who, s->attempts, s->failures,
                   s->outcomes[SIPSCAN_AUTH_ACCEPTED],
                   s->outcomes[SIPSCAN_AUTH_STALE_NONCE], s->sources);
  if (s->failures)
    g_string_append_printf (line, "  #%" G_GUINT64_FORMAT "..#%" G_GUINT64_FORMAT,
                            s->first_failure_frame, s->last_failure_frame);
  g_free (who);
  g_ptr_array_add (report->users, line);
}

static void
text_on_source_stats (const SipscanSourceStats *s, gpointer data)
{
  TextReport *report = data;
  char host[SIPSCAN_ENDPOINT_STRLEN];
  sipscan_endpoint_format_host (&s->source, host);
  report->n_sources++;
  if (s->brute_force)
    {
      SipscanSourceStats copy = *s;
      const char **strings[] = { &copy.user_agent, &copy.scanner };
      g_ptr_array_add (report->brute_force,
                       copy_block (&copy, sizeof copy, strings,
                                   G_N_ELEMENTS (strings)));
    }
  if (report->sources->len >= TABLE_ROWS)
    return;
  char *user_agent = report_printable (s->user_agent);
  GString *line = g_string_new (NULL);
  g_string_printf (line, "  %-39s %8" G_GUINT64_FORMAT " %8" G_GUINT64_FORMAT
                   " %8" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT " %9u  %s%s%s",
                   host, s->attempts, s->failures,
                   s->outcomes[SIPSCAN_AUTH_ACCEPTED],
                   s->outcomes[SIPSCAN_AUTH_ABANDONED], s->usernames,
                   s->brute_force ? "BRUTE FORCE " : "",
                   s->scanner ? "scanner: " : "",
                   user_agent ? user_agent : "");
  g_free (user_agent);
  g_ptr_array_add (report->sources, line);
}

/* "#12 (+3.201)" */
static const char *
at (TextReport *report, guint64 frame, SipscanTime time, char *buf,
    gsize size)
{
  g_snprintf (buf, size, "#%" G_GUINT64_FORMAT " (+%.3f)", frame,
              report_seconds (time - report->origin));
  return buf;
}

static void
print_section (TextReport *report, const char *title, guint count,
               const char *meaning)
{
  fprintf (report->base.out, "\n== %s: %u\n", title, count);
  if (count)
    fprintf (report->base.out, "%s\n", meaning);
}

/* The line every INVITE finding starts with. */
static void
print_invite (TextReport *report, const char *call_id,
              const SipscanEndpoint *src, const SipscanEndpoint *dst,
              SipscanTransport transport, guint64 frame, SipscanTime time)
{
  char s[SIPSCAN_ENDPOINT_STRLEN], d[SIPSCAN_ENDPOINT_STRLEN], a[64];
  fprintf (report->base.out, "  INVITE %s %s -> %s %s, Call-ID %s\n",
           at (report, frame, time, a, sizeof a),
           sipscan_endpoint_format (src, s), sipscan_endpoint_format (dst, d),
           sipscan_transport_name (transport), call_id);
}

static void
print_stuck (TextReport *report)
{
  FILE *out = report->base.out;
  char title[128];
  g_snprintf (title, sizeof title,
              "Stuck INVITEs (100 Trying, then nothing for more than %g s)",
              report->options.trying_timeout);
  print_section (report, title, report->stuck->len,
                 "The next hop took the call but nothing beyond it answered: "
                 "check the callee's registration, routing and connectivity "
                 "past the proxy.");
  for (guint i = 0; i < report->stuck->len; i++)
    {
      const SipscanStuckInvite *f = report->stuck->pdata[i];
      char a[64], b[64], c[64];
      print_invite (report, f->call_id, &f->src, &f->dst, f->transport,
                    f->invite_frame, f->invite_time);
      if (f->ended_by == SIPSCAN_STALL_CANCEL)
        g_snprintf (c, sizeof c, " in %s",
                    at (report, f->end_frame, f->end_time, b, sizeof b));
      else if (f->end_frame)
        g_snprintf (c, sizeof c, " %u in %s", f->end_status,
                    at (report, f->end_frame, f->end_time, b, sizeof b));
      else
        g_snprintf (c, sizeof c, " at +%.3f",
                    report_seconds (f->end_time - report->origin));
      fprintf (out, "    100 Trying %s, stalled %.3f s, ended by %s%s\n",
               at (report, f->trying_frame, f->trying_time, a, sizeof a),
               report_seconds (f->stall), sipscan_stall_end_name (f->ended_by),
               c);
    }
}

static void
print_unanswered (TextReport *report)
{
  FILE *out = report->base.out;
  print_section (report, "INVITEs without any response",
                 report->unanswered->len,
                 "Nothing answered, not even 100 Trying: check that the next "
                 "hop is reachable and listening (address, port, transport, "
                 "firewall).");
  for (guint i = 0; i < report->unanswered->len; i++)
    {
      const SipscanUnansweredInvite *f = report->unanswered->pdata[i];
      print_invite (report, f->call_id, &f->src, &f->dst, f->transport,
                    f->invite_frame, f->invite_time);
      fprintf (out, "    %u retransmission(s), waited %.3f s, ended by %s\n",
               f->retransmissions, report_seconds (f->waited),
               sipscan_stall_end_name (f->ended_by));
    }
}

static void
print_attempt (TextReport *report, const SipscanAuthAttempt *f)
{
  FILE *out = report->base.out;
  char client[SIPSCAN_ENDPOINT_STRLEN], server[SIPSCAN_ENDPOINT_STRLEN];
  char a[64];
  guint64 frame = f->retry_frame ? f->retry_frame : f->challenge_frame;
  SipscanTime time = f->retry_frame ? f->retry_time : f->challenge_time;
  fprintf (out, "  %s %s %s -> %s %s, user %s, realm %s, Call-ID %s\n",
           f->method ? f->method : "?", at (report, frame, time, a, sizeof a),
           sipscan_endpoint_format (&f->client, client),
           sipscan_endpoint_format (&f->server, server),
           sipscan_transport_name (f->transport),
           f->username ? f->username : "-", f->realm ? f->realm : "-",
           f->call_id ? f->call_id : "-");
  GString *line = g_string_new ("    ");
  if (f->challenge_frame)
    g_string_append_printf (line, "challenge %u %s", f->challenge_status,
                            at (report, f->challenge_frame, f->challenge_time,
                                a, sizeof a));
  else
    g_string_append (line, "challenge not in the capture");
  if (f->retry_frame)
    g_string_append_printf (line, ", credentials %s",
                            at (report, f->retry_frame, f->retry_time, a,
                                sizeof a));
  if (f->result_frame)
    g_string_append_printf (line, ", result %u %s", f->result_status,
                            at (report, f->result_frame, f->result_time, a,
                                sizeof a));
  if (f->user_agent)
    g_string_append_printf (line, ", User-Agent \"%s\"", f->user_agent);
  fprintf (out, "%s\n", line->str);
  g_string_free (line, TRUE);
}

static void
print_attempts (TextReport *report, SipscanAuthOutcome outcome,
                const char *title, const char *meaning)
{
  GPtrArray *list = report->attempts[outcome];
  print_section (report, title, list->len, meaning);
  for (guint i = 0; i < list->len; i++)
    print_attempt (report, list->pdata[i]);
}

static void
print_lines (FILE *out, GPtrArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    fprintf (out, "%s\n", ((GString *) lines->pdata[i])->str);
}

static void
print_tables (TextReport *report)
{
  FILE *out = report->base.out;
  fprintf (out, "\n== Authentication by user: %u\n", report->n_users);
  if (report->n_users)
    {
      fprintf (out, "  %-32s %8s %8s %8s %8s %7s  %s\n", "user@realm",
               "attempts", "failures", "accepted", "stale", "sources",
               "failed frames");
      print_lines (out, report->users);
      if (report->n_users > report->users->len)
        fprintf (out, "  ... %u more in --format json\n",
                 report->n_users - report->users->len);
    }
  fprintf (out, "\n== Authentication by source: %u\n", report->n_sources);
  if (report->n_sources)
    {
      fprintf (out, "  %-39s %8s %8s %8s %9s %9s  %s\n", "source", "attempts",
               "failures", "accepted", "abandoned", "usernames",
               "User-Agent");
      print_lines (out, report->sources);
      if (report->n_sources > report->sources->len)
        fprintf (out, "  ... %u more in --format json\n",
                 report->n_sources - report->sources->len);
    }
  print_section (report, "Brute-force sources", report->brute_force->len,
                 "Many failed authentications from one address in a short "
                 "time: password guessing. Block or rate-limit the source; "
                 "check whether any attempt from it was accepted.");
  for (guint i = 0; i < report->brute_force->len; i++)
    {
      const SipscanSourceStats *s = report->brute_force->pdata[i];
      char host[SIPSCAN_ENDPOINT_STRLEN], a[64];
      fprintf (out, "  %s: %" G_GUINT64_FORMAT " failures over %u "
               "username(s), more than %u within %g s at %s%s%s\n",
               sipscan_endpoint_format_host (&s->source, host), s->failures,
               s->usernames, report->options.bruteforce_failures,
               report->options.bruteforce_window,
               at (report, s->brute_force_frame, s->brute_force_time, a,
                   sizeof a),
               s->scanner ? "; scanner " : "", s->scanner ? s->scanner : "");
    }
}

/* One line of the summary: the counters from first up to (not including)
 * end, the first as the total and the others in parentheses, named without
 * strip; or, with note, only the first and the note. */
typedef struct {
  const char *label;
  const char *first, *end;
  const char *strip;
  const char *note;
} SummaryLine;

static const SummaryLine summary_lines[] = {
  { "Frames", "frames", "ip_datagrams_reassembled", "frames_", NULL },
  { "IP reassembled", "ip_datagrams_reassembled", "tunnels_decoded", "ip_",
    NULL },
  { "Tunnels decoded", "tunnels_decoded", "sip_messages", "", NULL },
  { "SIP messages", "sip_messages", "tcp_streams", "sip_", NULL },
  { "TCP streams", "tcp_streams", "sip_stream_messages", "tcp_", NULL },
  { "SIP on streams", "sip_stream_messages", "tls_streams", "sip_", NULL },
  { "TLS streams", "tls_streams", NULL, NULL,
    "encrypted: cannot be read without keys" },
  { "WebSocket", "websocket_streams", "sctp_chunks", "websocket_", NULL },
  { "SCTP chunks", "sctp_chunks", "transactions", "sctp_", NULL },
  { "Transactions", "transactions", "stuck_invites", "", NULL },
  { "Auth attempts", "auth_attempts", "brute_force_sources", "auth_", NULL },
};

static gsize counter_index (const char *name);

static void
print_counter_line (FILE *out, const SipscanCounters *c,
                    const SummaryLine *line)
{
  gsize from = counter_index (line->first);
  guint64 total = report_counter_value (c, &report_counter_fields[from]);
  fprintf (out, "%-15s %10" G_GUINT64_FORMAT, line->label, total);
  if (line->note != NULL)
    {
      fprintf (out, "  (%s)\n", line->note);
      return;
    }
  const char *sep = "  (";
  for (gsize i = from + 1, to = counter_index (line->end); i < to; i++)
    {
      const CounterField *field = &report_counter_fields[i];
      fprintf (out, "%s%s %" G_GUINT64_FORMAT, sep,
               field->name + strlen (line->strip),
               report_counter_value (c, field));
      sep = ", ";
    }
  fprintf (out, ")\n");
}

static gsize
counter_index (const char *name)
{
  for (gsize i = 0; i < report_n_counter_fields; i++)
    if (strcmp (report_counter_fields[i].name, name) == 0)
      return i;
  g_assert_not_reached ();
}

static void
print_reason (const char *layer, const char *reason, guint64 count,
              gpointer data)
{
  fprintf (data, "  %-6s %-50s %10" G_GUINT64_FORMAT "\n", layer, reason,
           count);
}

static void
print_summary (TextReport *report, const SipscanAnalyzer *analyzer)
{
  FILE *out = report->base.out;
  const SipscanCounters *c = sipscan_analyzer_peek_counters (analyzer);
  fprintf (out, "\n== Summary\n");
  for (gsize i = 0; i < G_N_ELEMENTS (summary_lines); i++)
    print_counter_line (out, c, &summary_lines[i]);
  fprintf (out, "%-15s %10" G_GUINT64_FORMAT "  (unanswered INVITEs %"
           G_GUINT64_FORMAT ", brute-force sources %" G_GUINT64_FORMAT
           ", scanner sources %" G_GUINT64_FORMAT ")\n",
           "Stuck INVITEs", c->stuck_invites, c->unanswered_invites,
           c->brute_force_sources, c->scanner_sources);
  gsize first_cap = counter_index ("transactions_evicted");
  gboolean any_cap = FALSE;
  for (gsize i = first_cap; i < report_n_counter_fields; i++)
    any_cap |= report_counter_value (c, &report_counter_fields[i]) > 0;
  if (any_cap)
    {
      fprintf (out, "Caps and timeouts reached: some verdicts may be missing "
                    "or marked expired\n");
      for (gsize i = first_cap; i < report_n_counter_fields; i++)
        fprintf (out, "  %-24s %10" G_GUINT64_FORMAT "\n",
                 report_counter_fields[i].name,
                 report_counter_value (c, &report_counter_fields[i]));
    }
  if (c->frames_malformed || c->frames_truncated || c->frames_unsupported
      || c->sip_malformed || c->sip_violations)
    {
      fprintf (out, "Malformed, truncated and unsupported, by reason:\n");
      sipscan_analyzer_foreach_reason (analyzer, print_reason, out);
    }
}

static gint
compare_frames (guint64 a, guint64 b)
{
  return a < b ? -1 : a > b;
}

static gint
stuck_compare (gconstpointer a, gconstpointer b)
{
  return compare_frames ((*(SipscanStuckInvite *const *) a)->invite_frame,
                         (*(SipscanStuckInvite *const *) b)->invite_frame);
}

static gint
unanswered_compare (gconstpointer a, gconstpointer b)
{
  return compare_frames (
      (*(SipscanUnansweredInvite *const *) a)->invite_frame,
      (*(SipscanUnansweredInvite *const *) b)->invite_frame);
}

static guint64
attempt_frame (const SipscanAuthAttempt *attempt)
{
  return attempt->retry_frame ? attempt->retry_frame
                              : attempt->challenge_frame;
}

static gint
attempt_compare (gconstpointer a, gconstpointer b)
{
  return compare_frames (attempt_frame (*(SipscanAuthAttempt *const *) a),
                         attempt_frame (*(SipscanAuthAttempt *const *) b));
}

/* Findings arrive when decided; people read them in frame order. */
static void
text_sort_findings (TextReport *report)
{
  g_ptr_array_sort (report->stuck, stuck_compare);
  g_ptr_array_sort (report->unanswered, unanswered_compare);
  for (int i = 0; i < SIPSCAN_AUTH_OUTCOME_COUNT; i++)
    g_ptr_array_sort (report->attempts[i], attempt_compare);
}

static void
text_finish (Report *base, const SipscanAnalyzer *analyzer)
{
  TextReport *report = (TextReport *) base;
  FILE *out = base->out;
  char first[REPORT_TIME_STRLEN], last[REPORT_TIME_STRLEN];
  SipscanTime t0 = sipscan_analyzer_first_time (analyzer);
  SipscanTime t1 = sipscan_analyzer_last_time (analyzer);
  report->origin = t0;
  text_sort_findings (report);
  char *inputs = g_strjoinv (", ", report->inputs);
  fprintf (out, "sipscan %s: %s\n", SIPSCAN_VERSION, inputs);
  g_free (inputs);
  fprintf (out, "Capture %s .. %s (%.3f s); #N is a frame number, (+S) "
                "seconds since the first frame\n",
           report_format_time (t0, first), report_format_time (t1, last),
           report_seconds (t1 - t0));
  print_summary (report, analyzer);
  print_stuck (report);
  print_unanswered (report);
  print_attempts (report, SIPSCAN_AUTH_WRONG_CREDENTIALS,
                  "Failed authentications: wrong credentials",
                  "The server challenged the credentials again: check the "
                  "password, the username and the realm.");
  print_attempts (report, SIPSCAN_AUTH_FORBIDDEN,
                  "Failed authentications: forbidden (403)",
                  "The server refused the credentials or the user outright: "
                  "check the password and the account's permissions.");
  print_attempts (report, SIPSCAN_AUTH_STALE_NONCE, "Stale nonces",
                  "The nonce had expired (stale=true): the nonce lifetime, "
                  "not a password problem; a retry with the new nonce is "
                  "normal.");
  print_attempts (report, SIPSCAN_AUTH_ABANDONED, "Abandoned challenges",
                  "No request answered the challenge: a client without "
                  "credentials for this realm, or a scanner.");
  print_attempts (report, SIPSCAN_AUTH_NO_RESPONSE,
                  "Credentials without a final response",
                  "Nothing answered the request that carried credentials: "
                  "check the server and the path back to the client.");
  fprintf (out, "\n== Accepted authentications: %u (listed in --format json)\n",
           report->attempts[SIPSCAN_AUTH_ACCEPTED]->len);
  print_tables (report);
}

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

static void
text_free (Report *base)
{
  TextReport *report = (TextReport *) base;
  g_strfreev (report->inputs);
  g_ptr_array_free (report->stuck, TRUE);
  g_ptr_array_free (report->unanswered, TRUE);
  for (int i = 0; i < SIPSCAN_AUTH_OUTCOME_COUNT; i++)
    g_ptr_array_free (report->attempts[i], TRUE);
  g_ptr_array_free (report->users, TRUE);
  g_ptr_array_free (report->sources, TRUE);
  g_ptr_array_free (report->brute_force, TRUE);
  g_free (report);
}

Report *
report_new_text (FILE *out, const SipscanOptions *options,
                 const char *const *inputs)
{
  TextReport *report = g_new0 (TextReport, 1);
  report->base.sink = (SipscanSink){
    .stuck_invite = text_on_stuck_invite,
    .unanswered_invite = text_on_unanswered_invite,
    .auth_attempt = text_on_auth_attempt,
    .user_stats = text_on_user_stats,
    .source_stats = text_on_source_stats,
  };
  report->base.finish = text_finish;
  report->base.free = text_free;
  report->base.out = out;
  report->options = *options;
  report->inputs = g_strdupv ((char **) inputs);
  report->stuck = g_ptr_array_new_with_free_func (g_free);
  report->unanswered = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < SIPSCAN_AUTH_OUTCOME_COUNT; i++)
    report->attempts[i] = g_ptr_array_new_with_free_func (g_free);
  report->users = g_ptr_array_new_with_free_func (string_free);
  report->sources = g_ptr_array_new_with_free_func (string_free);
  report->brute_force = g_ptr_array_new_with_free_func (g_free);
  return &report->base;
}
