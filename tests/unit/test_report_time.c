#include "report/report_private.h"

#include <time.h>

/* What gmtime_r and strftime make of the same time. */
static void
assert_formats_as_gmtime (SipscanTime time)
{
  gint64 micros = time / 1000;
  time_t seconds = (time_t) (micros / 1000000);
  long fraction = (long) (micros % 1000000);
  if (fraction < 0)
    {
      seconds--;
      fraction += 1000000;
    }
  struct tm tm;
  g_assert_nonnull (gmtime_r (&seconds, &tm));
  char date[64], expected[REPORT_TIME_STRLEN], got[REPORT_TIME_STRLEN];
  strftime (date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  g_snprintf (expected, sizeof expected, "%s.%06ldZ", date, fraction);
  g_assert_cmpstr (report_format_time (time, got), ==, expected);
}

static void
test_times_format_as_gmtime_does (void)
{
  const gint64 second = SIPSCAN_TIME_PER_SECOND;
  const gint64 fixed[] = {
    0, -1000, -second, 951782400 * second,  /* 2000-02-29 */
    4107542400 * second - 1000,             /* before 2100-03-01 */
    1767225600 * second + 123456789,
    G_MAXINT64,                             /* 2262-04-11 */
    -2208988800 * second,                   /* 1900-01-01 */
  };
  for (gsize i = 0; i < G_N_ELEMENTS (fixed); i++)
    assert_formats_as_gmtime (fixed[i]);
  GRand *rand = g_rand_new_with_seed (7);
  for (int i = 0; i < 100000; i++)
    {
      gint64 seconds = (gint64) g_rand_double_range (rand, -9e9, 9e9);
      assert_formats_as_gmtime (seconds * second
                                + g_rand_int_range (rand, 0, 1000000) * 1000);
    }
  g_rand_free (rand);
}

/* One memo over times in and out of order, within a second, across
 * seconds and days, in one slot and in others, to the first and last
 * times there are. */
static void
test_memo_writes_what_format_writes (void)
{
  const gint64 second = SIPSCAN_TIME_PER_SECOND;
  const gint64 base = 1767225600 * second;
  const gint64 times[] = {
    base, base + 1000, base + second - 1000, base + second, base,
    base - 1000, base + 86400 * second, G_MAXINT64, base, -1000,
    -second, 0, G_MININT64, base + 123456789, -1, -999, -1001, -1,
    G_MININT64 + 1000000000, G_MININT64,
    /* seconds that share a slot, and a day apart in the same slot */
    base + REPORT_TIME_SLOTS * second, base + 1000,
    base + REPORT_TIME_SLOTS * second + 7000, base - REPORT_TIME_SLOTS * second,
    base + 86400 * second + 2000, base + 3000,
  };
  ReportTimeMemo memo;
  report_time_memo_init (&memo);
  for (gsize i = 0; i < G_N_ELEMENTS (times); i++)
    {
      char expected[REPORT_TIME_STRLEN], got[REPORT_TIME_STRLEN];
      *report_put_time (&memo, times[i], got) = '\0';
      g_assert_cmpstr (got, ==, report_format_time (times[i], expected));
    }
}

static void
assert_ms_as_printf (SipscanTime duration)
{
  char expected[REPORT_MS_STRLEN], got[REPORT_MS_STRLEN];
  g_snprintf (expected, sizeof expected, "%.3f", report_seconds (duration));
  g_assert_cmpstr (report_format_ms (duration, got), ==, expected);
}

static void
test_milliseconds_format_as_printf_does (void)
{
  const gint64 us = 1000;
  const gint64 fixed[] = {
    0, 1, 499 * us, 500 * us, 501 * us, 999 * us, 1000 * us, 1499 * us,
    1500 * us, 62500 * us, 2500500 * us, 123456789 * us, -1500 * us,
    (G_GINT64_CONSTANT (1) << 49) * us - 1, G_MAXINT64, G_MININT64,
  };
  for (gsize i = 0; i < G_N_ELEMENTS (fixed); i++)
    assert_ms_as_printf (fixed[i]);
  GRand *rand = g_rand_new_with_seed (11);
  for (int i = 0; i < 200000; i++)
    {
      gint64 micros = g_rand_int_range (rand, 0, G_MAXINT32);
      if (i % 4 == 0)
        micros = micros / 1000 * 1000 + 500;  /* a tie */
      else if (i % 4 == 1)
        micros *= 65536;                       /* weeks to years */
      assert_ms_as_printf (micros * 1000 + g_rand_int_range (rand, 0, 1000));
    }
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/times_format_as_gmtime_does",
                   test_times_format_as_gmtime_does);
  g_test_add_func ("/report_time/memo_writes_what_format_writes",
                   test_memo_writes_what_format_writes);
  g_test_add_func ("/report_time/milliseconds_format_as_printf_does",
                   test_milliseconds_format_as_printf_does);
  return g_test_run ();
}
