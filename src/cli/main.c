/* sipscan: find INVITEs stuck after 100 Trying and failed Digest
 * authentications in packet captures. A thin shell over the core. */
#include "capture/capture_reader.h"
#include "report/report.h"
#include "sipscan.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

enum {
  EXIT_ANALYSED = 0,     /* every input was read to its end */
  EXIT_INPUT_ERROR = 1,  /* an input could not be opened or read to its
                            end; the report covers what was read */
  EXIT_USAGE = 2,
  EXIT_OUTPUT_ERROR = 3, /* the report could not be written */
};

typedef struct {
  char *format;
  double trying_timeout;
  int bruteforce_failures;
  double bruteforce_window;
  double state_timeout;
  int max_transactions;
  int max_challenges;
  int max_calls;
  int max_aggregate_keys;
  int max_tcp_streams;
  int max_ip_datagrams;
  int threads;
  gboolean version;
  char **inputs;
} CliOptions;

static void
cli_report_input_error (const char *name, const char *reason, gpointer data)
{
  gboolean *failed = data;
  *failed = TRUE;
  fprintf (stderr, "sipscan: %s: %s\n",
           strcmp (name, "-") == 0 ? "standard input" : name, reason);
}

static gboolean
cli_parse (int argc, char **argv, CliOptions *cli, SipscanOptions *options)
{
  sipscan_options_init (options);
  *cli = (CliOptions){
    .trying_timeout = options->trying_timeout,
    .bruteforce_failures = (int) options->bruteforce_failures,
    .bruteforce_window = options->bruteforce_window,
    .state_timeout = options->state_timeout,
    .max_transactions = (int) options->max_transactions,
    .max_challenges = (int) options->max_challenges,
    .max_calls = (int) options->max_calls,
    .max_aggregate_keys = (int) options->max_aggregate_keys,
    .max_tcp_streams = (int) options->tcp_max_streams,
    .max_ip_datagrams = (int) options->max_fragment_datagrams,
    .threads = g_get_num_processors () > 1 ? 2 : 1,
  };
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &cli->format,
      "Output format: text (default) or json (JSON Lines)", "FORMAT" },
    { "trying-timeout", 't', 0, G_OPTION_ARG_DOUBLE, &cli->trying_timeout,
      "An INVITE is stuck when nothing follows its 100 Trying for more than "
      "this (default 32)", "SECONDS" },
    { "bruteforce-failures", 'n', 0, G_OPTION_ARG_INT,
      &cli->bruteforce_failures,
      "A source brute-forces when it fails more than N times ... "
      "(default 10)", "N" },
    { "bruteforce-window", 'w', 0, G_OPTION_ARG_DOUBLE,
      &cli->bruteforce_window, "... within this window (default 60)",
      "SECONDS" },
    { "state-timeout", 0, 0, G_OPTION_ARG_DOUBLE, &cli->state_timeout,
      "Forget an open INVITE, challenge or call after this long without "
      "activity (default 300)", "SECONDS" },
    { "max-transactions", 0, 0, G_OPTION_ARG_INT, &cli->max_transactions,
      "Transactions tracked at once (default 100000)", "N" },
    { "max-challenges", 0, 0, G_OPTION_ARG_INT, &cli->max_challenges,
      "Digest challenges kept at once (default 100000)", "N" },
    { "max-calls", 0, 0, G_OPTION_ARG_INT, &cli->max_calls,
      "Calls (Call-IDs) tracked at once (default 100000)", "N" },
    { "max-aggregate-keys", 0, 0, G_OPTION_ARG_INT, &cli->max_aggregate_keys,
      "Users, sources and user-source pairs in the Digest totals, each "
      "(default 100000)", "N" },
    { "max-tcp-streams", 0, 0, G_OPTION_ARG_INT, &cli->max_tcp_streams,
      "TCP stream directions reassembled at once (default 100000)", "N" },
    { "max-ip-datagrams", 0, 0, G_OPTION_ARG_INT, &cli->max_ip_datagrams,
      "IP datagrams reassembled from fragments at once, and SCTP messages "
      "from chunks (default 10000)", "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &cli->threads,
      "1: analyse on one thread; 2: track and detect on a second thread "
      "while the first reads and parses (default 2 on a machine with more "
      "than one processor)", "N" },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &cli->version,
      "Print the version and exit", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &cli->inputs,
      NULL, "CAPTURE..." },
    G_OPTION_ENTRY_NULL,
  };
  GOptionContext *context = g_option_context_new (
      "CAPTURE... - INVITEs stuck after 100 Trying and Digest "
      "authentication outcomes");
  g_option_context_set_summary (
      context, "Reads pcap and pcapng files, gzip-compressed or not (\"-\" "
               "is standard input); several files are analysed as one "
               "capture in time order.");
  g_option_context_add_main_entries (context, entries, NULL);
  GError *error = NULL;
  gboolean ok = g_option_context_parse (context, &argc, &argv, &error);
  g_option_context_free (context);
  if (!ok)
    {
      fprintf (stderr, "sipscan: %s\n", error->message);
      g_error_free (error);
      return FALSE;
    }
  if (cli->version)
    return TRUE;
  const char *problem = NULL;
  if (!cli->inputs || !cli->inputs[0])
    problem = "no capture given (use - for standard input)";
  else if (cli->format && strcmp (cli->format, "text") != 0
           && strcmp (cli->format, "json") != 0)
    problem = "--format must be text or json";
  else if (!(cli->trying_timeout >= 0) || !(cli->bruteforce_window >= 0)
           || !(cli->state_timeout > 0))
    problem = "timeouts and windows must be positive numbers of seconds";
  else if (cli->trying_timeout > SIPSCAN_MAX_OPTION_SECONDS
           || cli->bruteforce_window > SIPSCAN_MAX_OPTION_SECONDS
           || cli->state_timeout > SIPSCAN_MAX_OPTION_SECONDS)
    problem = "timeouts and windows must be at most 1e9 seconds";
  else if (cli->bruteforce_failures < 1 || cli->bruteforce_failures > 100000)
    problem = "--bruteforce-failures must be between 1 and 100000";
  else if (cli->max_transactions < 1 || cli->max_challenges < 1
           || cli->max_calls < 1 || cli->max_aggregate_keys < 1
           || cli->max_tcp_streams < 1 || cli->max_ip_datagrams < 1)
    problem = "table caps must be at least 1";
  else if (cli->threads != 1 && cli->threads != 2)
    problem = "--threads must be 1 or 2";
  if (problem)
    {
      fprintf (stderr, "sipscan: %s; see sipscan --help\n", problem);
      return FALSE;
    }
  options->trying_timeout = cli->trying_timeout;
  options->bruteforce_failures = (guint) cli->bruteforce_failures;
  options->bruteforce_window = cli->bruteforce_window;
  options->state_timeout = cli->state_timeout;
  options->max_transactions = (guint) cli->max_transactions;
  options->max_challenges = (guint) cli->max_challenges;
  options->max_calls = (guint) cli->max_calls;
  options->max_aggregate_keys = (guint) cli->max_aggregate_keys;
  options->tcp_max_streams = (guint) cli->max_tcp_streams;
  options->max_fragment_datagrams = (guint) cli->max_ip_datagrams;
  options->analysis_thread = cli->threads == 2;
  return TRUE;
}

