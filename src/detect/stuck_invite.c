#include "detect/stuck_invite.h"

void
stuck_invite_detector_init (StuckInviteDetector *detector,
                            const SipscanOptions *options,
                            SipscanCounters *counters,
                            const SipscanSink *sink, gpointer sink_data)
{
  detector->timeout = SIPSCAN_TIME_FROM_SECONDS (options->trying_timeout);
  detector->counters = counters;
  detector->sink = sink;
  detector->sink_data = sink_data;
}

static void
stuck_invite_decide (StuckInviteDetector *detector, Transaction *tx,
                     SipscanStallEnd ended_by, const MessageRef *end)
{
  tx->stall_decided = TRUE;
  SipscanTime stall = end->time - tx->trying.time;
  if (stall <= detector->timeout)
    return;
  SipscanStuckInvite finding = {
    .call_id = tx->call_id,
    .user_agent = tx->user_agent,
    .src = tx->src,
    .dst = tx->dst,
    .transport = tx->transport,
    .invite_frame = tx->request.frame,
    .invite_time = tx->request.time,
    .trying_frame = tx->trying.frame,
    .trying_time = tx->trying.time,
    .ended_by = ended_by,
    .end_frame = end->frame,
    .end_time = end->time,
    .end_status = end->status,
    .stall = stall,
  };
  detector->counters->stuck_invites++;
  if (detector->sink->stuck_invite)
    detector->sink->stuck_invite (&finding, detector->sink_data);
}

void
stuck_invite_detector_check (StuckInviteDetector *detector, Transaction *tx)
{
  if (tx->cancel.frame
      && (!tx->after_trying.frame
          || tx->cancel.time < tx->after_trying.time))
    stuck_invite_decide (detector, tx, SIPSCAN_STALL_CANCEL, &tx->cancel);
  else if (tx->after_trying.frame)
    stuck_invite_decide (detector, tx,
                         tx->after_trying.status < 200
                             ? SIPSCAN_STALL_PROVISIONAL
                             : SIPSCAN_STALL_FINAL,
                         &tx->after_trying);
}

static void
stuck_invite_report_unanswered (StuckInviteDetector *detector,
                                Transaction *tx, SipscanStallEnd ended_by,
                                const MessageRef *end)
{
  SipscanUnansweredInvite finding = {
    .call_id = tx->call_id,
    .user_agent = tx->user_agent,
    .src = tx->src,
    .dst = tx->dst,
    .transport = tx->transport,
    .invite_frame = tx->request.frame,
    .invite_time = tx->request.time,
    .retransmissions = tx->retransmissions,
    .ended_by = ended_by,
    .end_frame = end->frame,
    .end_time = end->time,
    .waited = end->time - tx->request.time,
  };
  detector->counters->unanswered_invites++;
  if (detector->sink->unanswered_invite)
    detector->sink->unanswered_invite (&finding, detector->sink_data);
}

void
stuck_invite_detector_invite_end (StuckInviteDetector *detector,
                                  Transaction *tx, TransactionEnd why,
                                  SipscanTime now)
{
  MessageRef end = { 0, now, 0 };
  SipscanStallEnd ended_by = why == TRANSACTION_END_CAPTURE_END
                                 ? SIPSCAN_STALL_CAPTURE_END
                                 : SIPSCAN_STALL_EXPIRED;
  if (tx->trying.frame && !tx->stall_decided)
    stuck_invite_decide (detector, tx, ended_by, &end);
  else if (!tx->first_response.frame)
    {
      if (tx->cancel.frame)
        stuck_invite_report_unanswered (detector, tx, SIPSCAN_STALL_CANCEL,
                                        &tx->cancel);
      else
        stuck_invite_report_unanswered (detector, tx, ended_by, &end);
    }
}
