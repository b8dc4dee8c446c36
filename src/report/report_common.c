#include "report/report_private.h"
#include "util/decimal.h"

#define FIELD(name) { #name, G_STRUCT_OFFSET (SipscanCounters, name) }
#define OUTCOME(name, value)                                           \
  { name, G_STRUCT_OFFSET (SipscanCounters, auth_outcomes)             \
              + (value) * sizeof (guint64) }

const CounterField report_counter_fields[] = {
  FIELD (frames),
  FIELD (frames_sip),
  FIELD (frames_not_sip),
  FIELD (frames_malformed),
  FIELD (frames_truncated),
  FIELD (frames_unsupported),
  FIELD (frames_ip_fragment),
  FIELD (frames_tcp),
  FIELD (frames_sctp),
  FIELD (ip_datagrams_reassembled),
  FIELD (ip_fragments_overlapping),
  FIELD (ip_fragments_invalid),
  FIELD (ip_datagrams_incomplete),
  FIELD (tunnels_decoded),
  FIELD (hep_messages),
  FIELD (sip_messages),
  FIELD (sip_requests),
  FIELD (sip_responses),
  FIELD (sip_malformed),
  FIELD (sip_violations),
  FIELD (sip_retransmissions),
  FIELD (sip_trailing_bytes),
  FIELD (sip_orphan_responses),
  FIELD (tcp_streams),
  FIELD (tcp_retransmitted_segments),
  FIELD (tcp_overlap_conflicts),
  FIELD (tcp_gaps),
  FIELD (tcp_bytes_lost),
  FIELD (tcp_not_sip_streams),
  FIELD (sip_stream_messages),
  FIELD (sip_keepalives),
  FIELD (sip_stream_resyncs),
  FIELD (sip_stream_bytes_skipped),
  FIELD (sip_stream_incomplete),
  FIELD (tls_streams),
  FIELD (websocket_streams),
  FIELD (websocket_frames),
  FIELD (websocket_control_frames),
  FIELD (websocket_messages),
  FIELD (websocket_errors),
  FIELD (websocket_oversize),
  FIELD (sctp_chunks),
  FIELD (sctp_data_chunks),
  FIELD (sctp_fragments),
  FIELD (sctp_reassembled),
  FIELD (sctp_fragments_dropped),
  FIELD (sctp_unsupported_chunks),
  FIELD (transactions),
  FIELD (invite_transactions),
  FIELD (calls),
  FIELD (dialogs),
  FIELD (stuck_invites),
  FIELD (unanswered_invites),
  FIELD (auth_attempts),
  OUTCOME ("auth_accepted", SIPSCAN_AUTH_ACCEPTED),
  OUTCOME ("auth_wrong_credentials", SIPSCAN_AUTH_WRONG_CREDENTIALS),
  OUTCOME ("auth_forbidden", SIPSCAN_AUTH_FORBIDDEN),
  OUTCOME ("auth_stale_nonce", SIPSCAN_AUTH_STALE_NONCE),
  OUTCOME ("auth_abandoned", SIPSCAN_AUTH_ABANDONED),
  OUTCOME ("auth_no_response", SIPSCAN_AUTH_NO_RESPONSE),
  FIELD (brute_force_sources),
  FIELD (scanner_sources),
  FIELD (transactions_evicted),
  FIELD (transactions_expired),
  FIELD (challenges_evicted),
  FIELD (calls_evicted),
  FIELD (aggregate_keys_dropped),
  FIELD (ip_datagrams_evicted),
  FIELD (tcp_streams_evicted),
  FIELD (tcp_gaps_at_cap),
  FIELD (sip_stream_oversize),
  FIELD (sip_stream_dropped_at_cap),
};
const gsize report_n_counter_fields = G_N_ELEMENTS (report_counter_fields);

guint64
report_counter_value (const SipscanCounters *counters,
                      const CounterField *field)
{
  return *(const guint64 *) ((const char *) counters + field->offset);
}

/* The proleptic Gregorian date of a day counted from 1970-01-01 (the
 * days-from-civil inverse: 400-year eras of 146097 days, years starting
 * in March so that the leap day comes last). gmtime_r and strftime were
 * a third of the time spent writing a finding. */
static void
civil_from_days (gint64 days, gint64 *year, int *month, int *day)
{
  days += 719468;
  gint64 era = (days >= 0 ? days : days - 146096) / 146097;
  gint64 day_of_era = days - era * 146097;
  gint64 year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
                        - day_of_era / 146096) / 365;
  gint64 day_of_year
      = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  gint64 shifted_month = (5 * day_of_year + 2) / 153;
  *day = (int) (day_of_year - (153 * shifted_month + 2) / 5 + 1);
  *month = (int) (shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  *year = year_of_era + era * 400 + (*month <= 2);
}

/* width decimal digits of value, then after. */
static char *
put_digits (char *p, guint value, int width, char after)
{
  for (int i = width - 1; i >= 0; i--, value /= 10)
    p[i] = (char) ('0' + value % 10);
  p[width] = after;
  return p + width + 1;
}