int
main (int argc, char **argv)
{
  CliOptions cli;
  SipscanOptions options;
  gboolean usage = !cli_parse (argc, argv, &cli, &options);
  if (usage || cli.version)
    {
      /* freed here too, so that a sanitizer sees no leak */
      if (!usage)
        printf ("sipscan %s\n", SIPSCAN_VERSION);
      g_free (cli.format);
      g_strfreev (cli.inputs);
      return usage ? EXIT_USAGE : EXIT_ANALYSED;
    }
  const char *const *inputs = (const char *const *) cli.inputs;
  /* findings stream out as decided: write them in large blocks */
  static char out_buffer[1 << 20];
  setvbuf (stdout, out_buffer, _IOFBF, sizeof out_buffer);
  Report *report = cli.format && strcmp (cli.format, "json") == 0
                       ? report_new_json (stdout)
                       : report_new_text (stdout, &options, inputs);
  SipscanAnalyzer *analyzer
      = sipscan_analyzer_new (&options, report_get_sink (report), report);
  gboolean input_failed = FALSE;
  CaptureReader *reader
      = capture_reader_open (inputs, cli_report_input_error, &input_failed);
  SipscanFrame frame;
  while (capture_reader_next (reader, &frame))
    sipscan_analyzer_add_frame (analyzer, &frame);
  capture_reader_close (reader);
  sipscan_analyzer_finish (analyzer);
  report_finish (report, analyzer);
  sipscan_analyzer_free (analyzer);
  report_free (report);

  int status = input_failed ? EXIT_INPUT_ERROR : EXIT_ANALYSED;
  if (ferror (stdout) || fflush (stdout) != 0)
    {
      fprintf (stderr, "sipscan: standard output: %s\n", g_strerror (errno));
      status = EXIT_OUTPUT_ERROR;
    }
  g_free (cli.format);
  g_strfreev (cli.inputs);
  return status;
}
