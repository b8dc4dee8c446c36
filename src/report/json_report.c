/* JSON Lines: one object per finding as it is decided, then one per
 * user and per source, then a summary. The contract is in README.md. */
#include "report/report_private.h"

#include <json-glib/json-glib.h>

typedef struct {
  Report base;
  JsonGenerator *generator;
} JsonReport;

static void
json_write (JsonReport *report, JsonBuilder *builder)
{
  JsonNode *root = json_builder_get_root (builder);
  json_generator_set_root (report->generator, root);
  gsize len = 0;
  char *line = json_generator_to_data (report->generator, &len);
  fwrite (line, 1, len, report->base.out);
  fputc ('\n', report->base.out);
  g_free (line);
  json_node_unref (root);
  g_object_unref (builder);
}

static JsonBuilder *
json_begin (const char *type)
{
  JsonBuilder *builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  return builder;
}

static void
json_end (JsonReport *report, JsonBuilder *builder)
{
  json_builder_end_object (builder);
  json_write (report, builder);
}

static void
add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (!value)
    {
      json_builder_add_null_value (builder);
      return;
    }
  char *valid = report_utf8 (value);
  json_builder_add_string_value (builder, valid);
  g_free (valid);
}

static void
add_int (JsonBuilder *builder, const char *name, guint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, (gint64) value);
}

/* 0 means "none" for frames and statuses. */
static void
add_int_or_null (JsonBuilder *builder, const char *name, guint64 value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_int_value (builder, (gint64) value);
  else
    json_builder_add_null_value (builder);
}

static void
add_bool (JsonBuilder *builder, const char *name, gboolean value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
add_seconds (JsonBuilder *builder, const char *name, SipscanTime duration)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, report_seconds (duration));
}

static void
add_endpoint (JsonBuilder *builder, const char *name,
              const SipscanEndpoint *endpoint)
{
  char buf[SIPSCAN_ENDPOINT_STRLEN];
  add_string (builder, name, sipscan_endpoint_format (endpoint, buf));
}

static void
add_time (JsonBuilder *builder, const char *name, guint64 frame,
          SipscanTime time)
{
  char buf[REPORT_TIME_STRLEN];
  add_string (builder, name, frame ? report_format_time (time, buf) : NULL);
}

static void
add_outcomes (JsonBuilder *builder, const guint64 *outcomes)
{
  json_builder_set_member_name (builder, "outcomes");
  json_builder_begin_object (builder);
  for (int i = 0; i < SIPSCAN_AUTH_OUTCOME_COUNT; i++)
    add_int (builder, sipscan_auth_outcome_name (i), outcomes[i]);
  json_builder_end_object (builder);
}

/* The fields every INVITE finding starts with. */
static void
add_invite (JsonBuilder *b, const char *call_id, const SipscanEndpoint *src,
            const SipscanEndpoint *dst, SipscanTransport transport,
            guint64 invite_frame)
{
  add_string (b, "call_id", call_id);
  add_endpoint (b, "src", src);
  add_endpoint (b, "dst", dst);
  add_string (b, "transport", sipscan_transport_name (transport));
  add_int (b, "invite_frame", invite_frame);
}

static void
json_on_stuck_invite (const SipscanStuckInvite *f, gpointer data)
{
  JsonBuilder *b = json_begin ("stuck_invite");
  add_invite (b, f->call_id, &f->src, &f->dst, f->transport, f->invite_frame);
  add_int (b, "trying_frame", f->trying_frame);
  add_seconds (b, "stall_seconds", f->stall);
  add_string (b, "ended_by", sipscan_stall_end_name (f->ended_by));
  add_int_or_null (b, "end_frame", f->end_frame);
  add_int_or_null (b, "end_status", f->end_status);
  add_time (b, "invite_time", f->invite_frame, f->invite_time);
  add_time (b, "trying_time", f->trying_frame, f->trying_time);
  add_time (b, "end_time", 1, f->end_time);
  add_string (b, "user_agent", f->user_agent);
  json_end (data, b);
}

