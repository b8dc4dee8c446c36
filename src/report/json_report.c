/* JSON Lines: one object per finding as it is decided, then one per
 * user and per source, then a summary. The contract is in README.md. */
#include "report/json_line.h"
#include "report/report_private.h"

/* Transports below this are written from members made ready (and those
 * without a name as "?", as sipscan_transport_name names them). */
#define PREPARED_TRANSPORTS 8

typedef struct {
  Report base;
  JsonLine line;
  ReportTimeMemo time_memo;
  JsonName outcome_names[SIPSCAN_AUTH_OUTCOME_COUNT];
  JsonName outcome_members[SIPSCAN_AUTH_OUTCOME_COUNT];
  JsonName transport_members[PREPARED_TRANSPORTS];
} JsonReport;

static JsonLine *
json_begin (gpointer report, const char *type)
{
  JsonLine *line = &((JsonReport *) report)->line;
  json_line_begin (line, type);
  return line;
}

static void
json_end (gpointer report, JsonLine *line)
{
  json_line_end (line, ((JsonReport *) report)->base.out);
}

/* An address is plain text: written in place, without an escape check. */
static inline void
add_endpoint (JsonLine *builder, const char *name,
              const SipscanEndpoint *endpoint)
{
  char *p = json_line_name (builder, name, strlen (name),
                            SIPSCAN_ENDPOINT_STRLEN + 2);
  *p++ = '"';
  p += strlen (sipscan_endpoint_format (endpoint, p));
  *p++ = '"';
  json_line_commit (builder, p);
}

/* null without a frame. A time is plain text too. */
static inline void
add_time (gpointer report, const char *name, guint64 frame, SipscanTime time)
{
  JsonReport *json = report;
  char *p = json_line_name (&json->line, name, strlen (name),
                            REPORT_TIME_STRLEN + 2);
  if (frame)
    {
      *p++ = '"';
      p = report_put_time (&json->time_memo, time, p);
      *p++ = '"';
    }
  else
    {
      memcpy (p, "null", 4);
      p += 4;
    }
  json_line_commit (&json->line, p);
}

/* "outcomes":{"accepted":N,...}, in one reservation: its size is known. */
#define OUTCOMES_ROOM                                                      \
  (2 + SIPSCAN_AUTH_OUTCOME_COUNT * (sizeof (JsonName) + JSON_LINE_UINT_ROOM))

static void
add_outcomes (JsonReport *json, const guint64 *outcomes)
{
  char *p = json_line_name (&json->line, "outcomes", strlen ("outcomes"),
                            OUTCOMES_ROOM);
  *p++ = '{';
  for (int i = 0; i < SIPSCAN_AUTH_OUTCOME_COUNT; i++)
    {
      const JsonName *name = &json->outcome_names[i];
      memcpy (p, name->text, sizeof name->text);
      p = json_line_put_uint (p + name->len, outcomes[i]);
      *p++ = ',';
    }
  p[-1] = '}';  /* in place of the last comma */
  json_line_commit (&json->line, p);
}

static void
add_outcome (JsonReport *json, SipscanAuthOutcome outcome)
{
  if ((guint) outcome < SIPSCAN_AUTH_OUTCOME_COUNT)
    json_line_prepared_member (&json->line, &json->outcome_members[outcome]);
  else
    json_line_string (&json->line, "outcome",
                      sipscan_auth_outcome_name (outcome));
}

static void
add_transport (JsonReport *json, SipscanTransport transport)
{
  if ((guint) transport < PREPARED_TRANSPORTS)
    json_line_prepared_member (&json->line,
                               &json->transport_members[transport]);
  else
    json_line_string (&json->line, "transport",
                      sipscan_transport_name (transport));
}

/* The fields every INVITE finding starts with. */
static void
add_invite (gpointer report, const char *call_id, const SipscanEndpoint *src,
            const SipscanEndpoint *dst, SipscanTransport transport,
            guint64 invite_frame)
{
  JsonLine *b = &((JsonReport *) report)->line;
  json_line_string (b, "call_id", call_id);
  add_endpoint (b, "src", src);
  add_endpoint (b, "dst", dst);
  add_transport (report, transport);
  json_line_uint (b, "invite_frame", invite_frame);
}

static void
json_on_stuck_invite (const SipscanStuckInvite *f, gpointer data)
{
  JsonLine *b = json_begin (data, "stuck_invite");
  add_invite (data, f->call_id, &f->src, &f->dst, f->transport, f->invite_frame);
  json_line_uint (b, "trying_frame", f->trying_frame);
  json_line_seconds (b, "stall_seconds", f->stall);
  json_line_string (b, "ended_by", sipscan_stall_end_name (f->ended_by));
  json_line_uint_or_null (b, "end_frame", f->end_frame);
  json_line_uint_or_null (b, "end_status", f->end_status);
  add_time (data, "invite_time", f->invite_frame, f->invite_time);
  add_time (data, "trying_time", f->trying_frame, f->trying_time);
  add_time (data, "end_time", 1, f->end_time);
  json_line_string (b, "user_agent", f->user_agent);
  json_end (data, b);
}

static void
json_on_unanswered_invite (const SipscanUnansweredInvite *f, gpointer data)
{
  JsonLine *b = json_begin (data, "unanswered_invite");
  add_invite (data, f->call_id, &f->src, &f->dst, f->transport, f->invite_frame);
  json_line_uint (b, "retransmissions", f->retransmissions);
  json_line_seconds (b, "waited_seconds", f->waited);
  json_line_string (b, "ended_by", sipscan_stall_end_name (f->ended_by));
  json_line_uint_or_null (b, "end_frame", f->end_frame);
  add_time (data, "invite_time", f->invite_frame, f->invite_time);
  add_time (data, "end_time", 1, f->end_time);
  json_line_string (b, "user_agent", f->user_agent);
  json_end (data, b);
}

