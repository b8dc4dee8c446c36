/* The human report: findings grouped by kind, each kind with one line on
 * what it means and what to check, frame numbers (#N) and times relative
 * to the first frame so a reader can jump to them in Wireshark. Findings
 * are spooled as they are decided (finding_spool.h), in memory while they
 * are few, and printed in that order at the end. */
#include "report/finding_spool.h"
#include "report/plain_text.h"
#include "report/string_put.h"
#include "report/report_private.h"
#include "util/decimal.h"

#include <stddef.h>
#include <string.h>

#define TABLE_ROWS 20

typedef struct {
  Report base;
  SipscanOptions options;
  char **inputs;
  FindingSpool *stuck;       /* SipscanStuckInvite */
  FindingSpool *unanswered;  /* SipscanUnansweredInvite */
  FindingSpool *attempts[SIPSCAN_AUTH_OUTCOME_COUNT]; /* SipscanAuthAttempt,
                                                         not the accepted */
  guint64 n_accepted;
  GPtrArray *users;       /* GString lines */
  GPtrArray *sources;     /* GString lines */
  FindingSpool *brute_force; /* SipscanSourceStats */
  guint n_users, n_sources;
  SipscanTime origin;     /* first frame: Wireshark's time 0 */
  GString *line;          /* scratch */
} TextReport;

