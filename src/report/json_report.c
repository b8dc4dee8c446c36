/* JSON Lines: one object per finding as it is decided, then one per
 * user and per source, then a summary. The contract is in README.md. */
#include "report/json_line.h"
#include "report/report_private.h"

/* Transports below this are written from members made ready (and those
 * without a name as "?", as sipscan_transport_name names them). */
#define PREPARED_TRANSPORTS 8

/* The texts of endpoints formatted lately, one slot per hash of address
 * and port: the findings of a capture name few servers, over and over. */
#define ENDPOINT_SLOTS 16

typedef struct {
  SipscanEndpoint endpoint;
  gsize len;  /* of text, quotes included; 0 while the slot is empty */
  char text[SIPSCAN_ENDPOINT_STRLEN + 2];
} EndpointSlot;

typedef struct {
  Report base;
  JsonLine line;
  ReportTimeMemo time_memo;
  EndpointSlot endpoint_slots[ENDPOINT_SLOTS];
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
static char *
put_endpoint (char *p, const SipscanEndpoint *endpoint)
{
  *p++ = '"';
  p += strlen (sipscan_endpoint_format (endpoint, p));
  *p++ = '"';
  return p;
}

static gboolean
same_endpoint (const SipscanEndpoint *a, const SipscanEndpoint *b)
{
  return a->family == b->family && a->port == b->port
         && memcmp (a->addr, b->addr, sizeof a->addr) == 0;
}

/* put_endpoint for an endpoint that findings name often (a server), by
 * its slot's text. */
static char *
put_endpoint_memo (JsonReport *json, char *p, const SipscanEndpoint *endpoint)
{
  guint hash = endpoint->addr[3] ^ endpoint->addr[15] ^ endpoint->port;
  EndpointSlot *slot = &json->endpoint_slots[hash % ENDPOINT_SLOTS];
  if (slot->len == 0 || !same_endpoint (&slot->endpoint, endpoint))
    {
      slot->endpoint = *endpoint;
      slot->len = (gsize) (put_endpoint (slot->text, endpoint) - slot->text);
    }
  memcpy (p, slot->text, slot->len);
  return p + slot->len;
}

/* null without a frame. A time is plain text too. */
static char *
put_time (JsonReport *json, char *p, guint64 frame, SipscanTime time)
{
  if (!frame)
    return json_put_literal (p, "null", 4);
  *p++ = '"';
  p = report_put_time (&json->time_memo, time, p);
  *p++ = '"';
  return p;
}

/* ,"name":"value" for a name and value of ours: plain ASCII, short. */
static char *
put_our_member (char *p, const char *name, const char *value)
{
  *p++ = ',';
  *p++ = '"';
  p = json_put_literal (p, name, strlen (name));
  p = json_put_literal (p, "\":\"", 3);
  p = json_put_literal (p, value, strlen (value));
  *p++ = '"';
  return p;
}

static char *
put_outcome (JsonReport *json, char *p, SipscanAuthOutcome outcome)
{
  if ((guint) outcome < SIPSCAN_AUTH_OUTCOME_COUNT)
    return json_put_prepared (p, &json->outcome_members[outcome]);
  return put_our_member (p, "outcome", sipscan_auth_outcome_name (outcome));
}

static char *
put_transport (JsonReport *json, char *p, SipscanTransport transport)
{
  if ((guint) transport < PREPARED_TRANSPORTS)
    return json_put_prepared (p, &json->transport_members[transport]);
  return put_our_member (p, "transport", sipscan_transport_name (transport));
}

/* ,"outcomes":{"accepted":N,...}: its room, and as many members of a
 * row as that takes. */
#define OUTCOMES_ROOM                                                      \
  (sizeof ",\"outcomes\":{}"                                              \
   + SIPSCAN_AUTH_OUTCOME_COUNT * (sizeof (JsonName) + 1 + JSON_LINE_UINT_ROOM))
#define OUTCOMES_ROW_MEMBERS                                               \
  ((OUTCOMES_ROOM + JSON_ROW_MEMBER_ROOM - 1) / JSON_ROW_MEMBER_ROOM)

static char *
put_outcomes (JsonReport *json, char *p, const guint64 *outcomes)
{
  p = json_put_name (p, "outcomes");
  *p++ = '{';
  for (int i = 0; i < SIPSCAN_AUTH_OUTCOME_COUNT; i++)
    {
      const JsonName *name = &json->outcome_names[i];
      memcpy (p, name->text, sizeof name->text);
      p = json_line_put_uint (p + name->len, outcomes[i]);
      *p++ = ',';
    }
  p[-1] = '}';  /* in place of the last comma */
  return p;
}

/* The members every INVITE finding has after its Call-ID: 4 in a row. */
static char *
put_invite (JsonReport *json, char *p, const SipscanEndpoint *src,
            const SipscanEndpoint *dst, SipscanTransport transport,
            guint64 invite_frame)
{
  p = put_endpoint (json_put_name (p, "src"), src);
  p = put_endpoint (json_put_name (p, "dst"), dst);
  p = put_transport (json, p, transport);
  return json_line_put_uint (json_put_name (p, "invite_frame"), invite_frame);
}

static void
json_on_stuck_invite (const SipscanStuckInvite *f, gpointer data)
{
  JsonReport *json = data;
  JsonLine *b = json_begin (data, "stuck_invite");
  json_line_string (b, "call_id", f->call_id);
  char *p = json_line_row (b, 5);
  p = put_invite (json, p, &f->src, &f->dst, f->transport, f->invite_frame);
  p = json_line_put_uint (json_put_name (p, "trying_frame"), f->trying_frame);
  json_line_commit (b, p);
  json_line_seconds (b, "stall_seconds", f->stall);
  p = json_line_row (b, 6);
  p = put_our_member (p, "ended_by", sipscan_stall_end_name (f->ended_by));
  p = json_line_put_uint_or_null (json_put_name (p, "end_frame"), f->end_frame);
  p = json_line_put_uint_or_null (json_put_name (p, "end_status"),
                                  f->end_status);
  p = put_time (json, json_put_name (p, "invite_time"), f->invite_frame,
                f->invite_time);
  p = put_time (json, json_put_name (p, "trying_time"), f->trying_frame,
                f->trying_time);
  p = put_time (json, json_put_name (p, "end_time"), 1, f->end_time);
  json_line_commit (b, p);
  json_line_string (b, "user_agent", f->user_agent);
  json_end (data, b);
}

static void
json_on_unanswered_invite (const SipscanUnansweredInvite *f, gpointer data)
{
  JsonReport *json = data;
  JsonLine *b = json_begin (data, "unanswered_invite");
  json_line_string (b, "call_id", f->call_id);
  char *p = json_line_row (b, 5);
  p = put_invite (json, p, &f->src, &f->dst, f->transport, f->invite_frame);
  p = json_line_put_uint (json_put_name (p, "retransmissions"),
                          f->retransmissions);
  json_line_commit (b, p);
  json_line_seconds (b, "waited_seconds", f->waited);
  p = json_line_row (b, 4);
  p = put_our_member (p, "ended_by", sipscan_stall_end_name (f->ended_by));
  p = json_line_put_uint_or_null (json_put_name (p, "end_frame"), f->end_frame);
  p = put_time (json, json_put_name (p, "invite_time"), f->invite_frame,
                f->invite_time);
  p = put_time (json, json_put_name (p, "end_time"), 1, f->end_time);
  json_line_commit (b, p);
  json_line_string (b, "user_agent", f->user_agent);
  json_end (data, b);
}

static void
json_on_auth_attempt (const SipscanAuthAttempt *f, gpointer data)
{
  JsonReport *json = data;
  JsonLine *b = json_begin (data, "auth_attempt");
  json_line_string (b, "call_id", f->call_id);
  json_line_string (b, "method", f->method);
  json_line_string (b, "username", f->username);
  json_line_string (b, "realm", f->realm);
  char *p = json_line_row (b, 12);
  p = put_endpoint (json_put_name (p, "client"), &f->client);
  p = put_endpoint_memo (json, json_put_name (p, "server"), &f->server);
  p = put_transport (json, p, f->transport);
  p = json_line_put_uint_or_null (json_put_name (p, "challenge_frame"),
                                  f->challenge_frame);
  p = json_line_put_uint_or_null (json_put_name (p, "challenge_status"),
                                  f->challenge_status);
  p = json_line_put_uint_or_null (json_put_name (p, "retry_frame"),
                                  f->retry_frame);
  p = json_line_put_uint_or_null (json_put_name (p, "result_frame"),
                                  f->result_frame);
  p = json_line_put_uint_or_null (json_put_name (p, "result_status"),
                                  f->result_status);
  p = put_outcome (json, p, f->outcome);
  p = put_time (json, json_put_name (p, "challenge_time"), f->challenge_frame,
                f->challenge_time);
  p = put_time (json, json_put_name (p, "retry_time"), f->retry_frame,
                f->retry_time);
  p = put_time (json, json_put_name (p, "result_time"), f->result_frame,
                f->result_time);
  json_line_commit (b, p);
  json_line_string (b, "user_agent", f->user_agent);
  json_end (data, b);
}

static void
json_on_user_stats (const SipscanUserStats *s, gpointer data)
{
  JsonReport *json = data;
  JsonLine *b = json_begin (data, "auth_user");
  json_line_string (b, "username", s->username);
  json_line_string (b, "realm", s->realm);
  char *p = json_line_row (b, 5 + OUTCOMES_ROW_MEMBERS);
  p = json_line_put_uint (json_put_name (p, "attempts"), s->attempts);
  p = json_line_put_uint (json_put_name (p, "failures"), s->failures);
  p = put_outcomes (json, p, s->outcomes);
  p = json_line_put_uint (json_put_name (p, "sources"), s->sources);
  p = json_line_put_uint_or_null (json_put_name (p, "first_failure_frame"),
                                  s->first_failure_frame);
  p = json_line_put_uint_or_null (json_put_name (p, "last_failure_frame"),
                                  s->last_failure_frame);
  json_line_commit (b, p);
  json_end (data, b);
}

static void
json_on_source_stats (const SipscanSourceStats *s, gpointer data)
{
  JsonReport *json = data;
  JsonLine *b = json_begin (data, "auth_source");
  char *p = json_line_row (b, 6 + OUTCOMES_ROW_MEMBERS);
  p = put_endpoint (json_put_name (p, "source"), &s->source);
  p = json_line_put_uint (json_put_name (p, "attempts"), s->attempts);
  p = json_line_put_uint (json_put_name (p, "failures"), s->failures);
  p = put_outcomes (json, p, s->outcomes);
  p = json_line_put_uint (json_put_name (p, "usernames"), s->usernames);
  p = json_put_bool (json_put_name (p, "brute_force"), s->brute_force);
  p = json_line_put_uint_or_null (json_put_name (p, "brute_force_frame"),
                                  s->brute_force_frame);
  json_line_commit (b, p);
  json_line_string (b, "user_agent", s->user_agent);
  json_line_string (b, "scanner", s->scanner);
  p = json_line_row (b, 2);
  p = json_line_put_uint_or_null (json_put_name (p, "first_frame"),
                                  s->first_frame);
  p = json_line_put_uint_or_null (json_put_name (p, "last_frame"),
                                  s->last_frame);
  json_line_commit (b, p);
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
  JsonReport *json = (JsonReport *) base;
  const SipscanCounters *counters = sipscan_analyzer_peek_counters (analyzer);
  JsonLine *b = json_begin (base, "summary");
  json_line_string (b, "sipscan_version", SIPSCAN_VERSION);
  for (gsize i = 0; i < report_n_counter_fields; i++)
    json_line_uint (b, report_counter_fields[i].name,
             report_counter_value (counters, &report_counter_fields[i]));
  guint64 any = counters->frames;
  char *p = json_line_row (b, 2);
  p = put_time (json, json_put_name (p, "first_time"), any,
                sipscan_analyzer_first_time (analyzer));
  p = put_time (json, json_put_name (p, "last_time"), any,
                sipscan_analyzer_last_time (analyzer));
  json_line_commit (b, p);
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
