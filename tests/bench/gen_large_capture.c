/* gen_large_capture: writes a large, realistic SIP capture for the
 * benchmark, streaming, in memory independent of its size.
 *
 *   gen_large_capture --seed N --messages M [--concurrency C]
 *                     [--phones P] [--expect FILE] OUT.pcap
 *
 * C sessions (calls, registrations, pings; mix.c) are alive at once, each
 * a script whose next message is due at a capture time of its own; a
 * min-heap by that time gives the messages in time order. When a session
 * ends another starts, so a capture 4 times longer is the same traffic
 * for 4 times as long. Sessions start only while their messages fit in
 * M, so the file holds exactly M SIP messages and every session in it is
 * complete. The same seed and M give the same bytes. P phones (users)
 * make the calls and registrations: few enough that a capture of some
 * 100 000 sessions sees each several times, so a longer one is the same
 * population for longer.
 *
 * On standard error: "messages N frames F bytes B". --expect writes the
 * summary counters sipscan should report on the file, one "name value"
 * a line, then the sessions of each kind as comments. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cast.h"
#include "frame_sink.h"
#include "mix.h"
#include "prng.h"
#include "session_heap.h"
#include "sip_render.h"

enum {
  BATCH = 4,                     /* messages sent at one instant */
  START_SPREAD_MS = 30000,       /* the first sessions start over this */
  NEXT_SESSION_MAX_MS = 1000,    /* a slot's next session starts within */
  MAX_KINDS = 16,
};

/* 2026-01-01T09:00:00Z in microseconds */
#define CAPTURE_START G_GUINT64_CONSTANT (1767258000000000)

typedef struct {
  guint64 sip_messages, sip_requests, sip_responses, sip_retransmissions;
  guint64 sip_stream_messages, transactions, invite_transactions;
  guint64 sessions[MAX_KINDS];
} MessageCounts;

typedef struct {
  MixPlan plan;
  guint64 messages;
  Prng prng;
  FrameSink sink;
  SessionHeap heap;
  Session *sessions;
  TcpLink links[CAST_TCP_LINKS];
  guint64 committed;   /* messages written, or due from live sessions */
  guint64 next_serial;
  MessageCounts counts;
  char batch[BATCH * SIP_RENDER_MAX];
  gsize ends[BATCH];
} Generator;

static gboolean
start_session (Generator *g, Session *session, guint64 time)
{
  guint64 budget = g->messages - g->committed;
  if (budget < 2)
    return FALSE;
  g->committed += mix_start_session (session, &g->prng, &g->plan,
                                     g->next_serial++, budget);
  session->next_time = time;
  g->counts.sessions[session->kind]++;
  return TRUE;
}

static void
count_message (Generator *g, const Session *s, SipMsgKind msg)
{
  MessageCounts *c = &g->counts;
  gboolean request = sip_msg_kind_is_request (msg);

  c->sip_messages++;
  if (request)
    c->sip_requests++;
  else
    c->sip_responses++;
  if (s->over_tcp)
    c->sip_stream_messages++;
  if (s->retransmitting)
    c->sip_retransmissions++;
  else if (request && msg != MSG_ACK && msg != MSG_ACK_2XX)
    c->transactions++;
  if (!s->retransmitting && (msg == MSG_INVITE || msg == MSG_INVITE_AUTH))
    c->invite_transactions++;
}

static guint64
send_batch (Generator *g, const Session *s, gboolean from_ua, guint n)
{
  Endpoint ua = { s->ua_ip, s->ua_port };
  Endpoint proxy = { s->proxy_ip, CAST_SIP_PORT };
  guint64 time = s->next_time;

  if (s->over_tcp)
    return frame_sink_tcp (&g->sink, time, &g->links[s->tcp_link], from_ua,
                           (const guint8 *) g->batch, g->ends, n);
  for (guint i = 0; i < n; i++)
    {
      gsize start = i ? g->ends[i - 1] : 0;
      time = frame_sink_udp (&g->sink, time, from_ua ? ua : proxy,
                             from_ua ? proxy : ua,
                             (const guint8 *) g->batch + start,
                             g->ends[i] - start);
    }
  return time;
}

/* Renders the session's messages due now into the batch: the current
 * one, and those that follow it at once the same way. Moves the session
 * on; returns how many there are, the delay to its next message in
 * *delay_ms and whether it is over in *over. */