#define STRING_MEMBERS(type, ...)                                          \
  static const gsize type##_strings[] = { __VA_ARGS__ };                  \
  static const SpoolLayout type##_layout                                   \
      = { sizeof (type), type##_strings, G_N_ELEMENTS (type##_strings) }

STRING_MEMBERS (SipscanStuckInvite, offsetof (SipscanStuckInvite, call_id),
                offsetof (SipscanStuckInvite, user_agent));
STRING_MEMBERS (SipscanUnansweredInvite,
                offsetof (SipscanUnansweredInvite, call_id),
                offsetof (SipscanUnansweredInvite, user_agent));
STRING_MEMBERS (SipscanAuthAttempt, offsetof (SipscanAuthAttempt, call_id),
                offsetof (SipscanAuthAttempt, method),
                offsetof (SipscanAuthAttempt, username),
                offsetof (SipscanAuthAttempt, realm),
                offsetof (SipscanAuthAttempt, user_agent));
STRING_MEMBERS (SipscanSourceStats, offsetof (SipscanSourceStats, user_agent),
                offsetof (SipscanSourceStats, scanner));

/* s as a terminal may show it: s itself when it is plain text, else a
 * copy made printable (*copy, to be freed). */
static const char *
printable_or_copy (const char *s, char **copy)
{
  *copy = NULL;
  if (!s)
    return NULL;
  gsize len = strlen (s);
  if (plain_text_run (s, len, FALSE) == len)
    return s;
  return *copy = report_printable (s);
}

/* Spools a copy of a finding with its strings made printable. */
static void
spool_printable (FindingSpool *spool, const SpoolLayout *layout,
                 gconstpointer finding)
{
  _Alignas (max_align_t) char copy[256];
  char *printable[8];
  g_assert (layout->size <= sizeof copy
            && layout->n_strings <= G_N_ELEMENTS (printable));
  memcpy (copy, finding, layout->size);
  for (guint i = 0; i < layout->n_strings; i++)
    {
      const char **member
          = (const char **) (copy + layout->string_offsets[i]);
      *member = printable_or_copy (*member, &printable[i]);
    }
  finding_spool_add (spool, copy);
  for (guint i = 0; i < layout->n_strings; i++)
    g_free (printable[i]);
}

static void
text_on_stuck_invite (const SipscanStuckInvite *f, gpointer data)
{
  TextReport *report = data;
  spool_printable (report->stuck, &SipscanStuckInvite_layout, f);
}

static void
text_on_unanswered_invite (const SipscanUnansweredInvite *f, gpointer data)
{
  TextReport *report = data;
  spool_printable (report->unanswered, &SipscanUnansweredInvite_layout, f);
}

static void
text_on_auth_attempt (const SipscanAuthAttempt *f, gpointer data)
{
  TextReport *report = data;
  if (f->outcome == SIPSCAN_AUTH_ACCEPTED)
    report->n_accepted++;
  else
    spool_printable (report->attempts[f->outcome],
                     &SipscanAuthAttempt_layout, f);
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
  report->n_sources++;
  if (s->brute_force)
    spool_printable (report->brute_force, &SipscanSourceStats_layout, s);
  if (report->sources->len >= TABLE_ROWS)
    return;
  char host[SIPSCAN_ENDPOINT_STRLEN];
  sipscan_endpoint_format_host (&s->source, host);
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

/* "#12 (+3.201)": a frame and its time from the first frame, at p, which
 * has room for AT_STRLEN bytes; returns its end. */
#define AT_STRLEN (sizeof "# (+)" + 20 + REPORT_MS_STRLEN)
static char *
put_at (char *p, TextReport *report, guint64 frame, SipscanTime time)
{
  *p++ = '#';
  p = decimal_put (p, frame);
  memcpy (p, " (+", 3);
  p += 3;
  p += strlen (report_format_ms (time - report->origin, p));
  *p++ = ')';
  return p;
}

static const char *
at (TextReport *report, guint64 frame, SipscanTime time,
    char buf[AT_STRLEN])
{
  *put_at (buf, report, frame, time) = '\0';
  return buf;
}

static void
line_put_at (GString *line, TextReport *report, guint64 frame,
             SipscanTime time)
{
  string_advance (line, put_at (string_reserve (line, AT_STRLEN), report,
                                frame, time));
}

static void
print_section (TextReport *report, const char *title, guint64 count,
               const char *meaning)
{
  fprintf (report->base.out, "\n== %s: %" G_GUINT64_FORMAT "\n", title,
           count);
  if (count)
    fprintf (report->base.out, "%s\n", meaning);
}

/* The line every INVITE finding starts with, at the start of the
 * report's line. */
static GString *
start_invite (TextReport *report, const char *call_id,
              const SipscanEndpoint *src, const SipscanEndpoint *dst,
              SipscanTransport transport, guint64 frame, SipscanTime time)
{
  char endpoint[SIPSCAN_ENDPOINT_STRLEN];
  GString *line = report->line;
  g_string_truncate (line, 0);
  string_put_str (line, "  INVITE ");
  line_put_at (line, report, frame, time);
  string_put_str (line, " ");
  string_put_str (line, sipscan_endpoint_format (src, endpoint));
  string_put_str (line, " -> ");
  string_put_str (line, sipscan_endpoint_format (dst, endpoint));
  string_put_str (line, " ");
  string_put_str (line, sipscan_transport_name (transport));
  string_put_str (line, ", Call-ID ");
  string_put_str (line, call_id);
  string_put_str (line, "\n");
  return line;
}

static void
print_line (TextReport *report, GString *line)
{
  fwrite (line->str, 1, line->len, report->base.out);
}

static void
print_stuck_invite (gconstpointer finding, gpointer data)
{
  TextReport *report = data;
  const SipscanStuckInvite *f = finding;
  char ms[REPORT_MS_STRLEN];
  GString *line = start_invite (report, f->call_id, &f->src, &f->dst,
                                f->transport, f->invite_frame,
                                f->invite_time);
  string_put_str (line, "    100 Trying ");
  line_put_at (line, report, f->trying_frame, f->trying_time);
  string_put_str (line, ", stalled ");
  string_put_str (line, report_format_ms (f->stall, ms));
  string_put_str (line, " s, ended by ");
  string_put_str (line, sipscan_stall_end_name (f->ended_by));
  if (f->ended_by == SIPSCAN_STALL_CANCEL || f->end_frame)
    {
      if (f->ended_by != SIPSCAN_STALL_CANCEL)
        {
          string_put_str (line, " ");
          decimal_append (line, f->end_status);
        }
      string_put_str (line, " in ");
      line_put_at (line, report, f->end_frame, f->end_time);
    }
  else
    {
      string_put_str (line, " at +");
      string_put_str (line,
                      report_format_ms (f->end_time - report->origin, ms));
    }
  string_put_str (line, "\n");
  print_line (report, line);
}

static void
print_stuck (TextReport *report)
{
  char title[128];
  g_snprintf (title, sizeof title,
              "Stuck INVITEs (100 Trying, then nothing for more than %g s)",
              report->options.trying_timeout);
  print_section (report, title, finding_spool_count (report->stuck),
                 "The next hop took the call but nothing beyond it answered: "
                 "check the callee's registration, routing and connectivity "
                 "past the proxy.");
  finding_spool_foreach (report->stuck, print_stuck_invite, report);
}

static void
print_unanswered_invite (gconstpointer finding, gpointer data)
{
  TextReport *report = data;
  const SipscanUnansweredInvite *f = finding;
  char ms[REPORT_MS_STRLEN];
  GString *line = start_invite (report, f->call_id, &f->src, &f->dst,
                                f->transport, f->invite_frame,
                                f->invite_time);
  string_put_str (line, "    ");
  decimal_append (line, f->retransmissions);
  string_put_str (line, " retransmission(s), waited ");
  string_put_str (line, report_format_ms (f->waited, ms));
  string_put_str (line, " s, ended by ");
  string_put_str (line, sipscan_stall_end_name (f->ended_by));
  string_put_str (line, "\n");
  print_line (report, line);
}

static void
print_unanswered (TextReport *report)
{
  print_section (report, "INVITEs without any response",
                 finding_spool_count (report->unanswered),
                 "Nothing answered, not even 100 Trying: check that the next "
                 "hop is reachable and listening (address, port, transport, "
                 "firewall).");
  finding_spool_foreach (report->unanswered, print_unanswered_invite, report);
}

/* Two lines: the request with credentials (or the challenge), then what
 * answered it. */
static void
print_attempt (gconstpointer finding, gpointer data)
{
  TextReport *report = data;
  const SipscanAuthAttempt *f = finding;
  char endpoint[SIPSCAN_ENDPOINT_STRLEN];
  guint64 frame = f->retry_frame ? f->retry_frame : f->challenge_frame;
  SipscanTime time = f->retry_frame ? f->retry_time : f->challenge_time;
  GString *line = report->line;
  g_string_truncate (line, 0);
  string_put_str (line, "  ");
  string_put_str (line, f->method ? f->method : "?");
  string_put_str (line, " ");
  line_put_at (line, report, frame, time);
  string_put_str (line, " ");
  string_put_str (line, sipscan_endpoint_format (&f->client, endpoint));
  string_put_str (line, " -> ");
  string_put_str (line, sipscan_endpoint_format (&f->server, endpoint));
  string_put_str (line, " ");
  string_put_str (line, sipscan_transport_name (f->transport));
  string_put_str (line, ", user ");
  string_put_str (line, f->username ? f->username : "-");
  string_put_str (line, ", realm ");
  string_put_str (line, f->realm ? f->realm : "-");
  string_put_str (line, ", Call-ID ");
  string_put_str (line, f->call_id ? f->call_id : "-");
  string_put_str (line, "\n    ");
  if (f->challenge_frame)
    {
      string_put_str (line, "challenge ");
      decimal_append (line, f->challenge_status);
      string_put_str (line, " ");
      line_put_at (line, report, f->challenge_frame, f->challenge_time);
    }
  else
    string_put_str (line, "challenge not in the capture");
  if (f->retry_frame)
    {
      string_put_str (line, ", credentials ");
      line_put_at (line, report, f->retry_frame, f->retry_time);
    }
  if (f->result_frame)
    {
      string_put_str (line, ", result ");
      decimal_append (line, f->result_status);
      string_put_str (line, " ");
      line_put_at (line, report, f->result_frame, f->result_time);
    }
  if (f->user_agent)
    {
      string_put_str (line, ", User-Agent \"");
      string_put_str (line, f->user_agent);
      string_put_str (line, "\"");
    }
  string_put_str (line, "\n");
  print_line (report, line);
}

static void
print_attempts (TextReport *report, SipscanAuthOutcome outcome,
                const char *title, const char *meaning)
{
  FindingSpool *spool = report->attempts[outcome];
  print_section (report, title, finding_spool_count (spool), meaning);
  finding_spool_foreach (spool, print_attempt, report);
}

static void
print_lines (FILE *out, GPtrArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    fprintf (out, "%s\n", ((GString *) lines->pdata[i])->str);
}

static void
print_brute_force (gconstpointer finding, gpointer data)
{
  TextReport *report = data;
  FILE *out = report->base.out;
  const SipscanSourceStats *s = finding;
  char host[SIPSCAN_ENDPOINT_STRLEN], a[AT_STRLEN];
  fprintf (out, "  %s: %" G_GUINT64_FORMAT " failures over %u "
           "username(s), more than %u within %g s at %s%s%s\n",
           sipscan_endpoint_format_host (&s->source, host), s->failures,
           s->usernames, report->options.bruteforce_failures,
           report->options.bruteforce_window,
           at (report, s->brute_force_frame, s->brute_force_time, a),
           s->scanner ? "; scanner " : "", s->scanner ? s->scanner : "");
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
  print_section (report, "Brute-force sources",
                 finding_spool_count (report->brute_force),
                 "Many failed authentications from one address in a short "
                 "time: password guessing. Block or rate-limit the source; "
                 "check whether any attempt from it was accepted.");
  finding_spool_foreach (report->brute_force, print_brute_force, report);
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

static void
text_finish (Report *base, const SipscanAnalyzer *analyzer)
{
  TextReport *report = (TextReport *) base;
  FILE *out = base->out;
  char first[REPORT_TIME_STRLEN], last[REPORT_TIME_STRLEN];
  SipscanTime t0 = sipscan_analyzer_first_time (analyzer);
  SipscanTime t1 = sipscan_analyzer_last_time (analyzer);
  report->origin = t0;
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
  fprintf (out, "\n== Accepted authentications: %" G_GUINT64_FORMAT
                " (listed in --format json)\n",
           report->n_accepted);
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
  finding_spool_free (report->stuck);
  finding_spool_free (report->unanswered);
  for (int i = 0; i < SIPSCAN_AUTH_OUTCOME_COUNT; i++)
    finding_spool_free (report->attempts[i]);
  g_string_free (report->line, TRUE);
  g_ptr_array_free (report->users, TRUE);
  g_ptr_array_free (report->sources, TRUE);
  finding_spool_free (report->brute_force);
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
  report->stuck = finding_spool_new (&SipscanStuckInvite_layout);
  report->unanswered = finding_spool_new (&SipscanUnansweredInvite_layout);
  for (int i = 0; i < SIPSCAN_AUTH_OUTCOME_COUNT; i++)
    if (i != SIPSCAN_AUTH_ACCEPTED)
      report->attempts[i] = finding_spool_new (&SipscanAuthAttempt_layout);
  report->line = g_string_new (NULL);
  report->users = g_ptr_array_new_with_free_func (string_free);
  report->sources = g_ptr_array_new_with_free_func (string_free);
  report->brute_force = finding_spool_new (&SipscanSourceStats_layout);
  return &report->base;
}