static void
json_on_unanswered_invite (const SipscanUnansweredInvite *f, gpointer data)
{
  JsonBuilder *b = json_begin ("unanswered_invite");
  add_invite (b, f->call_id, &f->src, &f->dst, f->transport, f->invite_frame);
  add_int (b, "retransmissions", f->retransmissions);
  add_seconds (b, "waited_seconds", f->waited);
  add_string (b, "ended_by", sipscan_stall_end_name (f->ended_by));
  add_int_or_null (b, "end_frame", f->end_frame);
  add_time (b, "invite_time", f->invite_frame, f->invite_time);
  add_time (b, "end_time", 1, f->end_time);
  add_string (b, "user_agent", f->user_agent);
  json_end (data, b);
}

static void
json_on_auth_attempt (const SipscanAuthAttempt *f, gpointer data)
{
  JsonBuilder *b = json_begin ("auth_attempt");
  add_string (b, "call_id", f->call_id);
  add_string (b, "method", f->method);
  add_string (b, "username", f->username);
  add_string (b, "realm", f->realm);
  add_endpoint (b, "client", &f->client);
  add_endpoint (b, "server", &f->server);
  add_string (b, "transport", sipscan_transport_name (f->transport));
  add_int_or_null (b, "challenge_frame", f->challenge_frame);
  add_int_or_null (b, "challenge_status", f->challenge_status);
  add_int_or_null (b, "retry_frame", f->retry_frame);
  add_int_or_null (b, "result_frame", f->result_frame);
  add_int_or_null (b, "result_status", f->result_status);
  add_string (b, "outcome", sipscan_auth_outcome_name (f->outcome));
  add_time (b, "challenge_time", f->challenge_frame, f->challenge_time);
  add_time (b, "retry_time", f->retry_frame, f->retry_time);
  add_time (b, "result_time", f->result_frame, f->result_time);
  add_string (b, "user_agent", f->user_agent);
  json_end (data, b);
}

static void
json_on_user_stats (const SipscanUserStats *s, gpointer data)
{
  JsonBuilder *b = json_begin ("auth_user");
  add_string (b, "username", s->username);
  add_string (b, "realm", s->realm);
  add_int (b, "attempts", s->attempts);
  add_int (b, "failures", s->failures);
  add_outcomes (b, s->outcomes);
  add_int (b, "sources", s->sources);
  add_int_or_null (b, "first_failure_frame", s->first_failure_frame);
  add_int_or_null (b, "last_failure_frame", s->last_failure_frame);
  json_end (data, b);
}

static void
json_on_source_stats (const SipscanSourceStats *s, gpointer data)
{
  JsonBuilder *b = json_begin ("auth_source");
  add_endpoint (b, "source", &s->source);
  add_int (b, "attempts", s->attempts);
  add_int (b, "failures", s->failures);
  add_outcomes (b, s->outcomes);
  add_int (b, "usernames", s->usernames);
  add_bool (b, "brute_force", s->brute_force);
  add_int_or_null (b, "brute_force_frame", s->brute_force_frame);
  add_string (b, "user_agent", s->user_agent);
  add_string (b, "scanner", s->scanner);
  add_int_or_null (b, "first_frame", s->first_frame);
  add_int_or_null (b, "last_frame", s->last_frame);
  json_end (data, b);
}

static void
json_add_reason (const char *layer, const char *reason, guint64 count,
                 gpointer data)
{
  JsonBuilder *b = data;
  json_builder_begin_object (b);
  add_string (b, "layer", layer);
  add_string (b, "reason", reason);
  add_int (b, "count", count);
  json_builder_end_object (b);
}

static void
json_finish (Report *base, const SipscanAnalyzer *analyzer)
{
  const SipscanCounters *counters = sipscan_analyzer_peek_counters (analyzer);
  JsonBuilder *b = json_begin ("summary");
  add_string (b, "sipscan_version", SIPSCAN_VERSION);
  for (gsize i = 0; i < report_n_counter_fields; i++)
    add_int (b, report_counter_fields[i].name,
             report_counter_value (counters, &report_counter_fields[i]));
  guint64 any = counters->frames;
  add_time (b, "first_time", any, sipscan_analyzer_first_time (analyzer));
  add_time (b, "last_time", any, sipscan_analyzer_last_time (analyzer));
  json_builder_set_member_name (b, "reasons");
  json_builder_begin_array (b);
  sipscan_analyzer_foreach_reason (analyzer, json_add_reason, b);
  json_builder_end_array (b);
  json_end ((JsonReport *) base, b);
}

static void
json_free (Report *base)
{
  JsonReport *report = (JsonReport *) base;
  g_object_unref (report->generator);
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
  report->generator = json_generator_new ();
  return &report->base;
}
