/* What the text and JSON writers share. */
#pragma once

#include "report/report.h"

struct _Report {
  SipscanSink sink;  /* sink_data is the report */
  void (*finish) (Report *report, const SipscanAnalyzer *analyzer);
  void (*free) (Report *report);
  FILE *out;
};

/* Every counter by its JSON name, in report order. */
typedef struct {
  const char *name;
  gsize offset;  /* in SipscanCounters, of a guint64 */
} CounterField;

extern const CounterField report_counter_fields[];
extern const gsize report_n_counter_fields;

guint64 report_counter_value (const SipscanCounters *counters,
                              const CounterField *field);

/* "2026-01-01T00:00:40.010000Z", or "?" for a year without four digits */
#define REPORT_TIME_STRLEN 40
char *report_format_time (SipscanTime time, char buf[REPORT_TIME_STRLEN]);

/* The texts of the seconds formatted last, one slot per second modulo
 * REPORT_TIME_SLOTS: a finding is decided at most about 32 s after its
 * times (64 * T1, how long a transaction waits), findings are decided
 * out of order within that, and their times fall in few seconds. */
#define REPORT_TIME_SLOTS 32

typedef struct {
  gint64 second;  /* since 1970; G_MININT64 (none) before the first */
  char text[20];  /* "2026-01-01T00:00:40." */
} ReportTimeSlot;

typedef struct {
  ReportTimeSlot slots[REPORT_TIME_SLOTS];
  gint64 day;     /* since 1970-01-01, of date; G_MININT64 before */
  char date[11];  /* "2026-01-01T" */
} ReportTimeMemo;

void report_time_memo_init (ReportTimeMemo *memo);
/* report_format_time's text at p, without the NUL (at most
 * REPORT_TIME_STRLEN - 1 bytes); returns its end. */
char *report_put_time (ReportTimeMemo *memo, SipscanTime time, char *p);
/* Strings from packets are untrusted bytes: a valid UTF-8 copy (invalid
 * sequences become U+FFFD), and for terminals also without control
 * characters (shown as '?'). NULL stays NULL. */
char *report_utf8 (const char *s);
char *report_printable (const char *s);

/* Seconds with microsecond precision, as a double. */
double report_seconds (SipscanTime duration);
/* "%.3f" of report_seconds (duration), without printf where the result
 * does not hang on the double's rounding. */
#define REPORT_MS_STRLEN 32
char *report_format_ms (SipscanTime duration, char buf[REPORT_MS_STRLEN]);