/* Two digits of value (below 100). */
static char *
put_pair (char *p, gint64 value)
{
  decimal_put_pair (p, (guint) value);
  return p + 2;
}

/* "2026-01-01T" for a day counted from 1970-01-01 at memo->date; FALSE
 * for a year without four digits. */
static gboolean
memo_date (ReportTimeMemo *memo, gint64 days)
{
  gint64 year;
  int month, day;
  civil_from_days (days, &year, &month, &day);
  if (year < 0 || year > 9999)
    return FALSE;
  char *p = memo->date;
  p = put_pair (p, year / 100);
  p = put_pair (p, year % 100);
  *p++ = '-';
  p = put_pair (p, month);
  *p++ = '-';
  p = put_pair (p, day);
  *p = 'T';
  memo->day = days;
  return TRUE;
}

/* "2026-01-01T00:00:40." for a second since 1970 at text, the date made
 * again only for another day; FALSE for a year without four digits. */
static gboolean
memo_text (ReportTimeMemo *memo, gint64 second, char text[20])
{
  gint64 days = second / 86400;
  gint64 in_day = second % 86400;
  if (in_day < 0)
    {
      days--;
      in_day += 86400;
    }
  if (days != memo->day && !memo_date (memo, days))
    return FALSE;
  memcpy (text, memo->date, sizeof memo->date);
  char *p = text + sizeof memo->date;
  p = put_pair (p, in_day / 3600);
  *p++ = ':';
  p = put_pair (p, in_day / 60 % 60);
  *p++ = ':';
  p = put_pair (p, in_day % 60);
  *p = '.';
  return TRUE;
}

void
report_time_memo_init (ReportTimeMemo *memo)
{
  /* below any second or day a SipscanTime holds */
  for (int i = 0; i < REPORT_TIME_SLOTS; i++)
    memo->slots[i].second = G_MININT64;
  memo->day = G_MININT64;
}

/* The slot of second, and what report_put_time writes once it is made.
 * Apart and not inline: report_put_time's usual path, a slot already
 * made, then saves no registers. */
static G_GNUC_NO_INLINE char *
put_time_making_slot (ReportTimeMemo *memo, SipscanTime time, char *p,
                      gint64 second)
{
  ReportTimeSlot *slot
      = &memo->slots[(guint64) second % REPORT_TIME_SLOTS];
  if (!memo_text (memo, second, slot->text))
    {
      slot->second = G_MININT64;  /* its text is half made */
      *p = '?';
      return p + 1;
    }
  slot->second = second;
  return report_put_time (memo, time, p);
}

char *
report_put_time (ReportTimeMemo *memo, SipscanTime time, char *p)
{
  gint64 micros = time / 1000;
  gint64 second = micros / 1000000;
  micros %= 1000000;
  if (micros < 0)
    {
      second--;
      micros += 1000000;
    }
  const ReportTimeSlot *slot
      = &memo->slots[(guint64) second % REPORT_TIME_SLOTS];
  if (slot->second != second)
    return put_time_making_slot (memo, time, p, second);
  memcpy (p, slot->text, sizeof slot->text);
  p += sizeof slot->text;
  guint32 fraction = (guint32) micros;
  p = put_pair (p, fraction / 10000);
  p = put_pair (p, fraction / 100 % 100);
  p = put_pair (p, fraction % 100);
  *p++ = 'Z';
  return p;
}

char *
report_format_time (SipscanTime time, char buf[REPORT_TIME_STRLEN])
{
  ReportTimeMemo memo;
  report_time_memo_init (&memo);
  *report_put_time (&memo, time, buf) = '\0';
  return buf;
}

double
report_seconds (SipscanTime duration)
{
  return (double) (duration / 1000) / 1e6;
}

char *
report_format_ms (SipscanTime duration, char buf[REPORT_MS_STRLEN])
{
  gint64 micros = duration / 1000;
  /* A half millisecond is a tie that printf breaks by the binary value
   * of the double; any other value is at least 1 µs from a tie, far
   * beyond the double's error below 2^49 µs (17 years). */
  if (micros < 0 || micros % 1000 == 500
      || micros >= G_GINT64_CONSTANT (1) << 49)
    {
      g_snprintf (buf, REPORT_MS_STRLEN, "%.3f", report_seconds (duration));
      return buf;
    }
  guint64 ms = ((guint64) micros + 500) / 1000;
  char *p = decimal_put (buf, ms / 1000);
  *p++ = '.';
  put_digits (p, (guint) (ms % 1000), 3, '\0');
  return buf;
}

const SipscanSink *
report_get_sink (Report *report)
{
  return &report->sink;
}

void
report_finish (Report *report, const SipscanAnalyzer *analyzer)
{
  report->finish (report, analyzer);
  fflush (report->out);
}

void
report_free (Report *report)
{
  if (report)
    report->free (report);
}

char *
report_utf8 (const char *s)
{
  return s ? g_utf8_make_valid (s, -1) : NULL;
}

char *
report_printable (const char *s)
{
  char *copy = report_utf8 (s);
  for (char *p = copy; p && *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = '?';
  return copy;
}