static guint
render_due (Generator *g, Session *s, guint64 *delay_ms, gboolean *over)
{
  gboolean from_ua = sip_msg_kind_is_request (mix_step (s)->msg);
  gsize len = 0;
  guint n = 0;

  *delay_ms = 0;
  *over = FALSE;
  for (;;)
    {
      const MixStep *step = mix_step (s);
      if (!s->retransmitting)
        session_enter (s, step->msg);
      len += sip_render (s, step->msg, g->batch + len);
      g->ends[n++] = len;
      count_message (g, s, step->msg);
      if (!s->retransmitting && (s->retransmitted_steps >> s->step & 1))
        {
          s->retransmitting = TRUE;
          *delay_ms = MIX_RETRANSMIT_MS;
          return n;
        }
      s->retransmitting = FALSE;
      s->step++;
      const MixStep *next = mix_step (s);
      if (next->msg == MSG_END)
        {
          *over = TRUE;
          return n;
        }
      if (step->at_once && prng_chance (&g->prng, step->at_once))
        {
          if (sip_msg_kind_is_request (next->msg) == from_ua && n < BATCH)
            continue;
          return n;
        }
      *delay_ms = prng_range (&g->prng, step->min_ms, step->max_ms);
      return n;
    }
}

static void
generate (Generator *g)
{
  Session *s;

  while ((s = session_heap_top (&g->heap)))
    {
      guint64 delay_ms;
      gboolean over;
      gboolean from_ua = sip_msg_kind_is_request (mix_step (s)->msg);
      guint n = render_due (g, s, &delay_ms, &over);
      guint64 time = send_batch (g, s, from_ua, n);

      if (!over)
        s->next_time = time + delay_ms * 1000;
      else if (!start_session (g, s, time + 1000 * prng_range (
                                        &g->prng, 1, NEXT_SESSION_MAX_MS)))
        {
          session_heap_pop (&g->heap);
          continue;
        }
      session_heap_top_changed (&g->heap);
    }
}

static void
generator_init (Generator *g, const MixPlan *plan, guint64 messages,
                guint concurrency, FILE *file)
{
  guint64 seed = plan->seed;

  g_assert (mix_n_kinds () <= MAX_KINDS);
  memset (g, 0, sizeof *g);
  g->plan = *plan;
  g->messages = messages;
  prng_init (&g->prng, seed);
  frame_sink_init (&g->sink, file);
  for (guint k = 0; k < CAST_TCP_LINKS; k++)
    g->links[k] = (TcpLink){
      .client = { cast_sbc_ip (k), cast_sbc_tcp_port (k) },
      .server = { cast_proxy_ip (k % CAST_PROXIES), CAST_SIP_PORT },
      .client_seq = (guint32) hash3 (seed, k, 1),
      .server_seq = (guint32) hash3 (seed, k, 2),
    };
  g->sessions = g_new0 (Session, concurrency);
  session_heap_init (&g->heap, concurrency);
  for (guint i = 0; i < concurrency; i++)
    {
      guint64 at = CAPTURE_START
                   + 1000 * prng_range (&g->prng, 0, START_SPREAD_MS);
      if (!start_session (g, &g->sessions[i], at))
        break;
      session_heap_push (&g->heap, &g->sessions[i]);
    }
}

static void
generator_clear (Generator *g)
{
  session_heap_clear (&g->heap);
  g_free (g->sessions);
}

static gboolean
write_expected (const Generator *g, const char *path, GError **error)
{
  const FrameCounts *f = &g->sink.counts;
  const MessageCounts *m = &g->counts;
  guint64 stuck = 0, accepted = 0, wrong = 0, forbidden = 0, stale = 0;
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint k = 0; k < mix_n_kinds (); k++)
    {
      const MixKind *kind = mix_kind (k);
      stuck += m->sessions[k] * kind->stuck_invites;
      accepted += m->sessions[k] * kind->auth_accepted;
      wrong += m->sessions[k] * kind->auth_wrong_credentials;
      forbidden += m->sessions[k] * kind->auth_forbidden;
      stale += m->sessions[k] * kind->auth_stale_nonce;
    }
  const struct {
    const char *name;
    guint64 value;
  } counters[] = {
    { "frames", f->frames }, { "frames_sip", f->frames_sip },
    { "frames_not_sip", 0 }, { "frames_malformed", 0 },
    { "frames_ip_fragment", f->frames_ip_fragment },
    { "frames_tcp", f->frames_tcp },
    { "ip_datagrams_reassembled", f->ip_datagrams_reassembled },
    { "sip_messages", m->sip_messages }, { "sip_requests", m->sip_requests },
    { "sip_responses", m->sip_responses }, { "sip_malformed", 0 },
    { "sip_violations", 0 },
    { "sip_retransmissions", m->sip_retransmissions },
    { "tcp_streams", f->tcp_streams },
    { "sip_stream_messages", m->sip_stream_messages },
    { "transactions", m->transactions },
    { "invite_transactions", m->invite_transactions },
    { "stuck_invites", stuck }, { "unanswered_invites", 0 },
    { "auth_attempts", accepted + wrong + forbidden + stale },
    { "auth_accepted", accepted }, { "auth_wrong_credentials", wrong },
    { "auth_forbidden", forbidden }, { "auth_stale_nonce", stale },
    { "auth_abandoned", 0 }, { "auth_no_response", 0 },
    { "brute_force_sources", 0 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (counters); i++)
    g_string_append_printf (out, "%s %" G_GUINT64_FORMAT "\n",
                            counters[i].name, counters[i].value);
  g_string_append (out, "# sessions of each kind\n");
  for (guint k = 0; k < mix_n_kinds (); k++)
    g_string_append_printf (out, "# %s %" G_GUINT64_FORMAT "\n",
                            mix_kind (k)->name, m->sessions[k]);
  g_string_append_printf (out, "# capture seconds %.3f\n",
                          (double) (g->sink.last_time - CAPTURE_START) / 1e6);
  return g_file_set_contents (path, out->str, (gssize) out->len, error);
}

