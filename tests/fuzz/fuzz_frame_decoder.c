/* The analyzer from the link layer up, with state kept across inputs so
 * that IP reassembly, TCP streams, transactions and Digest pairing carry
 * over from one input to the next. An input is a capture in miniature
 * (fuzz_frames.h). The analyzer runs with small caps, so that eviction
 * happens, and starts again every FUZZ_INPUTS_PER_CAPTURE inputs so that
 * memory stays bounded; the frame accounting is checked after each
 * input. A bit of each input puts tracking and detection on a thread of
 * their own; another hands the frames' bytes to the plugin's entry as SIP
 * messages instead. */
#include "fuzz_frames.h"
#include "fuzz_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_INPUTS_PER_CAPTURE 500

typedef struct {
  SipscanAnalyzer *analyzer;
  guint8 mode;  /* the input's FUZZ_FRAMES_PLUGIN_ENTRY and
                   FUZZ_FRAMES_ANALYSIS_THREAD bits */
  guint inputs;
  guint64 frame_number;
  SipscanTime time;
} FuzzCapture;

static FuzzCapture fuzz_capture;

static void
touch_endpoint (const SipscanEndpoint *endpoint)
{
  char buf[SIPSCAN_ENDPOINT_STRLEN];
  fuzz_touch_string (sipscan_endpoint_format (endpoint, buf));
  fuzz_touch_string (sipscan_endpoint_format_host (endpoint, buf));
}

static void
touch_invite (const char *call_id, const char *user_agent,
              const SipscanEndpoint *src, const SipscanEndpoint *dst)
{
  fuzz_touch_string (call_id);
  fuzz_touch_string (user_agent);
  touch_endpoint (src);
  touch_endpoint (dst);
}

static void
on_stuck_invite (const SipscanStuckInvite *finding, gpointer data)
{
  touch_invite (finding->call_id, finding->user_agent, &finding->src,
                &finding->dst);
  fuzz_touch_string (sipscan_stall_end_name (finding->ended_by));
}

static void
on_unanswered_invite (const SipscanUnansweredInvite *finding, gpointer data)
{
  touch_invite (finding->call_id, finding->user_agent, &finding->src,
                &finding->dst);
}

static void
on_auth_attempt (const SipscanAuthAttempt *finding, gpointer data)
{
  fuzz_touch_string (finding->call_id);
  fuzz_touch_string (finding->method);
  fuzz_touch_string (finding->username);
  fuzz_touch_string (finding->realm);
  fuzz_touch_string (finding->user_agent);
  touch_endpoint (&finding->client);
  touch_endpoint (&finding->server);
  fuzz_touch_string (sipscan_auth_outcome_name (finding->outcome));
}

static void
on_user_stats (const SipscanUserStats *stats, gpointer data)
{
  fuzz_touch_string (stats->username);
  fuzz_touch_string (stats->realm);
}

static void
on_source_stats (const SipscanSourceStats *stats, gpointer data)
{
  touch_endpoint (&stats->source);
  fuzz_touch_string (stats->user_agent);
  fuzz_touch_string (stats->scanner);
}

static const SipscanSink touching_sink = {
  .stuck_invite = on_stuck_invite,
  .unanswered_invite = on_unanswered_invite,
  .auth_attempt = on_auth_attempt,
  .user_stats = on_user_stats,
  .source_stats = on_source_stats,
};

static void
touch_reason (const char *layer, const char *reason, guint64 count,
              gpointer data)
{
  fuzz_touch_string (layer);
  fuzz_touch_string (reason);
}

/* The README's promise: every frame ends in exactly one frames_* counter. */
static void
check_frame_accounting (const SipscanAnalyzer *analyzer)
{
  const SipscanCounters *c = sipscan_analyzer_peek_counters (analyzer);
  guint64 sum = c->frames_sip + c->frames_not_sip + c->frames_malformed
                + c->frames_truncated + c->frames_unsupported
                + c->frames_ip_fragment + c->frames_tcp + c->frames_sctp;
  if (sum != c->frames)
    {
      fprintf (stderr, "frame accounting: %" G_GUINT64_FORMAT " frames, "
               "%" G_GUINT64_FORMAT " counted\n", c->frames, sum);
      abort ();
    }
}