static void
json_on_auth_attempt (const SipscanAuthAttempt *f, gpointer data)
{
  JsonLine *b = json_begin (data, "auth_attempt");
  json_line_string (b, "call_id", f->call_id);
  json_line_string (b, "method", f->method);
  json_line_string (b, "username", f->username);
  json_line_string (b, "realm", f->realm);
  add_endpoint (b, "client", &f->client);
  add_endpoint (b, "server", &f->server);
  add_transport (data, f->transport);
  json_line_uint_or_null (b, "challenge_frame", f->challenge_frame);
  json_line_uint_or_null (b, "challenge_status", f->challenge_status);
  json_line_uint_or_null (b, "retry_frame", f->retry_frame);
  json_line_uint_or_null (b, "result_frame", f->result_frame);
  json_line_uint_or_null (b, "result_status", f->result_status);
  add_outcome (data, f->outcome);
  add_time (data, "challenge_time", f->challenge_frame, f->challenge_time);
  add_time (data, "retry_time", f->retry_frame, f->retry_time);
  add_time (data, "result_time", f->result_frame, f->result_time);
  json_line_string (b, "user_agent", f->user_agent);
  json_end (data, b);
}

static void
json_on_user_stats (const SipscanUserStats *s, gpointer data)
{
  JsonLine *b = json_begin (data, "auth_user");
  json_line_string (b, "username", s->username);
  json_line_string (b, "realm", s->realm);
  json_line_uint (b, "attempts", s->attempts);
  json_line_uint (b, "failures", s->failures);
  add_outcomes (data, s->outcomes);
  json_line_uint (b, "sources", s->sources);
  json_line_uint_or_null (b, "first_failure_frame", s->first_failure_frame);
  json_line_uint_or_null (b, "last_failure_frame", s->last_failure_frame);
  json_end (data, b);
}

static void
json_on_source_stats (const SipscanSourceStats *s, gpointer data)
{
  JsonLine *b = json_begin (data, "auth_source");
  add_endpoint (b, "source", &s->source);
  json_line_uint (b, "attempts", s->attempts);
  json_line_uint (b, "failures", s->failures);
  add_outcomes (data, s->outcomes);
  json_line_uint (b, "usernames", s->usernames);
  json_line_bool (b, "brute_force", s->brute_force);
  json_line_uint_or_null (b, "brute_force_frame", s->brute_force_frame);
  json_line_string (b, "user_agent", s->user_agent);
  json_line_string (b, "scanner", s->scanner);
  json_line_uint_or_null (b, "first_frame", s->first_frame);
  json_line_uint_or_null (b, "last_frame", s->last_frame);
  json_end (data, b);
}

static void
json_add_reason (const char *layer, const char *reason, guint64 count,
                 gpointer data)
{
  JsonLine *b = data;
  json_line_begin_element (b);
  json_line_string (b, "layer", layer);
  json_line_string (b, "reason", reason);
  json_line_uint (b, "count", count);
  json_line_end_object (b);
}

static void
json_finish (Report *base, const SipscanAnalyzer *analyzer)
{
  const SipscanCounters *counters = sipscan_analyzer_peek_counters (analyzer);
  JsonLine *b = json_begin (base, "summary");
  json_line_string (b, "sipscan_version", SIPSCAN_VERSION);
  for (gsize i = 0; i < report_n_counter_fields; i++)
    json_line_uint (b, report_counter_fields[i].name,
             report_counter_value (counters, &report_counter_fields[i]));
  guint64 any = counters->frames;
  add_time (base, "first_time", any, sipscan_analyzer_first_time (analyzer));
  add_time (base, "last_time", any, sipscan_analyzer_last_time (analyzer));
  json_line_begin_array (b, "reasons");
  sipscan_analyzer_foreach_reason (analyzer, json_add_reason, b);
  json_line_end_array (b);
  json_end (base, b);
  json_line_flush (b, base->out);
}

static void
json_free (Report *base)
{
  JsonReport *report = (JsonReport *) base;
  json_line_clear (&report->line);
  g_free (report);
}

Report *
report_new_json (FILE *out)
{
  JsonReport *report = g_new0 (JsonReport, 1);
  report->base.sink = (SipscanSink){
    .stuck_invite = json_on_stuck_invite,
    .unanswered_invite = json_on_unanswered_invite,
    .auth_attempt = json_on_auth_attempt,
    .user_stats = json_on_user_stats,
    .source_stats = json_on_source_stats,
  };
  report->base.finish = json_finish;
  report->base.free = json_free;
  report->base.out = out;
  json_line_init (&report->line);
  report_time_memo_init (&report->time_memo);
  /* the names are ours, and short enough */
  for (int i = 0; i < SIPSCAN_AUTH_OUTCOME_COUNT; i++)
    if (!json_name_init (&report->outcome_names[i],
                         sipscan_auth_outcome_name (i))
        || !json_member_init (&report->outcome_members[i], "outcome",
                              sipscan_auth_outcome_name (i)))
      g_assert_not_reached ();
  for (int i = 0; i < PREPARED_TRANSPORTS; i++)
    if (!json_member_init (&report->transport_members[i], "transport",
                           sipscan_transport_name (i)))
      g_assert_not_reached ();
  return &report->base;
}
