/* INVITEs stuck after 100 Trying (RFC 3261 §16.6 step 11, §16.7: after a
 * 100 the client stops retransmitting and only the proxy's Timer C bounds
 * the wait), and INVITEs that got no response at all (§17.1.1.2). */
#pragma once

#include "track/tracker.h"

typedef struct {
  SipscanTime timeout;
  SipscanCounters *counters;
  const SipscanSink *sink;
  gpointer sink_data;
} StuckInviteDetector;

void stuck_invite_detector_init (StuckInviteDetector *detector,
                                 const SipscanOptions *options,
                                 SipscanCounters *counters,
                                 const SipscanSink *sink, gpointer sink_data);

/* Call after the tracker recorded a response or a CANCEL for tx. */
void stuck_invite_detector_update (StuckInviteDetector *detector,
                                   Transaction *tx);
void stuck_invite_detector_transaction_end (StuckInviteDetector *detector,
                                            Transaction *tx,
                                            TransactionEnd why,
                                            SipscanTime now);
