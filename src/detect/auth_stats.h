/* Authentication aggregates: per username+realm and per source address,
 * brute-force sources (more than N failures within a window of capture
 * time) and scanner User-Agents. Rows are capped; reaching the cap is
 * counted in aggregate_keys_dropped. */
#pragma once

#include "sipscan.h"

typedef struct _AuthStats AuthStats;

AuthStats *auth_stats_new (const SipscanOptions *options,
                           SipscanCounters *counters);
void auth_stats_free (AuthStats *stats);

/* decided_at: the time of the frame that decided the outcome. Attempts
 * are counted a few at a time, in order, before anything reads or
 * changes the totals otherwise. */
void auth_stats_add_attempt (AuthStats *stats,
                             const SipscanAuthAttempt *attempt,
                             guint64 decided_frame, SipscanTime decided_at);
/* Any request: notes scanner User-Agents per source. */
void auth_stats_add_request (AuthStats *stats, const SipscanEndpoint *src,
                             const char *user_agent, gsize user_agent_len,
                             guint64 frame);
/* The same for a request whose User-Agent names a scanner
 * (scanner_agent_name), from a caller that asked already. */
void auth_stats_add_scanner_request (AuthStats *stats,
                                     const SipscanEndpoint *src,
                                     const char *user_agent,
                                     gsize user_agent_len, guint64 frame);

/* Ends the failure windows of sources quiet since before now minus
 * bruteforce_window + state_timeout; auth_stats_add_attempt does the same
 * on its way. */
void auth_stats_expire (AuthStats *stats, SipscanTime now);
/* Sources whose recent failure times are kept. */
guint auth_stats_failure_windows (AuthStats *stats);

/* Calls the sink for every row: users then sources, most failures first. */
void auth_stats_report (AuthStats *stats, const SipscanSink *sink,
                        gpointer sink_data);
