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

/* What stuck_invite_detector_update does with an INVITE that got a 100
 * and whose stall is not decided yet. */
void stuck_invite_detector_check (StuckInviteDetector *detector,
                                  Transaction *tx);
/* What stuck_invite_detector_transaction_end does with an INVITE. */
void stuck_invite_detector_invite_end (StuckInviteDetector *detector,
                                       Transaction *tx, TransactionEnd why,
                                       SipscanTime now);

/* Call after the tracker recorded a response or a CANCEL for tx. Inline,
 * as the next one: most transactions are not INVITEs waiting after a
 * 100, and a call costs more than finding that out. */
static inline void
stuck_invite_detector_update (StuckInviteDetector *detector, Transaction *tx)
{
  if (tx->method == SIP_METHOD_INVITE && tx->trying.frame
      && !tx->stall_decided)
    stuck_invite_detector_check (detector, tx);
}

static inline void
stuck_invite_detector_transaction_end (StuckInviteDetector *detector,
                                       Transaction *tx, TransactionEnd why,
                                       SipscanTime now)
{
  if (tx->method == SIP_METHOD_INVITE)
    stuck_invite_detector_invite_end (detector, tx, why, now);
}