typedef struct {
  gint64 seed;
  gint64 messages;
  gint concurrency;
  gint phones;
  char *expect;
  char **outputs;
} Options;

static gboolean
parse_options (int argc, char **argv, Options *options)
{
  *options = (Options){ .seed = 1, .messages = -1, .concurrency = 2000,
                        .phones = 20000 };
  GOptionEntry entries[] = {
    { "seed", 's', 0, G_OPTION_ARG_INT64, &options->seed,
      "Seed of the pseudo-random traffic (default 1)", "N" },
    { "messages", 'm', 0, G_OPTION_ARG_INT64, &options->messages,
      "SIP messages to write (at least 2)", "M" },
    { "concurrency", 'c', 0, G_OPTION_ARG_INT, &options->concurrency,
      "Sessions alive at once (default 2000)", "C" },
    { "phones", 'p', 0, G_OPTION_ARG_INT, &options->phones,
      "Phones, one user each (default 20000)", "P" },
    { "expect", 'e', 0, G_OPTION_ARG_FILENAME, &options->expect,
      "Write the summary counters sipscan should report to FILE", "FILE" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY,
      &options->outputs, NULL, "OUT.pcap" },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;

  g_option_context_set_summary (context,
      "Writes a large SIP capture for the benchmark, the same bytes for "
      "the same seed and size.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "gen_large_capture: %s\n", error->message);
      return FALSE;
    }
  if (options->messages < 2 || options->concurrency < 1
      || options->phones < 2 || options->phones > CAST_MAX_PHONES
      || !options->outputs || !options->outputs[0] || options->outputs[1])
    {
      fprintf (stderr, "usage: gen_large_capture --seed N --messages M "
               "(M >= 2) [--concurrency C] [--phones P] [--expect FILE] "
               "OUT.pcap\n");
      return FALSE;
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  Options options;
  g_autoptr (GError) error = NULL;
  Generator *g;

  if (!parse_options (argc, argv, &options))
    return 2;
  const char *path = options.outputs[0];
  FILE *file = fopen (path, "wb");
  if (!file)
    {
      fprintf (stderr, "gen_large_capture: %s: %s\n", path, strerror (errno));
      return 1;
    }
  MixPlan plan = { (guint64) options.seed, (guint32) options.phones };
  g = g_new (Generator, 1);
  generator_init (g, &plan, (guint64) options.messages,
                  (guint) options.concurrency, file);
  generate (g);
  gboolean written = frame_sink_finish (&g->sink);
  if (fclose (file) != 0 || !written)
    {
      fprintf (stderr, "gen_large_capture: %s: write failed\n", path);
      return 1;
    }
  g_assert (g->counts.sip_messages == (guint64) options.messages);
  fprintf (stderr, "messages %" G_GUINT64_FORMAT " frames %" G_GUINT64_FORMAT
           " bytes %" G_GUINT64_FORMAT "\n", g->counts.sip_messages,
           g->sink.counts.frames, g->sink.counts.bytes);
  if (options.expect && !write_expected (g, options.expect, &error))
    {
      fprintf (stderr, "gen_large_capture: %s\n", error->message);
      return 1;
    }
  generator_clear (g);
  g_free (g);
  g_free (options.expect);
  g_strfreev (options.outputs);
  return 0;
}
