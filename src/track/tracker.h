/* Rebuilds transactions, calls and dialogs from parsed SIP messages
 * (RFC 3261 §12, §17) and tells detectors what happened. Capture time
 * only. Counters it keeps: sip_retransmissions, sip_orphan_responses,
 * transactions, invite_transactions, calls, dialogs and the cap/timeout
 * counters of its tables. */
#pragma once

#include "track/transaction.h"

typedef enum {
  TRANSACTION_END_EXPIRED,      /* timed out, or lingered long enough */
  TRANSACTION_END_EVICTED,      /* the table was full */
  TRANSACTION_END_CAPTURE_END,
} TransactionEnd;

typedef struct {
  /* A new transaction's first request (not ACK, not retransmissions). */
  void (*request) (Transaction *tx, const SipMessage *msg,
                   const MessageMeta *meta, gpointer data);
  /* A response that is not a retransmission; tx is NULL when its request
   * is not in the capture. */
  void (*response) (Transaction *tx, const SipMessage *msg,
                    const MessageMeta *meta, gpointer data);
  /* The first CANCEL for an INVITE transaction. */
  void (*cancel) (Transaction *invite_tx, const MessageMeta *meta,
                  gpointer data);
  /* The transaction leaves the tracker; now is the capture time. */
  void (*transaction_end) (Transaction *tx, TransactionEnd why,
                           SipscanTime now, gpointer data);
} TrackerEvents;

typedef struct _Tracker Tracker;

Tracker *tracker_new (const SipscanOptions *options,
                      SipscanCounters *counters, const TrackerEvents *events,
                      gpointer data);
void tracker_free (Tracker *tracker);

void tracker_add_message (Tracker *tracker, const SipMessage *msg,
                          const MessageMeta *meta);
/* Ends state whose time is up; call with non-decreasing times. */
void tracker_expire (Tracker *tracker, SipscanTime now);
/* Ends everything still open: the capture ended at end. */
void tracker_finish (Tracker *tracker, SipscanTime end);
