/* A whole capture file (pcap or pcapng) read from memory as the CLI reads
 * a file, analysed with the CLI's options and written by both report
 * writers, to nowhere. */
#include "fuzz_harness.h"

#include "capture/capture_reader.h"
#include "report/report.h"

#include <stdio.h>

enum { REPORT_TEXT, REPORT_JSON, N_REPORTS };

/* Each finding goes to every report. */
#define TEE(callback, Finding)                                          \
  static void tee_##callback (const Finding *finding, gpointer data)    \
  {                                                                     \
    Report *const *reports = data;                                      \
    for (int i = 0; i < N_REPORTS; i++)                                 \
      report_get_sink (reports[i])->callback (finding, reports[i]);     \
  }

TEE (stuck_invite, SipscanStuckInvite)
TEE (unanswered_invite, SipscanUnansweredInvite)
TEE (auth_attempt, SipscanAuthAttempt)
TEE (user_stats, SipscanUserStats)
TEE (source_stats, SipscanSourceStats)

static const SipscanSink tee_sink = {
  .stuck_invite = tee_stuck_invite,
  .unanswered_invite = tee_unanswered_invite,
  .auth_attempt = tee_auth_attempt,
  .user_stats = tee_user_stats,
  .source_stats = tee_source_stats,
};

static void
ignore_error (const char *name, const char *reason, gpointer data)
{
  fuzz_touch_string (reason);
}

static FILE *
null_output (void)
{
  static FILE *out;
  if (out == NULL)
    out = fopen ("/dev/null", "w");
  return out;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FILE *file = fmemopen ((void *) data, size, "rb");
  if (file == NULL)
    return 0;
  CaptureReader *reader
      = capture_reader_open_file (file, "fuzz.pcap", ignore_error, NULL);
  SipscanOptions options;
  sipscan_options_init (&options);
  const char *const inputs[] = { "fuzz.pcap", NULL };
  Report *reports[N_REPORTS] = {
    [REPORT_TEXT] = report_new_text (null_output (), &options, inputs),
    [REPORT_JSON] = report_new_json (null_output ()),
  };
  SipscanAnalyzer *analyzer
      = sipscan_analyzer_new (&options, &tee_sink, reports);
  SipscanFrame frame;
  while (capture_reader_next (reader, &frame))
    sipscan_analyzer_add_frame (analyzer, &frame);
  capture_reader_close (reader);
  sipscan_analyzer_finish (analyzer);
  for (int i = 0; i < N_REPORTS; i++)
    {
      report_finish (reports[i], analyzer);
      report_free (reports[i]);
    }
  sipscan_analyzer_free (analyzer);
  return 0;
}
