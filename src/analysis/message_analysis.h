/* What happens to a parsed SIP message: transaction and call tracking,
 * the detectors, and the per-user and per-source totals, which report
 * through the sink. Fed in capture order, on one thread. */
#pragma once

#include "detect/digest_auth.h"
#include "sipscan.h"
#include "track/tracker.h"

typedef struct _MessageAnalysis MessageAnalysis;

MessageAnalysis *message_analysis_new (const SipscanOptions *options,
                                       SipscanCounters *counters,
                                       const SipscanSink *sink,
                                       gpointer sink_data);
/* Ends what is open silently: call finish first to decide it. */
void message_analysis_free (MessageAnalysis *analysis);

void message_analysis_add (MessageAnalysis *analysis, const SipMessage *msg,
                           const MessageMeta *meta);
/* The same with what can be read of msg alone read ahead, maybe on
 * another thread: its key (tracker_key_build) and its Digest nonces
 * (digest_auth_read_nonces). */
void message_analysis_add_keyed (MessageAnalysis *analysis,
                                 const SipMessage *msg,
                                 const MessageMeta *meta,
                                 const TrackerKey *key, DigestNonces nonces);
/* Starts fetching what a message of that key, added a little later,
 * looks up. */
void message_analysis_prefetch (const MessageAnalysis *analysis,
                                const TrackerKey *key);
/* Capture time moved on to now (never back): ends what has timed out. */
void message_analysis_advance (MessageAnalysis *analysis, SipscanTime now);
/* The capture ended at end: decides everything, then reports the totals. */
void message_analysis_finish (MessageAnalysis *analysis, SipscanTime end);