static void
fuzz_capture_end (void)
{
  if (fuzz_capture.analyzer == NULL)
    return;
  sipscan_analyzer_finish (fuzz_capture.analyzer);
  check_frame_accounting (fuzz_capture.analyzer);
  sipscan_analyzer_foreach_reason (fuzz_capture.analyzer, touch_reason, NULL);
  g_clear_pointer (&fuzz_capture.analyzer, sipscan_analyzer_free);
}

static SipscanAnalyzer *
fuzz_capture_get (guint8 mode)
{
  static gboolean registered;
  if (!registered)
    registered = atexit (fuzz_capture_end) == 0;
  if (fuzz_capture.analyzer == NULL)
    {
      SipscanOptions options;
      sipscan_options_init (&options);
      options.bruteforce_failures = 3;
      options.max_transactions = 32;
      options.max_challenges = 16;
      options.max_calls = 32;
      options.max_aggregate_keys = 16;
      options.max_fragment_datagrams = 4;
      options.max_fragment_bytes = 16 * 1024;
      options.tcp_max_streams = 8;
      options.tcp_max_stream_buffer = 4096;
      options.tcp_max_buffer = 16 * 1024;
      options.sip_max_stream_message = 4096;
      options.analysis_thread = (mode & FUZZ_FRAMES_ANALYSIS_THREAD) != 0;
      fuzz_capture.analyzer
          = sipscan_analyzer_new (&options, &touching_sink, NULL);
      fuzz_capture.mode = mode;
      fuzz_capture.inputs = 0;
      fuzz_capture.frame_number = 0;
      fuzz_capture.time = 1767225600 * SIPSCAN_TIME_PER_SECOND;
    }
  return fuzz_capture.analyzer;
}

/* bytes as the plugin hands a SIP message over: the frame, and its time,
 * stay when the message shares the previous one's frame. */
static void
add_sip_message (SipscanAnalyzer *analyzer, guint8 time_step,
                 guint8 address_byte, const guint8 *bytes, guint32 len)
{
  FuzzMessageAddress address = fuzz_frames_message_address (address_byte);
  if (!address.same_frame || fuzz_capture.frame_number == 0)
    {
      fuzz_capture.frame_number++;
      fuzz_capture.time += fuzz_frames_time_step (time_step);
    }
  sipscan_analyzer_add_sip_message (analyzer, fuzz_capture.frame_number,
                                    fuzz_capture.time, address.src,
                                    address.dst, address.transport, bytes,
                                    len);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size == 0)
    return 0;
  guint8 mode = data[0] & (FUZZ_FRAMES_PLUGIN_ENTRY
                           | FUZZ_FRAMES_ANALYSIS_THREAD);
  if (fuzz_capture.analyzer != NULL && fuzz_capture.mode != mode)
    fuzz_capture_end ();
  SipscanAnalyzer *analyzer = fuzz_capture_get (mode);
  int linktype = fuzz_frames_link_types[data[0] & FUZZ_FRAMES_LINK_MASK];
  gboolean end_capture = (data[0] & FUZZ_FRAMES_END_CAPTURE) != 0;
  size_t pos = 1;
  while (size - pos >= FUZZ_FRAMES_HEADER_LEN)
    {
      const uint8_t *header = data + pos;
      guint32 caplen = MIN ((guint32) header[2] << 8 | header[3],
                            size - pos - FUZZ_FRAMES_HEADER_LEN);
      pos += FUZZ_FRAMES_HEADER_LEN;
      /* a copy of its own, so that reading past it or keeping it is seen */
      guint8 *bytes = malloc (caplen);
      memcpy (bytes, data + pos, caplen);
      if (mode & FUZZ_FRAMES_PLUGIN_ENTRY)
        add_sip_message (analyzer, header[0], header[1], bytes, caplen);
      else
        {
          fuzz_capture.time += fuzz_frames_time_step (header[0]);
          SipscanFrame frame = {
            .number = ++fuzz_capture.frame_number,
            .time = fuzz_capture.time,
            .linktype = linktype,
            .data = bytes,
            .caplen = caplen,
            .wirelen = caplen + header[1],
          };
          sipscan_analyzer_add_frame (analyzer, &frame);
        }
      free (bytes);
      pos += caplen;
    }
  check_frame_accounting (analyzer);
  if (end_capture || ++fuzz_capture.inputs >= FUZZ_INPUTS_PER_CAPTURE)
    fuzz_capture_end ();
  return 0;
}
