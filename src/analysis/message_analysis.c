/* Wires the tracker to the detectors: a transaction's requests and
 * responses go to the Digest detector, INVITE progress to the stuck
 * INVITE detector, every attempt's outcome to the totals and the sink. */
#include "analysis/message_analysis.h"

#include "detect/auth_stats.h"
#include "detect/digest_auth.h"
#include "detect/scanner_agent.h"
#include "detect/stuck_invite.h"
#include "track/tracker.h"

struct _MessageAnalysis {
  SipscanCounters *counters;
  SipscanSink sink;
  gpointer sink_data;
  Tracker *tracker;
  StuckInviteDetector stuck;
  DigestAuthDetector *digest;
  AuthStats *auth_stats;
  ScannerAgentMemo scanner_memo;  /* asked of every request */
  /* The Digest nonces of the message being added, read ahead with it or
   * else when first asked for (analysis_nonces), into nonce_list. */
  DigestNonces nonces;
  gboolean nonces_read;
  DigestNonceList nonce_list;
};

static DigestNonces
analysis_nonces (MessageAnalysis *analysis, const SipMessage *msg)
{
  if (!analysis->nonces_read)
    {
      analysis->nonce_list.n = 0;
      analysis->nonces.n
          = digest_auth_read_nonces (msg, &analysis->nonce_list);
      analysis->nonces.at = analysis->nonce_list.at;
      analysis->nonces_read = TRUE;
    }
  return analysis->nonces;
}

static void
analysis_on_request (Transaction *tx, const SipMessage *msg,
                     const MessageMeta *meta, gpointer data)
{
  MessageAnalysis *analysis = data;
  digest_auth_detector_request (analysis->digest, tx, meta,
                                analysis_nonces (analysis, msg));
}

static void
analysis_on_response (Transaction *tx, const SipMessage *msg,
                      const MessageMeta *meta, gpointer data)
{
  MessageAnalysis *analysis = data;
  digest_auth_detector_response (analysis->digest, tx, msg, meta,
                                 analysis_nonces (analysis, msg));
  if (tx)
    stuck_invite_detector_update (&analysis->stuck, tx);
}

static void
analysis_on_cancel (Transaction *invite_tx, const MessageMeta *meta,
                    gpointer data)
{
  MessageAnalysis *analysis = data;
  stuck_invite_detector_update (&analysis->stuck, invite_tx);
}

static void
analysis_on_transaction_end (Transaction *tx, TransactionEnd why,
                             SipscanTime now, gpointer data)
{
  MessageAnalysis *analysis = data;
  stuck_invite_detector_transaction_end (&analysis->stuck, tx, why, now);
  digest_auth_detector_transaction_end (analysis->digest, tx);
}

static void
analysis_on_auth_attempt (const SipscanAuthAttempt *attempt, gpointer data)
{
  MessageAnalysis *analysis = data;
  analysis->counters->auth_attempts++;
  analysis->counters->auth_outcomes[attempt->outcome]++;
  guint64 decided_frame = attempt->result_frame   ? attempt->result_frame
                          : attempt->retry_frame  ? attempt->retry_frame
                                                  : attempt->challenge_frame;
  SipscanTime decided_at = attempt->result_frame  ? attempt->result_time
                           : attempt->retry_frame ? attempt->retry_time
                                                  : attempt->challenge_time;
  auth_stats_add_attempt (analysis->auth_stats, attempt, decided_frame,
                          decided_at);
  if (analysis->sink.auth_attempt)
    analysis->sink.auth_attempt (attempt, analysis->sink_data);
}

static const TrackerEvents analysis_tracker_events = {
  .request = analysis_on_request,
  .response = analysis_on_response,
  .cancel = analysis_on_cancel,
  .transaction_end = analysis_on_transaction_end,
};

MessageAnalysis *
message_analysis_new (const SipscanOptions *options,
                      SipscanCounters *counters, const SipscanSink *sink,
                      gpointer sink_data)
{
  MessageAnalysis *analysis = g_new0 (MessageAnalysis, 1);
  analysis->counters = counters;
  if (sink)
    analysis->sink = *sink;
  analysis->sink_data = sink_data;
  analysis->tracker = tracker_new (options, counters,
                                   &analysis_tracker_events, analysis);
  stuck_invite_detector_init (&analysis->stuck, options, counters,
                              &analysis->sink, sink_data);
  analysis->digest = digest_auth_detector_new (
      options, counters, analysis_on_auth_attempt, analysis);
  analysis->auth_stats = auth_stats_new (options, counters);
  return analysis;
}

void
message_analysis_free (MessageAnalysis *analysis)
{
  if (!analysis)
    return;
  analysis->sink = (SipscanSink){ 0 };
  tracker_free (analysis->tracker);
  digest_auth_detector_free (analysis->digest);
  auth_stats_free (analysis->auth_stats);
  digest_nonce_list_clear (&analysis->nonce_list);
  g_free (analysis);
}

static inline void
analysis_note_scanner (MessageAnalysis *analysis, const SipMessage *msg,
                       const MessageMeta *meta)
{
  if (msg->is_request
      && scanner_agent_memo_name (&analysis->scanner_memo,
                                  msg->user_agent.ptr, msg->user_agent.len))
    auth_stats_add_scanner_request (analysis->auth_stats, &meta->src,
                                    msg->user_agent.ptr, msg->user_agent.len,
                                    meta->frame);
}

void
message_analysis_add (MessageAnalysis *analysis, const SipMessage *msg,
                      const MessageMeta *meta)
{
  analysis_note_scanner (analysis, msg, meta);
  analysis->nonces_read = FALSE;
  tracker_add_message (analysis->tracker, msg, meta);
}

void
message_analysis_add_keyed (MessageAnalysis *analysis, const SipMessage *msg,
                            const MessageMeta *meta, const TrackerKey *key,
                            DigestNonces nonces)
{
  analysis_note_scanner (analysis, msg, meta);
  analysis->nonces = nonces;
  analysis->nonces_read = TRUE;
  tracker_add_keyed_message (analysis->tracker, msg, meta, key);
}

void
message_analysis_prefetch (const MessageAnalysis *analysis,
                           const TrackerKey *key)
{
  tracker_prefetch (analysis->tracker, key);
}

void
message_analysis_advance (MessageAnalysis *analysis, SipscanTime now)
{
  tracker_expire (analysis->tracker, now);
  digest_auth_detector_expire (analysis->digest, now);
}

void
message_analysis_finish (MessageAnalysis *analysis, SipscanTime end)
{
  tracker_finish (analysis->tracker, end);
  digest_auth_detector_finish (analysis->digest, end);
  auth_stats_report (analysis->auth_stats, &analysis->sink,
                     analysis->sink_data);
}
