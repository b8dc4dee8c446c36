/* Runs a MessageAnalysis on a thread of its own, so that reading,
 * decoding and parsing (on the caller's thread) overlap with tracking and
 * detection. Messages and time steps are handed over in batches, in
 * order; the analysis sees exactly the calls it would see if made
 * directly. A message is parsed from bytes the batch owns
 * (analysis_thread_stage), so its spans stay valid on the other thread;
 * its keys for the tracker are built on the caller's thread too
 * (tracker_key_build), which has time to spare where the other has
 * none. */
#pragma once

#include "analysis/message_analysis.h"

typedef struct _AnalysisThread AnalysisThread;

/* Starts the thread. The analysis is the thread's until
 * analysis_thread_join returns. */
AnalysisThread *analysis_thread_new (MessageAnalysis *analysis);

/* Room for a payload of len bytes, to copy it to and parse it from, and
 * in *msg for the message parsed from it; both valid until the next call
 * of any function here. */
guint8 *analysis_thread_stage (AnalysisThread *thread, gsize len,
                               SipMessage **msg);
/* Hands over the message parsed into the room last staged. */
void analysis_thread_add (AnalysisThread *thread, const MessageMeta *meta);
void analysis_thread_advance (AnalysisThread *thread, SipscanTime now);

/* Returns once everything handed over has been analysed. */
void analysis_thread_join (AnalysisThread *thread);
/* Joins first; what was handed over and not yet analysed is dropped. */
void analysis_thread_free (AnalysisThread *thread);
